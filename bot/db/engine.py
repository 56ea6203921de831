"""The async engine, its sessions, and migrations applied at start under a lock."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool
from sqlalchemy.util.concurrency import in_greenlet

from bot.db import storage_errors

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0027"
"""The newest revision in ``migrations/versions``; a test keeps the two in step."""
KNOWN_REVISIONS = frozenset(
    path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py")
)
"""Every revision this version ships (file names start with the revision id; a test checks)."""
SQLITE_BUSY_TIMEOUT_S = 30.0
COMMAND_LOCK_WAIT_S = SQLITE_BUSY_TIMEOUT_S
"""How long a statement on PostgreSQL waits for a lock another session holds (``lock_timeout``),
as a SQLite writer waits for the write lock: then it fails, and its member is told "storage is
unavailable". Unbounded, a transaction left open elsewhere (an operator's psql, a process cut
off from the server mid-transaction) held every command writing the same rows for ever."""
LOCK_WAIT_S = 120.0
"""How long a start, migration or import waits for another one holding the lock."""
QUIET_PARAMETERS: dict[str, Any] = {"hide_parameters": True}
"""Every engine's: a statement's values are never written into an error's text nor into
``database.echo``'s lines. They are members' words (a hidden spoiler's record) and films'
endings (content being stored), and a refused write is logged with its error: the operator's
log names a hide by its film and counts, never the words (README, "Who sees what")."""
_PG_LOCK_KEY = 0x4550494C4F475545  # "EPILOGUE": one advisory lock per database


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the engine; for SQLite, make the folder and turn on foreign keys and WAL."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    is_file_path = parsed.database not in (None, "", ":memory:") and "uri" not in parsed.query
    if sqlite and is_file_path:
        path = Path(parsed.database).expanduser()
        if path.is_dir():  # said before connecting: a failed connect leaves a thread behind
            raise storage_errors.is_a_directory(url, path)
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
    # A writer waits for SQLite's one write lock up to this long (the default is 5 s) before
    # failing with "database is locked".
    connect_args: dict[str, Any] = (
        {"timeout": SQLITE_BUSY_TIMEOUT_S}
        if sqlite
        else {"server_settings": {"lock_timeout": str(int(COMMAND_LOCK_WAIT_S * 1000))}}
    )
    # A server's connection can be closed under the pool (a restart, a failover, an operator's
    # pg_terminate_backend, a pooler's idle timeout): each one is tried as it is taken out,
    # and one found closed is replaced, so the next command runs instead of failing.
    engine = create_async_engine(
        url,
        echo=echo,
        connect_args=connect_args,
        pool_pre_ping=not sqlite,
        **QUIET_PARAMETERS,
    )
    if sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        engine.sync_engine.dialect.do_terminate = _terminate_aiosqlite  # type: ignore[method-assign]
    return engine


def _terminate_aiosqlite(dbapi_connection: Any) -> None:
    """Drop a connection SQLAlchemy gave up on (its task was cancelled mid-statement).

    SQLAlchemy's own terminate for aiosqlite starts a graceful close as a task of its own, then
    stops the connection's thread if the close is cancelled; the close, still running, then
    waits on that thread, which is gone, for ever: the task never ends, even when cancelled,
    and a shutdown (``asyncio.run`` cancels every task and waits for them) hangs. Inside the
    event loop (a greenlet) this closes the connection in the cancelled task itself, which the
    thread always answers; outside it (the garbage collector) it stops the thread as before.
    """
    if in_greenlet():
        dbapi_connection.close()
    else:
        dbapi_connection.terminate()


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_driver_hands_off(dbapi_connection: object, record: object) -> None:
    # SQLAlchemy's documented recipe for pysqlite/aiosqlite: the driver neither BEGINs nor
    # COMMITs on its own (it would run DDL outside any transaction); "begin" below does.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    _sqlite_pragmas(dbapi_connection, record)


def _begin_immediate(connection: Connection) -> None:
    # IMMEDIATE takes SQLite's write lock at BEGIN: a second start waits here (busy timeout)
    # instead of failing half-way on "table already exists" or a UNIQUE constraint.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@asynccontextmanager
async def exclusive(
    engine: AsyncEngine, *, wait_s: float | None = None
) -> AsyncIterator[AsyncConnection]:
    """One transaction holding the database's lock: starts, migrations and loads take turns.

    SQLite: a connection with transactional DDL inside ``BEGIN IMMEDIATE``. PostgreSQL: a
    transaction holding an advisory lock. Either way everything done on the connection commits
    together or not at all, and another process asking for the lock waits up to ``wait_s``.
    """
    url = engine.url.render_as_string(hide_password=False)
    wait_s = LOCK_WAIT_S if wait_s is None else wait_s
    try:
        if is_sqlite(engine) and engine.url.database in (None, "", ":memory:"):
            # A private in-memory database: no other process to wait for, and a second
            # engine would open a different, empty database.
            async with engine.begin() as connection:
                yield connection
        elif is_sqlite(engine):
            locker = create_async_engine(
                engine.url, poolclass=NullPool, connect_args={"timeout": wait_s}, **QUIET_PARAMETERS
            )
            event.listen(locker.sync_engine, "connect", _sqlite_driver_hands_off)
            event.listen(locker.sync_engine, "begin", _begin_immediate)
            try:
                async with locker.begin() as connection:
                    yield connection
            finally:
                await locker.dispose()
        else:
            async with engine.begin() as connection:
                # The wait is bounded by lock_timeout alone (a statement_timeout set for the
                # role would end it sooner and be taken for another cause), then the
                # statement_timeout is the role's own again. lock_timeout stays ``wait_s``
                # for the whole transaction: a migration's table locks wait as long as the
                # lock did, not a command's ``COMMAND_LOCK_WAIT_S``.
                await connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_s * 1000)}")
                await connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}
                )
                await connection.exec_driver_sql("SET LOCAL statement_timeout = DEFAULT")
                yield connection
    except Exception as error:
        found = storage_errors.describe(error, url, lock_wait_s=wait_s)
        if found is None or not storage_errors.is_storage_failure(error):
            raise
        raise found from error


@asynccontextmanager
async def exclusive_sessions(
    engine: AsyncEngine, *, wait_s: float | None = None
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions that share one ``exclusive`` transaction; their commits become savepoints."""
    async with exclusive(engine, wait_s=wait_s) as connection:
        yield async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def stored_revision(engine: AsyncEngine) -> str | None:
    """The schema revision the database is at; None for an empty database."""
    return max(revisions) if (revisions := await _read_revisions(engine)) else None


async def _read_revisions(engine: AsyncEngine) -> set[str]:
    """The stored revisions; a database out of reach is a StorageError (one line), as it is the
    first thing every verb (start, ``db current``, ``check-db``, ``downgrade``) connects for."""
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_stored_revisions)
    except Exception as error:
        if not storage_errors.is_storage_failure(error):
            raise
        url = engine.url.render_as_string(hide_password=False)
        raise storage_errors.explain(error, url) from error


async def migrate(
    engine: AsyncEngine, revision: str = "head", *, wait_s: float | None = None
) -> None:
    """Bring the schema up to ``revision``, in one transaction; data already stored is kept.

    Importing Alembic costs far more than a start on an up-to-date database needs, so the
    stored version is read first and Alembic loaded only when there is something to do. A
    database from a newer Epilogue is refused (StorageError) before anything is written.
    """
    wanted = SCHEMA_HEAD if revision == "head" else revision
    url = engine.url.render_as_string(hide_password=False)
    stored = await _read_revisions(engine)
    _refuse_unknown(stored, url)
    if stored == {wanted}:
        log.debug("schema already at revision %s", wanted)
        return
    async with exclusive(engine, wait_s=wait_s) as connection:
        # Another process may have migrated while this one waited for the lock.
        stored = await connection.run_sync(_stored_revisions)
        _refuse_unknown(stored, url)
        if stored != {wanted}:
            await connection.run_sync(_upgrade, revision)


def _refuse_unknown(stored: set[str], url: str) -> None:
    unknown = sorted(stored - KNOWN_REVISIONS)
    if unknown:
        raise storage_errors.newer_schema(url, unknown[-1], SCHEMA_HEAD)


def _stored_revisions(connection: Connection) -> set[str]:
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)
