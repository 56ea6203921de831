"""Re-hidings recorded in the database: written, narrowed, deleted, and read by any process."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.content.renames import CONTENT_FIX
from bot.db.engine import create_engine, session_factory
from bot.db.models import AuditEntry
from bot.spoiler_policy.pending_rehidings import LOG_DETAIL_LIMIT, PendingRehidings
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.stored_rules import GuildRules

GUILD = 1_579_420_465_472_995_331  # snowflakes past 2**53: JSON must keep them whole
OTHER = GUILD + 1
THREAD = 1_579_420_465_472_995_400
CHANNEL = 1_579_420_465_472_995_401


@pytest.fixture
async def sessions(
    request: pytest.FixtureRequest, database_url: str
) -> AsyncIterator[PendingRehidings]:
    if database_url.startswith("sqlite"):
        migrated: Path = request.getfixturevalue("migrated_sqlite")
        shutil.copyfile(migrated, make_url(database_url).database or "")
    engine = create_engine(database_url)
    try:
        yield PendingRehidings(session_factory(engine))
    finally:
        await engine.dispose()


async def test_a_rehiding_is_recorded_narrowed_and_deleted(sessions: PendingRehidings) -> None:
    rehidings = sessions
    before = GuildRules(
        GUILD,
        default_mode=ChannelMode.SPOILERS,
        channel_modes={THREAD: ChannelMode.NO_SPOILERS, CHANNEL: ChannelMode.SPOILERS},
    )
    pending_id = await rehidings.record(GUILD, 7, before)
    assert await rehidings.may_have(GUILD) and not await rehidings.may_have(OTHER)
    (pending,) = await rehidings.of_guild(GUILD)
    assert (pending.id, pending.user_id, pending.places) == (pending_id, 7, None)
    assert pending.before.default_mode is ChannelMode.SPOILERS
    assert pending.before.channel_modes == before.channel_modes

    await rehidings.listed(pending_id, {CHANNEL: False, THREAD: True})
    await rehidings.done_with(pending_id, CHANNEL)
    await rehidings.done_with(pending_id, CHANNEL)  # done twice (two processes): the same
    (pending,) = await rehidings.of_guild(GUILD)
    assert pending.places == {THREAD: True}
    assert await rehidings.of_guild(OTHER) == []

    await rehidings.finish(pending_id)
    await rehidings.done_with(pending_id, THREAD)  # another process, after: nothing to narrow
    assert await rehidings.of_guild(GUILD) == []
    assert not await rehidings.may_have(GUILD)


async def test_places_out_of_reach_go_in_the_moderators_log(sessions: PendingRehidings) -> None:
    now = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
    await sessions.log_out_of_reach(GUILD, ["x" * 600, "y"], now=now)
    async with sessions._sessions() as session:
        entries = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.guild_id == GUILD).order_by(AuditEntry.id)
            )
        ).all()
    assert [e.detail for e in entries] == ["x" * LOG_DETAIL_LIMIT, "y"]
    assert {(e.user_id, e.action) for e in entries} == {(CONTENT_FIX, "rehide")}
    assert {e.created_at for e in entries} == {dt.datetime(2026, 12, 7, 9, 30)}


async def test_a_channel_whose_archived_threads_were_not_listed_stays_until_they_are(
    sessions: PendingRehidings,
) -> None:
    """Discord failed to list ``CHANNEL``'s archived threads: it is recorded beside the places,
    never read as one, and taken off in the same write that adds the threads found."""
    rehidings = sessions
    before = GuildRules(GUILD, default_mode=ChannelMode.SPOILERS)
    pending_id = await rehidings.record(GUILD, 7, before)
    await rehidings.listed(pending_id, {CHANNEL: False}, [CHANNEL])
    await rehidings.done_with(pending_id, CHANNEL)
    (pending,) = await rehidings.of_guild(GUILD)
    assert (pending.places, pending.unlisted) == ({}, frozenset({CHANNEL}))

    await rehidings.threads_listed(pending_id, CHANNEL, {THREAD: True})
    (pending,) = await rehidings.of_guild(GUILD)
    assert (pending.places, pending.unlisted) == ({THREAD: True}, frozenset())
