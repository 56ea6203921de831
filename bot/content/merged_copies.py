"""The copies migration 0027 merged away, written back out as content files.

0027 merges a server's copies of a film that read as one film (a look-alike letter in a title)
and keeps each copy it removes whole, in ``merged_copies``, with an entry in the server's audit
log. ``epilogue merged-copies FOLDER`` writes them here; ``/film-admin import`` loads one back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import MergedCopy


@dataclass(frozen=True)
class WrittenCopy:
    path: Path
    guild_id: int
    title: str
    year: int
    merged_into: str


class FilesInTheWay(Exception):
    """A file a kept copy would be written to exists already: nothing was written."""


def file_name(copy: MergedCopy) -> str:
    """One name per kept copy: the copies merged in one server all read as one work."""
    return f"{copy.guild_id}-{copy.merged_into[:90]}-copy-{copy.id}.yaml"


async def kept_copies(engine: AsyncEngine, guild_id: int | None = None) -> list[MergedCopy]:
    """Every kept copy, or one server's (``guild_id``), in the order they were kept."""
    table = MergedCopy.__table__
    query = select(table).order_by(table.c.guild_id, table.c.id)
    if guild_id is not None:
        query = query.where(table.c.guild_id == guild_id)
    async with engine.connect() as connection:
        return [MergedCopy(**row) for row in (await connection.execute(query)).mappings()]


def write_copies(
    copies: list[MergedCopy], folder: Path, *, force: bool = False
) -> list[WrittenCopy]:
    """Each copy as a content file in ``folder``; none written if one would replace a file."""
    targets = [(copy, folder / file_name(copy)) for copy in copies]
    in_the_way = [path for _, path in targets if path.exists()]
    if in_the_way and not force:
        raise FilesInTheWay(
            f"{in_the_way[0]} exists already ({len(in_the_way)} file(s) in the way): nothing was"
            " written; choose another folder, or add --force to replace them"
        )
    if targets:
        folder.mkdir(parents=True, exist_ok=True)
    written = []
    for copy, path in targets:
        path.write_text(copy.content, encoding="utf-8")
        written.append(WrittenCopy(path, copy.guild_id, copy.title, copy.year, copy.merged_into))
    return written
