"""A film's stored texts as plain values, read in four plain-column queries.

Answers need text, levels and order, not ORM objects: building ``Film``/``Section``/``Item``
objects with their relationships was most of what a first answer cost. The whole film is read
at once (a few rows), so every topic of it, and the citation levels of its sources, come from
one read that ``FilmAnswers`` keeps per content revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Film, Item, Section, Source
from bot.features.film.documents import citation_levels, film_blocks
from bot.levels import SpoilerLevel


@dataclass(frozen=True)
class ItemText:
    heading: str
    heading_level: str
    level: str
    body: str


@dataclass(frozen=True)
class SectionText:
    kind: str
    level: str
    heading: str | None
    heading_level: str
    body: str | None
    items: tuple[ItemText, ...]


@dataclass(frozen=True)
class SourceText:
    number: int
    author: str
    outlet: str | None
    title: str
    url: str | None


@dataclass(frozen=True)
class FilmText:
    """What ``bot.features.film.documents`` reads of a film, as the ORM ``Film`` names it."""

    title: str
    year: int
    content_hash: str
    synopsis: str
    sections: tuple[SectionText, ...]
    sources: tuple[SourceText, ...]

    @cached_property
    def citation_levels(self) -> dict[int, SpoilerLevel]:
        """Each source's level from every text of the film that cites it (worked out once)."""
        return citation_levels(film_blocks(self))


async def read_film_text(session: AsyncSession, film_id: int) -> FilmText | None:
    """The film's texts as stored now, or None if there is no such film.

    Two statements: the film with its sections and their items in one outer join (a row per
    item, or per section without items), then its sources. Each statement costs far more than
    the few rows it reads, so fewer beats narrower.
    """
    rows = (
        await session.execute(
            select(
                Film.title,
                Film.year,
                Film.content_hash,
                Film.synopsis,
                Section.id,
                Section.kind,
                Section.level,
                Section.heading,
                Section.heading_level,
                Section.body,
                Item.id,
                Item.heading,
                Item.heading_level,
                Item.level,
                Item.body,
            )
            .select_from(Film)
            .outerjoin(Section, Section.film_id == Film.id)
            .outerjoin(Item, Item.section_id == Section.id)
            .where(Film.id == film_id)
            .order_by(Section.position, Item.position)
        )
    ).all()
    if not rows:
        return None
    sections: dict[int, tuple[tuple[str, str, str | None, str, str | None], list[ItemText]]] = {}
    for row in rows:
        section_id, *section, item_id = row[4:11]
        if section_id is None:
            continue  # a film without sections: its one row carries the film alone
        items = sections.setdefault(section_id, (tuple(section), []))[1]  # type: ignore[arg-type]
        if item_id is not None:
            items.append(ItemText(*row[11:]))
    sources = await session.execute(
        select(Source.number, Source.author, Source.outlet, Source.title, Source.url)
        .where(Source.film_id == film_id)
        .order_by(Source.number)
    )
    title, year, content_hash, synopsis = rows[0][:4]
    return FilmText(
        title,
        year,
        content_hash,
        synopsis or "",
        tuple(SectionText(*fields, tuple(items)) for fields, items in sections.values()),
        tuple(SourceText(*row) for row in sources),
    )
