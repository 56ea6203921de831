"""A kill -9 at any statement of a migration leaves a database that starts; starts take turns.

Each crash is a forked child that SIGKILLs itself just before its N-th SQL statement (the hook
sits on every engine), for every N the migration runs, on a first start and on an upgrade from
0001, on SQLite and PostgreSQL. The parent then checks the database is wholly at the old or the
new revision, starts it normally, and finds the schema and the old rows intact.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine

from benchmarks.corpus import write_corpus
from bot.db.engine import SCHEMA_HEAD, create_engine, migrate
from bot.db.models import Base
from bot.epilogue import Epilogue
from tests.conftest import PostgresServer, in_own_loop, make_config

pytestmark = pytest.mark.slow  # forks children and SIGKILLs them: --run-slow

# The tables each revision has: a crash must leave exactly one of these sets behind.
TABLES: dict[str | None, set[str]] = {
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
TABLES["0004"] = (TABLES["0003"] - {"seen_films", "embargoes", "answer_anchors"}) | {
    "seen_works",
    "work_embargoes",
    "pending_changes",
}
TABLES["0005"] = TABLES["0004"] | {"guarded_channels", "guard_opt_outs", "hidden_messages"}
TABLES["0006"] = TABLES["0005"]
TABLES["0007"] = TABLES["0006"]
TABLES["0008"] = TABLES["0007"]


@dataclass
class Database:
    """An empty database that can be thrown away and made again, by URL."""

    url: str
    reset: Callable[[], None]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        path = tmp_path / "crash.db"

        def remove_files() -> None:
            for leftover in tmp_path.glob("crash.db*"):
                leftover.unlink()

        yield Database(f"sqlite+aiosqlite:///{path}", remove_files)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    names: list[str] = []

    def new() -> str:
        async def go() -> str:
            if names:
                await server.drop(names[-1])
            names.append(await server.new_database(empty=True))
            return names[-1]

        result: list[str] = []

        async def keep() -> None:
            result.append(await go())

        in_own_loop(keep())
        return result[0]

    db = Database(server.url_of(new()), lambda: None)
    db.reset = lambda: setattr(db, "url", server.url_of(new()))
    try:
        yield db
    finally:
        in_own_loop(server.drop(names[-1]))


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


def on(
    url: str, work: Callable[[Connection], object], *, migrate_first: str | None = None
) -> object:
    async def go() -> object:
        engine = create_engine(url)
        try:
            if migrate_first:
                await migrate(engine, migrate_first)
            async with engine.begin() as connection:
                return await connection.run_sync(work)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def migrate_to(url: str, revision: str = "head") -> Callable[[], None]:
    return lambda: on(url, lambda _c: None, migrate_first=revision)


def revision_and_tables(connection: Connection) -> tuple[str | None, set[str]]:
    tables = set(inspect(connection).get_table_names())
    revision = None
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return revision, tables - {"alembic_version"}


def schema_difference(connection: Connection) -> list[object]:
    return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def crash_at_every_statement(db: Database, prepare: Callable[[str], None]) -> int:
    db.reset()
    prepare(db.url)
    before = on(db.url, revision_and_tables)
    status, statements = in_child(migrate_to(db.url), kill_at=None)
    assert status == 0 and statements > 0
    for kill_at in range(1, statements + 1):
        db.reset()
        prepare(db.url)
        status, _ = in_child(migrate_to(db.url), kill_at=kill_at)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, kill_at
        left = on(db.url, revision_and_tables)
        assert left in (before, (SCHEMA_HEAD, TABLES[SCHEMA_HEAD])), (kill_at, left)
        # The next start finishes the job, and the schema is exactly the models'.
        assert on(db.url, schema_difference, migrate_first="head") == []
        assert on(db.url, revision_and_tables) == (SCHEMA_HEAD, TABLES[SCHEMA_HEAD])
        if before[0] == "0001":
            kept = on(db.url, lambda c: c.execute(text("SELECT user_id FROM reader_settings")))
            assert kept == [(7,)] or list(kept) == [(7,)]
    return statements


@pytest.mark.postgres_slow
def test_kill_at_every_statement_of_a_first_start(database: Database) -> None:
    statements = crash_at_every_statement(database, lambda _url: None)
    assert statements >= len(TABLES[SCHEMA_HEAD])  # at least one statement per table


@pytest.mark.postgres_slow
def test_kill_at_every_statement_of_an_upgrade(database: Database) -> None:
    def at_first_schema(url: str) -> None:
        on(
            url,
            lambda c: c.execute(
                text("INSERT INTO reader_settings VALUES (7, true, '2026-01-01 00:00:00')")
            ),
            migrate_first="0001",
        )

    crash_at_every_statement(database, at_first_schema)


def test_concurrent_first_starts_take_turns(database: Database, tmp_path: Path) -> None:
    films = tmp_path / "films"
    write_corpus(films, 30)
    database.reset()
    config = make_config(tmp_path, directories=[films], url=database.url)

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
    films_stored = on(
        database.url, lambda c: c.execute(text("SELECT count(*) FROM films")).scalar()
    )
    assert films_stored == 30
    assert on(database.url, revision_and_tables) == (SCHEMA_HEAD, TABLES[SCHEMA_HEAD])


def test_concurrent_imports_of_the_same_new_films_both_succeed(
    database: Database, tmp_path: Path
) -> None:
    films = tmp_path / "films"
    write_corpus(films, 40)
    database.reset()
    on(database.url, lambda _c: None, migrate_first="head")
    outputs = []
    children = []
    for number in range(2):
        out = tmp_path / f"import-{number}.txt"
        outputs.append(out)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            import contextlib

            from bot import cli

            with out.open("w") as sink, contextlib.redirect_stdout(sink):
                os.environ["EPILOGUE_DATABASE_URL"] = database.url
                code = cli.main(["import", str(films)])
            os._exit(code)
        children.append(pid)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert codes == [0, 0]
    reports = sorted(out.read_text().strip() for out in outputs)
    # One loaded them all; the other waited for it, then found every file stored.
    assert reports == [
        "0 loaded, 40 unchanged, 0 problem(s)",
        "40 loaded, 0 unchanged, 0 problem(s)",
    ]
    stored = on(database.url, lambda c: c.execute(text("SELECT count(*) FROM films")).scalar())
    assert stored == 40
