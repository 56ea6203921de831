"""Buttons and forms on Epilogue's messages, answered for as long as the message exists.

Their custom ids (``epi:…``, see ``bot.buttons``) name content, never process state, so any
process can answer them: a dynamic item matches every Epilogue button, and a listener takes
every Epilogue form, because discord.py only routes forms it opened itself in this process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands, tasks

from bot.replies import Reply
from client.delivery import (
    deliver,
    expired,
    hand_back_by_dm,
    invocation_from,
    log_expired,
    send_error,
)
from client.tree import UNEXPECTED

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

PREFIX = "epi:"


class EpilogueButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"{PREFIX}\S+"):
    """Any button Epilogue posted; the core reads its custom id."""

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[EpilogueBot],
        item: discord.ui.Button,
        match: re.Match[str],
        /,
    ) -> EpilogueButton:
        return cls(item)

    async def callback(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        custom_id = self.custom_id
        # Whether the message is seen by the presser only decides how a page may be turned; a
        # message Discord does not describe is taken to be public, the stricter case.
        message = interaction.message
        private = message is not None and message.flags.ephemeral
        await answer_component(
            interaction,
            "button",
            lambda: interaction.client.app.press(
                invocation_from(interaction), custom_id, on_private_message=private
            ),
        )


class Components(commands.Cog):
    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(EpilogueButton)
        self.prune.start()

    async def cog_unload(self) -> None:
        self.prune.cancel()
        self.bot.remove_dynamic_items(EpilogueButton)

    @tasks.loop(hours=24)
    async def prune(self) -> None:
        """Expired pending changes go daily (and at start, with the core's first prune)."""
        try:
            await self.bot.app.prune()
        except Exception:
            log.exception("pruning expired pending changes failed; trying again tomorrow")

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        custom_id = interaction.custom_id or ""
        if not custom_id.startswith(PREFIX):
            return
        values = form_values(interaction.data.get("components", []) if interaction.data else [])
        await answer_component(
            interaction,
            "form",
            lambda: self.bot.app.submit(invocation_from(interaction), custom_id, values),
            typed=values.values(),
        )


async def answer_component(
    interaction: discord.Interaction[EpilogueBot],
    kind: str,
    reply_for: Callable[[], Awaitable[Reply]],
    *,
    typed: Iterable[str] = (),
) -> None:
    """Deliver the core's reply; an unexpected failure is logged and told privately, with
    what was ``typed`` into a form attached (Discord closes a form once it is sent)."""
    try:
        await deliver(interaction, await reply_for())
    except Exception as exc:
        if expired(exc):
            log_expired(interaction, f"{kind} {interaction.custom_id}")
            await hand_back_by_dm(interaction, kind, typed, shortest=1)
            return
        log.exception(
            "%s %s failed (interaction %s, user %s, guild %s, channel %s)",
            kind,
            interaction.custom_id,
            interaction.id,
            interaction.user.id,
            interaction.guild_id,
            interaction.channel_id,
        )
        await send_error(interaction, UNEXPECTED, typed, shortest=1)


def form_values(components: list[Any]) -> dict[str, str]:
    """Text input values by custom id, from a modal submit's (possibly nested) components."""
    values: dict[str, str] = {}
    for component in components:
        if "components" in component:  # an action row
            values.update(form_values(component["components"]))
        elif "component" in component:  # a label around one input
            values.update(form_values([component["component"]]))
        elif "custom_id" in component and "value" in component:
            values[component["custom_id"]] = component["value"]
    return values


async def setup(bot: EpilogueBot) -> None:
    await bot.add_cog(Components(bot))
