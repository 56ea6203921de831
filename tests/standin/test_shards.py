"""The stand-in shards like Discord: GET /gateway/bot's shard count, IDENTIFY with
``shard: [i, n]``, each guild's events on shard ``(guild_id >> 22) % n``, and several
connections at once (one client over every shard, or one client per shard)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord
import pytest
from discord.ext import commands

from client.endpoints import DISCORD_API_BASE, DISCORD_GATEWAY, point_client_at
from tests.standin import StandinServer, StandinWorld
from tests.standin.gateway import shard_of
from tests.support.timing import scaled

TOKEN = "fake.token.value"
# Guild ids on shard 0 and on shard 1 of 2 (the shard is taken from the id's timestamp bits).
ON_SHARD = {0: 1_000 << 22, 1: 1_001 << 22}


class ShardBot(commands.AutoShardedBot):
    """Answers /where with the shard that received the interaction and its own name."""

    def __init__(self, name: str, **shards: object) -> None:
        super().__init__(
            command_prefix="!",
            intents=discord.Intents(guilds=True),
            guild_ready_timeout=0.05,
            **shards,
        )
        self.name = name

    async def setup_hook(self) -> None:
        @self.tree.command(description="Which shard answered")
        async def where(interaction: discord.Interaction) -> None:
            shard = interaction.guild.shard_id if interaction.guild else 0
            await interaction.response.send_message(f"{self.name} shard {shard}")

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5 s between IDENTIFYs: Discord's rate limit, lifted at the stand-in here."""


@pytest.fixture
def world() -> StandinWorld:
    world = StandinWorld(bot_name="Epilogue")
    for shard, guild_id in ON_SHARD.items():
        guild = world.guild(f"Club {shard}", id=guild_id)
        guild.text_channel("general")
        guild.add_member(world.user(f"member{shard}"))
    return world


@pytest.fixture
async def standin(world: StandinWorld) -> AsyncIterator[StandinServer]:
    async with StandinServer(world, expected_token=TOKEN) as server:
        server.gateway.shard_count = 2
        server.gateway.identify_spacing_s = 0  # the shards identify at once (below)
        point_client_at(server.api_base, server.gateway_url)
        try:
            yield server
        finally:
            point_client_at(DISCORD_API_BASE, DISCORD_GATEWAY)


@asynccontextmanager
async def running(bot: ShardBot) -> AsyncIterator[ShardBot]:
    await bot.login(TOKEN)
    task = asyncio.create_task(bot.connect())
    try:
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(task, scaled(5))


def test_guild_ids_of_the_fixture_fall_on_both_shards() -> None:
    assert [shard_of(guild_id, 2) for guild_id in ON_SHARD.values()] == [0, 1]


async def test_one_client_takes_the_recommended_shard_count(standin: StandinServer) -> None:
    async with running(ShardBot("solo")) as bot:  # no shard_count: asks GET /gateway/bot
        await bot.tree.sync()
        await standin.wait_shards_ready(2)
        assert bot.shard_count == 2
        assert {s.shard[0] for s in standin.gateway.shards.values()} == {0, 1}  # type: ignore[index]
        for shard, guild_id in ON_SHARD.items():
            guild = standin.world.guilds[guild_id]
            result = await standin.run_command(
                "/where", user=f"member{shard}", guild=guild, channel="general"
            )
            assert result.message.content == f"solo shard {shard}"


async def test_two_clients_each_get_only_their_shards_guilds(standin: StandinServer) -> None:
    first, second = (
        ShardBot("A", shard_ids=[0], shard_count=2),
        ShardBot("B", shard_ids=[1], shard_count=2),
    )
    async with running(first), running(second):
        await first.tree.sync()
        await standin.wait_shards_ready(2)
        await asyncio.wait_for(first.wait_until_ready(), scaled(5))
        await asyncio.wait_for(second.wait_until_ready(), scaled(5))
        assert [g.id for g in first.guilds] == [ON_SHARD[0]]
        assert [g.id for g in second.guilds] == [ON_SHARD[1]]
        for shard, name in ((0, "A"), (1, "B")):
            guild = standin.world.guilds[ON_SHARD[shard]]
            result = await standin.run_command(
                "/where", user=f"member{shard}", guild=guild, channel="general"
            )
            assert result.message.content == f"{name} shard {shard}"
        identified = [p["d"]["shard"] for p in standin.gateway.received if p.get("op") == 2]
        assert sorted(identified) == [[0, 2], [1, 2]]
