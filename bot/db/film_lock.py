"""A film's stored version, read under a lock every other such read of it waits for.

A change an admin made on a version they were shown (an edit form opened on it) is saved only
if the film is still that version when it is written: two saves at once must not both find it
so, as they did when the version was checked in memory, each told ✅ and the later text
replacing the earlier without a word. The check and the write share one transaction, and the
lock is taken as its first statement: PostgreSQL, an advisory lock of the transaction for this
film (scope and slug; none of the database-wide lock's key space, so an import does not hold it);
SQLite, its one write lock, taken by a write first (a read first would pin an older snapshot,
and the write after it fail as "database is locked" once another writer had committed).
"""

from __future__ import annotations

from sqlalchemy import false, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Film


async def locked_version(session: AsyncSession, guild_id: int, slug: str) -> str | None:
    """The content hash stored for the film ``slug`` in ``guild_id``'s scope (None: no such
    film), locked until ``session``'s transaction ends; the transaction's first statement."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('epilogue film'), hashtext(:film))"),
            {"film": f"{guild_id}:{slug}"},
        )
    else:
        await session.execute(update(Film).where(false()).values(slug=Film.slug))
    return await session.scalar(
        select(Film.content_hash).where(Film.guild_id == guild_id, Film.slug == slug)
    )
