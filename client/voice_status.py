"""A voice channel's status, for the spoiler guard.

Any member in a voice channel may set its status (Discord's Set Voice Channel Status
permission, on for everyone by default): a line of up to 500 characters the whole server reads
under the channel's name in the channel list, drawn without markdown. discord.py 2.7 can set
one (``VoiceChannel.edit(status=...)``) but reads no ``VOICE_CHANNEL_STATUS_UPDATE``: it logs
the event as unknown and drops it, so a status giving an ending away stood in the open. Its
parser here dispatches ``voice_status_update`` with the event's fields
(``cogs.spoiler.SpoilerGuardListener``), and the guard clears such a status.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord

from bot.features.spoiler.guard import Verdict, logged_verdict
from bot.features.spoiler.surfaces import ChannelStatus
from client.context_menus import UnknownChannels, bot_permissions, own_member
from client.place_names import RecentNames

log = logging.getLogger(__name__)

EVENT = "VOICE_CHANNEL_STATUS_UPDATE"


@dataclass(frozen=True)
class VoiceStatusUpdate:
    """``VOICE_CHANNEL_STATUS_UPDATE``: the channel (``id``), its server and the status now
    (None or empty: cleared)."""

    guild_id: int
    channel_id: int
    status: str


VOICE_KINDS = (2, 13)
"""Channel types with a status: voice, stage."""


def watch_voice_statuses(state: Any) -> None:
    """Give discord.py's connection a parser for the event it does not know, and read the
    status a channel is described with (a server's GUILD_CREATE, as after an outage or a lost
    session, whose status changes were never sent; CHANNEL_CREATE and CHANNEL_UPDATE), which
    discord.py leaves out of what it holds."""
    known = state.parsers.get(EVENT)
    for described in ("GUILD_CREATE", "CHANNEL_CREATE", "CHANNEL_UPDATE"):
        _watch_described(state, described)

    def parse(data: Any) -> None:
        try:
            update = VoiceStatusUpdate(
                guild_id=int(data["guild_id"]),
                channel_id=int(data["id"]),
                status=str(data.get("status") or ""),
            )
        except (KeyError, TypeError, ValueError):
            log.warning("a %s event Epilogue cannot read was skipped: %r", EVENT, data)
            return
        if known is not None:  # a discord.py that reads it one day keeps doing so
            known(data)
        state.dispatch("voice_status_update", update)

    state.parsers[EVENT] = parse


async def guard_voice_status(
    client: discord.Client,
    update: VoiceStatusUpdate,
    unknown: UnknownChannels | None = None,
    names: RecentNames | None = None,
    *,
    what: str = "status of voice channel",
    ops: Any = None,
) -> Verdict | None:
    """A voice channel's new status, shown to the spoiler guard; its verdict, None when it was
    not shown (no status, the guard off, the channel or the bot's permissions unknown).
    ``what`` and ``ops``: another line of the channel's read alike (a stage's topic)."""
    if not update.status.strip():
        return None
    guard = client.app.member_spoilers.guard  # type: ignore[attr-defined]
    if not (await guard.settings(update.guild_id)).enabled:
        return None
    guild = client.get_guild(update.guild_id)
    channel: Any = guild.get_channel(update.channel_id) if guild is not None else None
    if channel is None and unknown is not None:
        channel = await unknown.resolve(client, update.guild_id, update.channel_id)
    if channel is None or isinstance(channel, discord.Thread):
        log.info("guard left the status of channel %s: the channel is unknown", update.channel_id)
        return None
    if channel.guild.id != update.guild_id:  # an event naming another server than its channel's
        return None
    me = await own_member(client, channel.guild)
    if me is None:
        log.info("guard left channel %s's status: the bot's own member is unknown", channel.id)
        return None
    permissions = await bot_permissions(client, channel, me, unknown)
    if permissions is None:
        log.info("guard left channel %s's status: the permissions are unknown", channel.id)
        return None
    if names is not None:
        await names.confirm(client, update.guild_id, channels=[channel.id])
    status = ChannelStatus(
        guild_id=update.guild_id,
        channel_id=channel.id,
        text=update.status,
        channel_name=channel.name,
        recent_names=names.of(channel.id) if names is not None else (),
        what=what,
    )
    ops = ops if ops is not None else DiscordVoiceStatus(client, channel.id)
    verdict = await guard.check_status(status, ops, permissions)
    if verdict.hidden:
        log.info("guard cleared channel %s's %s (%s)", channel.id, what, logged_verdict(verdict))
    return verdict


class DiscordVoiceStatus:
    """``StatusOps`` for one voice channel, with discord.py."""

    def __init__(self, client: discord.Client, channel_id: int) -> None:
        self._client = client
        self._channel_id = channel_id

    async def clear(self) -> bool:
        try:
            await self._client.http.edit_voice_channel_status(None, channel_id=self._channel_id)
        except discord.HTTPException as refused:
            log.warning("could not clear channel %s's status: %s", self._channel_id, refused)
            return False
        return True

    async def status_now(self) -> str | None:
        found = await self._client.http.get_channel(self._channel_id)
        if not isinstance(found, dict) or "status" not in found:
            return None
        return str(found.get("status") or "")


def _watch_described(state: Any, event: str) -> None:
    parse = state.parsers[event]

    def parse_and_read(data: Any) -> None:
        parse(data)
        try:
            if event == "GUILD_CREATE":
                guild_id, channels = int(data["id"]), data.get("channels") or ()
            else:
                guild_id, channels = int(data["guild_id"]), (data,)
            updates = [
                VoiceStatusUpdate(guild_id, int(channel["id"]), str(channel["status"]))
                for channel in channels
                if channel.get("type") in VOICE_KINDS and channel.get("status")
            ]
        except (KeyError, TypeError, ValueError, AttributeError):
            return  # discord.py's own parser says what is wrong with it
        for update in updates:
            state.dispatch("voice_status_update", update)

    state.parsers[event] = parse_and_read


STAGE_TOPIC = "topic of stage"
NEUTRAL_TOPIC = "(topic hidden: it gave away an ending)"
"""What a live stage's topic (1-120 characters, never empty) becomes instead of one that gives
an ending away."""


async def guard_stage_topic(
    client: discord.Client,
    stage: discord.StageInstance,
    unknown: UnknownChannels | None = None,
    names: RecentNames | None = None,
) -> Verdict | None:
    """A live stage's topic (its moderators set it as it goes live: shown over the channel
    list and in "live now" notices), shown to the spoiler guard as a voice channel's status."""
    if stage.topic == NEUTRAL_TOPIC:
        return None
    update = VoiceStatusUpdate(stage.guild.id, stage.channel_id, stage.topic or "")
    ops = DiscordStageTopic(client, stage.channel_id)
    return await guard_voice_status(client, update, unknown, names, what=STAGE_TOPIC, ops=ops)


class DiscordStageTopic:
    """``StatusOps`` for a live stage's topic, with discord.py: "cleared" to a neutral one."""

    def __init__(self, client: discord.Client, channel_id: int) -> None:
        self._client = client
        self._channel_id = channel_id

    async def clear(self) -> bool:
        try:
            await self._client.http.edit_stage_instance(self._channel_id, topic=NEUTRAL_TOPIC)
        except discord.HTTPException as refused:
            log.warning("could not change stage %s's topic: %s", self._channel_id, refused)
            return False
        return True

    async def status_now(self) -> str | None:
        try:
            found = await self._client.http.get_stage_instance(self._channel_id)
        except discord.HTTPException as exc:
            log.warning("could not read stage %s's topic: %s", self._channel_id, exc)
            return None
        return str(found.get("topic") or "") if isinstance(found, dict) else None
