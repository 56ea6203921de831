"""Reads run inline on a SQLite file, through the async engine elsewhere, and see one snapshot."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from bot.db.engine import create_engine, migrate, session_factory
from bot.db.models import Film
from bot.db.reads import ReadLater, Reads


def _film(slug: str, title: str) -> Film:
    return Film(slug=slug, title=title, year=2000, synopsis="", origin="test", content_hash=slug)


def _titles(connection: Connection) -> list[str]:
    return list(connection.scalars(select(Film.title).order_by(Film.title)))


async def _store_film(url: str, title: str) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            session.add(_film(title.lower(), title))
    finally:
        await engine.dispose()


@pytest.mark.parametrize("where", ["inline", "in_thread"])
async def test_reads_see_what_the_async_engine_committed(database_url: str, where: str) -> None:
    engine = create_engine(database_url)
    await migrate(engine)
    reads = Reads(engine)
    read = reads if where == "inline" else reads.in_thread
    try:
        assert reads.inline is database_url.startswith("sqlite")
        assert await read(_titles) == []
        await _store_film(database_url, "Arrival")
        assert await read(_titles) == ["Arrival"]
        async with session_factory(engine)() as session, session.begin():
            session.add(_film("babel", "Babel"))
        assert await read(_titles) == ["Arrival", "Babel"]
    finally:
        reads.close()
        await engine.dispose()


async def test_an_inline_read_cannot_write(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'e.db'}")
    await migrate(engine)
    reads = Reads(engine)

    def write(connection: Connection) -> None:
        connection.execute(text("DELETE FROM films"))

    try:
        with pytest.raises(OperationalError, match="readonly database"):
            await reads(write)
    finally:
        reads.close()
        await engine.dispose()


async def test_an_in_memory_database_is_read_through_its_one_engine() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    await migrate(engine)
    reads = Reads(engine)
    try:
        assert not reads.inline  # a second connection would open another, empty database
        async with session_factory(engine)() as session, session.begin():
            session.add(_film("coda", "Coda"))
        assert await reads(_titles) == ["Coda"]
    finally:
        reads.close()
        await engine.dispose()


async def test_a_locked_inline_read_is_read_again_by_the_async_engine(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'e.db'}"
    engine = create_engine(url)
    await migrate(engine)
    await _store_film(url, "Dune")
    reads = Reads(engine)
    drivers: list[str] = []

    def locked_inline(connection: Connection) -> list[str]:
        drivers.append(connection.dialect.driver)
        if connection.dialect.driver == "pysqlite":
            raise OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked"))
        return _titles(connection)

    def broken(connection: Connection) -> None:
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: nope"))

    try:
        assert await reads(locked_inline) == ["Dune"]
        assert drivers == ["pysqlite", "aiosqlite"]
        assert await reads.in_thread(locked_inline) == ["Dune"]
        assert drivers[2:] == ["pysqlite", "aiosqlite"]
        with pytest.raises(OperationalError, match="no such table"):
            await reads(broken)  # not a lock: said as it is, not tried again
        with pytest.raises(OperationalError, match="no such table"):
            await reads.in_thread(broken)
    finally:
        reads.close()
        await engine.dispose()


async def test_inline_reads_keep_their_connection_and_see_each_commit(tmp_path: Path) -> None:
    """Reads on the event loop take no connection from the pool per read (a checkout and
    its return cost a fifth of a film's read), yet each sees what was committed before it."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'e.db'}"
    engine = create_engine(url)
    await migrate(engine)
    reads = Reads(engine)
    checkouts: list[object] = []
    assert reads._inline is not None
    event.listen(reads._inline, "checkout", lambda *args: checkouts.append(args[0]))

    def failing(connection: Connection) -> None:
        raise RuntimeError("a read that fails")

    try:
        assert await reads(_titles) == []
        for title in ("Arrival", "Babel", "Coda"):
            await _store_film(url, title)
            assert (await reads(_titles))[-1] == title
        assert len(checkouts) == 1
        with pytest.raises(RuntimeError):
            await reads(failing)
        assert await reads(_titles) == ["Arrival", "Babel", "Coda"]
        assert len(checkouts) == 2  # the failed read's connection was not kept
    finally:
        reads.close()
        await engine.dispose()


async def test_a_one_row_read_sees_each_commit_and_holds_no_transaction(tmp_path: Path) -> None:
    """``row_at_once`` (a first answer's stored render) reads one statement by itself: what
    was committed before it, with no transaction left open on the kept connection."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'e.db'}"
    engine = create_engine(url)
    await migrate(engine)
    reads = Reads(engine)
    statement = "SELECT title, year FROM films WHERE slug = ?"
    try:
        assert reads.row_at_once(statement, ("arrival",)) is None
        await _store_film(url, "Arrival")
        assert reads.row_at_once(statement, ("arrival",)) == ("Arrival", 2000)
        (held,) = reads._held.values()
        assert not held.connection.driver_connection.in_transaction  # type: ignore[union-attr]
        assert await reads(_titles) == ["Arrival"]  # the kept connection reads on as before
    finally:
        reads.close()
        await engine.dispose()


async def test_a_one_row_read_of_an_in_memory_database_is_read_later() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    await migrate(engine)
    reads = Reads(engine)
    try:
        with pytest.raises(ReadLater):
            reads.row_at_once("SELECT title FROM films", ())
    finally:
        reads.close()
        await engine.dispose()
