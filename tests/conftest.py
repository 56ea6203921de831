"""Shared fixtures: a real core over a throwaway database, SQLite and PostgreSQL.

``database_url`` (and so ``app``) is parametrised over both databases. PostgreSQL is the
server at ``$EPILOGUE_TEST_POSTGRES_URL`` (default ``postgresql+asyncpg://postgres@127.0.0.1:5432/
postgres``): the run creates a database of its own (a unique name), migrated once and emptied
before each test, and drops it at the end. Without a reachable
server that variant is skipped with a one-line reason, except under ``CI=true``, where it fails.

By default only the modules in ``POSTGRES_BY_DEFAULT`` run on PostgreSQL too (the storage
layer), less tests marked ``postgres_slow``; ``EPILOGUE_TEST_POSTGRES=all``
(set by ``.ci/run``) runs every ``database_url``/``app`` test on both.

The everyday ``uv run pytest`` leaves out the tests marked ``slow`` (they start or kill
processes) and runs property tests at a tenth of their examples
(``tests/support/hypothesis_profiles.py``); ``.ci/run`` adds ``--run-slow`` and
``EPILOGUE_TEST_HYPOTHESIS_PROFILE=ci``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import shutil
import socket
import threading
import uuid
import warnings
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.config import Config
from bot.db.engine import create_engine, migrate
from bot.db.models import Base, Film
from bot.db.storage_errors import StorageError
from bot.epilogue import Epilogue
from tests.support import hypothesis_profiles

# Before any test module is imported: property tests read the profile when they are defined.
hypothesis_profiles.load()

# A real EpilogueBot logged in to a fake Discord, for tests/client and tests/cogs.
pytest_plugins = ["tests.support.discord_session"]

ROOT = Path(__file__).resolve().parent.parent
FILMS = ROOT / "data" / "films"
POSTGRES_URL = os.environ.get(
    "EPILOGUE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_SKIPPED = "PostgreSQL variant runs with EPILOGUE_TEST_POSTGRES=all (as .ci/run does)"
# The storage layer; the commands that write run on PostgreSQL in the full run (.ci/run).
POSTGRES_BY_DEFAULT = ("tests/bot/db/", "tests/bot/content/")


_EMPTY_EVERY_TABLE = (
    "DO $$ DECLARE s record; BEGIN "
    + " ".join(f'DELETE FROM "{table.name}";' for table in reversed(Base.metadata.sorted_tables))
    + " FOR s IN SELECT schemaname, sequencename FROM pg_sequences WHERE schemaname = 'public'"
    " LOOP EXECUTE format('ALTER SEQUENCE %I.%I RESTART', s.schemaname, s.sequencename);"
    " END LOOP; END $$"
)

# ``app``'s PostgreSQL state, the run's database with the shipped content loaded, is kept in a
# schema of its own (the schema tests compare is ``public``) and put back by one statement.
_LOADED = "epilogue_test_loaded"
_KEEP_LOADED = (
    f'DROP SCHEMA IF EXISTS "{_LOADED}" CASCADE; CREATE SCHEMA "{_LOADED}"; '
    + " ".join(
        f'CREATE TABLE "{_LOADED}"."{table.name}" AS SELECT * FROM public."{table.name}";'
        for table in Base.metadata.sorted_tables
    )
    + f' CREATE TABLE "{_LOADED}".sequences AS SELECT sequencename, last_value'
    " FROM pg_sequences WHERE schemaname = 'public'"
)
# Put back by a function kept beside the copy: a function's statements are planned once per
# connection (a DO block was parsed and planned again for every test).
_RESTORE_BODY = (
    "DECLARE s record; BEGIN "
    + " ".join(f'DELETE FROM public."{table.name}";' for table in Base.metadata.sorted_tables)
    + " ".join(
        f'INSERT INTO public."{table.name}" SELECT * FROM "{_LOADED}"."{table.name}";'
        for table in Base.metadata.sorted_tables
    )
    + f' FOR s IN SELECT sequencename, last_value FROM "{_LOADED}".sequences LOOP'
    " IF s.last_value IS NULL THEN"
    " EXECUTE format('ALTER SEQUENCE public.%I RESTART', s.sequencename);"
    " ELSE PERFORM setval(format('public.%I', s.sequencename), s.last_value, true);"
    " END IF; END LOOP; END"
)
_KEEP_LOADED += (
    f'; CREATE FUNCTION "{_LOADED}".restore() RETURNS void LANGUAGE plpgsql'
    f" AS $restore$ {_RESTORE_BODY} $restore$"
)
_RESTORE_LOADED = (
    # Triggers off (foreign keys' too), so the rows come back exactly as kept: the films'
    # triggers would bump the content revision the copy already holds. LOCAL: for this
    # statement's transaction only, as the admin connection is kept for the next test.
    f'SET LOCAL session_replication_role = replica; SELECT "{_LOADED}".restore()'
)


def make_config(
    tmp_path: Path, *, directories: list[Path] | None = None, url: str | None = None
) -> Config:
    config = Config()
    config.database.url = url or f"sqlite+aiosqlite:///{tmp_path / 'epilogue.db'}"
    config.content.directories = directories if directories is not None else [FILMS]
    config.discord.owner_ids = [999]
    return config


class PostgresServer:
    """The test server: one migrated database per run, emptied before each test that uses it.

    Emptying (DELETE from every table, sequences restarted) costs a few tens of milliseconds
    where creating a database per test cost several hundred. Tests that need a database of
    their own (an empty one, or one they break) ask ``new_database``.
    """

    def __init__(self, url: str) -> None:
        self.admin = make_url(url)
        self.prefix = f"epilogue_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.template = f"{self.prefix}_run"
        self._numbers = itertools.count(1)
        self._loaded: bool | None = False  # None: loaded for each test (see loaded)
        self._kept: KeptConnection | None = None  # to ``template``, from ``start`` on

    def url_of(self, database: str) -> str:
        return self.admin.set(database=database).render_as_string(hide_password=False)

    async def _connect(self, database: str) -> Any:
        import asyncpg

        return await asyncpg.connect(
            host=self.admin.host,
            port=self.admin.port or 5432,
            user=self.admin.username,
            password=self.admin.password,
            database=database,
            timeout=5,
        )

    async def _admin(self, *statements: str, database: str | None = None) -> None:
        database = database or self.admin.database or "postgres"
        if database == self.template and self._kept is not None:
            # Every test's emptying or restore: one connection kept for the run, not a server
            # process started (and a dozen round trips) per test.
            await self._kept.execute(*statements)
            return
        connection = await self._connect(database)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    async def emptied(self) -> str:
        """The run's database with every table emptied (the schema stays) and every sequence
        back at its start, as TRUNCATE … RESTART IDENTITY leaves it, as a URL.

        DELETE, children before parents: a test leaves a few rows, and TRUNCATE made new files
        for every table and index each time (three times as long, for each of a thousand tests).
        """
        await self._admin(
            "SET lock_timeout = '10s'",  # a test that left a transaction open fails, not hangs
            _EMPTY_EVERY_TABLE,
            database=self.template,
        )
        return self.url_of(self.template)

    async def loaded(self, load: Callable[[str], Coroutine[Any, Any, None]]) -> str:
        """The run's database as ``load`` leaves the emptied one, as a URL: loaded by ``load``
        the first time, put back from the copy kept then (one statement) every time after.

        The state is the same either way (rows, the content revision, every sequence's next
        value); loading the content again cost each test's start a dozen round trips.
        """
        import asyncpg

        if self._loaded is None:  # a role that may not turn triggers off (below)
            await load(await self.emptied())
            return self.url_of(self.template)
        if not self._loaded:
            await load(await self.emptied())
            await self._admin(_KEEP_LOADED, database=self.template)
            self._loaded = True
            return self.url_of(self.template)
        try:
            await self._admin("SET lock_timeout = '10s'", _RESTORE_LOADED, database=self.template)
        except asyncpg.InsufficientPrivilegeError:
            # Turning triggers off takes a superuser (the CI server's ``postgres``); reached as
            # another role, the run loads the content for each test, as before.
            self._loaded = None
            await load(await self.emptied())
        return self.url_of(self.template)

    async def start(self) -> None:
        await self._admin(f'CREATE DATABASE "{self.template}"')
        await self._no_commit_flush(self.template)
        engine = create_engine(self.url_of(self.template))
        try:
            await migrate(engine)
        finally:
            await engine.dispose()
        self._kept = KeptConnection(lambda: self._connect(self.template))

    async def new_database(self, *, empty: bool = False, template: str | None = None) -> str:
        """A new database: a copy of the migrated template, or ``empty`` (no schema at all), or
        a copy of the database ``template`` names."""
        name = f"{self.prefix}_{next(self._numbers)}"
        template = template or ("template0" if empty else self.template)
        if template == self.template and self._kept is not None:
            await self._kept.disconnect()  # a database is copied only with no one connected
        await self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        await self._no_commit_flush(name)
        return name

    async def _no_commit_flush(self, name: str) -> None:
        # A commit returns before its WAL reaches the disk: thousands of test commits each
        # waited on a flush. What a committed transaction leaves is the same (the server is
        # never killed here, only clients), so no assertion depends on it.
        await self._admin(f'ALTER DATABASE "{name}" SET synchronous_commit = off')

    async def drop_left(self) -> list[str]:
        """Drop every database of this run still on the server (a test that made one and
        failed, or forgot it, left it to the next run's server, CI's included); their names."""
        connection = await self._connect(self.admin.database or "postgres")
        try:
            rows = await connection.fetch(
                "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", self.prefix
            )
        finally:
            await connection.close()
        left = sorted(row["datname"] for row in rows)
        for name in left:
            await self.drop(name)
        return left

    async def drop(self, name: str) -> None:
        if name == self.template and self._kept is not None:
            kept, self._kept = self._kept, None
            kept.close()
        await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class KeptConnection:
    """One admin connection for the whole run, on a thread and event loop of its own: each test
    runs in a new event loop, and an asyncpg connection only works in the loop it was made in.

    A test may end every server process of the database (tests/bot/db/test_connection_loss.py):
    a connection found closed is replaced and the statements run again (emptying and restoring
    are whole in one transaction, so a second run finds them undone)."""

    def __init__(self, connect: Callable[[], Coroutine[Any, Any, Any]]) -> None:
        self._connect = connect
        self._connection: Any = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="postgres-admin", daemon=True
        )
        self._thread.start()

    async def execute(self, *statements: str) -> None:
        done = asyncio.run_coroutine_threadsafe(self._execute(statements), self._loop)
        await asyncio.wrap_future(done)

    async def _execute(self, statements: tuple[str, ...]) -> None:
        import asyncpg

        for attempt in (1, 2):
            if self._connection is None or self._connection.is_closed():
                self._connection = await self._connect()
            try:
                for statement in statements:
                    await self._connection.execute(statement)
                return
            except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                gone = self._connection.is_closed()
                self._connection = None if gone else self._connection
                if attempt == 2 or not gone:
                    raise

    async def disconnect(self) -> None:
        """Close the connection (the next ``execute`` connects again)."""
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._close(), self._loop))

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            await connection.close(timeout=5)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


def in_own_loop(work: Coroutine[Any, Any, None]) -> None:
    # Session set-up runs from inside a test's event loop: give it a loop of its own.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, work).result()


@pytest.fixture(autouse=True)
def _root_log_handlers_restored() -> Iterator[None]:
    """Each test leaves the root logger's handlers as it found them. ``epilogue`` commands run
    in process (``run_bot``, the CLI) add a handler writing to that test's captured stderr;
    left behind, it wrote a later test's log lines to a closed stream ("--- Logging error ---"
    and a traceback in whatever that test reads from stderr)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        # pytest's own capturing handlers (subclasses) come and go with each phase.
        added = handler not in handlers
        if added and type(handler) in (logging.StreamHandler, logging.FileHandler):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    import asyncpg

    server = PostgresServer(POSTGRES_URL)
    try:
        in_own_loop(server.start())
    except (TimeoutError, OSError, asyncpg.PostgresError, StorageError) as error:
        reason = f"PostgreSQL not reachable at {server.admin.render_as_string()}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true needs it)", pytrace=False)
        pytest.skip(reason)
    try:
        yield server
    finally:
        in_own_loop(server.drop(server.template))
        left: list[str] = []

        async def sweep() -> None:
            left.extend(await server.drop_left())

        in_own_loop(sweep())
        if left:
            warnings.warn(f"databases left by tests, dropped: {', '.join(left)}", stacklevel=1)


def postgres_here(item: pytest.Item) -> bool:
    """Whether this test's PostgreSQL variant runs in this session (see the module docstring)."""
    if os.environ.get("EPILOGUE_TEST_POSTGRES") == "all":
        return True
    if item.get_closest_marker("postgres_slow"):
        return False
    where = Path(str(item.path)).resolve().relative_to(ROOT).as_posix()
    return where.startswith(POSTGRES_BY_DEFAULT)


def _is_postgres_variant(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in callspec.params.values()


def _unreachable(url: str) -> str | None:
    """Why the test server cannot be reached, or None when it answers."""
    target = make_url(url)
    try:
        with socket.create_connection((target.host or "127.0.0.1", target.port or 5432), 2):
            return None
    except OSError as error:
        return (
            f"PostgreSQL not reachable at {target.render_as_string()} ({error.strerror or error})"
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="also run the tests marked slow (processes, kills); .ci/run passes it",
    )


def _deselect_slow(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    slow = [i for i in items if i.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [i for i in items if not i.get_closest_marker("slow")]
        config.stash[_SLOW_NOTE] = (
            f"{len(slow)} slow test(s) not run (processes, kills): add --run-slow, as .ci/run does"
        )


LONGEST_FIRST = Path(__file__).with_name("longest_first.txt")


def _longest_first(items: list[pytest.Item]) -> None:
    """The tests ``longest_first.txt`` names first, in its order; the others as collected."""
    lines = LONGEST_FIRST.read_text(encoding="utf-8").splitlines()
    names = [line for line in lines if line.strip() and not line.startswith("#")]
    rank = {name: place for place, name in enumerate(names)}
    items.sort(key=lambda item: rank.get(item.nodeid, len(rank)))  # stable: the rest keep order


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _deselect_slow(config, items)
    _longest_first(items)
    # Variants not wanted in this run are deselected rather than skipped one by one, so the
    # report says it once.
    variants = [i for i in items if _is_postgres_variant(i)]
    wanted = [i for i in variants if postgres_here(i)]
    note = POSTGRES_SKIPPED
    if wanted and os.environ.get("CI") != "true":
        # Under CI the variant runs, and fails, if the server is missing.
        unreachable = _unreachable(POSTGRES_URL)
        if unreachable:
            wanted, note = [], unreachable
    dropped = set(variants) - set(wanted)
    if dropped:
        config.hook.pytest_deselected(items=[i for i in items if i in dropped])
        items[:] = [i for i in items if i not in dropped]
        config.stash[_POSTGRES_NOTE] = f"{len(dropped)} PostgreSQL variant(s) not run: {note}"


_POSTGRES_NOTE = pytest.StashKey[str]()
_SLOW_NOTE = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for key in (_SLOW_NOTE, _POSTGRES_NOTE):
        note = config.stash.get(key, None)
        if note:
            terminalreporter.write_line(note)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database's URL: a new SQLite file, or the run's emptied PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'epilogue.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    if "app" in request.fixturenames:
        # ``app`` puts the database in its own state (``PostgresServer.loaded``) right after:
        # emptying it first would be a round trip and a DELETE of every table for nothing.
        yield server.url_of(server.template)
        return
    yield await server.emptied()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest schema, migrated once per run: ``app`` starts from a copy."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate(engine)
        finally:
            await engine.dispose()

    in_own_loop(build())
    return path


@pytest.fixture(scope="session")
def loaded_sqlite(migrated_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``migrated_sqlite`` with the shipped content loaded once, as a second start finds its
    database: ``app`` starts from a copy, and its own start reads the files and finds every
    film stored and unchanged (storing them again cost a fifth of each test's start)."""
    folder = tmp_path_factory.mktemp("loaded")
    shutil.copyfile(migrated_sqlite, folder / "epilogue.db")

    async def load() -> None:
        async with Epilogue.open(make_config(folder)) as epilogue, epilogue.sessions() as session:
            stored = await session.scalar(select(func.count()).select_from(Film))
        assert stored, f"the shipped content in {FILMS} did not load"

    in_own_loop(load())
    return folder / "epilogue.db"


@pytest.fixture
async def app(
    request: pytest.FixtureRequest, tmp_path: Path, database_url: str
) -> AsyncIterator[Epilogue]:
    """The core with the shipped content loaded, as `epilogue console` starts it."""
    if database_url.startswith("sqlite"):
        # A start finds the schema current and skips Alembic, and the content stored, as every
        # start after the first does: a copy costs a fraction of migrating and loading each
        # test's database (tests/bot/db migrate from scratch themselves, tests/bot/content
        # load into empty ones).
        shutil.copyfile(request.getfixturevalue("loaded_sqlite"), tmp_path / "epilogue.db")
    else:
        # The same on PostgreSQL: the run's database as the content's first load left it.
        server: PostgresServer = request.getfixturevalue("postgres_server")

        async def load(url: str) -> None:
            async with Epilogue.open(make_config(tmp_path, url=url)):
                pass

        database_url = await server.loaded(load)
    async with Epilogue.open(make_config(tmp_path, url=database_url)) as epilogue:
        yield epilogue


@pytest.fixture
async def other(app: Epilogue, tmp_path: Path) -> AsyncIterator[Epilogue]:
    """A second process on ``app``'s database: its own memory, its own claims' holder (a
    deploy's overlap, a console beside the bot)."""
    config = make_config(tmp_path, url=app.config.database.url)
    async with Epilogue.open(config, load_content=False) as second:
        await second.catalog.refresh()
        yield second
