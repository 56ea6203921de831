"""A server's scheduled events, for the spoiler guard.

A member with Create Events may make one; its name, description and location are read by the
whole server in the events list (and in a banner over the channel list while it is live), with
no way to hide any of it. The guard reads each one made or changed (Discord's
``GUILD_SCHEDULED_EVENT_CREATE`` and ``_UPDATE``, sent for the Guild Scheduled Events intent,
which Epilogue asks for with the Message Content one) and rewrites one that gives an ending
away (``SpoilerGuard.check_event``).
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.features.spoiler.guard import Verdict, logged_verdict
from bot.features.spoiler.surfaces import ServerEvent
from bot.replies import Reply
from client.context_menus import UnknownChannels, bot_permissions, own_member, tell_privately
from client.delivery import permission_names

log = logging.getLogger(__name__)


def watch_listed_events(state: Any) -> None:
    """Dispatch ``scheduled_event_listed`` for each event a server is described with
    (GUILD_CREATE: at the start, after an outage or a lost session, when events made or changed
    meanwhile were never sent); discord.py holds them without a word."""
    parse = state.parsers["GUILD_CREATE"]

    def parse_and_list(data: Any) -> None:
        parse(data)
        try:
            guild = state._get_guild(int(data["id"]))
        except (KeyError, TypeError, ValueError):
            return
        for event in guild.scheduled_events if guild is not None else ():
            state.dispatch("scheduled_event_listed", event)

    state.parsers["GUILD_CREATE"] = parse_and_list


async def guard_scheduled_event(
    client: discord.Client,
    event: discord.ScheduledEvent,
    unknown: UnknownChannels | None = None,
) -> Verdict | None:
    """A new or changed scheduled event, shown to the spoiler guard; its verdict, None when it
    was not shown (the bot's member or permissions unknown)."""
    guild = event.guild
    guard = client.app.member_spoilers.guard  # type: ignore[attr-defined]
    if guild is None or not (await guard.settings(guild.id)).enabled:
        return None
    me = await own_member(client, guild)
    if me is None:
        log.info("guard left scheduled event %s: the bot's own member is unknown", event.id)
        return None
    channel: Any = None
    if event.channel_id is not None:
        channel = guild.get_channel(event.channel_id)
        if channel is None and unknown is not None:
            channel = await unknown.resolve(client, guild.id, event.channel_id)
    if channel is not None and channel.guild.id == guild.id:
        permissions = await bot_permissions(client, channel, me, unknown)
    else:  # held elsewhere (or in a channel that cannot be told): the server's own
        channel = None
        permissions = permission_names(me.guild_permissions.value)
    if permissions is None:
        log.info("guard left scheduled event %s: the permissions are unknown", event.id)
        return None
    creator = event.creator
    seen = ServerEvent(
        guild_id=guild.id,
        id=event.id,
        creator_id=event.creator_id,
        name=event.name or "",
        description=event.description or "",
        location=event.location or "",
        channel_id=event.channel_id,
        channel_name=channel.name if channel is not None else "",
        creator_is_bot=creator is not None and creator.bot,
    )
    verdict = await guard.check_event(seen, DiscordEvent(client, event), permissions)
    if verdict.hidden:
        log.info("guard rewrote scheduled event %s (%s)", event.id, logged_verdict(verdict))
    return verdict


class DiscordEvent:
    """``EventOps`` for one scheduled event, with discord.py."""

    def __init__(self, client: discord.Client, event: discord.ScheduledEvent) -> None:
        self._client = client
        self._event = event

    async def rewrite(self, texts: dict[str, str]) -> bool:
        payload: dict[str, Any] = {k: v for k, v in texts.items() if k != "location"}
        if "location" in texts:
            payload["entity_metadata"] = {"location": texts["location"]}
        try:
            await self._client.http.edit_scheduled_event(
                self._event.guild_id, self._event.id, **payload
            )
        except discord.HTTPException as refused:
            log.warning("could not rewrite scheduled event %s: %s", self._event.id, refused)
            return False
        return True

    async def tell(self, user_id: int, reply: Reply) -> bool:
        return await tell_privately(self._client, user_id, reply)

    async def texts_now(self) -> dict[str, str] | None:
        try:
            found = await self._client.http.get_scheduled_event(
                self._event.guild_id, self._event.id, False
            )
        except discord.HTTPException as exc:
            log.warning("could not read scheduled event %s: %s", self._event.id, exc)
            return None
        if not isinstance(found, dict):
            return None
        metadata = found.get("entity_metadata") or {}
        return {
            "name": str(found.get("name") or ""),
            "description": str(found.get("description") or ""),
            "location": str(metadata.get("location") or ""),
        }
