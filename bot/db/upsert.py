"""``INSERT … ON CONFLICT`` in the database's own dialect, and "did this statement change a row".

Writes that may race (two moderators, four clicks of one button) are single statements that the
database settles: an insert that finds the row already there does nothing or updates it, and a
conditional update (``WHERE stored IS DISTINCT FROM new``) reports through RETURNING whether it
changed anything. Whether a change happened is read from the statement's result, never from a
read before the write, which a concurrent writer can make stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.dialects import postgresql, sqlite

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Dialect
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


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
        return postgresql.insert(table)
    raise NotImplementedError(
        f"Epilogue stores data in SQLite or PostgreSQL, not {name}: set database.url to a"
        " sqlite+aiosqlite:// or postgresql+asyncpg:// URL."
    )
