"""The bot's own member in each server, for what it may do there (the spoiler guard's checks).

Discord's GUILD_CREATE carries the bot's own member, and discord.py reads the bot's permissions
from it (``guild.me``). A gateway that leaves it out leaves ``guild.me`` empty, and the first
interaction there makes discord.py put a member of its own in its place, with no roles and no
join date: its permissions are @everyone's, so the guard would think it lacks Manage Messages
and Manage Webhooks and tell the moderators so, while it has them. Such a member (or none) is
not trusted: the bot's member is asked of Discord once and remembered for a while.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import discord

from bot.cache import LruCache
from client.delivery import patiently

log = logging.getLogger(__name__)

MAX_AGE_S = 600.0
"""How long a looked-up member stands for the bot's (its roles may change meanwhile)."""


def as_sent(member: discord.Member | None) -> bool:
    """Whether ``member`` is one Discord described (a join date), not discord.py's stand-in."""
    return member is not None and member.joined_at is not None


class OwnMembers:
    """The bot's member per server: discord.py's when Discord sent it, else looked up once."""

    def __init__(
        self,
        *,
        size: int = 4096,
        max_age_s: float = MAX_AGE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._found: LruCache[int, discord.Member | bool] = LruCache(
            size, max_age=max_age_s, clock=clock
        )
        self._pending: dict[int, asyncio.Task[discord.Member | None]] = {}

    def known(self, guild: discord.Guild) -> discord.Member | None:
        """The bot's member without asking Discord (None: not known yet)."""
        if as_sent(guild.me):
            return guild.me
        found = self._found.get(guild.id)
        return found if isinstance(found, discord.Member) else None

    async def get(self, client: discord.Client, guild: discord.Guild) -> discord.Member | None:
        """The bot's member in ``guild``; what discord.py holds if Discord cannot say."""
        if (known := self.known(guild)) is not None:
            return known
        if self._found.get(guild.id) is False or client.user is None:
            return guild.me  # asked lately, in vain
        pending = self._pending.get(guild.id)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(guild, client.user.id))
            self._pending[guild.id] = pending
            pending.add_done_callback(lambda _: self._pending.pop(guild.id, None))
        return await asyncio.shield(pending) or guild.me

    async def _fetch(self, guild: discord.Guild, user_id: int) -> discord.Member | None:
        try:
            member: discord.Member | None = await patiently(lambda: guild.fetch_member(user_id))
        except discord.HTTPException as exc:
            log.info("could not look up the bot's own member in guild %s: %s", guild.id, exc)
            member = None
        if self._pending.get(guild.id) is asyncio.current_task():  # not forgotten meanwhile
            self._found.put(guild.id, member if member is not None else False)
        return member

    def forget(self, guild_id: int) -> None:
        """Drop the member looked up in a server where Discord says it changed (the bot's
        roles, or a role's permissions): discord.py discards a GUILD_MEMBER_UPDATE for a
        member it does not hold, so the copy kept here would be trusted, stale, for a while."""
        self._found.forget(guild_id)
        self._pending.pop(guild_id, None)  # a lookup under way may predate the change
