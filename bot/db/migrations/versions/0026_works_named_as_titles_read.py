"""Films whose titles read as another film's are that film's work again.

A film's work (``films.slug``), which embargoes, hides and "seen" marks are keyed by, was
made from its title character by character: a character drawn as nothing (a soft hyphen, a
joiner, a word joiner, pasted from a web page with the title) broke a word in two, and a
look-alike letter of another script inside a Latin word ("Hеron" with a Cyrillic "е") kept its
script. A server's copy titled so was another work than the film every reader took it for, and
the embargo on that film did not hold for it: its ending was posted, wrapped, in channels the
embargo keeps spoilers out of. Since red62 a title is named as it reads
(``bot.content.works.work_slug``). This migration re-keys each stored film whose work the old
reading named and the new one names otherwise, unless its scope already holds a film of that
work (then it is left as it was); and carries the embargoes, hides and "seen" marks of its old
work to the new one, as a rename carries them (an embargo keeps the later end where both
have one), keeping the old ones (another film may still be named so).

Only data changes; going back keeps the films as re-keyed.

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

from bot.content.works import work_slug

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

_MAX_WORK_CHARS = 140


def _old_work_slug(title: str, year: int) -> str:
    """``work_slug`` as it read titles before this migration (frozen here, as it was)."""
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
    name = "-".join(words)
    if not name:
        return ""  # named by a hash of its text, which this reading leaves as it was
    suffix = f"-{year}"
    return name[: _MAX_WORK_CHARS - len(suffix)].rstrip("-") + suffix


def upgrade() -> None:
    bind = op.get_bind()
    films = sa.table(
        "films",
        sa.column("id", sa.Integer),
        sa.column("guild_id", sa.BigInteger),
        sa.column("slug", sa.String),
        sa.column("title", sa.String),
        sa.column("year", sa.Integer),
    )
    rows = bind.execute(
        sa.select(films.c.id, films.c.guild_id, films.c.slug, films.c.title, films.c.year)
    ).all()
    taken = {(guild_id, slug) for _, guild_id, slug, _, _ in rows}
    renamed: dict[str, str] = {}
    for film_id, guild_id, slug, title, year in rows:
        if title.isascii() or _old_work_slug(title, year) != slug:
            continue  # named as it always was, or by another reading (a mended title's)
        new = work_slug(title, year)
        if new == slug or (guild_id, new) in taken:
            continue
        bind.execute(films.update().where(films.c.id == film_id).values(slug=new))
        taken.add((guild_id, new))
        renamed[slug] = new
    for old, new in renamed.items():
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
    """Nothing to undo: a film named as its title reads is not named apart from it again."""
