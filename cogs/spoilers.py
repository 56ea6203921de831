"""``/spoilers …``: each member's own spoiler opt-ins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from cogs.options import film_autocomplete
from cogs.slash import answer, slash

if TYPE_CHECKING:
    import discord

    from cogs.epilogue_bot import EpilogueBot


class Spoilers(
    commands.GroupCog, group_name="spoilers", group_description="Which spoilers you want to see"
):
    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot
        super().__init__()

    @slash("spoilers on")
    async def on(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        await answer(interaction, "spoilers on")

    @slash("spoilers off")
    async def off(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        await answer(interaction, "spoilers off")

    @slash("spoilers seen")
    @app_commands.autocomplete(film=film_autocomplete)
    async def seen(self, interaction: discord.Interaction[EpilogueBot], film: str) -> None:
        await answer(interaction, "spoilers seen", film=film)

    @slash("spoilers unseen")
    @app_commands.autocomplete(film=film_autocomplete)
    async def unseen(self, interaction: discord.Interaction[EpilogueBot], film: str) -> None:
        await answer(interaction, "spoilers unseen", film=film)

    @slash("spoilers status")
    async def status(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        await answer(interaction, "spoilers status")


async def setup(bot: EpilogueBot) -> None:
    await bot.add_cog(Spoilers(bot))
