"""The guard's catch-up after a lost session reads only a few recent channels' gaps."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord

from client.catch_up import CatchUp, KnownTitles, SeenChannels


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


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_channels_quiet_for_longer_than_the_age_dms_and_the_oldest_are_left_out() -> None:
    now = time.time()
    clock = Clock(now - 7200)
    seen = SeenChannels(size=4, clock=clock)
    seen.saw(message(1, now - 7200))
    clock.now = now - 30
    seen.saw(message(2, now - 60, guild_id=None))
    for channel_id in range(10, 15):
        seen.saw(message(channel_id, now - 30))

    gaps = seen.recent(channels=10, max_age_s=3600, now=now)

    assert sorted(gap.channel_id for gap in gaps) == [11, 12, 13, 14]


def test_a_channel_is_recent_by_when_the_guard_was_shown_it_not_by_its_ids_time() -> None:
    """Messages whose ids tell another time than the guard's clock (traffic recorded days ago
    and replayed, a stand-in numbering ids with a counter) were all taken as older than a day:
    no channel's gap was read after a lost session."""
    now = time.time()
    seen = SeenChannels()
    recorded = message(1, now - 3 * 24 * 3600)
    seen.saw(recorded)
    seen.saw(SimpleNamespace(id=42, guild=SimpleNamespace(id=1), channel=SimpleNamespace(id=2)))

    gaps = seen.recent(channels=10, max_age_s=3600, now=now)

    assert {gap.channel_id: gap.last_id for gap in gaps} == {1: recorded.id, 2: 42}


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


class _Channel:
    """A channel as the catch-up reads it: its last message id (GUILD_CREATE's) and history."""

    def __init__(self, channel_id: int, guild: Any) -> None:
        self.id = channel_id
        self.guild = guild
        self.messages: list[Any] = []
        self.reads: list[dict[str, Any]] = []

    @property
    def last_message_id(self) -> int | None:
        return max((m.id for m in self.messages), default=None)

    def post(self, at: float) -> Any:
        snowflake = discord.utils.time_snowflake(datetime.fromtimestamp(at, tz=UTC))
        posted = SimpleNamespace(
            id=snowflake + len(self.messages),
            guild=self.guild,
            channel=SimpleNamespace(id=self.id),
            author=SimpleNamespace(bot=True),  # no member to look up
            webhook_id=None,
            edited_at=None,
        )
        self.messages.append(posted)
        return posted

    def history(self, *, limit: int, after: Any = None, before: Any = None) -> Any:
        self.reads.append({"after": after and after.id, "before": before and before.id})
        found = [
            m
            for m in self.messages
            if (after is None or m.id > after.id) and (before is None or m.id < before.id)
        ][:limit]

        async def pages() -> Any:
            for message in found:
                yield message

        return pages()


def _club(guarded: set[int]) -> tuple[Any, dict[int, _Channel]]:
    """A client whose one server has text channels 1-3 and voice channel 4 (its chat), the
    guard on in ``guarded``."""
    guild = SimpleNamespace(id=100, shard_id=0, threads=[], unavailable=False)
    channels = {cid: _Channel(cid, guild) for cid in (1, 2, 3, 4)}
    guild.text_channels = [channels[1], channels[2], channels[3]]
    guild.voice_channels = [channels[4]]
    guild.get_channel_or_thread = channels.get

    async def settings(_guild_id: int) -> Any:
        return SimpleNamespace(
            enabled=True, guards=lambda channel_id, _parent: channel_id in guarded
        )

    client = SimpleNamespace(
        guilds=[guild],
        get_guild=lambda guild_id: guild if guild_id == guild.id else None,
        get_partial_messageable=lambda cid, guild_id: channels[cid],
        app=SimpleNamespace(
            member_spoilers=SimpleNamespace(guard=SimpleNamespace(settings=settings))
        ),
    )
    return client, channels


async def test_a_quiet_channels_message_sent_while_the_session_was_lost_is_read() -> None:
    """A channel nobody wrote in for days is not among the recently active ones, yet a spoiler
    posted there while the session was lost was never seen either: the fresh session's
    GUILD_CREATE gives each channel's last message, and one newer than the newest message the
    guard saw anywhere is read from that message on. Never where the guard is off."""
    now = time.time()
    client, channels = _club(guarded={1, 2, 4})
    seen = SeenChannels()
    looked: list[Any] = []

    async def look(message: Any, *, new: bool = False) -> None:
        looked.append(message)

    async def look_at_title(_thread: Any) -> None:
        pass

    catch_up = CatchUp(client, seen, look, KnownTitles(), look_at_title)  # type: ignore[arg-type]
    channels[2].post(now - 5 * 24 * 3600)  # quiet for days: not a recent channel
    newest = channels[1].post(now - 60)
    seen.saw(newest)
    await catch_up.run()  # the first session: nothing to catch up
    assert looked == []

    in_the_gap = channels[2].post(now - 30)  # the session is lost, then this is posted
    channels[3].post(now - 20)  # where the guard is off
    in_a_voice_chat = channels[4].post(now - 10)
    await catch_up.run()

    assert in_the_gap in looked and in_a_voice_chat in looked
    assert all(message.channel.id != 3 for message in looked)
    assert {"after": newest.id, "before": None} in channels[2].reads
    assert channels[3].reads == []


async def test_a_quiet_channels_message_sent_while_its_server_was_out_is_read_when_it_is_back() -> (
    None
):
    """An outage mid-session (GUILD_DELETE unavailable, then GUILD_CREATE): nothing of the
    server came meanwhile, so a quiet channel's message newer than the newest the guard saw in
    that server is read once the server is back."""
    now = time.time()
    client, channels = _club(guarded={1, 2})
    seen = SeenChannels()
    looked: list[Any] = []

    async def look(message: Any, *, new: bool = False) -> None:
        looked.append(message)

    async def look_at_title(_thread: Any) -> None:
        pass

    catch_up = CatchUp(client, seen, look, KnownTitles(), look_at_title)  # type: ignore[arg-type]
    channels[2].post(now - 5 * 24 * 3600)
    newest = channels[1].post(now - 60)
    seen.saw(newest)
    await catch_up.run()  # the first session: nothing to catch up
    catch_up.server_lost(100)
    in_the_outage = channels[2].post(now - 30)
    await catch_up.run_server(100)

    assert in_the_outage in looked
    assert {"after": newest.id, "before": None} in channels[2].reads
