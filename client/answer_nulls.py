"""Fields of Discord's REST answers sent as ``null`` where Discord leaves them out or sends a list.

A stand-in serializing every field of its models answers a message with ``"embeds": null``,
``"components": null``, ``"member": null``, a channel with ``"permission_overwrites": null``.
Discord's reference has those lists always present and the rest optional, never null, and
discord.py reads them so: it iterated the ``null`` and failed reading the whole answer (a
webhook repost Discord made looked for and not found, a Hide as spoiler target read from
Discord refused as unreadable). Read here as Discord sends them, before discord.py reads the
body: a list as empty, the rest as left out. The gateway's messages are read as left out by
their parsers (``client.null_fields``); this is the same for REST, through ``http_trace``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import aiohttp

from client.answer_bodies import rewrite_json_answer
from client.null_fields import (
    ATTACHMENT_OPTIONALS,
    COMPONENT_OPTIONALS,
    EMBED_OPTIONALS,
    MESSAGE_OPTIONALS,
    METADATA_OPTIONALS,
    OPTION_OPTIONALS,
    nested_nulls_left_out,
    reference_channel_filled,
)
from client.nullable_fields import forum_tags_completed, message_parts_completed

NULL_AS_EMPTY = frozenset({"embeds", "attachments", "mentions", "mention_roles", "components"})
"""A message's lists Discord's reference requires (``components`` it marks optional, but
discord.py's message has none without it): ``null`` read as empty."""

NULL_AS_LEFT_OUT = MESSAGE_OPTIONALS | {
    # A channel's (a thread's) lists and objects, optional and never null in the reference.
    *("permission_overwrites", "recipients", "thread_metadata", "applied_tags"),
    *("available_tags", "default_reaction_emoji", "rate_limit_per_user", "nsfw"),
}
"""Fields Discord leaves out rather than send ``null``, and discord.py reads as left out."""

_NULL_VALUE = re.compile(rb":\s*null\b")
_SCREENED = frozenset(
    key.encode()
    for keys in (NULL_AS_EMPTY, NULL_AS_LEFT_OUT, EMBED_OPTIONALS, COMPONENT_OPTIONALS)
    for key in keys | OPTION_OPTIONALS | ATTACHMENT_OPTIONALS | METADATA_OPTIONALS
)


def _names_a_null_read_here(body: bytes) -> bool:
    """Whether ``body`` sends one of the fields above as null: a screen before anything is
    parsed (each ``null``'s key found backwards; a few microseconds a body, where a regex
    naming every key took ten). Words such as ": null" in a message's text only cost a parse."""
    for found in _NULL_VALUE.finditer(body):
        closing = body.rfind(b'"', 0, found.start())
        opening = body.rfind(b'"', 0, closing)
        if body[opening + 1 : closing] in _SCREENED:
            return True
    return False


REFERENCE = b'"message_reference"'
"""A reply's reference, read with its channel (``client.null_fields.reference_channel_filled``)."""


async def nulls_read_as_discord_sends(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """An ``on_request_end`` trace (after ``client.answer_headers``): the fields above read
    as Discord sends them, wherever in a JSON answer they are."""
    await rewrite_json_answer(params, _worth_reading, _read_as_sent)


IN_PART = re.compile(
    rb'"(?:application|thread|available_tags|message_snapshots|reactions|sticker_items'
    rb'|interaction_metadata)"'
)
"""Objects a message or channel may hold in part, or without their nullable fields
(``client.nullable_fields``): rare in an answer, so read whenever named, but interaction
metadata, which each of Epilogue's own answers carries: read only when one lacks its user.
One pass over the body (a third of the CPU of as many substring searches, which JSON's every
``"`` slows)."""
METADATA = b'"interaction_metadata"'


def _worth_reading(body: bytes) -> bool:
    return REFERENCE in body or _in_part(body) or _names_a_null_read_here(body)


def _in_part(body: bytes) -> bool:
    metadata = 0
    for found in IN_PART.finditer(body):
        if found[0] != METADATA:
            return True
        metadata += 1
    # Each metadata names its user: one fewer user than metadata is one without.
    return metadata > 0 and metadata > body.count(b'"user"')


def _read_as_sent(found: Any) -> bool:
    """Read ``found`` (and all it holds) as Discord sends it; whether anything changed."""
    changed = False
    if isinstance(found, list):
        for item in found:
            changed = _read_as_sent(item) or changed
    elif isinstance(found, dict):
        # A message's embeds', components', files' and interaction metadata's.
        changed = nested_nulls_left_out(found)
        # What a message or a forum holds in part (``client.nullable_fields``).
        changed = message_parts_completed(found) or changed
        changed = forum_tags_completed(found) or changed
        reference = found.get("message_reference")
        if isinstance(reference, dict) and reference.get("channel_id") is None:
            reference_channel_filled(found)
            changed = True
        for key in list(found):
            value = found[key]
            if value is None and key in NULL_AS_EMPTY:
                found[key] = []
            elif value is None and key in NULL_AS_LEFT_OUT:
                del found[key]
            elif isinstance(value, dict | list):
                changed = _read_as_sent(value) or changed
                continue
            else:
                continue
            changed = True
    return changed
