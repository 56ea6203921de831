"""What Discord's answer to a repost means: a refusal told to the member in words (the file size
limit among them), and a repost Discord posted without describing it, found again.
"""

from __future__ import annotations

import traceback

import discord

from bot.features.spoiler.member_message import Repost
from client.message_reading import shows_content


def upload_limit(guild: object, interaction: discord.Interaction | None = None) -> int:
    """Bytes one file may have in a message Epilogue posts in ``guild``: 10 MiB, more with
    server boosts (level 2: 50 MiB, level 3: 100 MiB), as discord.py reads the boost level, or
    as the interaction's ``attachment_size_limit`` says, whichever is more: in a server whose
    GUILD_CREATE has not come discord.py knows no boosts (10 MiB), and an interaction without
    that field is read as 10 MiB (``client.bot``). Should the larger be wrong, Discord's own
    refusal (413, 40005) says the same."""
    limit = discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES
    if isinstance(guild, discord.Guild):
        limit = guild.filesize_limit
    if interaction is not None:
        limit = max(limit, interaction.filesize_limit)
    return limit


def too_heavy(limit: int | None = None) -> str:
    most = f" ({limit // 2**20} MB here; server boosts raise it)" if limit else ""
    return f"one of its files is larger than Discord lets Epilogue post in this server{most}"


REQUEST_TOO_LARGE = 40005
"""Discord's code for a request heavier than it takes (413): a file over the upload limit."""

_REFUSALS = {
    10003: "the channel no longer exists",
    10015: "Epilogue's webhook there was deleted twice in a row; try again",
    30007: (
        "this channel already has 15 webhooks, the most Discord allows: a server admin can"
        " delete one in the channel's settings → Integrations → Webhooks"
    ),
    REQUEST_TOO_LARGE: too_heavy(),
    50001: "Epilogue cannot reach this channel (Discord says Missing Access)",
    50013: (
        "Discord says Epilogue is missing a permission here: it needs Manage Webhooks"
        " (and Manage Messages) in this channel"
    ),
    50035: "Discord refused the repost as invalid",
    50083: (
        "the thread is archived and locked, and Epilogue could not unarchive it to post there:"
        " it needs Manage Threads in this channel"
    ),
    160005: (
        "a moderator locked the thread, and Epilogue could not unlock it to post there: it"
        " needs Manage Threads in this channel"
    ),
}


REPOST_SEARCH_LIMIT = 50
"""Latest messages read to find a repost Discord posted without describing it."""


def reading_the_answer(exc: BaseException) -> bool:
    """Whether discord.py raised ``exc`` reading Discord's answer to a message it posted
    (``Webhook._create_message`` for a webhook's or an interaction's follow-up,
    ``ConnectionState.create_message`` for a channel's; called only once Discord answered
    2xx): the post is up."""
    return any(
        frame.f_code.co_name in ANSWER_READERS for frame, _ in traceback.walk_tb(exc.__traceback__)
    )


ANSWER_READERS = frozenset({"_create_message", "create_message"})
"""discord.py's functions that read a posted message's answer into a ``Message``."""


def refusal(exc: discord.HTTPException) -> str:
    """What a member should read about Discord refusing a repost (the reason, not a status)."""
    if exc.code in _REFUSALS:
        return _REFUSALS[exc.code]
    if exc.status == 429:
        return "Discord is limiting how fast Epilogue may post here; try again in a minute"
    if exc.status >= 500:
        return "Discord had a problem on its side; try again in a moment"
    return f"Discord answered {exc.status}" + (f" (code {exc.code})" if exc.code else "")


def posted_as(seen: discord.Message, hook: discord.Webhook, repost: Repost) -> bool:
    """Whether ``seen`` is a post of ``repost`` through ``hook``: by its words or, where
    Discord withholds them (an app without the Message Content intent may read no message's
    words, its own webhook's perhaps included), by the name it was posted under."""
    if seen.webhook_id != hook.id:
        return False
    if shows_content(seen):
        return seen.content == repost.content
    return seen.author.name == repost.username
