"""Stored titles and aliases lose what spoiler markup read since 0023 hid in them.

Spoiler markup escaped as text copied from a page, an address or an export carries it
(HTML entities once or twice, ``&lt;spoiler&gt;…``, ``&#124;&#124;…``; percent-encoding,
``%5Bspoiler%5D``; JSON's ``\\u003c``; Markdown's ``\\[spoiler\\]``), tags that hide their
words until clicked (``[hide]``, ``[blur]``, ``[collapse=…]``, ``[expand]``, ``{{Collapse
top}}``), Obsidian's folded callouts, Misskey's ``$[blur …]``, a content warning or a read-more
break over the rest, elements hidden or collapsed by their attributes, and spoiler entities in
exported JSON read as the markup a reader sees only since red55: such a title stayed in a
database, shown to every member in autocomplete, /film list and embed titles. So titles are
mended again, as 0013 mends them, under the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
