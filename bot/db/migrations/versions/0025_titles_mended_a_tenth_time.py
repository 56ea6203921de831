"""Stored titles and aliases lose what spoiler markup read since 0024 hid in them.

HTML elements typed in look-alike angle brackets (``〈span class="spoiler"〉…〈/span〉``,
``＜…＞``, ``‹…›``), BBCode's ``[cut]…[/cut]``, a hiding tag in look-alike letters left open
(``[ｈｉｄｅ]…``), look-alike letters sent as JSON's UTF-16 pairs (``[\\ud835\\udc2c…]``),
Sphinx's ``.. dropdown::`` and AsciiDoc's ``[%collapsible]`` blocks
read as the markup a reader sees only since red57: such a title stayed in a database, shown
to every member in autocomplete, /film list and embed titles. So titles are mended again, as
0013 mends them, under the reading of today.

Only data changes; going back keeps the mended titles.

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

from bot.db.title_mending import mend_titles_again

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    mend_titles_again()  # as it reads titles now: what changed since the last mending


def downgrade() -> None:
    """Nothing to undo: the words the markup hid are not put back in the open."""
