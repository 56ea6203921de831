"""``/film …``: answers about films, for every member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.answers.film_commands import question_choices
from cogs.delivery import invocation_from
from cogs.options import choices_for, film_autocomplete
from cogs.slash import answer, slash

if TYPE_CHECKING:
    import discord

    from cogs.epilogue_bot import EpilogueBot


class Film(commands.GroupCog, group_name="film", group_description="Film endings explained"):
    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot
        super().__init__()

    async def question_autocomplete(
        self, interaction: discord.Interaction[EpilogueBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """FAQ questions of the film chosen so far; a spoiler question shows only its number."""
        film = str(getattr(interaction.namespace, "film", "") or "")
        found = await question_choices(self.bot.app, invocation_from(interaction), film, current)
        return choices_for(found)

    @slash("film info")
    @app_commands.autocomplete(film=film_autocomplete)
    async def info(
        self, interaction: discord.Interaction[EpilogueBot], film: str, private: bool | None = None
    ) -> None:
        await answer(interaction, "film info", film=film, private=private)

    @slash("film quick")
    @app_commands.autocomplete(film=film_autocomplete)
    async def quick(
        self, interaction: discord.Interaction[EpilogueBot], film: str, private: bool | None = None
    ) -> None:
        await answer(interaction, "film quick", film=film, private=private)

    @slash("film ending")
    @app_commands.autocomplete(film=film_autocomplete)
    async def ending(
        self, interaction: discord.Interaction[EpilogueBot], film: str, private: bool | None = None
    ) -> None:
        await answer(interaction, "film ending", film=film, private=private)

    @slash("film recap")
    @app_commands.autocomplete(film=film_autocomplete)
    async def recap(
        self, interaction: discord.Interaction[EpilogueBot], film: str, private: bool | None = None
    ) -> None:
        await answer(interaction, "film recap", film=film, private=private)

    @slash("film themes")
    @app_commands.autocomplete(film=film_autocomplete)
    async def themes(
        self, interaction: discord.Interaction[EpilogueBot], film: str, private: bool | None = None
    ) -> None:
        await answer(interaction, "film themes", film=film, private=private)

    @slash("film symbolism")
    @app_commands.autocomplete(film=film_autocomplete)
    async def symbolism(
        self, interaction: discord.Interaction[EpilogueBot], film: str, private: bool | None = None
    ) -> None:
        await answer(interaction, "film symbolism", film=film, private=private)

    @slash("film faq")
    @app_commands.autocomplete(film=film_autocomplete, question=question_autocomplete)
    async def faq(
        self,
        interaction: discord.Interaction[EpilogueBot],
        film: str,
        question: str | None = None,
        private: bool | None = None,
    ) -> None:
        await answer(interaction, "film faq", film=film, question=question, private=private)

    @slash("film search")
    async def search(
        self, interaction: discord.Interaction[EpilogueBot], query: str, private: bool | None = None
    ) -> None:
        await answer(interaction, "film search", query=query, private=private)

    @slash("film list")
    async def list(
        self, interaction: discord.Interaction[EpilogueBot], page: int | None = None
    ) -> None:
        await answer(interaction, "film list", page=page)


async def setup(bot: EpilogueBot) -> None:
    await bot.add_cog(Film(bot))
