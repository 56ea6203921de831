"""The ``app`` fixture's PostgreSQL start (``PostgresServer.loaded`` in tests/conftest.py) puts
back exactly the state the content's load left: every row of every table, the content revision
the films' triggers keep, and each sequence's next value, whatever a test changed since."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.db.models import Base
from bot.epilogue import Epilogue
from tests.conftest import PostgresServer, make_config


async def _superuser(url: str) -> bool:
    target = make_url(url)
    connection = await asyncpg.connect(
        host=target.host, port=target.port or 5432, user=target.username, database=target.database
    )
    try:
        return bool(await connection.fetchval("SELECT usesuper FROM pg_user WHERE usename = user"))
    finally:
        await connection.close()


async def _state(url: str) -> dict[str, Any]:
    target = make_url(url)
    connection = await asyncpg.connect(
        host=target.host, port=target.port or 5432, user=target.username, database=target.database
    )
    try:
        state: dict[str, Any] = {}
        for table in Base.metadata.sorted_tables:
            state[table.name] = [
                tuple(row) for row in await connection.fetch(f'SELECT * FROM "{table.name}"')
            ]
            state[table.name].sort(key=repr)
        state["sequences"] = sorted(
            tuple(row)
            for row in await connection.fetch(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
        )
        return state
    finally:
        await connection.close()


async def test_the_loaded_state_comes_back_exactly(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    async def load(url: str) -> None:
        async with Epilogue.open(make_config(tmp_path, url=url)):
            pass

    if not await _superuser(postgres_server.url_of(postgres_server.template)):
        pytest.skip(
            "the restore turns triggers off, which takes a superuser:"
            " as another role the content loads for each test"
        )
    postgres_server._loaded = False  # load and keep it afresh, as a worker's first app does
    loaded = await _state(await postgres_server.loaded(load))
    assert loaded["films"], "the shipped content did not load"

    # What a test leaves: rows gone (the films' trigger bumps the revision), sequences moved on.
    url = await postgres_server.emptied()
    await postgres_server._admin(
        "DO $$ DECLARE s record; BEGIN FOR s IN SELECT sequencename FROM pg_sequences"
        " WHERE schemaname = 'public' LOOP PERFORM nextval(format('public.%I', s.sequencename));"
        " END LOOP; END $$",
        database=postgres_server.template,
    )
    assert await _state(url) != loaded

    assert await _state(await postgres_server.loaded(load)) == loaded


async def test_the_restore_leaves_no_setting_behind_on_the_connection_kept_for_the_run(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    """The restore turns triggers off for its own transaction only: the admin connection is
    kept from test to test, and a next statement on it must run with the films' triggers on
    (a leaked ``session_replication_role = replica`` would keep the content revision still)."""

    async def load(url: str) -> None:
        async with Epilogue.open(make_config(tmp_path, url=url)):
            pass

    if not await _superuser(postgres_server.url_of(postgres_server.template)):
        pytest.skip("the restore turns triggers off, which takes a superuser")
    await postgres_server.loaded(load)  # kept, if no test here kept it yet
    url = await postgres_server.loaded(load)  # put back, on the kept connection
    before = (await _state(url))["content_revision"]
    await postgres_server._admin("DELETE FROM films", database=postgres_server.template)
    assert (await _state(url))["content_revision"] != before
