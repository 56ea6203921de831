"""What another process writes to a SQLite database reaches this one (``WriteWatch``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot import cache_sync
from bot.cache_sync import WriteWatch
from bot.command_table import command_table
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from tests.conftest import FILMS, make_config
from tests.e2e.paper_moons import PAPER_MOONS


async def test_the_films_are_read_only_after_something_was_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's writes are looked for every 2 seconds; the content revision and the
    audit log are read only once SQLite says something was committed at all."""
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


async def test_a_film_written_with_an_older_time_than_the_newest_still_reaches_the_catalog(
    tmp_path: Path,
) -> None:
    """Two stores at once: the one that began first (its films stamped with the earlier time)
    may commit last. Its change must still be seen, whatever time its rows carry: a fix that
    hides a leaked ending has to reach answers."""
    films = tmp_path / "films"
    films.mkdir()
    (films / "la-la-land.yaml").write_bytes((FILMS / "la-la-land.yaml").read_bytes())
    (films / "paper-moons.yaml").write_bytes(PAPER_MOONS)
    app = await Epilogue.open(make_config(tmp_path, directories=[films]))
    watch = WriteWatch(app)
    await watch.start(looking=False)
    try:
        film = app.catalog.find(None, "la la land")
        # Another process's store, committed now but stamped with a time before the newest
        # (Paper Moons keeps the newest time, so the films' newest time does not move).
        other = sqlite3.connect(tmp_path / "epilogue.db")
        with other:
            other.execute(
                "UPDATE films SET loaded_at = datetime('now', '+1 hour') WHERE id != ?", (film.id,)
            )
        other.close()
        assert await watch.check() is True
        other = sqlite3.connect(tmp_path / "epilogue.db")
        with other:
            other.execute(
                "UPDATE films SET title = 'La La Land (restored)', loaded_at = datetime('now')"
                " WHERE id = ?",
                (film.id,),
            )
        other.close()
        assert await watch.check() is True
        assert app.catalog.find(None, "la la land").title == "La La Land (restored)"
    finally:
        await watch.close()
        await app.close()


async def test_an_opt_out_made_by_another_process_is_honoured_at_the_next_look(
    tmp_path: Path,
) -> None:
    """A member who undoes an opt-in through another process on the same SQLite database (a
    console beside the bot) must not be sent the ending unwrapped by the bot, which still held
    their old opt-in in memory: no audit entry names a reader, so the watch must drop them."""
    films = tmp_path / "films"
    films.mkdir()
    (films / "la-la-land.yaml").write_bytes((FILMS / "la-la-land.yaml").read_bytes())
    bot = await Epilogue.open(make_config(tmp_path, directories=[films]))
    console = await Epilogue.open(make_config(tmp_path, directories=[films]), load_content=False)
    watch = WriteWatch(bot)
    await watch.start(looking=False)
    table = command_table()
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    film = bot.catalog.find(None, "la la land")
    try:
        await run_command(bot, table["spoilers on"], member, {})
        opted = await run_command(bot, table["film ending"], member, {"film": film})
        # Opted in: the ending came privately, unwrapped.
        assert opted.ephemeral and not opted.is_error

        await run_command(console, table["spoilers off"], member, {})
        await watch.check()
        answer = await run_command(bot, table["film ending"], member, {"film": film})
        assert not answer.is_error
        assert not answer.ephemeral, "the opt-out made elsewhere was not honoured"
        assert "||" in (answer.content or "") + "".join(
            embed.description or "" for embed in answer.embeds
        )
    finally:
        await watch.close()
        await console.close()
        await bot.close()


async def test_a_member_back_under_the_guard_through_another_process_is_guarded(
    tmp_path: Path,
) -> None:
    """``/spoiler guard-me enabled:true`` made through another process on the same SQLite
    database: the bot must stop leaving that member's messages alone at its next look, not a
    minute later (a spoiler posted meanwhile would stay in the open). It writes no audit entry."""
    bot = await Epilogue.open(make_config(tmp_path), load_content=False)
    console = await Epilogue.open(make_config(tmp_path), load_content=False)
    watch = WriteWatch(bot)
    await watch.start(looking=False)
    guard_me = command_table()["spoiler guard-me"]
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    try:
        await run_command(bot, guard_me, member, {"enabled": False})
        assert 7 in (await bot.member_spoilers.guard.settings(1)).opted_out

        await run_command(console, guard_me, member, {"enabled": True})
        await watch.check()
        assert 7 not in (await bot.member_spoilers.guard.settings(1)).opted_out
    finally:
        await watch.close()
        await console.close()
        await bot.close()
