"""Stored titles and aliases lose what spoiler markup read since 0016 hid in them.

0016 mended titles under the spoiler markup read when it ran. Markup read as bars since (AniList's
``~!`` typed against a Chinese, Japanese or Thai letter and never closed, Reddit's spoiler typed
in full width ``＞！…！＜``, BBCode's in full-width brackets ``［spoiler］``) was accepted in a
title until then, and a database keeps such a title: an unchanged content file is not loaded
again, and an upload stays as it was stored. Titles reach places Discord cannot hide
(autocomplete, /film list, embed titles), so they are mended again, as 0013 mends them, under
the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
