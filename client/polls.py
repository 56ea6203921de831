"""A message's poll as discord.py reads it, in every shape Discord's reference allows.

Discord's Poll Object marks ``expiry`` nullable ("to support non-expiring polls in the
future") and ``results`` optional; a Poll Media Object's ``text`` and ``emoji`` are both
optional (an answer may be an emoji alone). discord.py subtracts the message's time from
``expiry``, and read ``"results": null`` as results: either failed the whole message. It
requires each media's ``text``, and on a ``KeyError`` drops the whole poll without a word
(the message then looked blank, as if its content were withheld). Either way the guard never
read a poll that gave an ending away. Completed here before discord.py reads the message:
from the gateway (``client.partial_updates.complete_snapshots``) and from REST
(``polls_completed``, an ``on_request_end`` trace in ``client.attempts``).
"""

from __future__ import annotations

from datetime import UTC
from types import SimpleNamespace
from typing import Any

import aiohttp
import discord

from client.answer_bodies import every_object, rewrite_json_answer

NAMES_A_POLL = b'"poll"'
"""What a message with a poll carries: an answer without it holds none."""


def poll_completed(message: dict[str, Any]) -> bool:
    """Fill in what discord.py requires of ``message``'s poll; whether anything was missing.

    A never-ending poll's ``expiry`` becomes the message's own time (discord.py derives only
    a duration from it, which Epilogue never reads); a media without ``text`` gets ``None``,
    which discord.py keeps as no text (an answer then reads as its emoji)."""
    poll = message.get("poll")
    if not isinstance(poll, dict):
        return False
    changed = False
    if poll.get("expiry") is None and "id" in message:
        created = discord.utils.snowflake_time(int(message["id"]))
        poll["expiry"] = created.astimezone(UTC).isoformat()
        changed = True
    if not isinstance(poll.get("question"), dict):
        poll["question"] = {}
        changed = True
    if not isinstance(poll.get("answers"), list):
        poll["answers"] = []
        changed = True
    for answer in poll["answers"]:
        if not isinstance(answer, dict):
            continue
        media = answer.get("poll_media")
        if not isinstance(media, dict):
            media = answer["poll_media"] = {}
            changed = True
        if "text" not in media:
            media["text"] = None
            changed = True
    if "results" in poll and not isinstance(poll["results"], dict):
        del poll["results"]  # unknown, as when Discord leaves them out
        changed = True
    return changed


async def polls_completed(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """An ``on_request_end`` trace: every message a JSON answer describes (a forward's and a
    reply's too) with its poll completed as above."""
    await rewrite_json_answer(
        params, lambda body: NAMES_A_POLL in body, lambda found: every_object(found, poll_completed)
    )
