"""A thread discord.py does not hold is a thread of the channel Discord says, once confirmed.

An interaction in a thread the bot was never shown (a private thread it is not in, one made
while its session was lost) describes the thread, ``parent_id`` included; nothing else says
which channel's thread it is, and a thread follows its parent's spoiler rule. Taken on the
payload's word, a command in a private thread of a no-spoilers channel, its ``parent_id``
forged or replayed as a spoiler channel's, was answered with the ending in the open. Such an
interaction is read as of a channel of unknown kind (``client.bot._channel_kind_unknown``:
the strictest rule the server has, unless the thread has its own) until the thread is looked
up through REST (bounded and remembered: ``client.context_menus.UnknownChannels``) and its
parent is the one described. A thread never moves to another channel, so a confirmed parent
holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from client.bot import EpilogueBot


async def confirm_thread_parent(interaction: discord.Interaction[EpilogueBot]) -> None:
    """Look up an interaction's thread that discord.py does not hold, and read its parent as
    described only when Discord's REST answer agrees."""
    client = interaction.client
    thread, guild = interaction.channel, interaction.guild
    if not isinstance(thread, discord.Thread) or interaction.guild_id is None:
        return
    kinds = getattr(client, "unsure_channels", None)
    unknown = getattr(client, "unknown_channels", None)
    if kinds is None or unknown is None or not kinds.unsure(interaction.id):
        return
    if guild is not None and guild.get_thread(thread.id) is not None:
        return  # held after all (sent since): unsure for another reason, left so
    found = await unknown.resolve(client, interaction.guild_id, thread.id)
    if (
        isinstance(found, discord.Thread)
        and found.guild.id == interaction.guild_id
        and thread.parent_id is not None
        and found.parent_id == thread.parent_id
    ):
        kinds.saw(interaction.id, kind_unknown=False)
