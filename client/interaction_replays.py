"""An interaction delivered again is the same interaction, or it is not read.

A RESUME replays an interaction, two processes on one shard both receive it: Discord holds its
first answer, and a second handling follows that answer up on the same token (privately, or
for the channel), which Discord shows to whoever made the interaction, where they made it. A
delivery of the same id naming another member or another place (forged, or a stand-in's
mistake) was answered for that member, or under that place's rules: an opted-in member's
ending, unwrapped, followed up privately to the member who had asked in public and opted in to
nothing, or a spoiler channel's answer posted in the open in the standard channel the
interaction came from. So was one asking something else: a member's press of Next (or her
command) delivered again as a press of the answer's Reveal, which the message does hold, was
answered on her token with the ending, unwrapped, which she never asked for. Each
interaction's first reading (its member, server and channel; its kind, what it asks, its
``data``, and the message pressed) is kept, bounded; a later delivery that differs in any of
them is logged by ids and not read at all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import orjson
from discord.state import ConnectionState

from bot.cache import LruCache

log = logging.getLogger(__name__)

KEPT = 65_536
"""Interactions whose first reading is kept, as two numbers each (its id, a hash of who and
where): about 10 MB when full."""

_Reading = tuple[str | None, str | None, str | None]
"""Who (user id) and where (server, channel) an interaction names."""


def _reading(data: dict[str, Any]) -> _Reading:
    member = data.get("member")
    user = (member.get("user") if isinstance(member, dict) else None) or data.get("user")
    user_id = user.get("id") if isinstance(user, dict) else None
    channel = data.get("channel")
    channel_id = data.get("channel_id")
    if channel_id is None and isinstance(channel, dict):
        channel_id = channel.get("id")
    guild_id = data.get("guild_id")

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return text(user_id), text(guild_id), text(channel_id)


def _asked(data: dict[str, Any]) -> bytes | str:
    """What an interaction asks, as one text: its kind, its ``data`` (the command and its
    options, the button's or form's custom id and values, the Apps action's target) and the
    message a press or form names. A delivery of the same interaction carries the same; a
    replay turned into another command, button or message is another question, and its answer
    reaches, on the first one's token, a member who never asked it."""
    message = data.get("message")
    pressed = message.get("id") if isinstance(message, dict) else None
    asked = {"type": data.get("type"), "data": data.get("data"), "message": pressed}
    # Keys sorted and every value as text: the same question however its JSON was laid out.
    # orjson's bytes on every interaction's path (an eighth of stdlib json's CPU); what it
    # cannot write (an integer past 64 bits, a lone surrogate) as stdlib json writes it. Both
    # name each value exactly, so two readings are alike only if they ask alike.
    try:
        return orjson.dumps(asked, option=orjson.OPT_SORT_KEYS, default=str)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(asked, sort_keys=True, default=str)


class FirstReadings:
    def __init__(self, size: int = KEPT) -> None:
        self._first: LruCache[int, int] = LruCache(size)

    def same_as_first(self, data: dict[str, Any]) -> bool:
        """Whether ``data`` names who and where its first delivery named, and asks what it
        asked (``_asked``): a first delivery does, and is kept."""
        text = str(data.get("id") or "")
        if not text.isdigit():
            return True
        interaction_id, now = int(text), hash((_reading(data), _asked(data)))
        first = self._first.get(interaction_id)
        if first is None:
            self._first.put(interaction_id, now)
            return True
        return first == now


def read_replays_as_first(state: ConnectionState, readings: FirstReadings) -> None:
    """Wrap the INTERACTION_CREATE parser: a delivery naming another member, server or channel
    than the same interaction's first, or asking something else, is logged (by ids) and
    dropped, unanswered: its token is the first one's."""
    parsers = state.parsers
    parse: Callable[[Any], None] = parsers["INTERACTION_CREATE"]

    def parse_if_same(data: Any) -> None:
        if isinstance(data, dict) and not readings.same_as_first(data):
            user, guild, channel = _reading(data)
            log.warning(
                "interaction %s delivered again as user %s in server %s, channel %s, or"
                " asking something else, not as first read: not read",
                data.get("id"),
                user,
                guild,
                channel,
            )
            return
        parse(data)

    parsers["INTERACTION_CREATE"] = parse_if_same
