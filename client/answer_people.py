"""Users and members in Discord's REST answers as discord.py reads them, however described.

The gateway's people are completed before discord.py's parsers read them
(``client.people_fields``); REST answers have no parser of Epilogue's, and discord.py reads a
user without ``discriminator`` or ``avatar``, or a member without ``flags``, as a failure of the
whole answer: a Discord (or stand-in) describing the bot's own user so at ``GET /users/@me``
kept the bot from ever logging in, and a message read from Discord, a DM opened, a webhook
listed or a member looked up failed the same way. Completed here with what Discord sends for
none, before discord.py reads the body (through ``client.attempts``' ``http_trace``).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import aiohttp

from client.answer_bodies import rewrite_json_answer
from client.people_fields import people_completed

USERNAME = b'"username"'
DISCRIMINATOR = b'"discriminator"'
AVATAR = b'"avatar"'
JOINED_AT = b'"joined_at"'
"""What every member object carries (a user object: ``username``)."""


async def people_read_as_discord_sends(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """An ``on_request_end`` trace: every user and member a JSON answer describes given what
    discord.py requires of them."""
    await rewrite_json_answer(params, _worth_reading, _completed)


def _worth_reading(body: bytes) -> bool:
    """A screen before anything is parsed: a user without its ``discriminator`` or its
    nullable ``avatar`` (fewer of either than users: a serializer that omits nulls sends the
    one without the other), or a member (rare in answers: a member looked up, a message's
    ``member``)."""
    users = body.count(USERNAME)
    return users > body.count(DISCRIMINATOR) or users > body.count(AVATAR) or JOINED_AT in body


def _completed(found: Any) -> bool:
    """Complete ``found`` (an answer: an object, or a list of them) and all it holds."""
    if isinstance(found, list):
        return any([_completed(item) for item in found])
    if not isinstance(found, dict):
        return False
    # The answer may itself be a user (``GET /users/@me``) or a member (``GET …/members/{id}``):
    # wrapped under the key that names it, as they are found nested.
    if "username" in found:
        return people_completed({"user": found})
    if "joined_at" in found and ("roles" in found or isinstance(found.get("user"), dict)):
        # (A member without its empty ``roles``, a serializer omitting empty lists, too.)
        return people_completed({"member": found})
    return people_completed(found)
