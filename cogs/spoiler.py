"""``/spoiler …`` and Apps → "Hide as spoiler": members' own spoilers.

Declared once in ``bot/features/spoiler/commands.py``; the group is built by ``client/slash.py``
and the message command by ``client/context_menus.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import AppCommandType
from discord.ext import commands

from client.context_menus import Webhooks, context_menus, guard_message
from client.slash import group

if TYPE_CHECKING:
    from client.bot import EpilogueBot

GROUP = "spoiler"


class SpoilerGuardListener(commands.Cog):
    """New and edited members' messages, for the spoiler guard (needs ``message_content``)."""

    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot
        self.hooks = Webhooks()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await guard_message(self.bot, message, self.hooks)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        # Raw: Epilogue keeps no message cache, so on_message_edit would never fire.
        await guard_message(self.bot, payload.message, self.hooks)


async def setup(bot: EpilogueBot) -> None:
    bot.tree.add_command(group(GROUP))
    for menu in context_menus():
        bot.tree.add_command(menu)
    if bot.app.config.discord.message_content:
        await bot.add_cog(SpoilerGuardListener(bot))


async def teardown(bot: EpilogueBot) -> None:
    bot.tree.remove_command(GROUP)
    for menu in context_menus():
        bot.tree.remove_command(menu.name, type=AppCommandType.message)
