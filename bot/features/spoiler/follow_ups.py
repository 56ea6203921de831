"""A member's follow-up: the films their message named, for the next one they send soon after in
the same channel ("just watched dead air" then "owen was the night owl the whole time").

Readers see the two together, one under the other; the second needs no title to be about the
film. Kept in memory only (a few minutes matter).

Messages are related in the order they arrived, timed by the bot's own clock as they arrived
(``arrived``, which an adapter calls the moment a new message reaches it): never by their ids,
which a Discord stand-in may number its own way (a counter, random ids). What a message names
is what any version of it read so far named (an old version replayed after an edit does not
take the film away). A follow-up read
while an earlier message of its author there is still on its way to the guard (a database read,
a file's preview) waits for that one to be read, at most ``WAIT_S``. An edit keeps its
message's place: an older message never takes its context from a later one. A message whose
arrival was not noted (an edit of one sent before the bot started) relates to none, and so does
one that arrives again after its place was forgotten (a RESUME replaying an old message past
``KEPT`` newer ones): it is no new message, and taken for its author's latest it would make
their next message about the film it named, not the one they named since.

It works backwards too: a message naming no film is kept (``unnamed``) until its author names
one there within ``FOLLOW_UP_S`` ("mia marries someone else lol" then "(la la land btw)"):
readers see the ending with the title under it, so it is read again as about that film
(``told_before``). And a film named later above it: its author's message just before it, or
the message it replies to, edited to name one ("what a movie" made "la la land: what a
movie"), or its thread or channel renamed after one (``in_place``): readers then see the
ending under the title as surely as if it had been there first, so it is read again as about
that film. The last ``UNNAMED_KEPT`` such messages are kept for it, however old: an edit or a
rename may come at any time.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass

from bot.catalog import FilmEntry
from bot.features.spoiler.member_message import MemberMessage

FOLLOW_UP_S = 120
"""Seconds after a member's message naming a film within which their next message in the
channel is read as about that film: a thought carried on, not a new topic."""
WAIT_S = 10.0
"""Seconds a follow-up waits at most for an earlier message of its author's in the channel to
be read (to the point where the guard knows the films it names): longer than reading one takes
(a file's preview is given up after 3 s), short enough that a message lost on its way never
holds the next one long."""
NAMED_NOW_KEPT = 1_024
"""Messages whose films ``named`` holds until ``told_before`` reads them (it does at once)."""
REMEMBERED = 10_000
"""Members (per channel) whose last messages are kept, the least recent forgotten first."""
KEPT = 8
"""A member's last messages kept per channel: an edit of an older one relates to none."""
JOINED = 2
"""A member's earlier messages read together with their next one (``shown_before``)."""
UNNAMED_KEPT = 2_048
"""Messages naming no film kept to be read again should a film be named above them (an edit, a
rename): the latest, the oldest forgotten first."""
ARRIVED_IDS = 65_536
"""Messages whose arrival is remembered by id alone, whatever their place: one of them arriving
again is a replay, never its author's newest message."""


@dataclass(slots=True, eq=False)
class Arrival:
    """A member's new message as it reached the bot: when, and what the guard read it naming."""

    message_id: int
    at: float
    films: tuple[FilmEntry, ...] = ()
    read: bool = False
    # What readers see of it, as the guard read it ("" once hidden, or not read yet).
    shown: str = ""
    # Named no film when read: reads it again as about the films a message around it names
    # (``FollowUps.unnamed``); handed out once a film, dropped once ``UNNAMED_KEPT`` newer
    # ones are kept.
    read_again: ReadAgain | None = None
    # The films it was read again as about already (their keys).
    read_about: frozenset[str] = frozenset()
    # Where readers see it (its channel or thread, and a thread's parent), a forward's origin,
    # the channels, roles and members it mentions (drawn by their names now) and the message
    # it replies to: a film named there later is what it is about.
    places: tuple[int, ...] = ()
    replied_id: int | None = None
    # The message as read when it named no film (``read_again`` holds it already): read again
    # once the films change (``FollowUps.kept_unnamed``).
    message: MemberMessage | None = None
    _done: asyncio.Event | None = None

    def settle(self) -> None:
        """Read (or never to be read): a follow-up waits for it no longer."""
        self.read = True
        if self._done is not None:
            self._done.set()

    async def wait(self) -> None:
        if not self.read:
            if self._done is None:
                self._done = asyncio.Event()
            await self._done.wait()


_MENTIONED = re.compile(r"<(?:#|@&|@!?)(\d{1,20})>|/channels/\d{1,20}/(\d{1,20})")
"""A mention of a channel, role or member, or a link into a channel: Discord draws each by the
name it has now, in messages sent before it was renamed too."""

_Key = tuple[int, int, int]
ReadAgain = Callable[[tuple[FilmEntry, ...]], Awaitable[object]]


class FollowUps:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        remembered: int = REMEMBERED,
        wait_s: float = WAIT_S,
        arrived_ids: int = ARRIVED_IDS,
        unnamed_kept: int = UNNAMED_KEPT,
    ) -> None:
        self._clock, self._remembered, self._wait_s = clock, remembered, wait_s
        self._arrivals: OrderedDict[_Key, deque[Arrival]] = OrderedDict()
        self._arrived_ids: set[int] = set()
        self._arrived_order: deque[int] = deque(maxlen=arrived_ids)
        # Arrivals holding a ``read_again``, by message id, oldest first: only the last
        # ``unnamed_kept`` messages naming no film are kept whole in memory; and the same by
        # the message each replies to, and by the places it is shown in.
        self._unnamed_kept = unnamed_kept
        self._unnamed: OrderedDict[int, Arrival] = OrderedDict()
        self._by_reply: dict[int, set[int]] = {}
        self._by_place: dict[int, set[int]] = {}
        # Films a message (an edit too) named in its own words, until ``told_before`` reads
        # them: an edited message may no longer be among its author's kept arrivals.
        self._named_now: OrderedDict[int, tuple[FilmEntry, ...]] = OrderedDict()

    def arrived(self, guild_id: int, channel_id: int, author_id: int, message_id: int) -> Arrival:
        """A new message reached the adapter: call it at once, before anything is awaited, so
        that a member's messages keep the order Discord sent them in; settle what it returns
        once the message was shown to the guard (or will not be)."""
        key = (guild_id, channel_id, author_id)
        arrivals = self._arrivals.get(key)
        if arrivals is None:
            arrivals = self._arrivals[key] = deque(maxlen=KEPT)
        elif (again := _find(arrivals, message_id)) is not None:
            return again  # sent again (a replayed event): it keeps its place
        arrival = Arrival(message_id, self._clock())
        if message_id in self._arrived_ids:
            return arrival  # sent again once its place was forgotten: it relates to none
        self._remember_id(message_id)
        arrivals.append(arrival)
        self._arrivals.move_to_end(key)
        while len(self._arrivals) > self._remembered:
            self._arrivals.popitem(last=False)
        return arrival

    def _remember_id(self, message_id: int) -> None:
        order = self._arrived_order
        if order.maxlen is not None and len(order) == order.maxlen:
            self._arrived_ids.discard(order[0])
        order.append(message_id)
        self._arrived_ids.add(message_id)

    def named(self, message: MemberMessage, films: Sequence[FilmEntry]) -> None:
        """``message`` (as read now, an edit too) names ``films`` in its own words, or none:
        its author's follow-ups are about them, and need not wait for it any longer.

        Added to what its other versions named, never in their place: a version read later is
        not necessarily newer (a RESUME replays an old one after the edit that named the film),
        and the one shown under a follow-up may be either; readers of both saw the film named."""
        if films:
            known = {film.key for film in films}
            before = self._named_now.pop(message.id, ())
            self._named_now[message.id] = (*films, *(f for f in before if f.key not in known))
            while len(self._named_now) > NAMED_NOW_KEPT:
                self._named_now.popitem(last=False)
        if (arrival := self._arrival(message)) is not None:
            known = {film.key for film in films}
            arrival.films = (*films, *(film for film in arrival.films if film.key not in known))
            arrival.settle()

    def settled(self, message: MemberMessage) -> None:
        """The guard is done with ``message`` (read, or left before reading it)."""
        if (arrival := self._arrival(message)) is not None:
            arrival.settle()

    async def films(self, message: MemberMessage) -> tuple[FilmEntry, ...]:
        """The films the author last named in the channel before ``message`` arrived (within
        ``FOLLOW_UP_S`` of it, by the bot's clock), if any; once the earlier messages were read
        (at most ``WAIT_S``)."""
        for before in reversed(await self._earlier(message)):
            if before.films:
                return before.films
        return ()

    def films_after(self, message: MemberMessage) -> tuple[FilmEntry, ...]:
        """The films the author named in the channel in a message that arrived after
        ``message``, within ``FOLLOW_UP_S``, the nearest first (as read so far: none is waited
        for): an edit of ``message`` is shown above it, as an ending typed before its title
        ("mia marries someone else" then "(la la land btw)") is."""
        arrivals = self._arrivals.get(_key(message))
        if arrivals is None or (arrival := _find(arrivals, message.id)) is None:
            return ()
        for after in list(arrivals)[arrivals.index(arrival) + 1 :]:
            if after.at - arrival.at > FOLLOW_UP_S:
                break
            if after.films:
                return after.films
        return ()

    def read_as(self, message: MemberMessage, shown: str) -> None:
        """What readers see of ``message`` as the guard read it ("" once it is hidden): read
        with its author's next message there (``shown_before``)."""
        if (arrival := self._arrival(message)) is not None:
            arrival.shown = shown

    async def shown_before(self, message: MemberMessage) -> tuple[str, ...]:
        """What readers see, just above ``message``, of its author's last ``JOINED`` messages
        in the channel (within ``FOLLOW_UP_S``, in order, those left in the open): an ending
        told across two messages ("you know who mia marries" then "in la la land? not seb
        lol") is told by the two together."""
        return tuple(before.shown for before in (await self._earlier(message))[-JOINED:])

    async def _earlier(self, message: MemberMessage) -> list[Arrival]:
        """The author's messages in the channel that arrived within ``FOLLOW_UP_S`` before
        ``message``, oldest first, once they were read (at most ``WAIT_S``)."""
        arrivals = self._arrivals.get(_key(message))
        if arrivals is None or (arrival := _find(arrivals, message.id)) is None:
            return []
        earlier = [
            before
            for before in list(arrivals)[: arrivals.index(arrival)]
            if arrival.at - before.at <= FOLLOW_UP_S
        ]
        if unread := [before.wait() for before in earlier if not before.read]:
            # One lost on its way holds it no longer: read with what is known.
            with suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*unread), self._wait_s)
        return earlier

    def unnamed(self, message: MemberMessage, read_again: ReadAgain) -> None:
        """``message`` (as read now) names no film: should a film be named around it (its
        author naming one in the channel within ``FOLLOW_UP_S`` after it arrived, or above it
        later, ``told_before``; its place renamed after one, ``in_place``), ``read_again``
        reads it as about that film."""
        if (arrival := self._arrival(message)) is None:
            return
        # Read anew (an edit): its text is read again about any film named around it.
        self._forget(arrival.message_id)
        self._unnamed.pop(arrival.message_id, None)
        arrival.read_again, arrival.read_about = read_again, frozenset()
        arrival.message = message
        content = message.content
        mentioned = (
            (int(found[1] or found[2]) for found in _MENTIONED.finditer(content))
            if "<" in content or "/channels/" in content
            else ()
        )
        arrival.places = tuple(
            dict.fromkeys(
                place
                for place in (
                    message.channel_id,
                    message.parent_channel_id,
                    *message.origin_ids,
                    *mentioned,
                )
                if place
            )
        )
        arrival.replied_id = None if message.replied is None else message.replied.id
        self._unnamed[arrival.message_id] = arrival
        if arrival.replied_id is not None:
            self._by_reply.setdefault(arrival.replied_id, set()).add(arrival.message_id)
        for place in arrival.places:
            self._by_place.setdefault(place, set()).add(arrival.message_id)
        while len(self._unnamed) > self._unnamed_kept:
            oldest = next(iter(self._unnamed))
            self._forget(oldest)
            self._unnamed.pop(oldest, None)

    def told_before(self, message: MemberMessage) -> list[tuple[ReadAgain, tuple[FilmEntry, ...]]]:
        """What to read again now that ``message`` (new or edited) named films in its own
        words: each message naming none that readers see it above, with those films: its
        author's in the channel that arrived within ``FOLLOW_UP_S`` before it (the title
        typed right after the ending) or after it (an edit naming the film above an ending
        sent after it), and every message replying to it. Each film is handed out once."""
        films = self._named_now.pop(message.id, ())
        arrivals = self._arrivals.get(_key(message))
        arrival = None if arrivals is None else _find(arrivals, message.id)
        if arrival is not None and arrival.films:
            known = {film.key for film in films}
            films = (*films, *(film for film in arrival.films if film.key not in known))
        if not films:
            return []
        related: list[Arrival] = []
        if arrivals is not None and arrival is not None:
            related += [
                other
                for other in arrivals
                if other is not arrival and abs(arrival.at - other.at) <= FOLLOW_UP_S
            ]
        related += [self._unnamed[mid] for mid in self._by_reply.get(message.id, ())]
        return self._handed_out(related, films)

    def kept_unnamed(self) -> list[Arrival]:
        """The messages kept as naming no film when read, oldest first: once the films change
        (one added, renamed, an alias given), one may name a film it did not (``naming``)."""
        return list(self._unnamed.values())

    def naming(
        self, arrival: Arrival, films: Sequence[FilmEntry]
    ) -> list[tuple[ReadAgain, tuple[FilmEntry, ...]]]:
        """What to read again now that ``arrival``, kept as naming no film, names ``films``
        (the films changed since it was read): each film handed out once."""
        if self._unnamed.get(arrival.message_id) is not arrival:
            return []  # read anew since (an edit), or forgotten
        return self._handed_out([arrival], tuple(films))

    def waiting_in(self, place_id: int) -> bool:
        """Whether a message naming no film is kept in (or mentioning) ``place_id``."""
        return place_id in self._by_place

    def in_place(
        self, place_id: int, films: Sequence[FilmEntry]
    ) -> list[tuple[ReadAgain, tuple[FilmEntry, ...]]]:
        """What to read again now that the thread, channel, role or member ``place_id`` is
        named after ``films`` (renamed, or a post tagged): each message naming none shown
        there (or in a thread of it), or mentioning it, with those films. Each film is handed
        out once."""
        related = [self._unnamed[mid] for mid in self._by_place.get(place_id, ())]
        return self._handed_out(related, tuple(films))

    def _handed_out(
        self, related: Sequence[Arrival], films: tuple[FilmEntry, ...]
    ) -> list[tuple[ReadAgain, tuple[FilmEntry, ...]]]:
        found: list[tuple[ReadAgain, tuple[FilmEntry, ...]]] = []
        seen: set[int] = set()
        for other in related:
            if other.read_again is None or id(other) in seen:
                continue
            seen.add(id(other))
            new = tuple(film for film in films if film.key not in other.read_about)
            if new:
                other.read_about |= {film.key for film in new}
                found.append((other.read_again, new))
        return found

    def _forget(self, message_id: int) -> None:
        """Take ``message_id`` out of the indexes of messages naming no film."""
        arrival = self._unnamed.get(message_id)
        if arrival is None:
            return
        for index, key in (
            (self._by_reply, arrival.replied_id),
            *((self._by_place, place) for place in arrival.places),
        ):
            if key is not None and (ids := index.get(key)) is not None:
                ids.discard(message_id)
                if not ids:
                    del index[key]

    def _arrival(self, message: MemberMessage) -> Arrival | None:
        arrivals = self._arrivals.get(_key(message))
        return None if arrivals is None else _find(arrivals, message.id)


def _key(message: MemberMessage) -> _Key:
    return (message.guild_id, message.channel_id, message.author_id)


def _find(arrivals: deque[Arrival], message_id: int) -> Arrival | None:
    return next((arrival for arrival in arrivals if arrival.message_id == message_id), None)
