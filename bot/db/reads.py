"""Small reads on the event loop for the embedded SQLite database; the async engine elsewhere.

Reading a film's few indexed rows takes SQLite about 0.1 ms. Through aiosqlite every statement
also waits for hand-offs to and from the driver's thread, ten times the read itself and what
most of a first answer cost. So for a SQLite *file*, ``Reads`` runs a read on a plain
``sqlite3`` connection on the calling thread, in one read-only transaction: SQLite's WAL mode
lets it read while another connection writes, and a read that would have to wait anyway
(``database is locked``) is given to the async engine instead of stalling the event loop.
PostgreSQL and private in-memory SQLite databases (which a second connection would not see)
always go through the async engine, with the same function: a read is written once, against a
synchronous ``Connection``, and ``AsyncConnection.run_sync`` runs it there.

Only reads belong here: the connection refuses writes (``PRAGMA query_only``).

A read on the event loop keeps its connection between reads (one per thread that reads inline,
each read still its own transaction): checking one out of SQLAlchemy's pool and back in (a
lock, a ``Connection`` object, a rollback on return) cost about a fifth of a first answer's
read (``benchmarks.first_render``). Reads in worker threads take one from the pool.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import QUIET_PARAMETERS

log = logging.getLogger(__name__)

T = TypeVar("T")

INLINE_BUSY_TIMEOUT_S = 0.005
"""How long an inline read waits for a lock (rare in WAL mode) before the async engine takes it."""


class Reads:
    """``await reads(read)`` runs ``read(connection)`` and returns what it returns."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._inline = inline_engine(engine)
        self._held: dict[int, Connection] = {}
        """Each event loop thread's connection, kept between its inline reads."""

    @property
    def inline(self) -> bool:
        """Whether reads run on the calling thread (a SQLite file) rather than the async engine."""
        return self._inline is not None

    async def __call__(self, read: Callable[[Connection], T]) -> T:
        """A small read: on the calling thread for a SQLite file."""
        if self._inline is not None:
            try:
                return self._read_held(read)
            except _Locked:
                log.debug("inline read waited for a lock; the async engine reads instead")
        return await self._read_async(read)

    def at_once(self, read: Callable[[Connection], T]) -> T:
        """``read(connection)`` now, on the calling thread, when it need not wait for anything
        (a SQLite file, not locked): an answer read so is ready without a "thinking…" first.
        ``ReadLater`` otherwise (the async engine, or a lock): await the read instead."""
        if self._inline is None:
            raise ReadLater
        try:
            return self._read_held(read)
        except _Locked:
            raise ReadLater from None

    def row_at_once(self, statement: str, parameters: Sequence[object]) -> tuple[Any, ...] | None:
        """The first row of one SQL ``statement`` (SQLite's dialect, ``?`` parameters), now, on
        this thread's kept connection and outside any transaction: one statement reads one
        snapshot by itself, so a one-row read (a first answer's stored render) skips the
        ``BEGIN``, ``COMMIT`` and SQLAlchemy transaction ``at_once`` wraps a read in. None: no
        row. ``ReadLater`` where ``at_once`` would raise it (no file, or a lock)."""
        if self._inline is None:
            raise ReadLater
        thread = threading.get_ident()
        connection = self._held.get(thread)
        if connection is None:
            connection = self._held[thread] = self._inline.connect()
        driver = connection.connection.driver_connection
        assert driver is not None
        try:
            cursor = driver.execute(statement, parameters)
            try:
                return cursor.fetchone()  # type: ignore[no-any-return]
            finally:
                cursor.close()  # the statement ends: no read lock stays held
        except sqlite3.OperationalError as error:
            if _locked_message(str(error)):
                raise ReadLater from None
            raise

    async def in_thread(self, read: Callable[[Connection], T]) -> T:
        """A large read (many films' texts), which would hold up the event loop for tens of
        milliseconds: in a worker thread for a SQLite file; elsewhere through the async engine,
        as any read."""
        if self._inline is not None:
            try:
                return await asyncio.to_thread(self._read_inline, read)
            except _Locked:
                log.debug("threaded read waited for a lock; the async engine reads instead")
        return await self._read_async(read)

    def _read_inline(self, read: Callable[[Connection], T]) -> T:
        assert self._inline is not None
        try:
            with self._inline.begin() as connection:
                return read(connection)
        except OperationalError as error:
            if _locked(error):
                raise _Locked from error
            raise

    def _read_held(self, read: Callable[[Connection], T]) -> T:
        """``_read_inline`` on this thread's kept connection: no pool checkout per read. A
        read that fails leaves no connection kept (the next one opens a fresh connection)."""
        assert self._inline is not None
        thread = threading.get_ident()
        connection = self._held.get(thread)
        if connection is None:
            connection = self._held[thread] = self._inline.connect()
        try:
            with connection.begin():
                return read(connection)
        except BaseException as error:
            del self._held[thread]
            connection.close()
            if isinstance(error, OperationalError) and _locked(error):
                raise _Locked from error
            raise

    async def _read_async(self, read: Callable[[Connection], T]) -> T:
        async with self._engine.connect() as connection:
            return await connection.run_sync(read)

    def close(self) -> None:
        if self._inline is not None:
            for connection in self._held.values():
                connection.close()
            self._held.clear()
            self._inline.dispose()


def _locked(error: OperationalError) -> bool:
    return _locked_message(str(error.orig))


def _locked_message(message: str) -> bool:
    return "locked" in message or "busy" in message


class ReadLater(Exception):
    """``Reads.at_once`` could not read now: the read must be awaited (``Reads.__call__``)."""


class _Locked(Exception):
    """An inline read found the database locked: the async engine, which may wait, reads."""


def inline_engine(engine: AsyncEngine) -> Engine | None:
    """A synchronous engine on the same SQLite file, or None where reads must stay async."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if "uri" in url.query or "mode=memory" in str(url):
        return None  # a URI may name a shared in-memory database: keep to the one engine
    inline = sqlalchemy.create_engine(
        url.set(drivername="sqlite"),
        connect_args={"timeout": INLINE_BUSY_TIMEOUT_S, "check_same_thread": False},
        **QUIET_PARAMETERS,
    )
    event.listen(inline, "connect", _read_only)
    event.listen(inline, "begin", _begin)
    return inline


def _read_only(dbapi_connection: object, _record: object) -> None:
    # The driver neither BEGINs nor COMMITs by itself (SQLAlchemy's recipe for pysqlite): the
    # "begin" hook below opens one transaction, so a read of several statements sees one
    # snapshot of the database.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _begin(connection: Connection) -> None:
    # Straight to the driver: a statement through SQLAlchemy costs more than the read it opens.
    connection.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]
