"""The guard's catch-up after a lost session reads only a few recent channels' gaps."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord

from client.catch_up import KnownTitles, SeenChannels


def message(channel_id: int, at: float, *, guild_id: int | None = 1) -> Any:
    """A message as ``SeenChannels`` reads it, posted at Unix time ``at``."""
    snowflake = discord.utils.time_snowflake(datetime.fromtimestamp(at, tz=UTC))
    return SimpleNamespace(
        id=snowflake,
        guild=SimpleNamespace(id=guild_id) if guild_id is not None else None,
        channel=SimpleNamespace(id=channel_id),
    )


def test_the_most_recently_active_channels_are_read_from_their_newest_seen_message() -> None:
    now = time.time()
    seen = SeenChannels()
    for channel_id in range(10):
        seen.saw(message(channel_id, now - 100 + channel_id))
    newest = message(3, now - 1)
    seen.saw(newest)
    seen.saw(message(3, now - 50))  # an older one arriving late moves nothing back

    gaps = seen.recent(channels=3, max_age_s=3600, now=now)

    assert [gap.channel_id for gap in gaps] == [3, 9, 8]
    assert gaps[0].last_id == newest.id


def test_channels_quiet_for_longer_than_the_age_dms_and_the_oldest_are_left_out() -> None:
    now = time.time()
    seen = SeenChannels(size=4)
    seen.saw(message(1, now - 7200))
    seen.saw(message(2, now - 60, guild_id=None))
    for channel_id in range(10, 15):
        seen.saw(message(channel_id, now - 30))

    gaps = seen.recent(channels=10, max_age_s=3600, now=now)

    assert sorted(gap.channel_id for gap in gaps) == [11, 12, 13, 14]


def thread(thread_id: int, name: str) -> Any:
    return SimpleNamespace(id=thread_id, name=name)


def test_a_fresh_session_names_threads_started_or_renamed_since_the_last_one() -> None:
    titles = KnownTitles()
    assert titles.new_session(1, [thread(1, "talk"), thread(2, "club")]) == [], "first: none"
    titles.saw(thread(3, "made while connected"))

    later = [thread(1, "talk"), thread(2, "renamed"), thread(3, "made while connected")]
    changed = titles.new_session(1, [*later, thread(4, "started in the gap")])

    assert [t.id for t in changed] == [2, 4]
    assert titles.new_session(1, later) == [], "each change is read once"
    assert titles.new_session(7, [thread(9, "another server's first listing")]) == []


def test_threads_started_in_the_gap_are_told_from_threads_renamed_in_it() -> None:
    titles = KnownTitles()
    first = [thread(1, "talk")]
    assert titles.started(1, first) == [], "the server's first listing: none"
    titles.new_session(1, first)

    later = [thread(1, "renamed"), thread(4, "started in the gap")]
    assert [t.id for t in titles.started(1, later)] == [4]
    titles.new_session(1, later)
    assert titles.started(1, later) == [], "known once read"
