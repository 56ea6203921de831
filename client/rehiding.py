"""Epilogue's own messages hidden again where a moderator's change ended a spoiler channel.

The core says which places left spoilers and what each message becomes
(``bot/spoiler_policy/rehiding.py``); this lists the places Discord shows Epilogue (the
server's channels, its open threads and those it archived, which discord.py does not hold),
reads each one's latest messages (View Channel and Read Message History) and edits Epilogue's
own, which Discord lets a bot do at any time (an interaction's answer too, where the bot is in
the server). A 429 is waited out; a message Discord will not edit is left alone, not its
place's others; a place it cannot read or write in is left and named to the moderator
(``out_of_reach_note``); a thread a moderator closed, or Discord archived, is opened for the
edits and closed again (``client/closed_threads.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

import discord

from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.rehiding import (
    REHIDE_REACH,
    RehidingOutcome,
    RulesChange,
    published_withholds,
    rehidden,
)
from client.closed_threads import opened_for
from client.delivery import patiently, thread_closed

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)


REHIDING_LONGEST_WAIT_S = 60.0
"""A 429 asking for a longer wait stops hiding again (a ban, not a bucket to wait out): the
places left are named to the moderator."""
MAY_READ = discord.Permissions(view_channel=True, read_message_history=True)
ACCESS_REFUSED = frozenset({403})
"""Statuses that say the bot may no longer touch the place (Missing Access, Missing
Permissions): its other messages there are not tried, each refusal an invalid request that
counts towards Discord's ban."""


ARCHIVED_REACH = 50
"""How many of a channel's archived threads are looked through (the ones archived last)."""
THREAD_PARENTS = (discord.TextChannel, discord.ForumChannel)
"""Channels whose threads Discord archives (an announcement channel is a TextChannel here)."""
ANY_THREAD = 0
"""A thread id no thread has: what a thread without a rule of its own follows."""


def _places(guild: discord.Guild) -> list[tuple[int, int | None]]:
    """Every place in ``guild`` Epilogue knows of that holds messages, with a thread's parent."""
    places: list[tuple[int, int | None]] = [
        (channel.id, None)
        for channel in guild.channels
        if isinstance(channel, discord.abc.Messageable)
    ]
    places += [(thread.id, thread.parent_id) for thread in guild.threads]
    return places


async def rehide(
    client: discord.Client, guild: discord.Guild, change: RulesChange
) -> RehidingOutcome:
    """Edit Epilogue's messages that show text openly in the places of ``guild`` that left
    spoilers with ``change``; what was edited, and the places left unfinished."""
    places = _places(guild)
    archived, unreadable = await _archived_threads(guild, change, {p for p, _ in places})
    places += [(thread.id, thread.parent_id) for thread in archived.values()]
    left = change.left_spoilers(places)
    outcome = await _rehide_places(
        client, guild, {place: change.withholds(mode) for place, mode in left.items()}, archived
    )
    outcome.unreadable += unreadable
    return outcome


async def _archived_threads(
    guild: discord.Guild, change: RulesChange, known: set[int]
) -> tuple[dict[int, discord.Thread], list[int]]:
    """The archived threads of ``guild`` whose answers the change may concern, by id, and the
    channels whose archived threads Epilogue may not list (Read Message History).

    Discord leaves archived threads out of GUILD_CREATE, so discord.py does not hold them, yet
    anyone opens one and reads it: a spoiler thread archived before the change shows its
    endings as long as it exists. Listed only under channels whose threads may have left
    spoilers: following their channel's rule, or a rule of their own for a place not held."""
    # A rule of its own for a place not held (an archived thread's) that the change ended.
    own_rules = any(
        place not in known
        and mode is ChannelMode.SPOILERS
        and change.after.channel_modes.get(place) is not ChannelMode.SPOILERS
        for place, mode in change.before.channel_modes.items()
    )
    me = guild.me
    found: dict[int, discord.Thread] = {}
    unreadable: list[int] = []
    for parent in guild.channels:
        if not isinstance(parent, THREAD_PARENTS):
            continue
        if not own_rules and not change.left_spoilers([(ANY_THREAD, parent.id)]):
            continue
        if not _may_read(guild, parent):
            if not isinstance(parent, discord.abc.Messageable):
                unreadable.append(parent.id)  # a forum: no place of its own to be named by
            continue
        listings = [False]
        if me is not None and parent.permissions_for(me).manage_threads:
            listings.append(True)  # private threads are listed to those who manage threads
        for private in listings:

            async def listing(
                parent: discord.TextChannel | discord.ForumChannel = parent, private: bool = private
            ) -> list[discord.Thread]:
                return [
                    thread
                    async for thread in parent.archived_threads(
                        limit=ARCHIVED_REACH, private=private
                    )
                ]

            try:
                threads = await patiently(listing, longest_wait_s=REHIDING_LONGEST_WAIT_S)
            except discord.HTTPException as exc:
                log.warning("could not list the archived threads of channel %s: %s", parent.id, exc)
                unreadable.append(parent.id)
                break
            found.update((thread.id, thread) for thread in threads)
    return found, unreadable


async def rehide_published(
    client: EpilogueBot, channel: discord.abc.GuildChannel
) -> RehidingOutcome:
    """``channel`` became an announcement channel: what it showed openly is hidden again
    (``published_withholds`` says how)."""
    rules = await client.app.standings.rules(channel.guild.id)
    withhold = published_withholds(rules, channel.id, dt.datetime.now(dt.UTC))
    if withhold is None:
        return RehidingOutcome()
    return await _rehide_places(client, channel.guild, {channel.id: withhold})


def _may_read(guild: discord.Guild, place: discord.abc.Messageable) -> bool:
    """Whether the bot may read ``place``'s history, as far as the cache tells: without Read
    Message History Discord answers an empty page, not an error, so it must be known first."""
    me = guild.me
    permissions_for = getattr(place, "permissions_for", None)
    if me is None or permissions_for is None:
        return True  # not known: tried, and Discord says
    try:
        granted: discord.Permissions = permissions_for(me)
    except (AttributeError, TypeError, ValueError, discord.ClientException):
        return True  # a thread whose channel discord.py does not hold, say
    return MAY_READ.is_subset(granted)


async def _rehide_places(
    client: discord.Client,
    guild: discord.Guild,
    places: dict[int, bool],
    archived: Mapping[int, discord.Thread] | None = None,
) -> RehidingOutcome:
    """Epilogue's messages in each of ``places`` (id: whether to withhold rather than wrap)
    that show text openly, hidden; what was edited, and the places left unfinished.

    One message Discord will not edit (deleted meanwhile) stops only its own edit; a 429 is
    waited out whether or not discord.py would (``client.delivery.patiently``). ``archived``:
    threads discord.py does not hold, by id."""
    outcome = RehidingOutcome()
    me = client.user
    if me is None:
        return outcome
    pending = list(places.items())
    for index, (place_id, withhold) in enumerate(pending):
        place = (archived or {}).get(place_id) or guild.get_channel_or_thread(place_id)
        if not isinstance(place, discord.abc.Messageable):
            continue
        if not _may_read(guild, place):
            log.warning(
                "could not hide again the answers in channel %s: history unreadable", place_id
            )
            outcome.unreadable.append(place_id)
            continue
        try:
            if isinstance(place, discord.Thread):
                # Archived or locked, it is opened once for all its edits and closed again.
                await opened_for(
                    client,
                    place_id,
                    functools.partial(_rehide_place, place, place_id, withhold, me.id, outcome),
                )
            else:
                await _rehide_place(place, place_id, withhold, me.id, outcome)
        except discord.HTTPException as exc:
            log.warning("could not hide again the answers in channel %s: %s", place_id, exc)
            if exc.status == 429:  # a wait too long to make (or a ban): the rest not tried
                outcome.stopped += [place for place, _ in pending[index:]]
                break
            if exc.status == 404:  # deleted meanwhile: nothing left there to hide
                continue
            if thread_closed(exc):  # archived or locked, and not to be opened by Epilogue
                outcome.closed.append(place_id)
            else:
                outcome.unreadable.append(place_id)
    if outcome.edited:
        log.info(
            "hid again %d message(s) in server %s after a rule change", outcome.edited, guild.id
        )
    return outcome


async def _rehide_place(
    place: discord.abc.Messageable,
    place_id: int,
    withhold: bool,
    my_id: int,
    outcome: RehidingOutcome,
) -> None:
    """Epilogue's messages among ``place``'s latest, hidden; a refusal of the place itself (its
    history, or access to it) raised."""

    async def page() -> list[discord.Message]:
        return [message async for message in place.history(limit=REHIDE_REACH)]

    for message in await patiently(page, longest_wait_s=REHIDING_LONGEST_WAIT_S):
        if message.author.id != my_id:
            continue
        edit = rehidden(
            {"content": message.content, "embeds": [embed.to_dict() for embed in message.embeds]},
            withhold=withhold,
        )
        if edit is None:
            continue
        embeds = [discord.Embed.from_dict(embed) for embed in edit["embeds"]]

        try:
            await patiently(
                lambda message=message, content=edit["content"], embeds=embeds: message.edit(
                    content=content, embeds=embeds
                ),
                longest_wait_s=REHIDING_LONGEST_WAIT_S,
            )
        except discord.HTTPException as exc:
            if exc.status == 429 or exc.status in ACCESS_REFUSED or thread_closed(exc):
                raise  # the place's, not this message's (a closed thread is opened)
            # This message alone: the place's others still are hidden.
            log.warning("could not hide again message %s in %s: %s", message.id, place_id, exc)
            if exc.status != 404:  # one deleted meanwhile shows nothing any more
                outcome.refused[place_id] = outcome.refused.get(place_id, 0) + 1
            continue
        outcome.edited += 1
