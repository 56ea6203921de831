"""``/spoilers …``: each member's own spoiler opt-ins.

Its commands are declared once, in ``bot/features/spoilers/commands.py``;
this extension adds them to the command tree as one group, built by ``client/slash.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from client.slash import group

if TYPE_CHECKING:
    from client.bot import EpilogueBot

GROUP = "spoilers"


async def setup(bot: EpilogueBot) -> None:
    bot.tree.add_command(group(GROUP))


async def teardown(bot: EpilogueBot) -> None:
    bot.tree.remove_command(GROUP)
