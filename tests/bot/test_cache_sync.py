"""What another process writes to a SQLite database reaches this one (``WriteWatch``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import cache_sync
from bot.cache_sync import WriteWatch
from bot.command_table import command_table
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from tests.conftest import make_config


async def test_the_films_are_read_only_after_something_was_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's writes are looked for every 2 seconds; the films' stamp reads the
    whole table, so it is read only once SQLite says something was committed at all."""
    stamps = 0
    read_stamp = cache_sync.content_stamp

    async def counted(connection):  # type: ignore[no-untyped-def]
        nonlocal stamps
        stamps += 1
        return await read_stamp(connection)

    monkeypatch.setattr(cache_sync, "content_stamp", counted)
    app = await Epilogue.open(make_config(tmp_path), load_content=False)
    watch = WriteWatch(app)
    await watch.start(looking=False)
    try:
        assert await watch.check() is False
        assert await watch.check() is False
        assert stamps == 0  # nothing committed: the films table was never read

        # A commit on another connection (this process's own engine is one, to the probe).
        await run_command(
            app,
            command_table()["spoilers on"],
            Invocation(user_id=7, guild_id=1, channel_id=10),
            {},
        )
        assert await watch.check() is False  # the films did not change...
        assert stamps == 1  # ...which it read the films' stamp to tell
        assert await watch.check() is False
        assert stamps == 1
    finally:
        await watch.close()
        await app.close()
