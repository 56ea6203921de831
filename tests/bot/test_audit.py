"""The one audit writer: stamped with the invocation's time, in the change's transaction, and
the server's cached rules dropped once it commits."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot import audit
from bot.db.models import AuditEntry, GuildSettings
from bot.errors import NotAllowed
from bot.invocation import Invocation
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.standing import StandingCache

GUILD = 1
WHEN = dt.datetime(2031, 5, 6, 7, 8, tzinfo=dt.timezone(dt.timedelta(hours=2)))


async def test_an_entry_carries_the_invocations_time_and_drops_cached_rules(app) -> None:  # type: ignore[no-untyped-def]
    standings = StandingCache(app.sessions)
    assert (await standings.rules(GUILD)).default_mode is ChannelMode.STANDARD
    invocation = Invocation(user_id=5, guild_id=GUILD, now=WHEN)
    async with app.sessions() as session, session.begin():
        session.add(GuildSettings(guild_id=GUILD, default_mode="spoilers"))
        audit.record(session, standings, invocation, "default", "x" * 900)
    async with app.sessions() as session:
        entry = (await session.scalars(select(AuditEntry))).one()
    assert entry.created_at == dt.datetime(2031, 5, 6, 5, 8)  # naive UTC
    assert (entry.guild_id, entry.user_id, entry.action) == (GUILD, 5, "default")
    assert entry.detail == "x" * audit.DETAIL_LIMIT
    assert (await standings.rules(GUILD)).default_mode is ChannelMode.SPOILERS


async def test_a_change_that_rolls_back_leaves_no_entry(app) -> None:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        audit.record(session, app.standings, Invocation(user_id=5, guild_id=GUILD), "x", "y")
        await session.rollback()
    async with app.sessions() as session:
        assert (await session.scalars(select(AuditEntry))).all() == []


async def test_a_change_outside_a_server_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        with pytest.raises(NotAllowed, match="not in DMs"):
            audit.record(session, app.standings, Invocation(user_id=5), "x", "y")
