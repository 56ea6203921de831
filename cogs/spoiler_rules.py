"""``/spoiler-rules …``: a server's spoiler rules, for its moderators.

Its commands are declared once, in ``bot/features/spoiler_rules/commands.py``;
this extension adds them to the command tree as one group, built by ``client/slash.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord.ext import tasks

from client import rehiding
from client.rehiding import rehide_published, resume
from client.slash import group

if TYPE_CHECKING:
    from client.bot import EpilogueBot

GROUP = "spoiler-rules"

log = logging.getLogger(__name__)


async def setup(bot: EpilogueBot) -> None:
    bot.tree.add_command(group(GROUP))

    async def channel_updated(
        before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        # Made an announcement channel: what a spoiler channel showed there may now be
        # published to other servers, so its rule opens nothing any more.
        if after.type is discord.ChannelType.news and before.type is not after.type:
            await rehide_published(bot, after)

    async def guild_available(guild: discord.Guild) -> None:
        # This process holds the server now (a start, a reconnect, a shard moved here):
        # answers a stopped process left to hide again are hidden.
        try:
            await resume(bot, guild)
        except Exception:
            log.exception("resuming the re-hiding of answers in server %s failed", guild.id)

    bot.add_listener(channel_updated, "on_guild_channel_update")
    bot.add_listener(guild_available, "on_guild_available")

    # A rule changed where no process held the server (the console, on the bot's database)
    # recorded its re-hiding for the process that does: done within a minute, not at the
    # next restart.
    @tasks.loop(seconds=rehiding.UNSTARTED_SWEEP_S)
    async def sweep() -> None:
        if sweep.current_loop == 0:
            return  # at start each server's own resume (``guild_available``) does them
        await rehiding.sweep_unfinished(bot)

    @sweep.before_loop
    async def ready() -> None:
        await bot.wait_until_ready()

    sweep.start()
    _sweeps[id(bot)] = sweep
    _listeners[id(bot)] = [
        ("on_guild_channel_update", channel_updated),
        ("on_guild_available", guild_available),
    ]


async def teardown(bot: EpilogueBot) -> None:
    bot.tree.remove_command(GROUP)
    if (sweep := _sweeps.pop(id(bot), None)) is not None:
        sweep.cancel()
    for event, listener in _listeners.pop(id(bot), []):
        bot.remove_listener(listener, event)


_listeners: dict[int, list[tuple[str, Callable[..., Awaitable[None]]]]] = {}
_sweeps: dict[int, tasks.Loop[Callable[[], Awaitable[None]]]] = {}
"""Each bot's sweep of re-hidings recorded where no process held the server."""
"""Each bot's listeners, to remove them with the extension."""
