"""Topic answers rendered when a film is stored, read back by a first answer in one row.

A first ``/film ending`` read the topic's sections, built its document, rendered it and cut it
into pages: most of its CPU, and the same work for every reader with the same treatment. What
does not depend on the reader is done when the film is stored instead (``store_renders``,
called by the content loader in the storing transaction): for each topic of
``STORED_TOPICS``, its pages for the treatments that show text (``STORED_TREATMENTS``: wrapped
in a standard channel, open in a spoiler channel, to an opted-in reader or on Reveal), whether
it holds a spoiler, and its document (only other treatments need it, and they render it as
before; not compressed: zlib on the project's machines took longer than rendering a page). A
first answer then reads one row by its key: the pages of the one treatment it shows
(``read_stored_part``), not the other treatment's pages nor the document.

Each topic is stored as rows of their own (``part_name``), written together: ``ending`` holds
whether the text holds a spoiler, its title and its document; ``ending:wrap`` and
``ending:show`` hold the spoiler flag, the title and that treatment's pages. A first answer
needs about a third of the three (one treatment's pages), and reading, decoding and keeping
the whole was most of what a first answer's read cost.

A row is used only while it names both the film's stored content (``content_hash``) and the
code that renders (``renderer_key``: a digest of the renderer's modules, Python's version and
the row format). Changed content, or a renderer changed by an upgrade, makes it invisible, never
wrong: the answer is read and rendered as before, and ``epilogue import`` renders the rows
again (``refresh_renders``). Rows go with their film (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, func, insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection

from bot.db.models import Film, FilmRender, Section
from bot.errors import NotFound
from bot.features.film.documents import Block, CitedSource, Document, Topic, topic_document
from bot.features.film.film_text import FilmText, TopicText, read_film_texts, read_topic_text
from bot.features.film.render import render_pages
from bot.levels import SpoilerLevel
from bot.spoiler_policy.markup import Treatment
from bot.spoiler_policy.policy import Audience, Plan

STORED_TOPICS = (Topic.ENDING,)
"""Topics rendered when a film is stored: the one asked about most (``/film ending``). The
others are rendered when first asked, as before."""
STORED_TREATMENTS = (Treatment.WRAP, Treatment.SHOW)
"""Treatments whose pages are stored. Their pages do not depend on a plan's pointer (it shows
only where text is withheld), so one render serves every reader with that treatment."""

RENDERER_MODULES = (
    "bot.content.schema",
    "bot.features.film.documents",
    "bot.features.film.film_text",
    "bot.features.film.render",
    "bot.features.film.stored_renders",
    "bot.labels",
    "bot.levels",
    "bot.spoiler_policy.chunking",
    "bot.spoiler_policy.markup",
    "bot.spoiler_policy.policy",
)
"""Every module of the bot whose code a stored render's pages and document come from (a test
records the functions a render runs and keeps this list complete; constants count too:
``bot.content.schema`` gives the footnote pattern)."""
FORMAT = 2
"""The rows' layout (``render_rows``): raise it when the layout changes (2: a row per
treatment's pages and one for the document, where 1 held them all in one)."""


@cache
def renderer_key() -> str:
    """A digest of what rendered pages depend on besides the content: the renderer's modules
    as installed (their source, or their bytecode where only that ships), Python's version
    (its regular expressions and Unicode tables), the marshal format, ``FORMAT`` and the
    schema's head."""
    digest = hashlib.sha256()
    for name in RENDERER_MODULES:
        module = importlib.import_module(name)
        path = module.__file__
        assert path is not None, name
        with open(path, "rb") as file:
            digest.update(name.encode() + b"\0" + file.read() + b"\0")
    # The schema's head too: a migration may mend stored content in place (as 0013 took the
    # barred words out of titles) without changing its hash; a row rendered before it would
    # still show what it mended.
    from bot.db import engine

    versions = (
        sys.version,
        unicodedata.unidata_version,
        marshal.version,
        FORMAT,
        engine.SCHEMA_HEAD,
    )
    digest.update(repr(versions).encode())
    return digest.hexdigest()


_PLANS = {treatment: Plan(Audience.PUBLIC, treatment) for treatment in STORED_TREATMENTS}


@dataclass(frozen=True)
class StoredTopic:
    """A topic's stored answer, or the part of it read: what ``TopicText`` names, the pages of
    the treatments read, and the document when its row was read."""

    slug: str
    guild_id: int
    content_hash: str
    has_spoilers: bool
    title: str
    pages: dict[Treatment, tuple[str, ...]]
    packed_document: tuple[Any, ...] | None
    """The document as stored (``document``), or None: its row was not read."""

    def is_version(self, guild_id: int, slug: str) -> bool:
        return (self.guild_id, self.slug) == (guild_id, slug)

    def document(self) -> Document:
        """The topic's document as ``topic_document`` built it when the film was stored."""
        if self.packed_document is None:
            raise ValueError("this stored answer was read without its document")
        return _unpack_document(self.packed_document)


def part_name(topic: Topic, treatment: Treatment | None) -> str:
    """The row (``FilmRender.topic``) holding ``treatment``'s pages of ``topic``, or with
    None its document: ``ending``, ``ending:wrap``, ``ending:show``."""
    return topic.value if treatment is None else f"{topic.value}:{treatment.value}"


def _part_names(topic: Topic) -> tuple[str, ...]:
    return (part_name(topic, None), *(part_name(topic, t) for t in STORED_TREATMENTS))


def render_rows(film: FilmText, topic: Topic) -> dict[str, bytes] | None:
    """The stored rows' bodies for ``topic`` of ``film`` by row name (``part_name``), or None
    when it has nothing to show."""
    try:
        document = topic_document(film, topic, film_levels=lambda: film.citation_levels)
    except NotFound:
        return None
    if document.empty:
        return None
    head = (document.has_spoilers, document.title)
    rows = {part_name(topic, None): marshal.dumps((*head, _pack_document(document)))}
    for treatment, plan in _PLANS.items():
        pages = tuple(render_pages(document, plan))
        rows[part_name(topic, treatment)] = marshal.dumps((*head, pages))
    return rows


def _pack_document(document: Document) -> tuple[Any, ...]:
    return (
        document.title,
        tuple((block.text, block.level.value, block.heading) for block in document.blocks),
        tuple(
            (s.number, s.author, s.outlet, s.title, s.url, s.level.value) for s in document.sources
        ),
    )


def _unpack_document(packed: tuple[Any, ...]) -> Document:
    title, blocks, sources = packed
    return Document(
        title,
        tuple(Block(text, SpoilerLevel(level), heading) for text, level, heading in blocks),
        tuple(
            CitedSource(number, author, outlet, source_title, url, SpoilerLevel(level))
            for number, author, outlet, source_title, url, level in sources
        ),
    )


_TREATMENTS = {treatment.value: treatment for treatment in Treatment}


def stored_part(row: Sequence[Any], treatment: Treatment | None) -> StoredTopic:
    """A row read by ``read_stored_part``: ``treatment``'s pages, or with None the document."""
    slug, guild_id, content_hash, body = row[:4]
    has_spoilers, title, held = marshal.loads(body)
    if treatment is None:
        return StoredTopic(slug, guild_id, content_hash, has_spoilers, title, {}, held)
    return StoredTopic(slug, guild_id, content_hash, has_spoilers, title, {treatment: held}, None)


def _stored_topic(rows: Sequence[Sequence[Any]], topic: Topic) -> StoredTopic | None:
    """Every row of ``topic`` read at once (``read_topic_answer``) as one answer; None when
    its document's row is not among them."""
    parts = {row[4]: row for row in rows}
    document = parts.get(part_name(topic, None))
    if document is None:
        return None
    whole = stored_part(document, None)
    for treatment in STORED_TREATMENTS:
        if (row := parts.get(part_name(topic, treatment))) is not None:
            whole.pages.update(stored_part(row, treatment).pages)
    return whole


def _stored_rows(name: Any) -> Any:
    """Rows of a film's stored parts, current for its content as stored now and this renderer:
    ``name`` the row names' condition."""
    return (
        select(Film.slug, Film.guild_id, Film.content_hash, FilmRender.body, FilmRender.topic)
        .select_from(Film)
        .join(
            FilmRender,
            and_(
                FilmRender.film_id == Film.id,
                name,
                FilmRender.content_hash == Film.content_hash,
                FilmRender.renderer == bindparam("renderer"),
            ),
        )
        .where(Film.id == bindparam("film_id"))
    )


_STORED_ROW = _stored_rows(FilmRender.topic == bindparam("topic"))
_COMPILED = _STORED_ROW.compile(dialect=sqlite.dialect())
_STORED_ROW_SQLITE = str(_COMPILED)
"""One part's row, for ``sqlite3`` straight (as a first answer reads on SQLite)."""
_SQLITE_ORDER = tuple(_COMPILED.positiontup or ())  # the parameters' names, in ``?`` order
_STORED_TOPIC = _stored_rows(FilmRender.topic.in_(bindparam("names", expanding=True)))


def stored_part_parameters(film_id: int, topic: Topic, treatment: Treatment | None) -> tuple:
    """``_STORED_ROW_SQLITE``'s parameters for that part of the film's topic."""
    named = {"topic": part_name(topic, treatment), "renderer": renderer_key(), "film_id": film_id}
    return tuple(named[name] for name in _SQLITE_ORDER)


def read_topic_answer(
    connection: Connection, film_id: int, topic: Topic, question: int | None = None
) -> StoredTopic | TopicText | None:
    """A first answer's read: the topic's stored answer (every part) when there is one for the
    film's content as stored now and for this renderer; else ``read_topic_text``, in the same
    transaction."""
    if topic in STORED_TOPICS and question is None:
        parameters = {"names": list(_part_names(topic)), "renderer": renderer_key()}
        rows = connection.execute(_STORED_TOPIC, {**parameters, "film_id": film_id}).all()
        if (whole := _stored_topic([tuple(row) for row in rows], topic)) is not None:
            return whole
    return read_topic_text(connection, film_id, topic, question)


def store_renders(connection: Connection, film_ids: Iterable[int]) -> int:
    """Render and store the ``STORED_TOPICS`` of these films as stored now (read back in the
    caller's transaction, as answers read them), replacing their rows; the film topics
    rendered (each a row per ``part_name``)."""
    ids = sorted(set(film_ids))
    if not ids:
        return 0
    key = renderer_key()
    written = 0
    for start in range(0, len(ids), _READ_AT_ONCE):
        chunk = ids[start : start + _READ_AT_ONCE]
        films = read_film_texts(connection, chunk)
        connection.execute(delete(FilmRender).where(FilmRender.film_id.in_(chunk)))
        rendered = [
            (film, parts)
            for film in films.values()
            for topic in STORED_TOPICS
            if (parts := render_rows(film, topic)) is not None
        ]
        rows = [
            {
                "film_id": film.id,
                "topic": name,
                "content_hash": film.content_hash,
                "renderer": key,
                "body": body,
            }
            for film, parts in rendered
            for name, body in parts.items()
        ]
        if rows:
            connection.execute(insert(FilmRender), rows)
        written += len(rendered)
    return written


_READ_AT_ONCE = 200
"""Films read back and rendered per statement (an ``IN`` list SQLite and asyncpg both take)."""


def films_to_render(connection: Connection) -> list[int]:
    """Films with a topic of ``STORED_TOPICS`` one of whose rows (``part_name``: the document
    and each treatment's pages) is missing, or names other content or another renderer
    (stored before this code, or by older code)."""
    kinds = [kind.value for topic in STORED_TOPICS for kind in topic.kinds]
    names = [name for topic in STORED_TOPICS for name in _part_names(topic)]
    current = (
        select(func.count())
        .where(
            FilmRender.film_id == Film.id,
            FilmRender.topic.in_(names),
            FilmRender.content_hash == Film.content_hash,
            FilmRender.renderer == renderer_key(),
        )
        .scalar_subquery()
    )
    shown = exists().where(Section.film_id == Film.id, Section.kind.in_(kinds))
    films = select(Film.id).where(shown, current < len(names)).order_by(Film.id)
    return list(connection.scalars(films).all())


def refresh_renders(connection: Connection) -> int:
    """``store_renders`` for every film of ``films_to_render``; the film topics rendered."""
    return store_renders(connection, films_to_render(connection))
