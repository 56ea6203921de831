"""Stored titles and aliases lose what spoiler bars in them hid.

Titles and aliases reach places Discord cannot hide (embed titles, /film list, autocomplete
choices, thread names): content files have refused ``||`` in them (and the look-alikes and
other spoiler syntaxes read as it) since that rule came in, but a database from before still
held them, and every member read what the bars were meant to hide. A title keeps the words
outside its spoilers ("La La Land ||Mia marries Greg||" is "La La Land"; bars left unclosed
hide all that follows them, as in text); an alias holding any is dropped, since a film's title
already names it. The copies of a title kept with a "seen" mark, an embargo and a hidden film
are mended alike. The moderators' log keeps its entries as written: it puts thread mentions
behind bars of its own, which must stay.

Only data changes; going back keeps the mended titles.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

from bot.spoiler_policy.markup import bars_as_meant

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

UNTITLED = "Untitled film"
"""A title that was nothing but a spoiler."""
_SPAN = re.compile(r"\|\|.*?\|\|", re.DOTALL)
_TITLE_COPIES = ("seen_works", "work_embargoes", "hidden_works")


def _spoils(text: str) -> bool:
    return "||" in bars_as_meant(text)


def title_without_spoilers(title: str) -> str:
    """``title`` with its spoilers' words left out (``title`` itself when it holds none)."""
    if not _spoils(title):
        return title
    kept = _SPAN.sub(" ", bars_as_meant(title)).split("||", 1)[0]
    return " ".join(kept.split()).strip(" -–—:;,·|") or UNTITLED


def upgrade() -> None:
    bind = op.get_bind()
    films = sa.table(
        "films", sa.column("id", sa.Integer), sa.column("title"), sa.column("aliases", sa.JSON)
    )
    for film_id, title, aliases in bind.execute(
        sa.select(films.c.id, films.c.title, films.c.aliases)
    ):
        kept = [alias for alias in aliases or () if not _spoils(alias)]
        if _spoils(title) or len(kept) != len(aliases or ()):
            bind.execute(
                films.update()
                .where(films.c.id == film_id)
                .values(title=title_without_spoilers(title), aliases=kept)
            )
    for name in _TITLE_COPIES:
        table = sa.table(name, sa.column("title"))
        for (title,) in bind.execute(sa.select(table.c.title).distinct()):
            if _spoils(title):
                bind.execute(
                    table.update()
                    .where(table.c.title == title)
                    .values(title=title_without_spoilers(title))
                )


def downgrade() -> None:
    """Nothing to undo: the words the bars hid are not put back in the open."""
