"""Stored titles and aliases lose what spoiler markup read since 0020 hid in them.

Markup whose name is typed in Unicode's compatibility forms of its letters (mathematical bold,
``Heron Lake [𝐬𝐩𝐨𝐢𝐥𝐞𝐫]Mia dies[/𝐬𝐩𝐨𝐢𝐥𝐞𝐫]``; circled, superscript, small capitals) or with an
accent on one (``[spoi\u0301ler]``), its punctuation in small or full-width forms
(``﹤spoiler﹥``, ``＜spoiler＞``, ``>﹗…!<``), or with spaces inside its brackets
(``[ spoiler ]…[ /spoiler ]``), reads as the markup a reader sees only since red52: such a title
stayed in a database, shown to every member in autocomplete, /film list and embed titles. So
titles are mended again, as 0013 mends them, under the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
