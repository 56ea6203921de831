"""Stored titles and aliases lose what spoiler markup read since 0018 hid in them.

0018 mended titles under the spoiler markup read when it ran. Markup with a character drawn as
nothing, or an accent, typed inside it (``Heron Lake >\u200b!Mia dies!<``, ``~!…!\u00ad~``,
``[\u200bspoiler]…[/\u200bspoiler]``) is read as the markup a reader sees only since: such a title
stayed in a database, shown to every member in autocomplete, /film list and embed titles. So
titles are mended again, as 0013 mends them, under the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
