"""A reused corpus database brought up to date as ``epilogue import`` would: migrated, with the
stored render of every film that lacks a current one (``Epilogue.refresh_renders``). Without it,
a database made by older code (or rendered by other code) would time answers the bot, once
imported into, no longer reads and renders."""

from __future__ import annotations

import sys
from pathlib import Path


async def store_missing_renders(database: Path) -> int:
    """Migrate ``database`` (a SQLite file) and store the renders it lacks; how many."""
    from bot.config import Config
    from bot.epilogue import Epilogue

    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{database}"
    app = await Epilogue.open(config, load_content=False)
    try:
        rendered = await app.refresh_renders()
    finally:
        await app.close()
    if rendered:
        print(f"stored renders made for {rendered} film topics ({database})", file=sys.stderr)
    return rendered
