"""A reader's standing (channel mode, opt-in, embargo), read from memory.

Discord wants every interaction acknowledged within three seconds and fixes a deferred reply's
visibility at that moment, so who may see an answer has to be known before its text is rendered.
A server's rules and a reader's opt-ins are therefore kept in memory: loaded on first use, dropped
as soon as a change to them commits (``bot.db.hooks``), and reloaded after ``MAX_AGE_S`` in case
another process (the console on the same database) changed them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.hooks import after_commit, publish
from bot.db.models import ChannelRule, Embargo, GuildSettings, ReaderSettings, SeenFilm
from bot.invocation import Invocation
from bot.spoiler_policy.policy import ChannelMode, Standing

MAX_AGE_S = 60.0
"""How long a cached rule or opt-in is trusted when nothing in this process changed it."""
CACHED_GUILDS = 5_000
CACHED_READERS = 50_000

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


async def guild_settings(session: AsyncSession, guild_id: int) -> GuildSettings:
    """The server's settings row, or an unsaved one holding the defaults."""
    settings = await session.get(GuildSettings, guild_id)
    if settings is None:
        settings = GuildSettings(
            guild_id=guild_id,
            default_mode=ChannelMode.STANDARD.value,
            optin_enabled=True,
            cooldown_seconds=0,
        )
    return settings


@dataclass(frozen=True)
class GuildRules:
    """Everything a server decided about spoilers, as one immutable value."""

    guild_id: int
    default_mode: ChannelMode = ChannelMode.STANDARD
    optin_enabled: bool = True
    optin_role_id: int | None = None
    moderator_role_id: int | None = None
    cooldown_seconds: int = 0
    channel_modes: Mapping[int, ChannelMode] = field(default_factory=dict)
    embargoes: Mapping[str, dt.date] = field(default_factory=dict)  # work → end date

    def mode(self, channel_id: int | None, parent_id: int | None) -> ChannelMode:
        """The channel's own rule, else its parent's (threads), else the server default."""
        for candidate in (channel_id, parent_id):
            if candidate is not None and candidate in self.channel_modes:
                return self.channel_modes[candidate]
        return self.default_mode

    def embargo_until(self, work: str, today: dt.date) -> dt.date | None:
        """The embargo's end date while it lasts; it lifts on that day. It covers every
        version of the work: a server's own copy is the same film."""
        until = self.embargoes.get(work)
        return until if until is not None and until > today else None


@dataclass(frozen=True)
class ReaderChoices:
    """A reader's own opt-ins, which follow them to every server and to DMs."""

    all_films: bool = False
    seen: frozenset[str] = frozenset()  # works (``bot.content.works``), every version of each

    def opted_in(self, work: str) -> bool:
        return self.all_films or work in self.seen


NO_CHOICES = ReaderChoices()


async def load_guild_rules(session: AsyncSession, guild_id: int) -> GuildRules:
    settings = await guild_settings(session, guild_id)
    channels = await session.execute(
        select(ChannelRule.channel_id, ChannelRule.mode).where(ChannelRule.guild_id == guild_id)
    )
    embargoes = await session.execute(
        select(Embargo.work, Embargo.until).where(Embargo.guild_id == guild_id)
    )
    return GuildRules(
        guild_id=guild_id,
        default_mode=ChannelMode(settings.default_mode),
        optin_enabled=settings.optin_enabled,
        optin_role_id=settings.optin_role_id,
        moderator_role_id=settings.moderator_role_id,
        cooldown_seconds=settings.cooldown_seconds,
        channel_modes={channel: ChannelMode(mode) for channel, mode in channels},
        embargoes={work: until for work, until in embargoes},
    )


async def load_reader(session: AsyncSession, user_id: int) -> ReaderChoices:
    settings = await session.get(ReaderSettings, user_id)
    seen = await session.scalars(select(SeenFilm.work).where(SeenFilm.user_id == user_id))
    return ReaderChoices(settings is not None and settings.all_films, frozenset(seen))


class _Cache(Generic[K, V]):
    """Values by key, least recently used dropped first, each trusted for ``MAX_AGE_S``.

    A load that started before a ``forget`` does not store what it read: the row may have
    changed after it was read.
    """

    def __init__(
        self, load: Callable[[K], Awaitable[V]], size: int, clock: Callable[[], float]
    ) -> None:
        self._load = load
        self._size = size
        self._clock = clock
        self._values: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._forgotten = 0  # counts forgets, so a load can tell whether one happened meanwhile

    async def get(self, key: K) -> V:
        now = self._clock()
        cached = self._values.get(key)
        if cached is not None and now - cached[0] < MAX_AGE_S:
            self._values.move_to_end(key)
            return cached[1]
        forgotten = self._forgotten
        value = await self._load(key)
        if forgotten == self._forgotten:
            self._values[key] = (now, value)
            self._values.move_to_end(key)
            if len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def forget(self, key: K) -> None:
        self._forgotten += 1
        self._values.pop(key, None)

    def clear(self) -> None:
        self._forgotten += 1
        self._values.clear()


class Standings:
    """Server rules and reader opt-ins, kept in memory, and the standing they add up to."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._guilds: _Cache[int, GuildRules] = _Cache(self._load_guild, CACHED_GUILDS, clock)
        self._readers: _Cache[int, ReaderChoices] = _Cache(self._load_reader, CACHED_READERS, clock)
        # Readers who ever opted in to anything: everyone else needs no lookup at all.
        self._opted: set[int] = set()
        self._opted_read_at: float | None = None
        self._reader_changes = 0

    async def rules(self, guild_id: int) -> GuildRules:
        return await self._guilds.get(guild_id)

    async def reader(self, user_id: int) -> ReaderChoices:
        now = self._clock()
        if self._opted_read_at is None or now - self._opted_read_at >= MAX_AGE_S:
            changes = self._reader_changes
            async with self._sessions() as session:
                opted = set(
                    await session.scalars(
                        union(
                            select(SeenFilm.user_id),
                            select(ReaderSettings.user_id).where(ReaderSettings.all_films),
                        )
                    )
                )
            # A reader who opted in while this was read may be missing from it: keep them.
            self._opted = opted if changes == self._reader_changes else self._opted | opted
            self._opted_read_at = now
        if user_id not in self._opted:
            return NO_CHOICES
        return await self._readers.get(user_id)

    async def standing(self, invocation: Invocation, work: str) -> Standing:
        """The reader's standing here for one work (``FilmEntry.work``), whichever version."""
        return (await self.standings(invocation, [work]))[work]

    async def standings(self, invocation: Invocation, works: list[str]) -> dict[str, Standing]:
        """Each work's standing for this reader, here (one lookup for them all)."""
        reader = await self.reader(invocation.user_id)
        if invocation.guild_id is None:
            return {
                work: Standing(
                    in_guild=False, mode=ChannelMode.STANDARD, opted_in=reader.opted_in(work)
                )
                for work in works
            }
        rules = await self.rules(invocation.guild_id)
        mode = rules.mode(invocation.channel_id, invocation.parent_channel_id)
        by_role = rules.optin_role_id is not None and rules.optin_role_id in invocation.role_ids
        today = invocation.today
        return {
            work: Standing(
                in_guild=True,
                mode=mode,
                opted_in=rules.optin_enabled and (by_role or reader.opted_in(work)),
                embargo_until=rules.embargo_until(work, today),
            )
            for work in works
        }

    def guild_changed(self, session: AsyncSession, guild_id: int) -> None:
        """The server's rules change in ``session``: forget them once it commits."""
        after_commit(session, lambda: self._guilds.forget(guild_id))
        publish(session, f"guild:{guild_id}")  # other processes drop theirs (change_feed)

    def reader_changed(self, session: AsyncSession, user_id: int) -> None:
        """The reader's opt-ins change in ``session``: forget them once it commits."""

        after_commit(session, lambda: self.forget_reader(user_id))
        publish(session, f"reader:{user_id}")  # other processes drop theirs (change_feed)

    def forget_guild(self, guild_id: int) -> None:
        """Another process changed the server's rules: reload them on next use."""
        self._guilds.forget(guild_id)

    def forget_reader(self, user_id: int) -> None:
        """The reader's opt-ins changed (here or in another process): reload on next use."""
        self._reader_changes += 1
        self._opted.add(user_id)
        self._readers.forget(user_id)

    def forget_all(self) -> None:
        """Every rule and opt-in may have changed unseen (a lost listener): reload all."""
        self._reader_changes += 1
        self._opted_read_at = None
        self._guilds.clear()
        self._readers.clear()

    async def _load_guild(self, guild_id: int) -> GuildRules:
        async with self._sessions() as session:
            return await load_guild_rules(session, guild_id)

    async def _load_reader(self, user_id: int) -> ReaderChoices:
        async with self._sessions() as session:
            return await load_reader(session, user_id)
