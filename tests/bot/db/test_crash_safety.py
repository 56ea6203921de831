"""A kill -9 at any statement of a migration leaves a database that starts; starts take turns.

Each crash is a forked child that SIGKILLs itself just before its N-th SQL statement (the hook
sits on every engine), for every N the migration runs, on a first start and on an upgrade from
0001. The parent then checks the database is wholly at the old or the new revision, starts it
normally, and finds the schema and the old rows intact.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event
from sqlalchemy.engine import Engine

from benchmarks.corpus import write_corpus
from bot.db.engine import SCHEMA_HEAD, create_engine, migrate
from bot.db.models import Base
from bot.epilogue import Epilogue
from tests.conftest import make_config

# The tables each revision has: a crash must leave exactly one of these sets behind.
TABLES = {
    None: set(),
    "0001": {"films", "sources", "sections", "items", "reader_settings", "seen_films"},
}
TABLES["0002"] = TABLES["0001"] | {
    "guild_settings",
    "channel_rules",
    "embargoes",
    "audit_log",
    "answer_anchors",
}
TABLES["0003"] = TABLES["0002"]


def in_child(work: Callable[[], None], *, kill_at: int | None) -> tuple[int, int]:
    """Run ``work`` in a forked process killed before statement ``kill_at``: (status, count)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        count = 0

        def before_statement(*_args: object) -> None:
            nonlocal count
            count += 1
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

        event.listen(Engine, "before_cursor_execute", before_statement)
        status = 0
        try:
            work()
        except BaseException:
            status = 1
        os.write(write, str(count).encode())
        os._exit(status)
    os.close(write)
    with os.fdopen(read) as pipe:
        output = pipe.read()
    _, status = os.waitpid(pid, 0)
    return status, int(output or 0)


def migrate_to(url: str, revision: str = "head") -> Callable[[], None]:
    async def go() -> None:
        engine = create_engine(url)
        try:
            await migrate(engine, revision)
        finally:
            await engine.dispose()

    return lambda: asyncio.run(go())


def revision_and_tables(path: Path) -> tuple[str | None, set[str]]:
    with sqlite3.connect(path) as db:
        tables = {
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        }
        revision = None
        if "alembic_version" in tables:
            revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
    return revision, tables - {"alembic_version"}


def assert_starts_at_head(path: Path) -> None:
    async def go() -> list[object]:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate(engine)
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
                )
        finally:
            await engine.dispose()

    assert asyncio.run(go()) == []
    assert revision_and_tables(path) == (SCHEMA_HEAD, TABLES[SCHEMA_HEAD])


def crash_at_every_statement(path: Path, prepare: Callable[[Path], None]) -> int:
    url = f"sqlite+aiosqlite:///{path}"
    prepare(path)
    before = revision_and_tables(path)
    status, statements = in_child(migrate_to(url), kill_at=None)
    assert status == 0 and statements > 0
    for kill_at in range(1, statements + 1):
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        prepare(path)
        status, _ = in_child(migrate_to(url), kill_at=kill_at)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, kill_at
        left = revision_and_tables(path)
        assert left in (before, (SCHEMA_HEAD, TABLES[SCHEMA_HEAD])), (kill_at, left)
        assert_starts_at_head(path)
        if before[0] == "0001":
            with sqlite3.connect(path) as db:
                assert db.execute("SELECT user_id FROM reader_settings").fetchall() == [(7,)]
    return statements


def test_kill_at_every_statement_of_a_first_start(tmp_path: Path) -> None:
    statements = crash_at_every_statement(tmp_path / "first.db", lambda _path: None)
    assert statements >= len(TABLES[SCHEMA_HEAD])  # at least one statement per table


def test_kill_at_every_statement_of_an_upgrade(tmp_path: Path) -> None:
    def at_first_schema(path: Path) -> None:
        status, _ = in_child(migrate_to(f"sqlite+aiosqlite:///{path}", "0001"), kill_at=None)
        assert status == 0
        with sqlite3.connect(path) as db:
            db.execute("INSERT INTO reader_settings VALUES (7, 1, '2026-01-01 00:00:00')")

    crash_at_every_statement(tmp_path / "upgrade.db", at_first_schema)


def test_concurrent_first_starts_take_turns(tmp_path: Path) -> None:
    films = tmp_path / "films"
    write_corpus(films, 30)
    config = make_config(tmp_path, directories=[films])

    async def start() -> None:
        app = await Epilogue.open(config)
        await app.close()

    children = []
    for _ in range(20):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                asyncio.run(start())
            except BaseException:
                os._exit(1)
            os._exit(0)
        children.append(pid)
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    assert [os.waitstatus_to_exitcode(s) for s in statuses] == [0] * 20
    with sqlite3.connect(tmp_path / "epilogue.db") as db:
        assert db.execute("SELECT count(*) FROM films").fetchone() == (30,)
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_HEAD,)]
