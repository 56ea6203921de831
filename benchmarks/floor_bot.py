"""The floor for ``benchmarks/e2e.py``: the least a discord.py bot can do for an interaction.

``/ping`` replies a constant and its ``word`` option autocompletes to a constant, so what is left
is discord.py itself: the gateway, parsing an interaction, one HTTP callback. ``/page`` replies
a constant as large as an answer page (an embed with a 3,900-character description, a footer
and three buttons): what discord.py and the HTTP round trip cost for a reply of that size.
Configured like ``epilogue run`` (``DISCORD_TOKEN``, ``EPILOGUE_DISCORD_API_BASE``,
``EPILOGUE_DISCORD_GATEWAY_URL``), it registers its commands on start, and stops on SIGTERM.

    DISCORD_TOKEN=… EPILOGUE_DISCORD_API_BASE=… EPILOGUE_DISCORD_GATEWAY_URL=… \\
        uv run python -m benchmarks.floor_bot
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal

import discord
from discord import app_commands
from discord.ext import commands

from client.endpoints import point_client_at

PONG = [app_commands.Choice(name="pong", value="pong")]
PAGE_TEXT = ("||" + "An answer-sized page of text, wrapped as a spoiler. " * 76)[:3898] + "||"


def page_view() -> discord.ui.View:
    """Three buttons, as an answer page has (previous, next, reveal)."""
    view = discord.ui.View(timeout=None)
    for label in ("◀ Previous", "Next ▶", "Reveal to me"):
        view.add_item(discord.ui.Button(label=label, custom_id=f"floor:{label}"))
    view.stop()
    return view


class FloorBot(commands.Bot):
    """Same intents and client settings as Epilogue's bot, one constant command."""

    def __init__(self) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=discord.Intents(guilds=True),
            allowed_mentions=discord.AllowedMentions.none(),
            max_messages=None,
        )

    async def setup_hook(self) -> None:
        @self.tree.command(name="ping", description="Replies pong")
        @app_commands.describe(word="Anything; autocompletes to pong")
        async def ping(interaction: discord.Interaction, word: str | None = None) -> None:
            await interaction.response.send_message("pong")

        @self.tree.command(name="page", description="Replies an answer-sized page")
        async def page(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="La La Land (2016) · The ending explained")
            embed.description = PAGE_TEXT
            embed.set_footer(text="Page 1/3 · Spoilers are hidden: click a black bar · Epilogue")
            await interaction.response.send_message(embed=embed, view=page_view())

        @ping.autocomplete("word")
        async def pong(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return PONG

        await self.tree.sync()


async def serve() -> None:
    bot = FloorBot()
    loop = asyncio.get_running_loop()
    closing: set[asyncio.Task[None]] = set()

    def close() -> None:
        task = asyncio.create_task(bot.close())
        closing.add(task)
        task.add_done_callback(closing.discard)

    loop.add_signal_handler(signal.SIGTERM, close)
    async with bot:
        await bot.start(os.environ["DISCORD_TOKEN"])


def main() -> None:
    discord.utils.setup_logging(level=logging.WARNING)
    point_client_at(
        os.environ.get("EPILOGUE_DISCORD_API_BASE"), os.environ.get("EPILOGUE_DISCORD_GATEWAY_URL")
    )
    asyncio.run(serve())


if __name__ == "__main__":
    main()
