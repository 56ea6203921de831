"""Members' messages Discord sends blank: the Message Content intent withheld, said in the log.

Discord closes a connection asking for a privileged intent the app lacks (4014, handled in
``client.bot``), but a Discord (or a stand-in) may instead take it and withhold what the intent
shows: each member's message then comes with no text, embeds, files or components, and the
guard, which reads exactly those, hides nothing, silently. A member's message is never blank
otherwise but for stickers, an invite to an activity or a forward of such: a few blank ones in
a row, with none showing anything between, say the content is withheld.
"""

from __future__ import annotations

import logging

import discord

from client.message_reading import shows_content

log = logging.getLogger(__name__)

IN_A_ROW = 3
"""Blank messages in a row that say the content is withheld (one could be a forwarded
sticker, which discord.py shows no trace of)."""

WITHHELD = (
    "Discord is withholding members' messages from Epilogue: %d in a row came blank (no text,"
    " embeds or files; the latest, message %s in channel %s of server %s), as Discord sends"
    " them to an app without the Message Content intent. The spoiler guard reads nothing until"
    " it is switched on: Developer Portal → your application → Bot → Privileged Gateway"
    " Intents → Message Content Intent, then restart Epilogue."
)

MEMBER_TYPES = frozenset({discord.MessageType.default, discord.MessageType.reply})


def could_be_blank(message: discord.Message) -> bool:
    """Whether ``message`` may be blank with its content shown: not a member's words (a
    bot's, a webhook's, Discord's own notice), stickers alone, an activity's invite."""
    return (
        message.author.bot
        or message.webhook_id is not None
        or message.type not in MEMBER_TYPES
        or bool(message.stickers)
        or message.activity is not None
    )


class WithheldContent:
    """Counts members' messages that came blank in a row; logs once per such run."""

    def __init__(self) -> None:
        self.blank_in_a_row = 0

    def saw(self, message: discord.Message) -> None:
        if message.guild is None or could_be_blank(message):
            return
        if shows_content(message):
            self.blank_in_a_row = 0  # shown again: a later run is told again
            return
        self.blank_in_a_row += 1
        if self.blank_in_a_row == IN_A_ROW:
            log.warning(WITHHELD, IN_A_ROW, message.id, message.channel.id, message.guild.id)
