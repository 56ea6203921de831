"""Stored titles and aliases lose what spoiler markup read since 0022 hid in them.

Spoiler markup on an HTML element other than a ``<span>`` or ``<div>`` (``<p class="spoiler">``,
Stack Exchange's ``<blockquote class="spoiler">``), one named by a data attribute
(``<span data-spoiler>``) or by a style hiding its words (``style="color:#000;background:#000"``),
and a tag typed in other brackets (``【spoiler】…【/spoiler】``,
``{spoiler}``, ``〈spoiler〉``), one named otherwise (``[su_spoiler]``, ``[spoilerbox]``), and a
template's or Pandoc's (``{% spoiler %}…{% endspoiler %}``, ``{{spoiler|…}}``, ``[…]{.spoiler}``),
Revolt's ``!!…!!``, and bars typed as more characters drawn as a vertical line (``ӀӀ``, ``丨丨``,
``║``) read as the markup a reader sees only since red53: such a title
stayed in a database, shown to every member in autocomplete, /film list and embed titles. So
titles are mended again, as 0013 mends them, under the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
