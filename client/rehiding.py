"""Epilogue's own messages hidden again where a moderator's change ended a spoiler channel.

The core says which places left spoilers and what each message becomes
(``bot/spoiler_policy/rehiding.py``); this lists the places Discord shows Epilogue (the
server's channels and its open threads), reads each one's latest messages (View Channel and
Read Message History) and edits Epilogue's own, which Discord lets a bot do at any time
(an interaction's answer too, where the bot is in the server). A place it cannot read or
write in is logged by id and left; a thread a moderator closed is opened for the edit and
closed again (``client/closed_threads.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import discord

from bot.spoiler_policy.rehiding import (
    REHIDE_REACH,
    RulesChange,
    published_withholds,
    rehidden,
)
from client.closed_threads import opened_for

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)


def _places(guild: discord.Guild) -> list[tuple[int, int | None]]:
    """Every place in ``guild`` Epilogue knows of that holds messages, with a thread's parent."""
    places: list[tuple[int, int | None]] = [
        (channel.id, None)
        for channel in guild.channels
        if isinstance(channel, discord.abc.Messageable)
    ]
    places += [(thread.id, thread.parent_id) for thread in guild.threads]
    return places


async def rehide(client: discord.Client, guild: discord.Guild, change: RulesChange) -> int:
    """Edit Epilogue's messages that show text openly in the places of ``guild`` that left
    spoilers with ``change``; the number of messages edited."""
    left = change.left_spoilers(_places(guild))
    return await _rehide_places(
        client, guild, {place: change.withholds(mode) for place, mode in left.items()}
    )


async def rehide_published(client: EpilogueBot, channel: discord.abc.GuildChannel) -> int:
    """``channel`` became an announcement channel: what it showed openly is hidden again
    (``published_withholds`` says how)."""
    rules = await client.app.standings.rules(channel.guild.id)
    withhold = published_withholds(rules, channel.id, dt.datetime.now(dt.UTC))
    if withhold is None:
        return 0
    return await _rehide_places(client, channel.guild, {channel.id: withhold})


async def _rehide_places(
    client: discord.Client, guild: discord.Guild, places: dict[int, bool]
) -> int:
    """Epilogue's messages in each of ``places`` (id: whether to withhold rather than wrap)
    that show text openly, hidden; the number edited."""
    me = client.user
    if me is None:
        return 0
    edited = 0
    for place_id, withhold in places.items():
        place = guild.get_channel_or_thread(place_id)
        if not isinstance(place, discord.abc.Messageable):
            continue
        try:
            async for message in place.history(limit=REHIDE_REACH):
                if message.author.id != me.id:
                    continue
                edit = rehidden(
                    {
                        "content": message.content,
                        "embeds": [embed.to_dict() for embed in message.embeds],
                    },
                    withhold=withhold,
                )
                if edit is None:
                    continue
                embeds = [discord.Embed.from_dict(embed) for embed in edit["embeds"]]

                async def change_it(
                    message: discord.Message = message,
                    content: str = edit["content"],
                    embeds: list[discord.Embed] = embeds,
                ) -> None:
                    await message.edit(content=content, embeds=embeds)

                if isinstance(place, discord.Thread):
                    await opened_for(client, place_id, change_it)
                else:
                    await change_it()
                edited += 1
        except discord.HTTPException as exc:
            # Not readable or not writable (permissions taken away, the place deleted): what it
            # shows stays until a moderator deletes it; the next message is another place's.
            log.warning("could not hide again the answers in channel %s: %s", place_id, exc)
    if edited:
        log.info("hid again %d message(s) in server %s after a rule change", edited, guild.id)
    return edited
