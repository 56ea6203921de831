"""``/spoiler …`` and Apps → "Hide as spoiler": members' own spoilers.

Declared once in ``bot/features/spoiler/commands.py``; the group is built by ``client/slash.py``
and the message command by ``client/context_menus.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import AppCommandType

from client.context_menus import context_menus
from client.slash import group

if TYPE_CHECKING:
    from client.bot import EpilogueBot

GROUP = "spoiler"


async def setup(bot: EpilogueBot) -> None:
    bot.tree.add_command(group(GROUP))
    for menu in context_menus():
        bot.tree.add_command(menu)


async def teardown(bot: EpilogueBot) -> None:
    bot.tree.remove_command(GROUP)
    for menu in context_menus():
        bot.tree.remove_command(menu.name, type=AppCommandType.message)
