"""Every copy whose title reads as a film is that film's work; one copy per server stays.

Migration 0026 re-keyed a film whose title reads as another's (a soft hyphen, a look-alike
letter) unless its scope already held a film of that work: then the copy kept its old work, and
the embargo, hide and "seen" mark of the film every reader took it for still missed it (its
ending was posted where the embargo kept spoilers out). And the look-alikes it read were a
list of examples: since red64 a Latin title is read by Unicode's confusables skeleton
(``bot.content.works.work_slug``), so a copy with an Armenian "օ" or a Cherokee "Ꮋ" in its
title is re-keyed now.

A scope holds one film per work (``uq_films_guild_slug``), so copies that read as one film are
merged: the film already under that work stays (the one its rules were set on), or, where none
is, the one loaded last; the others are removed with their sections (``ON DELETE CASCADE``).
Nothing goes silently: each removed copy is kept whole as its content file in the new table
``merged_copies`` (``epilogue merged-copies`` writes them out, ``/film-admin import`` loads one
back) and named in its server's audit log (``/spoiler-rules log``).
The embargoes, hides and "seen" marks of every old work are carried to the new one as 0026
carries them (the later embargo end kept), and kept on the old work too.

Going back drops ``merged_copies`` (refused without --yes-drop-data while it holds a copy) and
keeps the films as merged.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.content.schema import FilmDoc
from bot.content.works import work_slug
from bot.content.yaml_dump import dump_film_yaml
from bot.labels import logged_label
from bot.spoiler_policy.markup import DRAWN_AS_NOTHING

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_MAX_WORK_CHARS = 140
_LOOKALIKES_0026 = str.maketrans(
    "аеорсухіјѕԁԛԝһӏɡսոհАВЕКМНОРСТХУІЈЅԜҮοαινκρυτΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwhlgunhABEKMHOPCTXYIJSWYoaivkputABEZHIKMNOPTYX",
)


def _reading(title: str, year: int, *, since_0026: bool) -> str:
    """``work_slug`` as it read titles before 0026 and from 0026 to here (frozen, as it was)."""
    if since_0026:
        title = DRAWN_AS_NOTHING.sub("", title)
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFKD", title):
        if unicodedata.combining(char):
            continue
        if char.isalnum():
            current.append(char.casefold() if not char.isascii() else char.lower())
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    if since_0026:
        words = [_as_read_0026(word) for word in words]
    name = "-".join(words)
    if not name:
        return ""  # named by a hash of its text, which neither reading changed
    suffix = f"-{year}"
    return name[: _MAX_WORK_CHARS - len(suffix)].rstrip("-") + suffix


def _as_read_0026(word: str) -> str:
    if word.isascii() or not any(char.isascii() for char in word):
        return word
    folded = word.translate(_LOOKALIKES_0026)
    return folded if folded.isascii() else word


def upgrade() -> None:
    op.create_table(
        "merged_copies",
        sa.Column("id", ID, primary_key=True),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("merged_into", sa.String(140), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("merged_at", sa.DateTime, nullable=False),
    )
    bind = op.get_bind()
    films = sa.table(
        "films",
        sa.column("id", sa.Integer),
        sa.column("guild_id", sa.BigInteger),
        sa.column("slug", sa.String),
        sa.column("title", sa.String),
        sa.column("year", sa.Integer),
        sa.column("loaded_at", sa.DateTime),
    )
    rows = bind.execute(
        sa.select(
            films.c.id,
            films.c.guild_id,
            films.c.slug,
            films.c.title,
            films.c.year,
            films.c.loaded_at,
        )
    ).all()
    held = {(row.guild_id, row.slug): row for row in rows}
    moving: dict[tuple[int, str], list[sa.Row]] = defaultdict(list)
    for row in rows:
        if row.title.isascii() or row.slug not in {
            _reading(row.title, row.year, since_0026=False),
            _reading(row.title, row.year, since_0026=True),
        }:
            continue  # named as it always was, or by another reading (a mended title's)
        new = work_slug(row.title, row.year)
        if new != row.slug:
            moving[(row.guild_id, new)].append(row)
    renamed: set[tuple[str, str]] = set()
    for (guild_id, new), copies in moving.items():
        removed = copies
        holder = held.get((guild_id, new))
        kept = holder or max(copies, key=lambda row: (row.loaded_at, row.id))
        if holder is None:
            removed = [row for row in copies if row is not kept]
            bind.execute(films.update().where(films.c.id == kept.id).values(slug=new))
        if removed:
            _keep(bind, removed, new, logged_label(kept))
            bind.execute(films.delete().where(films.c.id.in_([row.id for row in removed])))
        renamed.update((row.slug, new) for row in copies)
    for old, new in sorted(renamed):
        _carry(bind, "work_embargoes", "guild_id", old, new, later="until")
        _carry(bind, "hidden_works", "guild_id", old, new)
        _carry(bind, "seen_works", "user_id", old, new)


def _keep(bind: sa.Connection, removed: list[sa.Row], new: str, into: str) -> None:
    """Each copy about to be removed kept whole in ``merged_copies`` and named in its server's
    audit log: no admin finds a film of theirs gone without a word, nor without a way back."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    copies = sa.table(
        "merged_copies",
        *(sa.column(name) for name in ("guild_id", "title", "year", "merged_into", "content")),
        sa.column("merged_at"),
    )
    audit = sa.table(
        "audit_log",
        *(sa.column(name) for name in ("guild_id", "user_id", "action", "detail", "created_at")),
    )
    for row in removed:
        bind.execute(
            copies.insert().values(
                guild_id=row.guild_id,
                title=row.title,
                year=row.year,
                merged_into=new,
                content=_content_file(bind, row.id),
                merged_at=now,
            )
        )
        detail = (
            f"merged this server's copy {logged_label(row)} into {into},"
            " the film its title reads as (an upgrade, migration 0027): the copy"
            " is kept whole; `epilogue merged-copies FOLDER` writes it as a content file, and"
            " /film-admin import loads it back"
        )
        bind.execute(
            audit.insert().values(
                guild_id=row.guild_id,
                user_id=0,  # no member did it (as a content load's entries)
                action="film-merged",
                detail=detail[:500],
                created_at=now,
            )
        )


def _content_file(bind: sa.Connection, film_id: int) -> str:
    """The film as ``/film-admin export`` writes it, read from its rows as they are at 0027;
    a film stored without a valid document (none should be) is kept as its plain fields."""
    meta = sa.MetaData()
    films, sections, items, sources = (
        sa.Table(name, meta, autoload_with=bind)
        for name in ("films", "sections", "items", "sources")
    )
    film = bind.execute(sa.select(films).where(films.c.id == film_id)).mappings().one()
    doc: dict[str, Any] = {
        "title": film["title"],
        "year": film["year"],
        "aliases": list(_listed(film["aliases"])),
        "release_date": film["release_date"],
        "director": film["director"],
        "cast": list(_listed(film["cast"])),
        "synopsis": film["synopsis"],
        "sources": [
            {
                "id": source["number"],
                "author": source["author"],
                "outlet": source["outlet"],
                "title": source["title"],
                "url": source["url"],
            }
            for source in bind.execute(
                sa.select(sources).where(sources.c.film_id == film_id).order_by(sources.c.number)
            ).mappings()
        ],
        "sections": [],
    }
    for section in (
        bind.execute(
            sa.select(sections).where(sections.c.film_id == film_id).order_by(sections.c.position)
        )
        .mappings()
        .all()
    ):
        doc["sections"].append(
            {
                "kind": section["kind"],
                "level": section["level"],
                "heading": section["heading"],
                "heading_level": section["heading_level"] if section["heading"] else None,
                "body": section["body"],
                "items": [
                    {
                        "heading": item["heading"],
                        "heading_level": item["heading_level"],
                        "level": item["level"],
                        "body": item["body"],
                    }
                    for item in bind.execute(
                        sa.select(items)
                        .where(items.c.section_id == section["id"])
                        .order_by(items.c.position)
                    ).mappings()
                ],
            }
        )
    try:
        return dump_film_yaml(FilmDoc.model_validate(doc))
    except ValueError:  # pydantic's ValidationError is one
        import yaml

        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _listed(value: Any) -> list[str]:
    """A JSON column's list, whichever way the driver hands it back."""
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return list(value or ())


def _carry(bind: sa.Connection, name: str, key: str, old: str, new: str, later: str = "") -> None:
    """Each row of table ``name`` on work ``old`` copied to ``new`` where ``key`` has none
    there; where it has, the later ``later`` of the two (an embargo's end) is kept."""
    table = sa.Table(name, sa.MetaData(), autoload_with=bind)
    for row in bind.execute(sa.select(table).where(table.c.work == old)).mappings().all():
        same = (table.c[key] == row[key]) & (table.c.work == new)
        there = bind.execute(sa.select(table).where(same)).mappings().first()
        if there is None:
            bind.execute(table.insert().values({**row, "work": new}))
        elif later and row[later] > there[later]:
            bind.execute(table.update().where(same).values({later: row[later]}))


def downgrade() -> None:
    """Copies merged into the film they read as are not split again; the kept copies go."""
    op.drop_table("merged_copies")
