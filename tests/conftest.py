"""Shared fixtures: a real core over a throwaway SQLite database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Config
from bot.epilogue import Epilogue

# A real EpilogueBot logged in to a fake Discord, for tests/client and tests/cogs.
pytest_plugins = ["tests.support.discord_session"]

ROOT = Path(__file__).resolve().parent.parent
FILMS = ROOT / "data" / "films"


def make_config(tmp_path: Path, *, directories: list[Path] | None = None) -> Config:
    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{tmp_path / 'epilogue.db'}"
    config.content.directories = directories if directories is not None else [FILMS]
    config.discord.owner_ids = [999]
    return config


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Epilogue]:
    """The core with the shipped content loaded, as `epilogue console` starts it."""
    epilogue = await Epilogue.open(make_config(tmp_path))
    try:
        yield epilogue
    finally:
        await epilogue.close()
