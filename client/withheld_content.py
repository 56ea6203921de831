"""Members' messages Discord sends blank: the Message Content intent withheld, said in the log.

Discord closes a connection asking for a privileged intent the app lacks (4014, handled in
``client.bot``), but a Discord (or a stand-in) may instead take it and withhold what the intent
shows: each member's message then comes with no text, embeds, files or components, and the
guard, which reads exactly those, hides nothing, silently. A member's message is never blank
otherwise but for stickers (its own or a forward's) or an invite to an activity: one that is
says the content is withheld, and the log says so (at most once an hour: all of them may be).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import discord

from client.message_reading import shows_content

log = logging.getLogger(__name__)

TOLD_EVERY_S = 3600.0

WITHHELD = (
    "Discord is withholding members' messages from Epilogue: message %s in channel %s of"
    " server %s came blank (no text, embeds or files), as Discord sends them to an app without"
    " the Message Content intent. The spoiler guard reads nothing in such messages: switch on"
    " Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content"
    " Intent, then restart Epilogue."
)

MEMBER_TYPES = frozenset({discord.MessageType.default, discord.MessageType.reply})


def could_be_blank(message: discord.Message) -> bool:
    """Whether ``message`` may be blank with its content shown: not a member's words (a
    bot's, a webhook's, Discord's own notice), stickers alone (a forward's too), an
    activity's invite."""
    return (
        message.author.bot
        or message.webhook_id is not None
        or message.type not in MEMBER_TYPES
        or bool(message.stickers)
        or any(snapshot.stickers for snapshot in message.message_snapshots)
        or message.activity is not None
    )


class WithheldContent:
    """Logs a member's message that came blank, at most once every ``TOLD_EVERY_S``."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._told_at: float | None = None

    def saw(self, message: discord.Message) -> None:
        if message.guild is None or shows_content(message) or could_be_blank(message):
            return
        now = self._clock()
        if self._told_at is not None and now - self._told_at < TOLD_EVERY_S:
            return
        self._told_at = now
        log.warning(WITHHELD, message.id, message.channel.id, message.guild.id)
