"""The Discord client: holds the core it is given and loads one extension per command group."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.epilogue import Epilogue
from client.tree import EpilogueTree

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

    def __init__(self, app: Epilogue, *, extensions: tuple[str, ...] = EXTENSIONS) -> None:
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
        )
        self.app = app
        self.initial_extensions = extensions

    async def setup_hook(self) -> None:
        # A failing extension stops start-up: a bot missing commands must not look healthy.
        for name in self.initial_extensions:
            await self.load_extension(name)
        log.info("loaded extensions: %s", ", ".join(self.initial_extensions))
        # Build the search index in the background now, so the first /film search is not the
        # one that waits for it. index(wait=0) starts the build and returns at once.
        await self.app.film_search.index(wait=0)
