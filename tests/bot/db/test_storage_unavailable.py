"""Storage failing under a running bot: members are told privately, the cause logged once."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.command_table import command_table
from bot.db import storage_errors
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from tests.conftest import make_config


def overwrite(database: Path) -> None:
    for leftover in database.parent.glob(database.name + "*"):
        leftover.unlink()
    database.write_bytes(b"overwritten by something else " * 200)


async def test_a_broken_database_answers_storage_unavailable_and_logs_once(
    app: Epilogue,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setattr(storage_errors, "_logged", {})
    url = make_url(app.config.database.url)
    if url.get_backend_name() == "sqlite":
        await app.engine.dispose()
        overwrite(tmp_path / "epilogue.db")
        expected = ["not an SQLite database", str(tmp_path / "epilogue.db")]
        broken = app
    else:  # a database of its own, dropped under the running bot
        await app.engine.dispose()
        if app.changes is not None:  # its listener holds the template database open too
            await app.changes.close()
        server = request.getfixturevalue("postgres_server")
        name = await server.new_database()
        broken = await Epilogue.open(make_config(tmp_path, url=server.url_of(name)))
        await broken.engine.dispose()
        await server.drop(name)
        expected = ["does not exist", name]
    spec = command_table()["spoilers on"]
    try:
        with caplog.at_level(logging.DEBUG, logger="bot"):
            replies = [
                await run_command(
                    broken, spec, Invocation(user_id=user, guild_id=1, channel_id=10), {}
                )
                for user in (7, 8, 9)
            ]
    finally:
        if broken is not app:
            await broken.close()
    for reply in replies:
        assert reply.ephemeral
        assert reply.content == f"⚠️ {storage_errors.STORAGE_UNAVAILABLE}"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    for part in expected:
        assert part in errors[0].getMessage()


async def test_a_pool_with_every_connection_busy_is_told_not_crashed(
    app: Epilogue, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every connection of the process's pool held (a slow server, a burst of commands) past
    the pool's wait: SQLAlchemy's TimeoutError was taken for a bug, and the command crashed."""
    pool = app.engine.sync_engine.pool
    pool._timeout = 0.2  # type: ignore[attr-defined]  # the pool_timeout setting (30 s)
    held = [await app.engine.connect() for _ in range(pool.size() + pool._max_overflow)]  # type: ignore[attr-defined]
    monkeypatch.setattr(storage_errors, "_logged", {})
    try:
        with caplog.at_level(logging.ERROR, logger="bot"):
            reply = await run_command(
                app,
                command_table()["spoilers on"],
                Invocation(user_id=7, guild_id=1, channel_id=10),
                {},
            )
    finally:
        for connection in held:
            await connection.close()
    assert reply.is_error and "storage is unavailable" in (reply.content or "")
    [logged] = [r for r in caplog.records if r.getMessage().startswith("storage unavailable")]
    assert "pool" in logged.getMessage() and not logged.exc_info  # one line, no traceback


async def test_a_command_waiting_on_a_lock_held_elsewhere_is_told_then_works_again(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A transaction left open elsewhere holding what a command writes (an operator's psql
    session, a stopped console, a process cut off from the server mid-transaction): on
    PostgreSQL the command waited for ever, its member shown "thinking…" until Discord gave
    up; on SQLite it waited out the busy timeout and was told. Now both wait
    ``COMMAND_LOCK_WAIT_S``, then answer "storage is unavailable"; once the lock is gone the
    next command works."""
    import asyncio
    import sqlite3

    import asyncpg

    from bot.db import engine as db_engine

    monkeypatch.setattr(db_engine, "COMMAND_LOCK_WAIT_S", 0.5, raising=False)
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_S", 0.5)
    monkeypatch.setattr(storage_errors, "_logged", {})
    url = make_url(app.config.database.url)
    moderator = Invocation(
        user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"})
    )
    spec = command_table()["spoiler-rules default"]
    async with Epilogue.open(make_config(tmp_path, url=app.config.database.url)) as bot:
        if url.get_backend_name() == "sqlite":
            holder = sqlite3.connect(url.database, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")  # the one write lock, held
            release = holder.close
            release_async = None
        else:
            holder_pg = await asyncpg.connect(
                host=url.host, port=url.port or 5432, user=url.username, database=url.database
            )
            await holder_pg.execute("BEGIN; LOCK TABLE guild_settings IN EXCLUSIVE MODE")
            release, release_async = None, holder_pg.close
        try:
            refused = await asyncio.wait_for(
                run_command(bot, spec, moderator, {"mode": "no-spoilers"}), 20
            )
        finally:
            if release is not None:
                release()
            if release_async is not None:
                await release_async()
        assert refused.is_error and refused.ephemeral
        assert refused.content == f"⚠️ {storage_errors.STORAGE_UNAVAILABLE}"
        again = await asyncio.wait_for(
            run_command(bot, spec, moderator, {"mode": "no-spoilers"}), 20
        )
        assert not again.is_error and (again.content or "").startswith("✅"), again.content
