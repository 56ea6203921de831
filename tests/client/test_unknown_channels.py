"""Channels discord.py has not cached are looked up for the guard once each, and only so often:
members posting in many such channels cannot make the bot call Discord at will."""

from __future__ import annotations

import asyncio
from typing import Any

import discord

from client.context_menus import UnknownChannels


class CountingClient:
    """Stands for ``discord.Client.fetch_channel``: counts lookups, finds no channel."""

    def __init__(self, *, fail: bool = False, unknown_type: bool = False) -> None:
        self.looked_up: list[int] = []
        self.fail = fail
        self.unknown_type = unknown_type

    async def fetch_channel(self, channel_id: int) -> Any:
        self.looked_up.append(channel_id)
        await asyncio.sleep(0)
        if self.fail:
            raise discord.NotFound(_Response(), {"code": 10003, "message": "Unknown Channel"})
        if self.unknown_type:
            raise discord.InvalidData("Unknown channel type 99 for channel ID 77.")
        return object()  # not a guild channel: remembered as not found


class _Response:
    status = 404
    reason = "Not Found"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_many_unknown_channels_in_one_server_cost_a_few_lookups_a_minute() -> None:
    clock, client = Clock(), CountingClient()
    unknown = UnknownChannels(per_guild=5, overall=30, clock=clock)

    for channel_id in range(100, 150):
        await unknown.resolve(client, 1, channel_id)  # type: ignore[arg-type]

    assert len(client.looked_up) == 5
    for channel_id in range(200, 230):  # another server still has its own share
        await unknown.resolve(client, 2, channel_id)  # type: ignore[arg-type]
    assert len(client.looked_up) == 10
    clock.now += 60
    await unknown.resolve(client, 1, 149)  # type: ignore[arg-type]
    assert len(client.looked_up) == 11


async def test_all_servers_together_are_bounded_too() -> None:
    client = CountingClient()
    unknown = UnknownChannels(per_guild=5, overall=12, clock=Clock())

    for guild_id in range(10):
        for channel_id in range(3):
            await unknown.resolve(client, guild_id, guild_id * 100 + channel_id)  # type: ignore[arg-type]

    assert len(client.looked_up) == 12


async def test_a_channel_is_looked_up_once_found_or_not_and_at_once_shared() -> None:
    for client in (CountingClient(), CountingClient(fail=True), CountingClient(unknown_type=True)):
        unknown = UnknownChannels(clock=Clock())

        results = await asyncio.gather(
            *(unknown.resolve(client, 1, 77) for _ in range(5))  # type: ignore[arg-type]
        )
        await unknown.resolve(client, 1, 77)  # type: ignore[arg-type]

        assert results == [None] * 5
        assert client.looked_up == [77]


async def test_a_channel_discord_says_changed_is_looked_up_again_even_mid_lookup() -> None:
    """A CHANNEL_UPDATE for a channel discord.py does not hold drops what was looked up; one
    that arrives while a lookup is under way drops that lookup's answer too (it may predate the
    change)."""
    client, unknown = CountingClient(), UnknownChannels(clock=Clock())
    await unknown.resolve(client, 1, 77)  # type: ignore[arg-type]
    unknown.forget(77)
    await unknown.resolve(client, 1, 77)  # type: ignore[arg-type]
    assert client.looked_up == [77, 77]

    under_way = asyncio.ensure_future(unknown.resolve(client, 1, 88))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    unknown.forget(88)
    await under_way
    await unknown.resolve(client, 1, 88)  # type: ignore[arg-type]
    assert client.looked_up == [77, 77, 88, 88]
