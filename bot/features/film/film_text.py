"""A film's stored texts as plain values, read in two plain-column queries.

Answers and search results need text, levels and order, not ORM objects: building
``Film``/``Section``/``Item`` objects with their relationships was most of what a first answer
cost. The whole film is read at once (a few rows) where every text is needed (the card, search
results), and ``FilmAnswers`` keeps it per content revision; a topic's answer reads that
topic's sections only (``read_topic_text``). The reads
take a synchronous connection: ``bot.db.reads`` runs them on the event loop for a SQLite file
(a read there costs less than handing it to a thread) and through the async engine elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Text, and_, bindparam, case, literal_column, null, select, type_coerce
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection

from bot.db.models import Film, Item, Section, Source
from bot.features.film.documents import Document, Topic, film_citation_levels, topic_document
from bot.levels import SectionKind, SpoilerLevel


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

    id: int
    slug: str
    title: str
    year: int
    aliases: tuple[str, ...]
    director: str | None
    cast: tuple[str, ...]
    content_hash: str
    synopsis: str
    sections: tuple[SectionText, ...]
    sources: tuple[SourceText, ...]
    release_date: dt.date | None = None
    guild_id: int = 0  # the server whose own version this is (0: global)

    def is_version(self, guild_id: int, slug: str) -> bool:
        """Whether this is that server's version of that work: a row id alone says nothing
        once the row is gone (SQLite gives a new row the id of the last one deleted)."""
        return (self.guild_id, self.slug) == (guild_id, slug)

    @cached_property
    def citation_levels(self) -> dict[int, SpoilerLevel]:
        """Each source's level from every text of the film that cites it (worked out once)."""
        return film_citation_levels(self)


_FILM_FIELDS = (
    Film.id,
    Film.slug,
    Film.title,
    Film.year,
    # As stored, decoded once per film below rather than once per row of the join.
    type_coerce(Film.aliases, Text),
    Film.director,
    type_coerce(Film.cast, Text),
    Film.content_hash,
    Film.synopsis,
    Film.release_date,
    Film.guild_id,
)
_LEAST_LEVELS = [
    (kind.value, kind.least_level.value)
    for kind in SectionKind
    if kind.least_level is not SpoilerLevel.NONE
]


def level_as_read(level: Any) -> Any:
    """``level`` (a section's, or an item's of it) as it is read: ``none`` in a recap, a
    quick answer, an ending or a final shot read as the least their kind tells (``plot``,
    ``ending``). Content is refused with one (``schema``), but a film stored before was
    posted in the open and found by search; unchanged files are not loaded again."""
    # Literals, not parameters: the first answer's statements run as compiled, with one ``?``.
    is_none = level == literal_column(f"'{SpoilerLevel.NONE.value}'")
    return case(
        *(
            (
                and_(Section.kind == literal_column(f"'{kind}'"), is_none),
                literal_column(f"'{least}'"),
            )
            for kind, least in _LEAST_LEVELS
        ),
        else_=level,
    )


_SECTION_FIELDS = (
    Section.id,
    Section.kind,
    level_as_read(Section.level),
    Section.heading,
    Section.heading_level,
    Section.body,
    Item.id,
    Item.heading,
    Item.heading_level,
    level_as_read(Item.level),
    Item.body,
)
_FILM_COLUMNS = (
    select(*_FILM_FIELDS, *_SECTION_FIELDS)
    .select_from(Film)
    .outerjoin(Section, Section.film_id == Film.id)
    .outerjoin(Item, Item.section_id == Section.id)
    .order_by(Film.id, Section.position, Item.position)
)
_SOURCE_COLUMNS = select(
    Source.film_id, Source.number, Source.author, Source.outlet, Source.title, Source.url
).order_by(Source.film_id, Source.number)
# Built once: building a statement costs more than SQLite takes to run it. One film (a first
# answer) has statements of its own: expanding an IN list is redone at every execution.
_FILM_ROWS = _FILM_COLUMNS.where(Film.id.in_(bindparam("film_ids", expanding=True)))
_SOURCE_ROWS = _SOURCE_COLUMNS.where(Source.film_id.in_(bindparam("film_ids", expanding=True)))
_ONE_FILM_ROWS = _FILM_COLUMNS.where(Film.id == bindparam("film_id"))
_ONE_FILM_SOURCE_ROWS = _SOURCE_COLUMNS.where(Source.film_id == bindparam("film_id"))
# Where each part sits in a row of _FILM_ROWS: the film, then its sections' part.
_FILM = slice(0, len(_FILM_FIELDS))
_SECTION_PART = len(_FILM_FIELDS)
# Where each part sits in a row's sections' part.
_SECTION_ID, _SECTION = 0, slice(1, 6)
_ITEM_ID, _ITEM = 6, slice(7, 11)


def _sqlite(statement: Any) -> str:
    return str(statement.compile(dialect=sqlite.dialect()))


_ONE_FILM_SQLITE = _sqlite(select(*_FILM_FIELDS).where(Film.id == bindparam("film_id")))
_ONE_FILM_SECTIONS_SQLITE = _sqlite(
    select(*_SECTION_FIELDS)
    .select_from(Section)
    .outerjoin(Item, Item.section_id == Section.id)
    .where(Section.film_id == bindparam("film_id"))
    .order_by(Section.position, Item.position)
)
_ONE_FILM_SOURCE_SQLITE = _sqlite(_ONE_FILM_SOURCE_ROWS)
"""A first answer's read as SQLite runs it, each statement with its one ``?``, handed straight
to ``sqlite3``, whose plain-column rows need nothing of SQLAlchemy's result handling (half the
CPU of the read through SQLAlchemy: 0.47 -> 0.28 ms at 10,000 films). The film's own columns
are read once, apart from its sections: in the join they came again with every section and
item row, and SQLite sorted them all (0.104 -> 0.071 ms of SQL per film at 10,000 films)."""


def read_film_text(connection: Connection, film_id: int) -> FilmText | None:
    """The film's texts as stored now, or None if there is no such film (``bot.db.reads``)."""
    if connection.dialect.driver == "pysqlite":  # the inline read of a SQLite file
        driver = connection.connection.driver_connection
        assert driver is not None
        film = driver.execute(_ONE_FILM_SQLITE, (film_id,)).fetchone()
        if film is None:
            return None
        return _film_text(
            film,
            _section_texts(driver.execute(_ONE_FILM_SECTIONS_SQLITE, (film_id,)).fetchall()),
            driver.execute(_ONE_FILM_SOURCE_SQLITE, (film_id,)).fetchall(),
        )
    parameters = {"film_id": film_id}
    return _film_texts(
        connection.execute(_ONE_FILM_ROWS, parameters).all(),
        lambda: connection.execute(_ONE_FILM_SOURCE_ROWS, parameters).all(),
    ).get(film_id)


@dataclass(frozen=True)
class TopicText:
    """One topic's document as stored now, with what names the film version it was read from."""

    slug: str
    guild_id: int
    content_hash: str
    document: Document
    whole: FilmText | None = None
    """The whole film, when it was read too (its sources needed it, or the async engine
    reads every film whole): worth keeping for the film's other topics."""

    def is_version(self, guild_id: int, slug: str) -> bool:
        return (self.guild_id, self.slug) == (guild_id, slug)


_TOPIC_FILM_FIELDS = (
    Film.id,
    Film.slug,
    Film.title,
    Film.year,
    # Nulls where no topic shows the column (the card's): the JSON lists decoded for every
    # first answer were a tenth of its read, and the synopsis is a text to copy.
    null().label("aliases"),
    null().label("director"),
    null().label("cast"),
    Film.content_hash,
    null().label("synopsis"),
    null().label("release_date"),
    Film.guild_id,
)
assert len(_TOPIC_FILM_FIELDS) == len(_FILM_FIELDS)  # read by position, as _FILM_FIELDS
_ONE_FILM_FOR_TOPIC_SQLITE = _sqlite(
    select(*_TOPIC_FILM_FIELDS).where(Film.id == bindparam("film_id"))
)
"""``_ONE_FILM_SQLITE`` for a topic's answer (``read_topic_text``): its title, year and what
names the version, without the card's aliases, director, cast, synopsis and release date."""


def _topic_sections_sqlite(topic: Topic) -> str:
    kinds = ", ".join(f"'{kind.value}'" for kind in topic.kinds)  # SectionKind values: fixed
    where = "WHERE sections.film_id = ?"
    assert where in _ONE_FILM_SECTIONS_SQLITE
    return _ONE_FILM_SECTIONS_SQLITE.replace(where, f"{where} AND sections.kind IN ({kinds})")


_TOPIC_SECTIONS_SQLITE = {topic: _topic_sections_sqlite(topic) for topic in Topic}
"""A topic's own sections of one film (``ix_sections_film_kind``): an ending's answer reads its
ending, final shot and notes, not the recap, themes and FAQ beside them (about 40% of the CPU of
reading the whole film at 10,000 films)."""


def read_topic_text(
    connection: Connection, film_id: int, topic: Topic, question: int | None = None
) -> TopicText | None:
    """``topic_document`` of the film as stored now, reading only the sections it shows (on a
    SQLite file) and, within the same transaction, the whole film only if a source it lists
    needs the citation levels of every text of the film (``cited_sources``). None: no such
    film, or nothing of that topic (the caller reads the whole film to say what there is)."""
    if connection.dialect.driver != "pysqlite":  # the async engine's reads: the whole film
        film = read_film_text(connection, film_id)
        if film is None:
            return None
        whole: FilmText | None = film
        document = topic_document(film, topic, question, film_levels=lambda: film.citation_levels)
    else:
        driver = connection.connection.driver_connection
        assert driver is not None
        row = driver.execute(_ONE_FILM_FOR_TOPIC_SQLITE, (film_id,)).fetchone()
        if row is None:
            return None
        film = _film_text(
            row,
            _section_texts(driver.execute(_TOPIC_SECTIONS_SQLITE[topic], (film_id,)).fetchall()),
            driver.execute(_ONE_FILM_SOURCE_SQLITE, (film_id,)).fetchall(),
        )

        whole = None

        def whole_film_levels() -> dict[int, SpoilerLevel]:
            # ``film`` holds this topic's sections only (and of the film's own texts, only
            # its title): a source's level is the most revealing of every text in the film
            # that cites it.
            nonlocal whole
            whole = read_film_text(connection, film_id)
            assert whole is not None  # the same transaction read the film above
            return whole.citation_levels

        document = topic_document(film, topic, question, film_levels=whole_film_levels)
    if document.empty:
        return None
    return TopicText(film.slug, film.guild_id, film.content_hash, document, whole)


def read_film_texts(
    connection: Connection, film_ids: Sequence[int], *, sources: bool = True
) -> dict[int, FilmText]:
    """The texts of those of ``film_ids`` stored now, by id.

    Two statements whatever the number of films: the films with their sections and the
    sections' items in one outer join (a row per item, or per section without items), then
    their sources. ``sources=False``: one, each film's ``sources`` left empty (and so its
    ``citation_levels``), for a reader of its passages alone (search results: a sixth of the
    read's CPU).
    """
    return _film_texts(
        connection.execute(_FILM_ROWS, {"film_ids": list(film_ids)}).all(),
        lambda: (
            connection.execute(_SOURCE_ROWS, {"film_ids": list(film_ids)}).all() if sources else ()
        ),
    )


def _film_texts(
    film_rows: Iterable[Sequence[Any]], source_rows: Callable[[], Iterable[Sequence[Any]]]
) -> dict[int, FilmText]:
    """Films from the rows of ``_FILM_COLUMNS``, with the rows of ``_SOURCE_COLUMNS`` (read
    only if there is a film: an unknown id costs one statement)."""
    films: dict[int, tuple[Sequence[Any], list[Sequence[Any]]]] = {}
    for row in film_rows:
        if (film := films.get(row[0])) is None:
            film = films[row[0]] = (row, [])
        film[1].append(row[_SECTION_PART:])
    sources: dict[int, list[Sequence[Any]]] = {film_id: [] for film_id in films}
    for source in source_rows() if films else ():
        if source[0] in sources:
            sources[source[0]].append(source)
    return {
        film_id: _film_text(row, _section_texts(parts), sources[film_id])
        for film_id, (row, parts) in films.items()
    }


def _section_texts(rows: Iterable[Sequence[Any]]) -> tuple[SectionText, ...]:
    """One film's sections from its rows of ``_SECTION_FIELDS`` (a row per item, or per
    section without items; one row of nulls for a film without sections, from the join)."""
    sections: dict[int, tuple[Sequence[Any], list[ItemText]]] = {}
    for row in rows:
        if row[_SECTION_ID] is None:
            continue  # a film without sections: its one row carries the film alone
        section = sections.setdefault(row[_SECTION_ID], (row[_SECTION], []))
        if row[_ITEM_ID] is not None:
            section[1].append(ItemText(*row[_ITEM]))
    return tuple(SectionText(*fields, tuple(items)) for fields, items in sections.values())


def _film_text(
    film: Sequence[Any], sections: tuple[SectionText, ...], sources: Iterable[Sequence[Any]]
) -> FilmText:
    """A film from its row of ``_FILM_FIELDS``, its sections and its rows of sources."""
    (
        film_id,
        slug,
        title,
        year,
        aliases,
        director,
        cast,
        content_hash,
        synopsis,
        released,
        guild_id,
    ) = film[_FILM]
    return FilmText(
        film_id,
        slug,
        title,
        year,
        _strings(aliases),
        director,
        _strings(cast),
        content_hash,
        synopsis or "",
        sections,
        tuple(SourceText(*source[1:]) for source in sources),
        _date(released),
        guild_id,
    )


def _date(stored: str | dt.date | None) -> dt.date | None:
    """A date column: ``sqlite3`` gives SQLAlchemy's stored text, other drivers a date."""
    return dt.date.fromisoformat(stored) if isinstance(stored, str) else stored


def _strings(stored: str | list[str] | None) -> tuple[str, ...]:
    """A JSON list column read as text (a driver that decodes JSON itself gives the list)."""
    if isinstance(stored, str):
        stored = json.loads(stored)
    return tuple(stored or ())
