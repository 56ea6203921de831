"""PostgreSQL connections lost under the running bot (the server restarted, a connection killed
by an operator or a pooler): the next command answers as if nothing happened."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.command_table import command_table
from bot.db import storage_errors
from bot.db.models import AuditEntry
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from tests.conftest import PostgresServer, make_config

GUILD = 1
MODERATOR = Invocation(
    user_id=5, guild_id=GUILD, channel_id=10, permissions=frozenset({"manage_messages"})
)


@pytest.fixture(params=["postgresql"])
async def bot_on_postgres(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Epilogue]:
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = await server.emptied()
    async with Epilogue.open(make_config(tmp_path, url=url), load_content=False) as app:
        yield app


async def kill_connections(app: Epilogue) -> int:
    """Terminate every server process of the bot's database but this one (as a restart does)."""
    url = make_url(app.config.database.url)
    admin = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database
    )
    try:
        return await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await admin.close()


async def test_commands_after_the_connections_were_killed_answer_and_change_once(
    bot_on_postgres: Epilogue,
) -> None:
    """The pool kept connections the server had closed: the next command failed, as "storage
    is unavailable" or, when asyncpg had read the server's goodbye but not yet the closed
    socket, with an internal error ("cannot switch to state 15") shown as a crash."""
    app, table = bot_on_postgres, command_table()
    assert not (await run_command(app, table["spoilers status"], MODERATOR, {})).is_error
    assert await kill_connections(app) >= 1
    changed = await run_command(
        app, table["spoiler-rules default"], MODERATOR, {"mode": "no-spoilers"}
    )
    assert (changed.content or "").startswith("✅"), changed.content
    assert await kill_connections(app) >= 1
    status = await run_command(app, table["spoilers status"], MODERATOR, {})
    assert not status.is_error and status.embeds, status.content
    async with app.sessions() as session:
        entries = await session.scalar(select(func.count()).select_from(AuditEntry))
    assert entries == 1


async def test_a_connection_lost_mid_command_is_a_storage_failure_told_in_one_line(
    bot_on_postgres: Epilogue,
) -> None:
    """A connection killed while a command holds it fails that command: as a storage failure
    (the member is told privately, the operator reads one line), not as a crash with a
    traceback, whichever of asyncpg's errors the timing gives."""
    app = bot_on_postgres
    async with app.sessions() as session:
        await session.execute(select(1))
        await kill_connections(app)
        with pytest.raises(Exception) as failure:
            await session.execute(select(1))
    assert storage_errors.is_storage_failure(failure.value)
    line = storage_errors.describe(failure.value, app.config.database.url)
    assert line is not None and "connection" in str(line) and "\n" not in str(line)
    assert not (await run_command(app, command_table()["spoilers status"], MODERATOR, {})).is_error
