"""``/spoiler-rules …``: a server's spoiler rules, for its moderators.

Its commands are declared once, in ``bot/features/spoiler_rules/commands.py``;
this extension adds them to the command tree as one group, built by ``client/slash.py``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from client.rehiding import rehide_published
from client.slash import group

if TYPE_CHECKING:
    from client.bot import EpilogueBot

GROUP = "spoiler-rules"


async def setup(bot: EpilogueBot) -> None:
    bot.tree.add_command(group(GROUP))

    async def channel_updated(
        before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        # Made an announcement channel: what a spoiler channel showed there may now be
        # published to other servers, so its rule opens nothing any more.
        if after.type is discord.ChannelType.news and before.type is not after.type:
            await rehide_published(bot, after)

    bot.add_listener(channel_updated, "on_guild_channel_update")
    _listeners[id(bot)] = channel_updated


async def teardown(bot: EpilogueBot) -> None:
    bot.tree.remove_command(GROUP)
    if (listener := _listeners.pop(id(bot), None)) is not None:
        bot.remove_listener(listener, "on_guild_channel_update")


_listeners: dict[int, Callable[..., Awaitable[None]]] = {}
"""Each bot's listener, to remove it with the extension."""
