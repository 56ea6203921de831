"""``INSERT … ON CONFLICT`` in the database's own dialect, and "did this statement change a row".

Writes that may race (two moderators, four clicks of one button) are single statements that the
database settles: an insert that finds the row already there does nothing or updates it, and a
conditional update (``WHERE stored IS DISTINCT FROM new``) reports through RETURNING whether it
changed anything. Whether a change happened is read from the statement's result, never from a
read before the write, which a concurrent writer can make stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import or_
from sqlalchemy.dialects import sqlite

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.engine import Dialect
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
    from sqlalchemy.sql.dml import ReturningInsert


def dialect_of(target: AsyncSession | AsyncConnection) -> Dialect:
    bind = target.get_bind() if hasattr(target, "get_bind") else target
    return bind.dialect


def insert(
    target: AsyncSession | AsyncConnection, table: Table
) -> sqlite.Insert | postgresql.Insert:
    """An INSERT for ``table`` offering ``on_conflict_do_update`` and ``on_conflict_do_nothing``."""
    name = dialect_of(target).name
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        # Imported here: a tenth of a second of start time that a SQLite bot never needs.
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    raise NotImplementedError(
        f"Epilogue stores data in SQLite or PostgreSQL, not {name}: set database.url to a"
        " sqlite+aiosqlite:// or postgresql+asyncpg:// URL."
    )


def changed(
    session: AsyncSession,
    table: Table,
    row: dict[str, object],
    *,
    key: tuple[str, ...],
    changing: tuple[str, ...],
    along: tuple[str, ...] = (),
) -> ReturningInsert[tuple[object, ...]]:
    """Insert ``row``, or update its ``changing`` columns where they differ; a row comes back
    exactly when something was written. ``along``: columns written with them, whose change
    alone writes nothing (what the row knows of its subject, not a change anyone made)."""
    statement = insert(session, table).values(row)
    differs = or_(*(table.c[name].is_distinct_from(statement.excluded[name]) for name in changing))
    return statement.on_conflict_do_update(
        index_elements=[table.c[name] for name in key],
        set_={name: statement.excluded[name] for name in (*changing, *along)},
        where=differs,
    ).returning(*(table.c[name] for name in key))
