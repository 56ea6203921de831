"""The Discord client: holds the core it is given and loads one extension per command group."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord.ext import commands

from bot.epilogue import Epilogue
from client.metrics import BotMetrics, MetricsServer
from client.tree import EpilogueTree
from client.warming import warm_answers

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.film",
    "cogs.spoilers",
    "cogs.spoiler_rules",
    "cogs.film_admin",
    "cogs.spoiler",
    "cogs.owner",
    "cogs.components",
)


class EpilogueBot(commands.Bot):
    """Slash commands only: the guilds intent, no message content, nobody pinged."""

    tree: EpilogueTree

    def __init__(
        self,
        app: Epilogue,
        *,
        extensions: tuple[str, ...] = EXTENSIONS,
        warm: bool = True,
        **options: Any,
    ) -> None:
        """``warm``: render a small catalog's answers ahead in idle moments (``client.warming``);
        tests of what a first, unrendered answer does turn it off."""
        super().__init__(
            # Prefix commands need message content, which Epilogue never asks for.
            command_prefix=commands.when_mentioned,
            help_command=None,
            # Members' messages only for the spoiler guard, and only when configured: the
            # Message Content intent is privileged (README, "The spoiler guard").
            intents=discord.Intents(
                guilds=True,
                guild_messages=app.config.discord.message_content,
                message_content=app.config.discord.message_content,
            ),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=EpilogueTree,
            max_messages=None,
            **options,
        )
        self.app = app
        self.initial_extensions = extensions
        self.warm = warm
        self.metrics: BotMetrics | None = None  # metrics.address set: client.metrics
        self._metrics_server: MetricsServer | None = None
        self.warming: asyncio.Task[int] | None = None

    async def setup_hook(self) -> None:
        if address := self.app.config.metrics.address:
            self.metrics = BotMetrics(self)
            self._metrics_server = MetricsServer(self, self.metrics, address)
            await self._metrics_server.start()
        # A failing extension stops start-up: a bot missing commands must not look healthy.
        for name in self.initial_extensions:
            await self.load_extension(name)
        log.info("loaded extensions: %s", ", ".join(self.initial_extensions))
        # Build the search index in the background now, so the first /film search is not the
        # one that waits for it. index(wait=0) starts the build and returns at once.
        await self.app.film_search.index(wait=0)
        # And render the answers a small catalog's members ask first, in idle moments.
        if self.warm:
            self.warming = asyncio.create_task(warm_answers(self))

    async def close(self) -> None:
        if self.warming is not None:
            self.warming.cancel()
        if self._metrics_server is not None:
            await self._metrics_server.stop()
        await super().close()


class ShardedEpilogueBot(EpilogueBot, commands.AutoShardedBot):
    """The same bot over several shards (``shard_ids``/``shard_count``) on one connection each."""


def make_bot(app: Epilogue) -> EpilogueBot:
    """A sharded bot when the config names shards, else the plain one (as before)."""
    discord_config = app.config.discord
    if discord_config.shard_ids is None and discord_config.shard_count is None:
        return EpilogueBot(app)
    return ShardedEpilogueBot(
        app, shard_ids=discord_config.shard_ids, shard_count=discord_config.shard_count
    )
