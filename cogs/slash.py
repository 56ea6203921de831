"""Slash commands declared from the core's command table, and answered by it.

The table is the one source of names, descriptions and choices, so Discord shows what the console
shows; ``tests/cogs/test_table_agreement.py`` checks every option name, kind and required flag.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from discord import app_commands

from bot.commands import command_table
from bot.dispatch import complete, start_command
from bot.replies import Deferred
from cogs.delivery import deliver, invocation_from

if TYPE_CHECKING:
    import discord

    from cogs.epilogue_bot import EpilogueBot

F = TypeVar("F", bound=Callable[..., Any])


def slash(name: str) -> Callable[[F], app_commands.Command[Any, ..., None]]:
    """``@app_commands.command`` with the name, description, option descriptions and fixed
    choices of the table's command ``name`` (e.g. ``"film quick"``)."""
    spec = command_table()[name]

    def decorate(callback: F) -> app_commands.Command[Any, ..., None]:
        described = app_commands.describe(**{o.name: o.description for o in spec.options})
        fixed = {
            o.name: [app_commands.Choice(name=choice, value=choice) for choice in o.choices]
            for o in spec.options
            if o.choices
        }
        if fixed:
            callback = app_commands.choices(**fixed)(callback)
        return app_commands.command(name=spec.path[-1], description=spec.description)(
            described(callback)
        )

    return decorate


async def answer(interaction: discord.Interaction[EpilogueBot], name: str, **options: Any) -> None:
    """Run the table's command ``name`` in the core and deliver its reply.

    A slow answer is acknowledged at once ("thinking…"), visible to exactly the audience the
    core named, and sent when it is ready. Options left empty are left out, as the console
    leaves out options nobody typed.
    """
    given = {key: value for key, value in options.items() if value is not None}
    outcome = await start_command(
        interaction.client.app, command_table()[name], invocation_from(interaction), given
    )
    if isinstance(outcome, Deferred):
        await interaction.response.defer(ephemeral=outcome.ephemeral, thinking=True)
        outcome = await complete(outcome)
    await deliver(interaction, outcome)
