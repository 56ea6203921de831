"""A real EpilogueBot over the test core, logged in to a fake Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.epilogue import Epilogue
from client.bot import EpilogueBot
from tests.support.fake_discord import FakeDiscord, Session


@pytest.fixture
def fake_discord() -> FakeDiscord:
    return FakeDiscord()


@pytest.fixture
async def discord_session(app: Epilogue, fake_discord: FakeDiscord) -> AsyncIterator[Session]:
    session = await Session.start(fake_discord, EpilogueBot(app))
    try:
        yield session
    finally:
        await session.close()
