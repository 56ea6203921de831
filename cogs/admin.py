"""``/film-admin …``: a server's own films, for its admins.

Discord hides the group from members without Manage Server, and the core checks again on every
command, button and form, because server admins can change who sees which command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.content_admin import require_admin
from cogs.delivery import invocation_from
from cogs.options import download, film_autocomplete
from cogs.slash import answer, slash

if TYPE_CHECKING:
    from cogs.epilogue_bot import EpilogueBot


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Admin(
    commands.GroupCog,
    group_name="film-admin",
    group_description="This server's own films (admins)",
):
    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot
        super().__init__()

    @slash("film-admin import")
    async def import_(
        self, interaction: discord.Interaction[EpilogueBot], file: discord.Attachment
    ) -> None:
        # Fetching and checking a file can outlast Discord's 3 seconds: acknowledge first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        # Fetch nothing for someone who may not import; the core checks again before loading.
        require_admin(invocation_from(interaction))
        await answer(interaction, "film-admin import", file=await download(file))

    @slash("film-admin export")
    @app_commands.autocomplete(film=film_autocomplete)
    async def export(self, interaction: discord.Interaction[EpilogueBot], film: str) -> None:
        await answer(interaction, "film-admin export", film=film)

    @slash("film-admin add")
    async def add(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        await answer(interaction, "film-admin add")

    @slash("film-admin edit")
    @app_commands.autocomplete(film=film_autocomplete)
    async def edit(
        self, interaction: discord.Interaction[EpilogueBot], film: str, section: str
    ) -> None:
        await answer(interaction, "film-admin edit", film=film, section=section)

    @slash("film-admin remove")
    @app_commands.autocomplete(film=film_autocomplete)
    async def remove(self, interaction: discord.Interaction[EpilogueBot], film: str) -> None:
        await answer(interaction, "film-admin remove", film=film)


async def setup(bot: EpilogueBot) -> None:
    await bot.add_cog(Admin(bot))
