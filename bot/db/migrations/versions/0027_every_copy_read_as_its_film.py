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
The embargoes, hides and "seen" marks of every old work are carried to the new one as 0026
carries them (the later embargo end kept), and kept on the old work too.

Only data changes; going back keeps the films as merged.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from bot.content.works import work_slug
from bot.spoiler_policy.markup import DRAWN_AS_NOTHING

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

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
    held = {(row.guild_id, row.slug) for row in rows}
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
        if (guild_id, new) not in held:
            kept = max(copies, key=lambda row: (row.loaded_at, row.id))
            removed = [row for row in copies if row is not kept]
            bind.execute(films.update().where(films.c.id == kept.id).values(slug=new))
        if removed:
            bind.execute(films.delete().where(films.c.id.in_([row.id for row in removed])))
        renamed.update((row.slug, new) for row in copies)
    for old, new in sorted(renamed):
        _carry(bind, "work_embargoes", "guild_id", old, new, later="until")
        _carry(bind, "hidden_works", "guild_id", old, new)
        _carry(bind, "seen_works", "user_id", old, new)


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
    """Nothing to undo: copies merged into the film they read as are not split again."""
