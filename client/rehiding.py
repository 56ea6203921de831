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

Each run is recorded before anyone is told (``bot/spoiler_policy/pending_rehidings.py``):
narrowed as each place is done, deleted at the end. A process that stops mid-way leaves it, and
whichever process holds the server resumes it when the server becomes available (``resume``);
places it finds out of reach then go in the server's moderators' log, nobody waiting on an
answer any more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import discord

from bot.invocation import EARLIEST_OFFSET
from bot.spoiler_policy.pending_rehidings import Pending, PendingRehidings
from bot.spoiler_policy.rehiding import (
    REHIDE_REACH,
    RehidingOutcome,
    RulesChange,
    out_of_reach_log,
    out_of_reach_note,
    published_withholds,
    rehidden,
)
from client.closed_threads import opened_for
from client.delivery import MALFORMED, PASSING_FAILURES, patiently, thread_closed

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


FAILURES = (*PASSING_FAILURES, *MALFORMED)
"""Every way a request the re-hiding depends on fails: a refusal, a passing failure, or an
answer discord.py could not read (``MALFORMED``), whose place is tried again within a minute
as for a 5xx; such an answer ended the run, every place after it left showing endings."""


ARCHIVED_PAGE = 100
"""How many archived threads are asked for at a time (Discord's most); every page is read, an
answer in a thread archived long ago being as open as one archived last."""
THREAD_PARENTS = (discord.TextChannel, discord.ForumChannel)
"""Channels whose threads Discord archives (an announcement channel is a TextChannel here)."""


def _places(guild: discord.Guild) -> list[tuple[int, int | None]]:
    """Every place in ``guild`` Epilogue knows of that holds messages, with a thread's parent."""
    places: list[tuple[int, int | None]] = [
        (channel.id, None)
        for channel in guild.channels
        if isinstance(channel, discord.abc.Messageable)
    ]
    places += [(thread.id, thread.parent_id) for thread in guild.threads]
    return places


_running: set[int] = set()
"""Recorded re-hidings a run in this process is doing: a GUILD_CREATE meanwhile (a reconnect)
does not start the same one again."""


async def rehide(client: EpilogueBot, guild: discord.Guild, change: RulesChange) -> RehidingOutcome:
    """Edit Epilogue's messages that show text openly in the places of ``guild`` that left
    spoilers with ``change``; what was edited, and the places left unfinished. Its record
    (``change.pending_id``) is narrowed as places are done, and deleted at the end."""
    pending_id = change.pending_id
    if pending_id in _running:
        return RehidingOutcome()  # this process is doing it already
    if pending_id is not None:
        _running.add(pending_id)
    try:
        places = _places(guild)
        listing = await _archived_threads(guild, change, {p for p, _ in places})
        archived = listing.found
        places += [(thread.id, thread.parent_id) for thread in archived.values()]
        left = change.left_spoilers(places)
        chosen = {place: change.withholds(mode) for place, mode in left.items()}
        rehidings = client.app.rehidings
        if pending_id is not None:
            await rehidings.listed(pending_id, chosen, listing.unlisted)
        outcome = await _rehide_places(
            client, guild, chosen, archived, done=_narrowing(rehidings, pending_id)
        )
        unreadable = listing.unreadable
        outcome.unreadable += unreadable
        outcome.unlisted += listing.unlisted
        outcome.channels |= _channels_of(guild, unreadable)  # thread parents
        await _settled(rehidings, pending_id, outcome)
        return outcome
    finally:
        _running.discard(pending_id or 0)


def _narrowing(
    rehidings: PendingRehidings, pending_id: int | None
) -> Callable[[int], Awaitable[None]] | None:
    if pending_id is None:
        return None
    return functools.partial(rehidings.done_with, pending_id)


async def _settled(
    rehidings: PendingRehidings, pending_id: int | None, outcome: RehidingOutcome
) -> None:
    """The run is over: its record deleted, but for the places a rate limit stopped it
    before or a passing failure left, and the channels whose archived threads Discord failed
    to list, which stay recorded for the minute's sweep (``sweep_unfinished``) to try again."""
    if pending_id is not None and not (outcome.stopped or outcome.retrying or outcome.unlisted):
        await rehidings.finish(pending_id)


def embargo_day_now() -> dt.date:
    """The earliest date on Earth now (``Invocation.embargo_day``), for work nobody invoked."""
    return (dt.datetime.now(dt.UTC) - EARLIEST_OFFSET).date()


async def resume(client: EpilogueBot, guild: discord.Guild) -> None:
    """Finish the re-hidings recorded for ``guild`` that a process left unfinished (stopped,
    crashed, redeployed, or not holding the server); called when this process holds it
    (GUILD_CREATE). Places out of reach go in the server's moderators' log."""
    rehidings = client.app.rehidings
    if not await rehidings.may_have(guild.id):
        return
    for pending in await rehidings.of_guild(guild.id):
        if pending.id in _running:
            continue
        log.info("resuming the re-hiding %s of server %s", pending.id, guild.id)
        outcome = await _resumed(client, guild, pending)
        # Places stopped at are tried again within the minute, not logged each time.
        if (note := out_of_reach_note(dataclasses.replace(outcome, stopped=[]))) is not None:
            log.warning(
                "re-hiding %s in server %s left places: %s", pending.id, guild.id, note.content
            )
            await rehidings.log_out_of_reach(
                guild.id,
                out_of_reach_log(dataclasses.replace(outcome, stopped=[])),
                now=dt.datetime.now(dt.UTC),
            )


UNSTARTED_SWEEP_S = 60.0
"""How often a process looks for re-hidings recorded where no process held the server."""
UNSTARTED_AFTER = dt.timedelta(seconds=30)
"""How old such a record must be: a moderator's change in Discord starts its own at once,
recorded a moment before (``client.slash``), and lists its places as it starts."""


async def sweep_unfinished(client: EpilogueBot) -> None:
    """Resume the re-hidings recorded, and not finished, in the servers this process holds
    (``PendingRehidings.unfinished``: a rule changed in the console, on the bot's database,
    which told the operator "Epilogue hides again"; or places whose edits Discord failed for
    a passing reason, left recorded by a run or by an answer checked again once sent). The
    server's rules are read anew, not from memory: held from before the change, they would
    find nothing left to hide, and the record would be deleted with every answer still
    open."""
    rehidings = client.app.rehidings
    cutoff = dt.datetime.now(dt.UTC).replace(tzinfo=None) - UNSTARTED_AFTER
    for guild_id in await rehidings.unfinished(recorded_before=cutoff):
        guild = client.get_guild(guild_id)
        if guild is None or guild.unavailable:
            continue  # another process's, or not sent yet: resumed when it is
        client.app.standings.forget_guild(guild_id)
        try:
            await resume(client, guild)
        except Exception:
            log.exception("resuming the re-hiding of answers in server %s failed", guild_id)


async def _resumed(client: EpilogueBot, guild: discord.Guild, pending: Pending) -> RehidingOutcome:
    if pending.places is None:  # stopped before its places were listed: listed now
        after = await client.app.standings.rules(guild.id)
        change = RulesChange(pending.before, after, embargo_day_now(), pending.id)
        return await rehide(client, guild, change)
    return await _rehide_recorded(client, guild, pending.id, pending.places, pending)


async def _rehide_recorded(
    client: EpilogueBot,
    guild: discord.Guild,
    pending_id: int,
    places: dict[int, bool],
    pending: Pending | None = None,
) -> RehidingOutcome:
    """A recorded re-hiding whose places are listed: those left done (with the archived
    threads of the channels ``pending`` has still to list, listed first), and its record
    deleted."""
    if pending_id in _running:
        return RehidingOutcome()
    _running.add(pending_id)
    try:
        rehidings = client.app.rehidings
        listing = ArchivedListing()
        places = dict(places)
        if pending is not None and pending.unlisted:
            listing = await _listed_again(client, guild, pending)
            for thread in listing.found.values():
                places.setdefault(thread.id, listing.withhold[thread.id])
        outcome = await _rehide_places(
            client, guild, places, listing.found, done=_narrowing(rehidings, pending_id)
        )
        outcome.unreadable += listing.unreadable
        outcome.unlisted += listing.unlisted
        await _settled(rehidings, pending_id, outcome)
        return outcome
    finally:
        _running.discard(pending_id)


async def _listed_again(
    client: EpilogueBot, guild: discord.Guild, pending: Pending
) -> ArchivedListing:
    """The archived threads, under the channels ``pending`` failed to list them for, that
    left spoilers (as the server's rules read now), each recorded as a place as its channel
    is taken off the ones to list; a channel failed again stays to list."""
    after = await client.app.standings.rules(guild.id)
    change = RulesChange(pending.before, after, embargo_day_now(), pending.id)
    listing = ArchivedListing()
    for parent_id in sorted(pending.unlisted):
        parent = guild.get_channel(parent_id)
        found: dict[int, discord.Thread] = {}
        # Deleted (or no longer a channel with threads): none left to list.
        if isinstance(parent, THREAD_PARENTS):
            await _list_under(guild, parent, found, listing)
            if parent_id in listing.unlisted:
                continue  # failed again: stays recorded (a refusal is told, and not asked again)
        left = change.left_spoilers((thread.id, parent_id) for thread in found.values())
        chosen = {thread: change.withholds(mode) for thread, mode in left.items()}
        await client.app.rehidings.threads_listed(pending.id, parent_id, chosen)
        listing.found |= {thread: found[thread] for thread in chosen}
        listing.withhold |= chosen
    return listing


@dataclasses.dataclass
class ArchivedListing:
    """What listing archived threads found: the threads by id, the channels whose archived
    threads Epilogue may not list (Read Message History), and those Discord failed to list
    for a passing reason (recorded, listed again within a minute)."""

    found: dict[int, discord.Thread] = dataclasses.field(default_factory=dict)
    unreadable: list[int] = dataclasses.field(default_factory=list)
    unlisted: list[int] = dataclasses.field(default_factory=list)
    withhold: dict[int, bool] = dataclasses.field(default_factory=dict)
    """Of a resumed run's threads: whether to withhold rather than wrap."""


async def _archived_threads(
    guild: discord.Guild, change: RulesChange, known: set[int]
) -> ArchivedListing:
    """The archived threads of ``guild`` whose answers the change may concern, by id, and the
    channels whose archived threads could not be listed.

    Discord leaves archived threads out of GUILD_CREATE, so discord.py does not hold them, yet
    anyone opens one and reads it: a spoiler thread archived before the change shows its
    endings as long as it exists. Listed only under channels whose threads may have left
    spoilers: following their channel's rule, or a rule of their own for a place not held."""
    listing = ArchivedListing()
    for parent in guild.channels:
        if not isinstance(parent, THREAD_PARENTS):
            continue
        if not change.may_have_left_archived(parent.id, known):
            continue
        await _list_under(guild, parent, listing.found, listing)
    return listing


async def _list_under(
    guild: discord.Guild,
    parent: discord.TextChannel | discord.ForumChannel,
    found: dict[int, discord.Thread],
    listing: ArchivedListing,
) -> None:
    """``parent``'s archived threads added to ``found`` (public ones, and private ones where
    Epilogue manages threads). A channel Epilogue may not list is
    added to ``listing.unreadable``; one Discord failed for a passing reason, to
    ``listing.unlisted``: every page is asked again later, a failure mid-way no refusal."""
    if not _may_read(guild, parent):
        if not isinstance(parent, discord.abc.Messageable):
            listing.unreadable.append(parent.id)  # a forum: no place of its own to be named by
        return
    me = guild.me
    listings = [False]
    if me is not None and parent.permissions_for(me).manage_threads:
        listings.append(True)  # private threads are listed to those who manage threads
    for private in listings:
        try:
            found.update(await _every_archived(parent, private))
        except FAILURES as exc:
            log.warning("could not list the archived threads of channel %s: %r", parent.id, exc)
            status = getattr(exc, "status", None)
            if status == 429 or passing(exc):
                listing.unlisted.append(parent.id)
            elif status != 404:  # a channel deleted meanwhile has no threads left
                listing.unreadable.append(parent.id)
            return


async def _every_archived(
    parent: discord.TextChannel | discord.ForumChannel, private: bool
) -> dict[int, discord.Thread]:
    """Every thread Discord lists as archived under ``parent``, a page at a time (archived
    last first, each page before the last one's archive time), each page's 429 waited out."""
    found: dict[int, discord.Thread] = {}
    before: dt.datetime | None = None
    while True:

        async def page(before: dt.datetime | None = before) -> list[discord.Thread]:
            return [
                thread
                async for thread in parent.archived_threads(
                    limit=ARCHIVED_PAGE, private=private, before=before
                )
            ]

        threads = await patiently(page, longest_wait_s=REHIDING_LONGEST_WAIT_S)
        fresh = [thread for thread in threads if thread.id not in found]
        found.update((thread.id, thread) for thread in fresh)
        if len(threads) < ARCHIVED_PAGE or not fresh:
            return found  # the last page (or one that moved no further)
        before = threads[-1].archive_timestamp


async def rehide_published(
    client: EpilogueBot, channel: discord.abc.GuildChannel
) -> RehidingOutcome:
    """``channel`` became an announcement channel: what it showed openly is hidden again
    (``published_withholds`` says how)."""
    rules = await client.app.standings.rules(channel.guild.id)
    withhold = published_withholds(rules, channel.id, dt.datetime.now(dt.UTC))
    if withhold is None:
        return RehidingOutcome()
    places = {channel.id: withhold}
    pending_id = await client.app.rehidings.record(channel.guild.id, 0, rules, places)
    return await _rehide_recorded(client, channel.guild, pending_id, places)


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
    *,
    done: Callable[[int], Awaitable[None]] | None = None,
) -> RehidingOutcome:
    """Epilogue's messages in each of ``places`` (id: whether to withhold rather than wrap)
    that show text openly, hidden; what was edited, and the places left unfinished.

    One message Discord will not edit (deleted meanwhile) stops only its own edit; a 429 is
    waited out whether or not discord.py would (``client.delivery.patiently``). ``archived``:
    threads discord.py does not hold, by id. ``done(place)``: after each place is hidden, or
    found out of reach (a rate limit's stop leaves the places it stopped before)."""
    outcome = RehidingOutcome()
    me = client.user
    if me is None:
        return outcome
    pending = list(places.items())
    for index, (place_id, withhold) in enumerate(pending):
        try:
            await _rehide_one(client, guild, place_id, withhold, me.id, outcome, archived)
        except FAILURES as exc:
            log.warning("could not hide again the answers in channel %s: %r", place_id, exc)
            status = getattr(exc, "status", None)
            if status == 429:  # a wait too long to make (or a ban): the rest not tried
                outcome.stopped += [place for place, _ in pending[index:]]
                break
            if status == 404:  # deleted meanwhile: nothing left there to hide
                pass
            elif passing(exc):
                outcome.retrying.append(place_id)
            elif isinstance(exc, discord.HTTPException) and thread_closed(exc):
                outcome.closed.append(place_id)  # and not to be opened by Epilogue
            else:
                outcome.unreadable.append(place_id)
        if done is not None and place_id not in outcome.retrying:
            await done(place_id)
    if outcome.edited:
        log.info(
            "hid again %d message(s) in server %s after a rule change", outcome.edited, guild.id
        )
    outcome.channels |= _channels_of(guild, places)
    return outcome


def passing(exc: BaseException) -> bool:
    """Whether Discord failed a request for a reason that passes (a server error past its
    tries, no answer at all, an answer discord.py could not read), rather than refused it:
    tried again later, not told as out of reach."""
    if isinstance(exc, discord.HTTPException):
        return exc.status >= 500
    return isinstance(exc, FAILURES)


def _channels_of(guild: discord.Guild, places: Iterable[int]) -> set[int]:
    """Those of ``places`` discord.py holds as ``guild``'s channels (never a thread): named in
    the clear to moderators; any other is named behind bars (``RehidingOutcome.channels``)."""
    return {place for place in places if guild.get_channel(place) is not None}


async def _rehide_one(
    client: discord.Client,
    guild: discord.Guild,
    place_id: int,
    withhold: bool,
    my_id: int,
    outcome: RehidingOutcome,
    archived: Mapping[int, discord.Thread] | None,
) -> None:
    """One place's messages hidden; a refusal of the place itself raised."""
    place = (archived or {}).get(place_id) or guild.get_channel_or_thread(place_id)
    if place is None:
        # Not held: an archived thread of a resumed run (GUILD_CREATE leaves them out), or
        # a place deleted meanwhile (404, raised: nothing left to hide).
        place = await patiently(
            lambda: guild.fetch_channel(place_id), longest_wait_s=REHIDING_LONGEST_WAIT_S
        )
    if not isinstance(place, discord.abc.Messageable):
        return
    if not _may_read(guild, place):
        log.warning("could not hide again the answers in channel %s: history unreadable", place_id)
        outcome.unreadable.append(place_id)
        return
    if isinstance(place, discord.Thread):
        # Archived or locked, it is opened once for all its edits and closed again.
        await opened_for(
            client,
            place_id,
            functools.partial(_rehide_place, client, place, place_id, withhold, my_id, outcome),
        )
    else:
        await _rehide_place(client, place, place_id, withhold, my_id, outcome)


async def _started_from(thread: discord.Thread) -> list[discord.Message]:
    """The message ``thread`` was started from (it has the thread's id), in its parent channel:
    Discord shows it at the thread's top, to the thread's readers, under the thread's rule as
    much as its channel's (an answer posted open in a spoiler channel, a thread started from it
    made standard: its readers read the ending at its top). None if the thread was started
    from none (404), or its parent's messages are out of reach; a forum post's opening message
    is in its own history."""
    parent = thread.parent
    if thread.is_private() or parent is None or not isinstance(parent, discord.abc.Messageable):
        return []  # a private thread is started from no message
    try:
        return [
            await patiently(
                lambda: parent.fetch_message(thread.id), longest_wait_s=REHIDING_LONGEST_WAIT_S
            )
        ]
    except (discord.NotFound, discord.Forbidden):
        return []


async def _guarded(client: discord.Client, place_id: int, message: discord.Message) -> None:
    """A member's ``message`` shown in ``place_id``, a place the change took out of spoilers,
    shown to the spoiler guard: it reads it where it is shown now (a thread started from it
    too: ``guard._where``), as it reads no message of a spoiler channel, and so had left every
    member's ending there open, now before readers promised none (red69: a thread's first
    message; red70: the channel's own). A failure is logged, never the run's."""
    get_cog = getattr(client, "get_cog", None)
    cog = get_cog("SpoilerGuardListener") if get_cog is not None else None
    judge = getattr(cog, "judge", None)
    if judge is None:
        return
    try:
        await judge(message)
    except Exception:
        log.exception("could not read a member's message again in %s", place_id)


async def _rehide_place(
    client: discord.Client,
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

    messages = await patiently(page, longest_wait_s=REHIDING_LONGEST_WAIT_S)
    if isinstance(place, discord.Thread):
        messages.extend(await _started_from(place))
    for message in messages:
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
        except PASSING_FAILURES as exc:
            status = getattr(exc, "status", None)
            if isinstance(exc, discord.HTTPException) and (
                status == 429 or status in ACCESS_REFUSED or thread_closed(exc)
            ):
                raise  # the place's, not this message's (a closed thread is opened)
            # This message alone: the place's others still are hidden.
            log.warning("could not hide again message %s in %s: %s", message.id, place_id, exc)
            if passing(exc):  # the place stays recorded, and is read again within a minute
                if place_id not in outcome.retrying:
                    outcome.retrying.append(place_id)
            elif status != 404:  # one deleted meanwhile shows nothing any more
                outcome.refused[place_id] = outcome.refused.get(place_id, 0) + 1
            continue
        outcome.edited += 1
    # Then members' messages, read by the guard (if on) as shown here now, oldest first as
    # they were posted (a follow-up is read after what it follows): after Epilogue's own edits,
    # as a hide past the guard's 20 a minute waits its turn.
    for message in sorted(messages, key=lambda m: m.id):
        if message.author.id != my_id:
            await _guarded(client, place_id, message)
