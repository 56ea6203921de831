"""The bot's permissions in a channel of a server Discord has not described to it yet.

READY names every server as unavailable and each is described later in its GUILD_CREATE; one
in an outage as the bot connected (or a big bot's, in its first minutes) may come late or never.
Interactions there arrive all the same, and discord.py, holding none of the server's roles,
reads the bot's permissions as a user-installed app's (no Manage Webhooks, no Manage
Messages): Hide as spoiler would refuse, saying Epilogue lacks them. They are worked out
instead from what Discord's REST API gives (the server's roles and owner, the bot's member,
the channel's overwrites), as Discord's reference describes ("Permission Overwrites"), each
looked up once and remembered for a while.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import discord

from bot.cache import LruCache
from client.delivery import cached_asker_permissions, patiently, role_ids

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

MAX_AGE_S = 600.0
"""How long a looked-up server, member or channel stands (as ``client.own_member``'s)."""
FAILED_AGE_S = 60.0
"""How long a lookup Discord refused is not asked again (the guard may meet many messages)."""

ALL = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value
VIEW_CHANNEL = discord.Permissions(view_channel=True).value
TIMED_OUT = discord.Permissions(view_channel=True, read_message_history=True).value
"""All a member timed out keeps: "a user in timeout can only read messages"."""
THREAD_TYPES = frozenset({10, 11, 12})


def permissions_in(
    guild: dict[str, Any], member: dict[str, Any], overwrites: list[dict[str, Any]]
) -> int:
    """Discord's own computation of a member's permissions in a channel, from REST objects:
    ``guild`` (its ``owner_id`` and ``roles``), ``member`` (its ``user``, ``roles``,
    ``communication_disabled_until``) and the channel's ``permission_overwrites``."""
    guild_id, user_id = str(guild["id"]), str(member["user"]["id"])
    if str(guild.get("owner_id")) == user_id:
        return ALL
    roles = {str(role["id"]): int(role.get("permissions") or 0) for role in guild["roles"]}
    held = {str(role) for role in member.get("roles") or ()}
    value = roles.get(guild_id, 0)
    for role in held:
        value |= roles.get(role, 0)
    if value & ADMINISTRATOR:
        return ALL
    by_id = {str(o["id"]): (int(o.get("allow") or 0), int(o.get("deny") or 0)) for o in overwrites}
    allow, deny = by_id.get(guild_id, (0, 0))
    value = (value & ~deny) | allow
    allow = deny = 0
    for role in held:
        role_allow, role_deny = by_id.get(role, (0, 0))
        allow, deny = allow | role_allow, deny | role_deny
    value = (value & ~deny) | allow
    allow, deny = by_id.get(user_id, (0, 0))
    value = (value & ~deny) | allow
    if not value & VIEW_CHANNEL:
        return 0  # a channel one cannot see grants nothing in it
    until = member.get("communication_disabled_until")
    if until and discord.utils.parse_time(until) > discord.utils.utcnow():
        value &= TIMED_OUT
    return value


class SharedLookups(Generic[K, V]):
    """Values looked up from Discord by key: remembered (a refusal for less long), and two
    asks at once for one key share a lookup."""

    def __init__(self, size: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._found: LruCache[K, V] = LruCache(size, max_age=MAX_AGE_S, clock=clock)
        self._failed: LruCache[K, bool] = LruCache(size, max_age=FAILED_AGE_S, clock=clock)
        self._pending: dict[K, asyncio.Task[V | None]] = {}

    async def get(self, key: K, look_up: Callable[[], Awaitable[V]]) -> V | None:
        found = self._found.get(key)
        if found is not None:
            return found
        if self._failed.get(key):
            return None
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(key, look_up))
            self._pending[key] = pending
            pending.add_done_callback(lambda _: self._pending.pop(key, None))
        return await asyncio.shield(pending)

    async def _fetch(self, key: K, look_up: Callable[[], Awaitable[V]]) -> V | None:
        try:
            value: V | None = await patiently(look_up)
        except discord.HTTPException as exc:
            log.info("could not look up %s: %s", key, exc)
            value = None
        if self._pending.get(key) is asyncio.current_task():  # not forgotten meanwhile
            if value is None:
                self._failed.put(key, True)
            else:
                self._found.put(key, value)
        return value

    def forget(self, key: K) -> None:
        self._found.forget(key)
        self._failed.forget(key)
        self._pending.pop(key, None)  # a lookup under way may predate the change


class ServerPermissions:
    """The bot's permissions in channels of servers discord.py holds no roles of."""

    def __init__(self, *, size: int = 1024, clock: Callable[[], float] = time.monotonic) -> None:
        self.servers: SharedLookups[tuple[str, int], dict[str, Any]] = SharedLookups(
            size, clock=clock
        )
        self.channels: SharedLookups[tuple[str, int], dict[str, Any]] = SharedLookups(
            size, clock=clock
        )

    async def in_channel(
        self, client: discord.Client, guild_id: int, channel_id: int
    ) -> int | None:
        """The bot's permissions in ``channel_id`` (a thread: its parent's); None: unknown."""
        if client.user is None:
            return None
        http, me = client.http, client.user.id
        member = await self.servers.get(("member", guild_id), lambda: http.get_member(guild_id, me))
        if member is None:
            return None
        return await self.member_in_channel(client, guild_id, channel_id, member)

    async def member_in_channel(
        self, client: discord.Client, guild_id: int, channel_id: int, member: dict[str, Any]
    ) -> int | None:
        """``member``'s permissions (a REST member: ``user``, ``roles``,
        ``communication_disabled_until``) in ``channel_id`` (a thread: its parent's); None:
        unknown."""
        http = client.http
        guild = await self.servers.get(
            ("guild", guild_id), lambda: http.get_guild(guild_id, with_counts=False)
        )
        channel = await self.channels.get(
            ("channel", channel_id), lambda: http.get_channel(channel_id)
        )
        if channel is not None and channel.get("type") in THREAD_TYPES:
            parent_id = channel.get("parent_id")
            channel = (
                await self.channels.get(
                    ("channel", int(parent_id)), lambda: http.get_channel(parent_id)
                )
                if parent_id is not None
                else None
            )
        if guild is None or channel is None:
            return None
        if str(channel.get("guild_id", guild_id)) != str(guild_id):
            return None
        try:
            return permissions_in(guild, member, channel.get("permission_overwrites") or [])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("could not read permissions in %s: %r", channel_id, exc)
            return None

    def forget_server(self, guild_id: int) -> None:
        """Drop what was looked up of a server Discord says changed (roles, the bot's member)."""
        self.servers.forget(("guild", guild_id))
        self.servers.forget(("member", guild_id))

    def forget_channel(self, channel_id: int) -> None:
        self.channels.forget(("channel", channel_id))


def as_rest_member(member: discord.Member, guild_id: int) -> dict[str, Any]:
    """What ``permissions_in`` reads of a member, as Discord's REST API describes one: its
    role ids as Discord sent them (discord.py's ``roles`` keeps only those of a cached server)."""
    until = member.timed_out_until
    return {
        "user": {"id": str(member.id)},
        "roles": [str(role) for role in role_ids(member, guild_id) if role != guild_id],
        "communication_disabled_until": until.isoformat() if until else None,
    }


async def look_up_asker(interaction: discord.Interaction[EpilogueBot]) -> None:
    """The asker's permissions where they ask, worked out from REST when the interaction's
    member came without them (optional in Discord's reference) and discord.py holds too little
    to work them out (a server READY listed unavailable and not sent since): read by
    ``client.delivery.asker_permissions``. Unknown stays none: refused, never granted."""
    user, guild_id, channel_id = interaction.user, interaction.guild_id, interaction.channel_id
    if not isinstance(user, discord.Member) or guild_id is None or channel_id is None:
        return
    if user.resolved_permissions is not None or cached_asker_permissions(interaction) is not None:
        return
    client = interaction.client
    found = await client.server_permissions.member_in_channel(
        client, guild_id, channel_id, as_rest_member(user, guild_id)
    )
    if found is not None:
        client.asker_permissions.put(interaction.id, found)


def roles_unknown(guild: discord.Guild) -> bool:
    """Whether discord.py holds none of ``guild``'s roles (not even @everyone): a server it
    was never sent, whose permissions it cannot work out."""
    return guild.default_role is None
