"""Topic answers rendered when a film is stored, read back by a first answer in one row.

A first ``/film ending`` read the topic's sections, built its document, rendered it and cut it
into pages: most of its CPU, and the same work for every reader with the same treatment. What
does not depend on the reader is done when the film is stored instead (``store_renders``,
called by the content loader in the storing transaction): for each topic of
``STORED_TOPICS``, its pages for the treatments that show text (``STORED_TREATMENTS``: wrapped
in a standard channel, open in a spoiler channel, to an opted-in reader or on Reveal), whether
it holds a spoiler, and its document (only other treatments need it, and they render it as
before; not compressed: zlib on the project's machines took longer than rendering a page). A
first answer then reads one row by its key (``read_topic_answer``).

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
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, insert, select
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
FORMAT = 1
"""The row body's layout (``render_body``): raise it when the layout changes."""


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
    """A topic's stored answer: what ``TopicText`` names, and the pages instead of the text."""

    slug: str
    guild_id: int
    content_hash: str
    has_spoilers: bool
    title: str
    pages: dict[Treatment, tuple[str, ...]]
    packed_document: bytes

    def is_version(self, guild_id: int, slug: str) -> bool:
        return (self.guild_id, self.slug) == (guild_id, slug)

    def document(self) -> Document:
        """The topic's document as ``topic_document`` built it when the film was stored."""
        return _unpack_document(self.packed_document)

    def without_pages(self) -> StoredTopic:
        """This answer less its pages (kept elsewhere once read): its document stays packed."""
        return replace(self, pages={})


def render_body(film: FilmText, topic: Topic) -> bytes | None:
    """The stored row's body for ``topic`` of ``film``, or None when it has none to show."""
    try:
        document = topic_document(film, topic, film_levels=lambda: film.citation_levels)
    except NotFound:
        return None
    if document.empty:
        return None
    pages = {t.value: tuple(render_pages(document, plan)) for t, plan in _PLANS.items()}
    return marshal.dumps((document.has_spoilers, document.title, pages, _pack_document(document)))


def _pack_document(document: Document) -> bytes:
    return marshal.dumps(
        (
            document.title,
            tuple((block.text, block.level.value, block.heading) for block in document.blocks),
            tuple(
                (s.number, s.author, s.outlet, s.title, s.url, s.level.value)
                for s in document.sources
            ),
        )
    )


def _unpack_document(packed: bytes) -> Document:
    title, blocks, sources = marshal.loads(packed)
    return Document(
        title,
        tuple(Block(text, SpoilerLevel(level), heading) for text, level, heading in blocks),
        tuple(
            CitedSource(number, author, outlet, source_title, url, SpoilerLevel(level))
            for number, author, outlet, source_title, url, level in sources
        ),
    )


_TREATMENTS = {treatment.value: treatment for treatment in Treatment}


def _stored_topic(row: Sequence[Any]) -> StoredTopic:
    slug, guild_id, content_hash, body = row
    has_spoilers, title, pages, packed = marshal.loads(body)
    return StoredTopic(
        slug,
        guild_id,
        content_hash,
        has_spoilers,
        title,
        {_TREATMENTS[name]: shown for name, shown in pages.items()},
        packed,
    )


_STORED_ROW = (
    select(Film.slug, Film.guild_id, Film.content_hash, FilmRender.body)
    .select_from(Film)
    .join(
        FilmRender,
        and_(
            FilmRender.film_id == Film.id,
            FilmRender.topic == bindparam("topic"),
            FilmRender.content_hash == Film.content_hash,
            FilmRender.renderer == bindparam("renderer"),
        ),
    )
    .where(Film.id == bindparam("film_id"))
)
_COMPILED = _STORED_ROW.compile(dialect=sqlite.dialect())
_STORED_ROW_SQLITE = str(_COMPILED)
"""The same for ``sqlite3`` straight (as ``film_text`` reads a first answer on SQLite)."""
_SQLITE_ORDER = tuple(_COMPILED.positiontup or ())  # the parameters' names, in ``?`` order


def read_topic_answer(
    connection: Connection, film_id: int, topic: Topic, question: int | None = None
) -> StoredTopic | TopicText | None:
    """A first answer's read: the topic's stored answer when there is one for the film's
    content as stored now and for this renderer; else ``read_topic_text``, in the same
    transaction."""
    if topic in STORED_TOPICS and question is None:
        parameters = {"topic": topic.value, "renderer": renderer_key(), "film_id": film_id}
        if connection.dialect.driver == "pysqlite":
            driver = connection.connection.driver_connection
            assert driver is not None
            values = tuple(parameters[name] for name in _SQLITE_ORDER)
            row = driver.execute(_STORED_ROW_SQLITE, values).fetchone()
        else:
            row = connection.execute(_STORED_ROW, parameters).first()
        if row is not None:
            return _stored_topic(row)
    return read_topic_text(connection, film_id, topic, question)


def store_renders(connection: Connection, film_ids: Iterable[int]) -> int:
    """Render and store the ``STORED_TOPICS`` of these films as stored now (read back in the
    caller's transaction, as answers read them), replacing their rows; the rows written."""
    ids = sorted(set(film_ids))
    if not ids:
        return 0
    key = renderer_key()
    written = 0
    for start in range(0, len(ids), _READ_AT_ONCE):
        chunk = ids[start : start + _READ_AT_ONCE]
        films = read_film_texts(connection, chunk)
        connection.execute(delete(FilmRender).where(FilmRender.film_id.in_(chunk)))
        rows = [
            {
                "film_id": film.id,
                "topic": topic.value,
                "content_hash": film.content_hash,
                "renderer": key,
                "body": body,
            }
            for film in films.values()
            for topic in STORED_TOPICS
            if (body := render_body(film, topic)) is not None
        ]
        if rows:
            connection.execute(insert(FilmRender), rows)
            written += len(rows)
    return written


_READ_AT_ONCE = 200
"""Films read back and rendered per statement (an ``IN`` list SQLite and asyncpg both take)."""


def films_to_render(connection: Connection) -> list[int]:
    """Films with a topic of ``STORED_TOPICS`` whose row is missing, or names other content or
    another renderer (stored before this code, or by older code)."""
    kinds = [kind.value for topic in STORED_TOPICS for kind in topic.kinds]
    current = exists().where(
        FilmRender.film_id == Film.id,
        FilmRender.topic.in_([topic.value for topic in STORED_TOPICS]),
        FilmRender.content_hash == Film.content_hash,
        FilmRender.renderer == renderer_key(),
    )
    shown = exists().where(Section.film_id == Film.id, Section.kind.in_(kinds))
    return list(connection.scalars(select(Film.id).where(shown, ~current).order_by(Film.id)).all())


def refresh_renders(connection: Connection) -> int:
    """``store_renders`` for every film of ``films_to_render``; the rows written."""
    return store_renders(connection, films_to_render(connection))
