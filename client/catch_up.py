"""The spoiler guard's catch-up after a lost gateway session.

Discord replays missed events only to a session it RESUMEs. When a session is lost for good
(INVALID_SESSION not resumable, a RESUME refused after a long outage) the bot IDENTIFYs
afresh, and every MESSAGE_CREATE sent meanwhile is gone: a spoiler posted in that gap would
never be shown to the guard. So on a fresh READY (never on RESUMED, which replays) the guard
reads, once, what was posted after the last message it saw in each channel it saw recently
(and the edited messages of the page before it: MESSAGE_UPDATE is not replayed either),
and the titles of threads started or renamed meanwhile (GUILD_CREATE lists the active ones)
and the messages of those started meanwhile, from their start; and in channels it saw nothing
in lately whose last message (GUILD_CREATE gives it) is newer than the newest it saw in that
server (or anywhere, for a server it saw nothing in), what came after that newest message: a
quiet channel's spoiler in the gap was never seen either. A server the fresh READY lists
but Discord sends only later (an outage as the bot connects, a big bot's first minutes), or
that Discord lost and sends again (GUILD_DELETE unavailable, then its GUILD_CREATE: nothing of
it came meanwhile), has its gap read when its GUILD_CREATE comes: before, it has no channels
or threads to compare.

Bounded, so a reconnect never becomes a burst of calls: the ``channels`` most recently active
channels seen in the last ``max_age_s``, ``per_channel`` messages each (the oldest after the
gap first), at most ``member_lookups`` member lookups, one request at a time (discord.py waits
out rate limits), and only in servers where the guard is on. A channel Discord refuses to read
(no Read Message History, deleted) is left out; nothing here ever stops the bot.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

import discord

from client.delivery import patiently

log = logging.getLogger(__name__)

CHANNELS = 20
PER_CHANNEL = 50
MAX_AGE_S = 24 * 3600.0
MEMBER_LOOKUPS = 25


@dataclass(frozen=True)
class UnheldChannel:
    """A server's channel of a kind discord.py has no class for (Discord adds kinds): left out of
    its cache, so not among ``guild.text_channels``; as the server's GUILD_CREATE described it."""

    id: int
    last_message_id: int | None


class UnheldChannels:
    """The channels of unknown kinds each server's latest GUILD_CREATE listed, for the
    catch-up's quiet channels (``CatchUp._quiet``): a member writes in them as in any other."""

    def __init__(self) -> None:
        self._by_guild: dict[int, tuple[UnheldChannel, ...]] = {}

    def listed(self, guild_id: int, channels: list[UnheldChannel]) -> None:
        if channels:
            self._by_guild[guild_id] = tuple(channels)
        else:
            self._by_guild.pop(guild_id, None)  # most servers: nothing kept

    def of(self, guild_id: int) -> tuple[UnheldChannel, ...]:
        return self._by_guild.get(guild_id, ())


@dataclass(frozen=True)
class SeenChannel:
    guild_id: int
    channel_id: int
    last_id: int
    # False for a thread started in the gap: no message was seen there, none before to edit.
    seen: bool = True


class SeenChannels:
    """The newest message the guard was shown in each recently active channel (bounded)."""

    def __init__(self, size: int = 512, clock: Callable[[], float] = time.time) -> None:
        self._size = size
        self._clock = clock
        self._last: OrderedDict[int, SeenChannel] = OrderedDict()
        # When each channel's newest message was shown to the guard, by this process's clock
        # (Unix time): a message id's own time is the sender's, and a replay of traffic
        # recorded days ago, or a stand-in numbering ids its own way, made every channel
        # look too old to read, and the gap went unread.
        self._seen_at: dict[int, float] = {}
        # The newest message seen in any channel, per shard and per server: every later message
        # in one of its servers was sent after it, so was never seen, whatever channel it is in.
        self._newest: dict[int, int] = {}
        self._newest_in: dict[int, int] = {}

    def newest(self, shard_id: int | None) -> int | None:
        """The newest message id seen in ``shard_id``'s servers (None: in any), if any."""
        if shard_id is None:
            return max(self._newest.values(), default=None)
        return self._newest.get(shard_id)

    def newest_in(self, guild_id: int) -> int | None:
        """The newest message id seen in the server, if any."""
        return self._newest_in.get(guild_id)

    def saw(self, message: discord.Message) -> None:
        if message.guild is None:
            return
        shard = getattr(message.guild, "shard_id", 0)
        if message.id > self._newest.get(shard, 0):
            self._newest[shard] = message.id
        if message.id > self._newest_in.get(message.guild.id, 0):
            self._newest_in[message.guild.id] = message.id
        known = self._last.get(message.channel.id)
        if known is not None and known.last_id >= message.id:
            return
        self._last[message.channel.id] = SeenChannel(
            message.guild.id, message.channel.id, message.id
        )
        self._seen_at[message.channel.id] = self._clock()
        self._last.move_to_end(message.channel.id)
        if len(self._last) > self._size:
            forgotten, _ = self._last.popitem(last=False)
            self._seen_at.pop(forgotten, None)

    def recent(self, *, channels: int, max_age_s: float, now: float) -> list[SeenChannel]:
        """The ``channels`` channels with the newest messages, none whose newest was shown to
        the guard longer than ``max_age_s`` ago (``now``: Unix time)."""
        oldest = now - max_age_s
        newest_first = sorted(self._last.values(), key=lambda seen: seen.last_id, reverse=True)
        recent = (seen for seen in newest_first if self._seen_at[seen.channel_id] >= oldest)
        return list(recent)[:channels]


class KnownTitles:
    """Each thread's name as the guard last knew it, so a server listed again (a fresh
    session's GUILD_CREATE, or its own once back from an outage) tells the threads started or
    renamed while the bot could not see them."""

    def __init__(self, size: int = 8192) -> None:
        self._size = size
        # None: a name read from an event that may not be the thread's now (``unsure``).
        self._names: OrderedDict[int, str | None] = OrderedDict()
        self._guilds: set[int] = set()  # servers whose active threads were listed once

    def saw(self, thread: discord.Thread) -> None:
        self._names[thread.id] = thread.name
        self._names.move_to_end(thread.id)
        if len(self._names) > self._size:
            self._names.popitem(last=False)

    def unsure(self, thread_id: int) -> None:
        """The name last seen of ``thread_id`` may not be the one it bears: an event read
        while Discord showed another (a RESUME's replay of an old rename), or one the guard
        renamed since. The next listing of the server reads its title whatever it is."""
        if thread_id in self._names:
            self._names[thread_id] = None

    def is_unsure(self, thread_id: int) -> bool:
        return thread_id in self._names and self._names[thread_id] is None

    def known(self, guild_id: int) -> bool:
        """Whether the server's active threads were listed to the guard before."""
        return guild_id in self._guilds

    def started(self, guild_id: int, threads: list[discord.Thread]) -> list[discord.Thread]:
        """The threads among ``threads`` (the server's active ones) the guard has never known
        (asked before ``new_session`` remembers them): started while it could not see them.
        None at the server's first listing."""
        if guild_id not in self._guilds:
            return []
        return [thread for thread in threads if thread.id not in self._names]

    def new_session(self, guild_id: int, threads: list[discord.Thread]) -> list[discord.Thread]:
        """The threads among ``threads`` (the server's active ones, as its GUILD_CREATE lists
        them) unknown or known by another name (or ``unsure``); all are remembered as they are
        now.

        None at the server's first listing: the guard reads titles as they change, not those
        already up when the bot starts (or joins the server)."""
        first = guild_id not in self._guilds
        self._guilds.add(guild_id)
        changed = [
            thread for thread in threads if not first and self._names.get(thread.id) != thread.name
        ]
        for thread in threads:
            self.saw(thread)
        return changed


class Look(Protocol):
    """Shows a message to the guard; ``new``: one sent in the gap, never seen before."""

    def __call__(self, message: discord.Message, *, new: bool = False) -> Awaitable[None]: ...


LookAtTitle = Callable[[discord.Thread], Awaitable[None]]


class CatchUp:
    """Reads the gap a lost session left, once per fresh READY (one catch-up at a time)."""

    def __init__(
        self,
        client: discord.Client,
        seen: SeenChannels,
        look: Look,
        titles: KnownTitles,
        look_at_title: LookAtTitle,
        *,
        channels: int = CHANNELS,
        per_channel: int = PER_CHANNEL,
        max_age_s: float = MAX_AGE_S,
        member_lookups: int = MEMBER_LOOKUPS,
    ) -> None:
        self._client, self._seen, self._look = client, seen, look
        self._titles, self._look_at_title = titles, look_at_title
        self._channels, self._per_channel = channels, per_channel
        self._max_age_s, self._member_lookups = max_age_s, member_lookups
        self._lookups_left = member_lookups
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        # Servers whose gap is read once Discord sends them (``server_back``).
        self._waiting: set[int] = set()

    def start(self, shard_id: int | None = None) -> None:
        """Catch up in the background (``shard_id``: only that shard's servers)."""
        self._spawn(self.run(shard_id))

    def server_lost(self, guild_id: int) -> None:
        """Discord lost the server (GUILD_DELETE, unavailable): no event of it reaches the bot
        until it is back, so its gap is read then."""
        self._waiting.add(guild_id)

    def server_back(self, guild: discord.Guild) -> None:
        """The server's GUILD_CREATE came while the bot was connected (after the session's
        READY, or once an outage ended): a gap left waiting for it is read now; a server
        listed for the first time only has its threads' titles remembered."""
        self._spawn(self.run_server(guild.id))

    def _spawn(self, work: Coroutine[None, None, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def pending(self) -> list[asyncio.Task[None]]:
        """Catch-ups under way (for tests to wait on)."""
        return list(self._tasks)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def run(self, shard_id: int | None = None) -> None:
        async with self._lock:
            try:
                guilds = [
                    guild
                    for guild in self._client.guilds
                    if shard_id is None or guild.shard_id == shard_id
                ]
                # A server READY listed that Discord has not sent yet (an outage, or a big
                # bot's first minutes) has no channels or threads to compare: its gap waits
                # for its GUILD_CREATE (``server_back``).
                self._waiting.update(guild.id for guild in guilds if guild.unavailable)
                await self._catch_up(
                    [guild for guild in guilds if not guild.unavailable],
                    self._seen.newest(shard_id),
                )
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the guard's catch-up after a new session failed")

    async def run_server(self, guild_id: int) -> None:
        async with self._lock:
            try:
                guild = self._client.get_guild(guild_id)
                if guild is None or guild.unavailable:
                    return
                if guild_id in self._waiting:
                    await self._catch_up([guild], None)
                elif not self._titles.known(guild_id):
                    self._titles.new_session(guild_id, list(guild.threads))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the guard's catch-up of server %s failed", guild_id)

    async def _catch_up(self, guilds: list[discord.Guild], since: int | None) -> None:
        """Read the gap in ``guilds`` (all sent by Discord, with their channels and threads);
        ``since``: the newest message seen before the gap in a server the guard saw nothing in."""
        by_id = {guild.id: guild for guild in guilds}
        self._waiting.difference_update(by_id)
        started = await self._titles_changed(guilds)
        gaps = [
            gap
            for gap in self._seen.recent(
                channels=self._channels, max_age_s=self._max_age_s, now=time.time()
            )
            if gap.guild_id in by_id
        ]
        # A thread started in the gap has no message seen to read after: read from its start
        # (a forum post's first message has the thread's own id).
        known = {gap.channel_id for gap in gaps}
        gaps += [
            SeenChannel(thread.guild.id, thread.id, thread.id - 1, seen=False)
            for thread in started
            if thread.id not in known
        ]
        gaps += await self._quiet(guilds, {gap.channel_id for gap in gaps}, since)
        members: dict[int, discord.Member | None] = {}
        self._lookups_left = self._member_lookups
        guard = self._client.app.member_spoilers.guard  # type: ignore[attr-defined]
        for gap in gaps:
            guild = by_id[gap.guild_id]
            channel = guild.get_channel_or_thread(gap.channel_id)
            parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
            if not (await guard.settings(guild.id)).guards(gap.channel_id, parent_id):
                continue
            missed = await self._missed(guild, gap, channel)
            if len(missed) >= self._per_channel:
                log.warning(
                    "guard catch-up: %d or more messages in channel %s since the session was"
                    " lost; the oldest %d were read",
                    len(missed),
                    gap.channel_id,
                    self._per_channel,
                )
            # Edits in the gap are lost too: the page before it, edited ones (the guard skips
            # a text it already judged), then what was posted after.
            earlier = (
                await self._read(guild, gap, channel, before=discord.Object(gap.last_id + 1))
                if gap.seen
                else []
            )
            edited = [m for m in earlier if m.edited_at is not None and m.id <= gap.last_id]
            for message in sorted(edited, key=lambda m: m.id):
                self._seen.saw(message)
                await self._as_member(guild, message, members)
                await self._look(message)
            for message in missed:  # new to the bot: its arrival noted (``Look``)
                self._seen.saw(message)
                await self._as_member(guild, message, members)
                await self._look(message, new=True)

    async def _quiet(
        self, guilds: list[discord.Guild], known: set[int], since_anywhere: int | None
    ) -> list[SeenChannel]:
        """Channels and threads the guard saw nothing in lately whose last message (as the
        server's GUILD_CREATE gives it) is newer than the newest message it saw in that server
        before the gap (``since_anywhere`` for a server it saw nothing in): a spoiler posted in
        the gap in a quiet channel was never seen either. Read from that newest message on; the
        ``channels`` with the newest last messages."""
        guard = self._client.app.member_spoilers.guard  # type: ignore[attr-defined]
        found: list[tuple[int, SeenChannel]] = []
        for guild in guilds:
            since = self._seen.newest_in(guild.id) or since_anywhere
            if since is None:
                continue  # nothing seen before the gap: no point to read after
            # Voice and stage channels have a chat of their own; forum posts are threads.
            talk: list[Any] = [*guild.text_channels, *getattr(guild, "voice_channels", ())]
            talk += [*getattr(guild, "stage_channels", ()), *guild.threads]
            # And those of kinds discord.py does not hold (``client.bot`` keeps them).
            unheld = getattr(self._client, "unheld_channels", None)
            if isinstance(unheld, UnheldChannels):
                talk += unheld.of(guild.id)
            after = [
                (last, channel)
                for channel in talk
                if (last := getattr(channel, "last_message_id", None)) is not None
                and last > since
                and channel.id not in known
            ]
            if not after:
                continue  # most servers: no settings read for them
            settings = await guard.settings(guild.id)
            if not settings.enabled:
                continue
            for last, channel in after:
                parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
                if settings.guards(channel.id, parent_id):
                    found.append((last, SeenChannel(guild.id, channel.id, since, seen=False)))
        if len(found) > self._channels:
            log.warning(
                "guard catch-up: %d quiet channels had messages since the session was lost;"
                " the %d with the newest were read",
                len(found),
                self._channels,
            )
        found.sort(key=lambda pair: pair[0], reverse=True)
        return [gap for _last, gap in found[: self._channels]]

    async def _titles_changed(self, guilds: list[discord.Guild]) -> list[discord.Thread]:
        """Threads started or renamed while the bot could not see ``guilds``: THREAD_CREATE and
        THREAD_UPDATE are not replayed either, but GUILD_CREATE lists every active thread.
        Returns the ``channels`` newest of those started meanwhile, whose messages are read too."""
        started: list[discord.Thread] = []
        changed: list[discord.Thread] = []
        unsure: set[int] = set()
        for guild in guilds:
            threads = list(guild.threads)
            unsure.update(t.id for t in threads if self._titles.is_unsure(t.id))
            started += self._titles.started(guild.id, threads)
            changed += self._titles.new_session(guild.id, threads)
        if len(changed) > self._channels:
            log.warning(
                "guard catch-up: %d threads started or renamed since the session was lost;"
                " the newest %d were read",
                len(changed),
                self._channels,
            )
        guard = self._client.app.member_spoilers.guard  # type: ignore[attr-defined]
        # Surely renamed first, then titles last read from an event that may not have been
        # the thread's own (``KnownTitles.unsure``); each newest first.
        ordered = sorted(changed, key=lambda t: (t.id in unsure, -t.id))
        for thread in ordered[: self._channels]:
            if (await guard.settings(thread.guild.id)).guards(thread.id, thread.parent_id):
                await self._look_at_title(thread)
        return sorted(started, key=lambda t: t.id, reverse=True)[: self._channels]

    async def _missed(
        self, guild: discord.Guild, gap: SeenChannel, channel: object
    ) -> list[discord.Message]:
        found = await self._read(guild, gap, channel, after=discord.Object(gap.last_id))
        # Oldest first whatever order the page came in; never one already seen.
        return sorted((m for m in found if m.id > gap.last_id), key=lambda m: m.id)

    async def _read(
        self,
        guild: discord.Guild,
        gap: SeenChannel,
        channel: object,
        *,
        after: discord.Object | None = None,
        before: discord.Object | None = None,
    ) -> list[discord.Message]:
        """One page of the channel's history (``per_channel`` messages); none if refused."""
        where = (
            channel
            if isinstance(channel, discord.abc.Messageable)
            else self._client.get_partial_messageable(gap.channel_id, guild_id=guild.id)
        )

        async def page() -> list[discord.Message]:
            read = where.history(limit=self._per_channel, after=after, before=before)
            return [m async for m in read]

        try:
            return await patiently(page)
        except (discord.HTTPException, discord.ClientException, KeyError, TypeError) as exc:
            # Refused, gone, or answered in a shape discord.py cannot read: the next channel.
            log.info("guard catch-up: could not read channel %s: %r", gap.channel_id, exc)
            return []

    async def _as_member(
        self,
        guild: discord.Guild,
        message: discord.Message,
        members: dict[int, discord.Member | None],
    ) -> None:
        """The author as the server's member (nickname, server avatar), as a MESSAGE_CREATE
        gives it: a message read through REST names a user only. Looked up once per author,
        ``member_lookups`` in all; past that, or for one who left, the user stands."""
        author = message.author
        if isinstance(author, discord.Member) or author.bot or message.webhook_id is not None:
            return
        if author.id not in members:
            member = guild.get_member(author.id)
            if member is None and self._lookups_left > 0:
                self._lookups_left -= 1
                try:
                    member = await patiently(lambda: guild.fetch_member(author.id))
                except discord.HTTPException as exc:
                    log.info("guard catch-up: could not look up member %s: %s", author.id, exc)
            members[author.id] = member
        if (member := members[author.id]) is not None:
            message.author = member
