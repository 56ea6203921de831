"""A kill -9 at any statement of a migration leaves a database that starts; starts take turns.

Each crash is a forked child that SIGKILLs itself just before its N-th SQL statement (the hook
sits on every engine), for every N the migration runs, on a first start and on an upgrade from
0001, on SQLite and PostgreSQL. The parent then reads the whole state the crash left (the
schema as the database describes it, the revision and every row) and finds it exactly the state
before the migration or exactly the state after it; a start from each state a crash left
finishes the job, with the schema exactly the models' and the old rows intact. Each kill starts
from the state before: a copy of the prepared database, or the one the last kill left in
exactly that state (a crash, then another start that crashes, as a crash loop would).
"""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

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
TABLES["0009"] = TABLES["0008"]
TABLES["0010"] = TABLES["0009"] | {"content_revision"}
TABLES["0011"] = TABLES["0010"] | {"action_claims"}
TABLES["0012"] = TABLES["0011"] | {"hidden_works"}
TABLES["0013"] = TABLES["0012"]  # titles mended: data only
TABLES["0014"] = TABLES["0013"] | {"film_renders"}
TABLES["0015"] = TABLES["0014"]  # films.origin any length: a type only
TABLES["0016"] = TABLES["0015"]  # titles mended again: data only
TABLES["0017"] = TABLES["0016"]  # titles mended a third time: data only
TABLES["0018"] = TABLES["0017"]  # titles mended a fourth time: data only
TABLES["0019"] = TABLES["0018"]  # titles mended a fifth time: data only
TABLES["0020"] = TABLES["0019"]  # titles mended a sixth time: data only
TABLES["0021"] = TABLES["0020"]  # titles mended a seventh time: data only
TABLES["0022"] = TABLES["0021"] | {"pending_rehidings"}
TABLES["0023"] = TABLES["0022"]  # titles mended an eighth time: data only
TABLES["0024"] = TABLES["0023"]  # titles mended a ninth time: data only
TABLES["0025"] = TABLES["0024"]  # titles mended a tenth time: data only
TABLES["0026"] = TABLES["0025"]  # works named as titles read: data only
TABLES["0027"] = TABLES["0026"] | {"merged_copies"}  # copies merged away, kept whole


@dataclass
class Database:
    """Throwaway databases of one kind, by URL: empty ones, and copies of a prepared one.

    A crash test copies its prepared database for every kill instead of preparing it again:
    a file copy, or PostgreSQL's CREATE DATABASE … TEMPLATE.
    """

    empty: Callable[[], str]
    copy_of: Callable[[str], str]
    discard: Callable[[str], None]
    url: str = ""

    def reset(self) -> None:
        """Point ``url`` at a new empty database (and throw the last one away)."""
        if self.url:
            self.discard(self.url)
        self.url = self.empty()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    made: list[str] = []
    if request.param == "sqlite":

        def sqlite_empty() -> str:
            path = tmp_path / f"crash-{len(made)}.db"
            made.append(str(path))
            return f"sqlite+aiosqlite:///{path}"

        def sqlite_copy(url: str) -> str:
            copy = sqlite_empty()
            source = make_url(url).database or ""
            if os.path.exists(source):
                shutil.copyfile(source, make_url(copy).database or "")
            return copy

        def sqlite_discard(url: str) -> None:
            for leftover in tmp_path.glob(f"{Path(make_url(url).database or '').name}*"):
                leftover.unlink()

        yield Database(sqlite_empty, sqlite_copy, sqlite_discard)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")

    def pg_new(template: str) -> str:
        async def create() -> None:
            made.append(await server.new_database(template=template))

        in_own_loop(create())
        return server.url_of(made[-1])

    def pg_discard(url: str) -> None:
        name = make_url(url).database or ""
        made.remove(name)
        in_own_loop(server.drop(name))

    try:
        yield Database(
            lambda: pg_new("template0"),
            lambda url: pg_new(make_url(url).database or ""),
            pg_discard,
        )
    finally:
        for name in made:
            in_own_loop(server.drop(name))


def in_child(work: Callable[[], None], *, kill_at: int | None) -> tuple[int, int]:
    """Run ``work`` in a forked process killed before statement ``kill_at``: (status, count)."""
    read, write = os.pipe()
    # The parent's objects out of the child's collections: a collection walking them all wrote
    # to (and so copied) most of the parent's memory in each of the hundreds of children.
    # Only when nothing else froze objects: unfreezing would undo what that froze.
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
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
    if freezing:
        gc.unfreeze()
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


class Reader:
    """Reads, from one event loop, the databases a crash test kills children on.

    On PostgreSQL each database's connection stays open from one read to the next: a new
    loop, engine and server connection (a backend started, its caches filled) for each of a
    hundred reads after kills cost the parent and the server more than the reads. The open
    connection is idle between reads, holding no lock, so a child's migration runs as it
    would without it; statements are prepared afresh (no cache), as a table's columns change
    between reads. A SQLite connection is closed after each read: SQLite forbids carrying an
    open connection across fork().
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._engines: dict[str, AsyncEngine] = {}

    def __call__(self, url: str, work: Callable[[Connection], object]) -> object:
        async def go() -> object:
            engine = self._engines.get(url)
            if engine is None:
                reading = make_url(url)
                if reading.get_backend_name() == "postgresql":
                    reading = reading.update_query_dict({"prepared_statement_cache_size": "0"})
                engine = create_engine(reading.render_as_string(hide_password=False))
                self._engines[url] = engine
            try:
                async with engine.connect() as connection:
                    return await connection.run_sync(work)
            finally:
                if engine.dialect.name == "sqlite":
                    await self._engines.pop(url).dispose()

        return self._loop.run_until_complete(go())

    def forget(self, url: str) -> None:
        """Close the connection to ``url`` (before the database is dropped)."""
        if engine := self._engines.pop(url, None):
            self._loop.run_until_complete(engine.dispose())

    def close(self) -> None:
        for url in list(self._engines):
            self.forget(url)
        self._loop.close()


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


# The schema as the database itself describes it: every table, column, index, constraint,
# sequence and type, so a half-applied migration cannot hide behind the right table names.
SCHEMA_QUERIES = {
    "sqlite": [
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ],
    "postgresql": [
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n"
        " ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
        "SELECT table_name, column_name, data_type, is_nullable, column_default,"
        " character_maximum_length FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY 1, 2",
        "SELECT tablename, indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = 'public' ORDER BY 1, 2",
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(c.oid)"
        " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
        " WHERE n.nspname = 'public' ORDER BY 1, 2",
        "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid"
        " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'"
        " ORDER BY 1, e.enumsortorder",
    ],
}


def whole_state(connection: Connection) -> tuple[object, ...]:
    """Schema, revision and every row of every table: what a crash could have half-changed."""
    schema = tuple(
        tuple(tuple(row) for row in connection.execute(text(query)))
        for query in SCHEMA_QUERIES[connection.dialect.name]
    )
    revision, tables = revision_and_tables(connection)
    rows = tuple(
        (
            table,
            tuple(
                sorted(
                    repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{table}"'))
                )
            ),
        )
        for table in sorted(tables)
    )
    return revision, schema, rows


def crash_at_every_statement(db: Database, prepare: Callable[[str], None]) -> int:
    prepared = db.empty()
    prepare(prepared)
    before = on(prepared, whole_state)
    whole = db.copy_of(prepared)
    status, statements = in_child(migrate_to(whole), kill_at=None)
    assert status == 0 and statements > 0
    # Once: a migration run to the end gives exactly the models' schema.
    assert on(whole, revision_and_tables) == (SCHEMA_HEAD, TABLES[SCHEMA_HEAD])
    assert on(whole, schema_difference) == []
    after = on(whole, whole_state)
    db.discard(whole)
    restarted: set[int] = set()
    # A database in exactly the prepared state, ready for the next kill: the one the last kill
    # left, when it left the state before (a kill inside the migration's transaction does). The
    # whole state was just compared, so it is the prepared state as far as any start can tell;
    # copying and dropping a database for every kill was most of the test's time on PostgreSQL
    # (DROP DATABASE waits for a checkpoint).
    ready: str | None = None
    read = Reader()
    try:
        for kill_at in range(1, statements + 1):
            url = ready or db.copy_of(prepared)
            ready = None
            status, _ = in_child(migrate_to(url), kill_at=kill_at)
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, kill_at
            left = read(url, whole_state)
            assert left in (before, after), kill_at
            # The next start finishes the job. What it does depends only on the state it
            # finds, and every crash left one of two: each is started once.
            which = 0 if left == before else 1
            if which not in restarted:
                restarted.add(which)
                on(url, lambda _c: None, migrate_first="head")
                assert on(url, whole_state) == after, kill_at
            elif left == before:
                ready = url
                continue
            read.forget(url)
            db.discard(url)
    finally:
        read.close()
    if ready:
        db.discard(ready)
    return statements


@pytest.mark.postgres_slow
def test_kill_at_every_statement_of_a_first_start(database: Database) -> None:
    statements = crash_at_every_statement(database, lambda _url: None)
    assert statements >= len(TABLES[SCHEMA_HEAD])  # at least one statement per table


@pytest.mark.postgres_slow
def test_kill_at_every_statement_of_an_upgrade(database: Database) -> None:
    prepared: list[str] = []

    def at_first_schema(url: str) -> None:
        prepared.append(url)
        on(
            url,
            lambda c: c.execute(
                text("INSERT INTO reader_settings VALUES (7, true, '2026-01-01 00:00:00')")
            ),
            migrate_first="0001",
        )

    crash_at_every_statement(database, at_first_schema)
    # The member's opt-in stored under 0001 survives every crash and the start after it.
    on(prepared[0], lambda _c: None, migrate_first="head")
    rows = on(prepared[0], lambda c: list(c.execute(text("SELECT user_id FROM reader_settings"))))
    assert rows == [(7,)]


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
