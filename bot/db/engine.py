"""The async engine, its sessions, and migrations applied at start."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0005"
"""The newest revision in ``migrations/versions``; a test keeps the two in step."""
SQLITE_BUSY_TIMEOUT_S = 30.0


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the engine; for SQLite, make the folder and turn on foreign keys and WAL."""
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # A writer waits for SQLite's one write lock up to this long (the default is 5 s) before
    # failing with "database is locked".
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_S} if is_sqlite else {}
    engine = create_async_engine(url, echo=echo, connect_args=connect_args)
    if is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``; data already stored is kept.

    Importing Alembic costs far more than a start on an up-to-date database needs, so the
    stored version is read first and Alembic loaded only when there is something to do.
    """
    wanted = SCHEMA_HEAD if revision == "head" else revision
    async with engine.begin() as connection:
        if await connection.run_sync(_stored_revisions) == {wanted}:
            log.debug("schema already at revision %s", wanted)
            return
        await connection.run_sync(_upgrade, revision)


def _stored_revisions(connection: Connection) -> set[str]:
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)
