"""A server's spoiler rules and a reader's opt-ins, read from the database into immutable values.

``bot.spoiler_policy.standing`` keeps these values in memory; the commands that show or change
rules read them here, inside their own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelRule, Embargo, GuildSettings, ReaderSettings, SeenFilm
from bot.spoiler_policy.policy import ChannelMode, OptIn


async def guild_settings(session: AsyncSession, guild_id: int) -> GuildSettings:
    """The server's settings row, or an unsaved one holding the defaults."""
    settings = await session.get(GuildSettings, guild_id)
    if settings is None:
        settings = GuildSettings(**guild_settings_defaults(guild_id))
    return settings


def guild_settings_defaults(guild_id: int) -> dict[str, object]:
    """A server's settings before it changed any: the row its first change starts from."""
    return {
        "guild_id": guild_id,
        "default_mode": ChannelMode.STANDARD.value,
        "optin_enabled": True,
        "optin_role_id": None,
        "moderator_role_id": None,
        "cooldown_seconds": 0,
        "member_hiding": False,
        "guard_enabled": False,
        "guard_all_films": False,
    }


STRICTNESS = (ChannelMode.SPOILERS, ChannelMode.STANDARD, ChannelMode.NO_SPOILERS)
"""Channel modes from the most open to the strictest."""


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

    def mode(
        self,
        channel_id: int | None,
        parent_id: int | None,
        *,
        parent_unknown: bool = False,
        may_open: bool = True,
    ) -> ChannelMode:
        """The channel's own rule, else its parent's (threads), else the server default.

        ``parent_unknown``: it cannot be told whether the channel is a thread, or of which
        channel; without a rule of its own it is under the strictest rule a parent could give
        (any channel's, or the default), never a more open one.

        ``may_open``: whether the rules may open answers at all (``Invocation.rules_may_open``).
        Not in a server that removed Epilogue: it keeps its rules, and nobody there can see or
        change them any more (a spoiler channel since renamed #general). Not in an announcement
        channel: what is posted there may be published to the channels following it, in other
        servers. There the rules only narrow, a spoiler channel or default read as standard."""
        mode = self._stored_mode(channel_id, parent_id, parent_unknown=parent_unknown)
        if not may_open and mode is ChannelMode.SPOILERS:
            return ChannelMode.STANDARD
        return mode

    def mode_shown(
        self,
        channel_id: int | None,
        parent_id: int | None,
        *,
        shown_in_thread: int | None = None,
        parent_unknown: bool = False,
        may_open: bool = True,
    ) -> ChannelMode:
        """``mode``, for a message also shown at the top of ``shown_in_thread`` (a thread
        started from it, in ``channel_id``): the stricter of the channel's rule and the
        thread's."""
        mode = self.mode(channel_id, parent_id, parent_unknown=parent_unknown, may_open=may_open)
        if shown_in_thread is None or shown_in_thread == channel_id:
            return mode
        thread = self.mode(shown_in_thread, channel_id, may_open=may_open)
        return max(mode, thread, key=STRICTNESS.index)

    def _stored_mode(
        self, channel_id: int | None, parent_id: int | None, *, parent_unknown: bool
    ) -> ChannelMode:
        for candidate in (channel_id, parent_id):
            if candidate is not None and candidate in self.channel_modes:
                return self.channel_modes[candidate]
        if parent_unknown:
            return max({self.default_mode, *self.channel_modes.values()}, key=STRICTNESS.index)
        return self.default_mode

    def embargo_until(self, work: str, today: dt.date) -> dt.date | None:
        """The embargo's end date while it lasts; it lifts on that day (``today``: the
        reader's ``Invocation.embargo_day``, the earliest date on Earth). It covers every
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

    def opt_in(self, work: str) -> OptIn | None:
        """Which of the reader's own opt-ins covers ``work``: all films over the one film."""
        if self.all_films:
            return OptIn.ALL_FILMS
        return OptIn.FILM if work in self.seen else None


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
