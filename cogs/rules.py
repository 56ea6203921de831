"""``/spoiler-rules …``: a server's spoiler rules, for its moderators.

Discord hides the group from members without Manage Messages, but server admins can change
that, so the core checks who may run each command (including the moderator role) every time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import ChannelRef
from cogs.options import ChannelOption, film_autocomplete
from cogs.slash import answer, slash

if TYPE_CHECKING:
    from cogs.epilogue_bot import EpilogueBot


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class Rules(
    commands.GroupCog,
    group_name="spoiler-rules",
    group_description="This server's spoiler rules (moderators)",
):
    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot
        super().__init__()

    @slash("spoiler-rules show")
    async def show(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        await answer(interaction, "spoiler-rules show")

    @slash("spoiler-rules channel")
    async def channel(
        self,
        interaction: discord.Interaction[EpilogueBot],
        channel: app_commands.Transform[ChannelRef, ChannelOption],
        mode: str,
    ) -> None:
        await answer(interaction, "spoiler-rules channel", channel=channel, mode=mode)

    @slash("spoiler-rules default")
    async def default(self, interaction: discord.Interaction[EpilogueBot], mode: str) -> None:
        await answer(interaction, "spoiler-rules default", mode=mode)

    @slash("spoiler-rules embargo")
    @app_commands.autocomplete(film=film_autocomplete)
    async def embargo(
        self,
        interaction: discord.Interaction[EpilogueBot],
        film: str,
        days: int | None = None,
        until: str | None = None,
    ) -> None:
        await answer(interaction, "spoiler-rules embargo", film=film, days=days, until=until)

    @slash("spoiler-rules embargo-clear")
    @app_commands.autocomplete(film=film_autocomplete)
    async def embargo_clear(self, interaction: discord.Interaction[EpilogueBot], film: str) -> None:
        await answer(interaction, "spoiler-rules embargo-clear", film=film)

    @slash("spoiler-rules role")
    async def role(
        self,
        interaction: discord.Interaction[EpilogueBot],
        role: discord.Role | None = None,
        clear: bool | None = None,
    ) -> None:
        await answer(interaction, "spoiler-rules role", role=role.id if role else None, clear=clear)

    @slash("spoiler-rules optin")
    async def optin(self, interaction: discord.Interaction[EpilogueBot], enabled: bool) -> None:
        await answer(interaction, "spoiler-rules optin", enabled=enabled)

    @slash("spoiler-rules cooldown")
    async def cooldown(self, interaction: discord.Interaction[EpilogueBot], seconds: int) -> None:
        await answer(interaction, "spoiler-rules cooldown", seconds=seconds)

    @slash("spoiler-rules moderator-role")
    async def moderator_role(
        self,
        interaction: discord.Interaction[EpilogueBot],
        role: discord.Role | None = None,
        clear: bool | None = None,
    ) -> None:
        await answer(
            interaction, "spoiler-rules moderator-role", role=role.id if role else None, clear=clear
        )

    @slash("spoiler-rules log")
    async def log(
        self, interaction: discord.Interaction[EpilogueBot], page: int | None = None
    ) -> None:
        await answer(interaction, "spoiler-rules log", page=page)


async def setup(bot: EpilogueBot) -> None:
    await bot.add_cog(Rules(bot))
