"""Stored titles and aliases lose what spoiler markup read since 0017 hid in them.

0017 mended titles under the spoiler markup read when it ran. Markup read as bars since
(AniList's ``~!`` never closed wherever it stands, after a Latin letter or an underscore and
before a space: ``Heron Lake~!Mia dies``, ``Rook Hill ~! Greg dies``; a spoiler whose text ends
in its opening's first character, ``~!Mia dies~!~``) was accepted in a title until then, and a
database keeps such a title. Titles reach places Discord cannot hide (autocomplete, /film list,
embed titles), so they are mended again, as 0013 mends them, under the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
