"""An interaction whose description of where it was sent disagrees with itself is refused.

An interaction names its place several times: ``guild_id`` and the partial ``guild``,
``channel_id``, the partial ``channel`` (its ``id`` and ``guild_id``), for a press the
``message`` the button is on, and for Apps on a message its target (each message's
``channel_id``). Discord always names one place. A delivery that names two (replayed, forged,
or a stand-in's mistake) was answered under the rules of the one discord.py read, and the
answer posted where the interaction really was: a command from a standard channel of one
server, naming another server whose default is spoilers, put the ending in the open there; a
page turned on a message in one channel, pressed "in" a spoiler channel, was turned under that
channel's rules; Undo spoiler hide on a repost in one channel, sent "from" another where its
member may manage messages, put the ending back in the open as a moderator's undo. No reading
of such a payload is safe (either place's rules may be the wrong ones), so it is not read at
all: the member is told privately that nothing was done.

Only what the payload itself says, and channels discord.py holds, are compared: a place
Discord leaves out is not a disagreement.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import discord
from discord.http import Route
from discord.state import ConnectionState

log = logging.getLogger(__name__)

REFUSED = (
    "⚠️ Discord described where this was sent in two ways ({why}), so Epilogue did nothing "
    "with it: which channel's spoiler rules apply could not be told. Send it again; if this "
    "keeps happening, tell the server's admins."
)
AUTOCOMPLETE = 4
PING = 1
CHANNEL_MESSAGE = 4
AUTOCOMPLETE_RESULT = 8
EPHEMERAL = 1 << 6
APPLICATION_COMMAND = 2
MESSAGE_COMMAND = 3
"""``data.type`` of Apps on a message."""


def _differ(one: object, other: object) -> bool:
    """Whether two ids Discord sent (strings, or numbers from a stand-in) name two things; an
    id left out names nothing to compare."""
    return one is not None and other is not None and str(one) != str(other)


def _snowflake(value: object) -> int | None:
    """An id as Discord sends it, as a number; None if absent or not an id at all."""
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


def _held_in(state: ConnectionState, channel_id: int, named: int) -> int | None:
    """The server discord.py holds ``channel_id`` in, when that is not ``named``. Looked for
    only when the named server does not hold it (a thread not cached, a server not yet sent):
    every server's channels are searched then, rarely."""
    guild = state._get_guild(named)
    if guild is not None and guild._resolve_channel(channel_id) is not None:
        return None
    for other in state.guilds:
        if other.id != named and other._resolve_channel(channel_id) is not None:
            return other.id
    return None


def disagreement(state: ConnectionState, data: dict[str, Any]) -> str | None:
    """How ``data`` (an INTERACTION_CREATE, as sent) names two places; None when it names
    one. Every interaction passes here: the common path is a few lookups, written out."""
    described = data.get("channel")
    channel: dict[str, Any] = described if described.__class__ is dict else {}
    guild_id, channel_id, described_id = data.get("guild_id"), data.get("channel_id"), None
    if (described_id := channel.get("id")) is not None:
        if channel_id is None:
            channel_id = described_id
        elif str(channel_id) != str(described_id):
            return f"channel {channel_id}, and channel {described_id}"
    if guild_id is not None:
        server = data.get("guild")
        if server.__class__ is dict and _differ(guild_id, server.get("id")):  # type: ignore[union-attr]
            return f"server {guild_id}, and server {server.get('id')}"  # type: ignore[union-attr]
        if _differ(guild_id, channel.get("guild_id")):
            return f"server {guild_id}, and channel {channel_id} of server {channel['guild_id']}"
        named, where = _snowflake(guild_id), _snowflake(channel_id)
        held = None if named is None or where is None else _held_in(state, where, named)
        if held is not None:
            return f"server {guild_id}, and channel {channel_id} of server {held}"
    if channel_id is None or ("message" not in data and data.get("type") != APPLICATION_COMMAND):
        return None
    for message in _messages_named(data):
        if not _differ(message.get("id"), channel_id):
            # A thread started from a message has its id, and shows it at its top: used
            # there, the message is its parent's.
            continue
        if _differ(message.get("channel_id"), channel_id):
            return f"channel {channel_id}, and a message of channel {message['channel_id']}"
    return None


def _messages_named(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The messages an interaction is about: a press's message, a message command's target
    (Apps on a message is used where the message is)."""
    named = [data.get("message")]
    command = data.get("data")
    if (
        data.get("type") == APPLICATION_COMMAND
        and isinstance(command, dict)
        and (command.get("type") == MESSAGE_COMMAND)
    ):
        resolved = command.get("resolved")
        messages = resolved.get("messages") if isinstance(resolved, dict) else None
        if isinstance(messages, dict):
            named += messages.values()
    return [message for message in named if isinstance(message, dict)]


def _refusal(data: dict[str, Any], why: str) -> dict[str, Any] | None:
    """The callback that tells the member nothing was done (None for a ping)."""
    kind = data.get("type")
    if kind == PING:
        return None
    if kind == AUTOCOMPLETE:
        return {"type": AUTOCOMPLETE_RESULT, "data": {"choices": []}}
    return {
        "type": CHANNEL_MESSAGE,
        "data": {
            "content": REFUSED.format(why=why),
            "flags": EPHEMERAL,
            "allowed_mentions": {"parse": []},
        },
    }


async def _refuse(state: ConnectionState, data: dict[str, Any], body: dict[str, Any]) -> None:
    route = Route(
        "POST",
        "/interactions/{interaction_id}/{interaction_token}/callback",
        interaction_id=data["id"],
        interaction_token=data["token"],
    )
    try:
        await state.http.request(route, json=body)
    except discord.HTTPException as exc:  # answered already (a replay), or expired
        log.info("interaction %s: its refusal was not taken (%s)", data.get("id"), exc)


def refuse_disagreeing_places(state: ConnectionState) -> set[asyncio.Task[None]]:
    """Wrap the INTERACTION_CREATE parser: an interaction naming two places is logged (by
    ids only), answered with a private refusal and never handed to discord.py. The refusals'
    tasks are returned, kept until done."""
    parsers = state.parsers
    parse: Callable[[Any], None] = parsers["INTERACTION_CREATE"]
    refusing: set[asyncio.Task[None]] = set()

    def parse_or_refuse(data: Any) -> None:
        why = disagreement(state, data) if isinstance(data, dict) else None
        if why is None:
            parse(data)
            return
        log.warning(
            "interaction %s (user %s) not read: Discord described where it was sent in two"
            " ways (%s)",
            data.get("id"),
            ((data.get("member") or {}).get("user") or data.get("user") or {}).get("id"),
            why,
        )
        if (body := _refusal(data, why)) is None or "token" not in data or "id" not in data:
            return
        task = asyncio.get_running_loop().create_task(_refuse(state, data, body))
        refusing.add(task)
        task.add_done_callback(refusing.discard)

    parsers["INTERACTION_CREATE"] = parse_or_refuse
    return refusing
