"""``/epilogue sync``: the bot owner registers the slash commands, on purpose, from Discord.

Not in the core's command table: syncing is about Discord itself. The first registration is
done with ``epilogue sync`` on the command line; this command is for later updates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.replies import Reply
from client.delivery import acknowledge, deliver
from client.tree import AlreadyEverywhere, OwnerOnly, command_label

if TYPE_CHECKING:
    from client.bot import EpilogueBot


def in_a_server(interaction: discord.Interaction[EpilogueBot]) -> bool:
    # Discord offers the group only in servers; an old registration might still reach a DM.
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return True


def owner_only(interaction: discord.Interaction[EpilogueBot]) -> bool:
    if not interaction.client.app.is_owner(interaction.user.id):
        raise OwnerOnly("Only the bot's owner can do this.")
    return True


# Hidden from everyone but server admins; of those, only the bot owner gets past the check.
@app_commands.guild_only()
@app_commands.default_permissions(administrator=True)
class Owner(commands.GroupCog, group_name="epilogue", group_description="Bot owner tools"):
    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="sync", description="Register Epilogue's slash commands with Discord"
    )
    @app_commands.describe(
        scope="here: this server only, at once; everywhere: every server (default: everywhere)"
    )
    @app_commands.check(in_a_server)
    @app_commands.check(owner_only)
    async def sync(
        self,
        interaction: discord.Interaction[EpilogueBot],
        scope: Literal["here", "everywhere"] = "everywhere",
    ) -> None:
        await acknowledge(interaction, ephemeral=True)
        guild_id = interaction.guild_id if scope == "here" else None
        dropped = False
        try:
            synced = await self.bot.tree.sync_to(guild_id)
            if guild_id is None and interaction.guild_id is not None:
                # A copy left here by scope:here would now show each command twice.
                dropped = await self.bot.tree.drop_server_copy(interaction.guild_id)
        except AlreadyEverywhere as twice:
            await deliver(interaction, Reply.error(str(twice)))
            return
        except discord.Forbidden as refused:
            # As `epilogue sync` says: a server refuses commands from a bot invited without
            # the applications.commands scope (was: "Something went wrong on Epilogue's side").
            where = "This server" if guild_id else "Discord"
            await deliver(
                interaction,
                Reply.error(
                    f"{where} refused the commands ({refused.text or refused.status}): invite"
                    " the bot again with the applications.commands scope, then run"
                    " /epilogue sync again. Nothing was registered."
                ),
            )
            return
        where = "in this server" if guild_id else "everywhere (may take a minute to show)"
        names = ", ".join(command_label(command) for command in synced)
        dropped_note = (
            " This server's own copy of them, which showed each command twice, is removed."
            if dropped
            else ""
        )
        await deliver(
            interaction,
            Reply.text(f"Registered {len(synced)} commands {where}: {names}.{dropped_note}"),
        )


async def setup(bot: EpilogueBot) -> None:
    await bot.add_cog(Owner(bot))
