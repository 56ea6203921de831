"""Stored titles and aliases lose what spoiler markup read since 0019 hid in them.

Markup whose name is typed with a character drawn as nothing inside it
(``Heron Lake [spoi\u200bler]Mia dies[/spoi\u200bler]``, ``(view \u200bspoiler)[…]``), or in
letters drawn as its own (full width, ``［ｓｐｏｉｌｅｒ］``; Cyrillic), reads as the markup a
reader sees only since red51: such a title stayed in a database, shown to every
member in autocomplete, /film list and embed titles. So titles are mended again, as 0013 mends
them, under the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
