"""A reader's standing (channel mode, opt-in, embargo), read from memory.

Discord wants every interaction acknowledged within three seconds and fixes a deferred reply's
visibility at that moment, so who may see an answer has to be known before its text is rendered.
A server's rules and a reader's opt-ins are therefore kept in memory: loaded on first use, dropped
as soon as a change to them commits (``bot.db.hooks``), and reloaded after ``MAX_AGE_S`` in case
another process (the console on the same database) changed them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cache import LoadingCache
from bot.db.hooks import after_commit, publish
from bot.db.models import ReaderSettings, SeenFilm
from bot.invocation import Invocation
from bot.spoiler_policy.policy import ChannelMode, OptIn, Standing
from bot.spoiler_policy.stored_rules import (
    NO_CHOICES,
    GuildRules,
    ReaderChoices,
    load_guild_rules,
    load_reader,
)

MAX_AGE_S = 60.0
"""How long a cached rule or opt-in is trusted when nothing in this process changed it."""
CACHED_GUILDS = 5_000
CACHED_READERS = 50_000


class StandingCache:
    """Server rules and reader opt-ins, kept in memory, and the ``Standing`` they add up to."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._guilds: LoadingCache[int, GuildRules] = LoadingCache(
            self._load_guild, CACHED_GUILDS, max_age=MAX_AGE_S, clock=clock
        )
        self._readers: LoadingCache[int, ReaderChoices] = LoadingCache(
            self._load_reader, CACHED_READERS, max_age=MAX_AGE_S, clock=clock
        )
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

    async def of(self, invocation: Invocation, work: str) -> Standing:
        """The reader's standing here for one work (``FilmEntry.work``), whichever version."""
        return (await self.judge(invocation))(work)

    async def of_many(self, invocation: Invocation, works: list[str]) -> dict[str, Standing]:
        """Each work's standing for this reader, here (one lookup for them all)."""
        standing = await self.judge(invocation)
        return {work: standing(work) for work in works}

    async def judge(self, invocation: Invocation) -> Callable[[str], Standing]:
        """The reader's standing here for any work, from the rules and opt-ins read now: for
        a question over works not known in advance (which films a search may match)."""
        reader = await self.reader(invocation.user_id)
        if invocation.guild_id is None:
            return lambda work: Standing(
                in_guild=False,
                mode=ChannelMode.STANDARD,
                opted_in=reader.opted_in(work),
                opted_in_by=reader.opt_in(work) or OptIn.FILM,
            )
        rules = await self.rules(invocation.guild_id)
        mode = rules.mode_shown(
            invocation.channel_id,
            invocation.parent_channel_id,
            shown_in_thread=invocation.shown_in_thread,
            parent_unknown=invocation.parent_unknown,
            may_open=invocation.rules_may_open,
        )
        # A server that removed Epilogue can no longer see or change its opt-in role, which
        # widens: through a member's own install it counts for no one (``GuildRules.mode``).
        by_role = (
            invocation.server_installed
            and rules.optin_role_id is not None
            and rules.optin_role_id in invocation.role_ids
        )
        today = invocation.embargo_day  # embargoes lift once their day has begun everywhere
        return lambda work: Standing(
            in_guild=True,
            mode=mode,
            opted_in=rules.optin_enabled and (by_role or reader.opted_in(work)),
            embargo_until=rules.embargo_until(work, today),
            # The role first: while it lasts, undoing the reader's own opt-in changes nothing.
            opted_in_by=OptIn.ROLE if by_role else reader.opt_in(work) or OptIn.FILM,
        )

    def guild_changed(self, session: AsyncSession, guild_id: int) -> None:
        """The server's rules change in ``session``: forget them once it commits."""
        after_commit(session, lambda: self._guilds.forget(guild_id))
        publish(session, f"guild:{guild_id}")  # other processes drop theirs (change_feed)

    def reader_changed(self, session: AsyncSession, user_id: int) -> None:
        """The reader's opt-ins change in ``session``: forget them once it commits."""
        after_commit(session, lambda: self.forget_reader(user_id))
        publish(session, f"reader:{user_id}")  # other processes drop theirs (change_feed)

    def trust_while(self, hearing: Callable[[], bool]) -> None:
        """Keep rules and opt-ins in memory only while ``hearing()``: this process is told of
        every other process's change (``bot.db.change_feed``); else each is read anew."""
        self._guilds.trusted = hearing
        self._readers.trusted = hearing

    def forget_guild(self, guild_id: int) -> None:
        """Another process changed the server's rules: reload them on next use."""
        self._guilds.forget(guild_id)

    def forget_reader(self, user_id: int) -> None:
        """The reader's opt-ins changed (here or in another process): reload on next use."""
        self._reader_changes += 1
        self._opted.add(user_id)
        self._readers.forget(user_id)

    def forget_readers(self) -> None:
        """Any reader's opt-ins may have changed unseen (another process on the same SQLite
        database, which names no reader): reload each on next use. Who ever opted in is kept:
        one missing from it is only treated as opted in to nothing, never the reverse."""
        self._reader_changes += 1
        self._readers.clear()

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
