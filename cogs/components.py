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

from bot.errors import AlreadyHandled
from bot.replies import Reply
from client.delivery import (
    AnswerRefused,
    deliver,
    expired,
    hand_back_by_dm,
    invocation_from,
    log_expired,
    send_error,
)
from client.in_time import reply_in_time
from client.server_permissions import look_up_asker
from client.thread_parents import confirm_thread_parent
from client.tree import UNEXPECTED, tell_done

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

PREFIX = "epi:"
NOT_ON_MESSAGE = (
    "This button is not on the message it was pressed on, so Epilogue did nothing with it."
    " Press it again; if this keeps happening, tell the server's admins."
)
UNKNOWN_CONTROL = (
    "This {what} is not one Epilogue reads (an older version's, or a kind it does not know),"
    " so Epilogue did nothing with it. Run the command again for a fresh one."
)
TEMPLATE = re.compile(rf"{PREFIX}\S+")
"""The custom ids discord.py routes to ``EpilogueButton``."""
BUTTON = 2


class EpilogueButton(discord.ui.DynamicItem[discord.ui.Button], template=TEMPLATE.pattern):
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
        await press(interaction, self.custom_id)


async def press(interaction: discord.Interaction[EpilogueBot], custom_id: str) -> None:
    """Answer a press of the Epilogue button ``custom_id``."""
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


def holds(message: discord.Message | None, component_type: object, custom_id: str) -> bool:
    """Whether discord.py finds the pressed component on the interaction's message, as it must
    to route the press to a dynamic item (else it drops the press without a word)."""
    if message is None:
        return False
    found: list[object] = list(message.components)
    while found:
        component = found.pop()
        kind = getattr(getattr(component, "type", None), "value", None)
        if kind == component_type and getattr(component, "custom_id", None) == custom_id:
            return True
        for key in ("children", "components"):
            found.extend(getattr(component, key, None) or ())
        if (accessory := getattr(component, "accessory", None)) is not None:
            found.append(accessory)
    return False


class Components(commands.Cog):
    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(EpilogueButton)
        self.prune.start()

    async def cog_unload(self) -> None:
        self.prune.cancel()
        self.bot.remove_dynamic_items(EpilogueButton)

    async def answer_dropped_press(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        """A press whose ``message`` Discord described only in part (its id and flags, no
        components) or not at all: discord.py routes a press to a dynamic item only through
        the message's components, and drops it otherwise ("This interaction failed"). The
        custom id alone says what to do, so it is answered here."""
        data = interaction.data or {}
        custom_id, kind = str(data.get("custom_id") or ""), data.get("component_type")
        if TEMPLATE.fullmatch(custom_id) and holds(interaction.message, kind, custom_id):
            return  # discord.py routes it to ``EpilogueButton``
        if kind != BUTTON or not TEMPLATE.fullmatch(custom_id):
            # Discord sends the app presses on its own messages only: one no handler takes
            # (a kind newer than discord.py, an id an older version made) was left to fail
            # in the member's client with nothing logged.
            log.warning(
                "interaction %s: component %r of type %s on message %s is not one Epilogue"
                " reads; told the member nothing was done",
                interaction.id,
                custom_id,
                kind,
                getattr(interaction.message, "id", None),
            )
            what = "button" if kind == BUTTON else "control"
            await send_error(interaction, UNKNOWN_CONTROL.format(what=what))
            return
        message = interaction.message
        if message is not None and message.components:
            # Described whole, and the button is not on it: Discord sends a press of a
            # button its message holds. A crafted id (a private copy's page) with a forged
            # ``flags`` turned a public answer into the unwrapped text.
            log.warning(
                "interaction %s: button %s is not on message %s; not read",
                interaction.id,
                custom_id,
                message.id,
            )
            await deliver(interaction, Reply.error(NOT_ON_MESSAGE))
            return
        await press(interaction, custom_id)

    @tasks.loop(hours=24)
    async def prune(self) -> None:
        """Expired pending changes go daily (and at start, with the core's first prune)."""
        try:
            await self.bot.app.prune()
        except Exception:
            log.exception("pruning expired pending changes failed; trying again tomorrow")

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        # Buttons and forms only: commands and autocomplete never reach interaction listeners
        # (``EpilogueBot.dispatch``), the command tree answers them.
        if another_apps(interaction):
            return
        if interaction.type is discord.InteractionType.component:
            await self.answer_dropped_press(interaction)
            return
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        custom_id = interaction.custom_id or ""
        values = form_values(interaction.data.get("components", []) if interaction.data else [])
        if not custom_id.startswith(PREFIX):
            # Discord sends the app only its own forms: one in a format Epilogue no longer
            # reads is answered, and what was typed into it handed back, not dropped unread.
            log.warning(
                "interaction %s: form %r is not one Epilogue reads; its text handed back",
                interaction.id,
                custom_id,
            )
            await send_error(
                interaction, UNKNOWN_CONTROL.format(what="form"), values.values(), shortest=1
            )
            return
        await answer_component(
            interaction,
            "form",
            lambda: self.bot.app.submit(invocation_from(interaction), custom_id, values),
            typed=values.values(),
        )


def another_apps(interaction: discord.Interaction[EpilogueBot]) -> bool:
    """Whether the interaction, or the message pressed, names another application than this
    bot's: not Epilogue's to answer (Discord sends an app only its own; anything else is
    another app's traffic, left alone)."""
    own = interaction.client.application_id
    if own is None:
        return False
    message = interaction.message
    theirs = getattr(message, "application_id", None) if message is not None else None
    return interaction.application_id != own or theirs not in (None, own)


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
        await look_up_asker(interaction)  # a form or press may be an admin's or moderator's
        await confirm_thread_parent(interaction)
        await deliver(interaction, await reply_in_time(interaction, reply_for))
    except AlreadyHandled:
        return  # delivered again: its change was made once, and Discord has its answer
    except AnswerRefused as refused:
        await tell_done(interaction, f"{kind} {interaction.custom_id}", refused)
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


TEXT_INPUT = 4


def form_values(components: list[Any]) -> dict[str, str]:
    """Text input values by custom id, from a modal submit's (possibly nested) components.
    A field left empty is ``""``, however it comes: Discord sends ``""``, a stand-in
    serializing an unset value may send ``null`` or leave ``value`` out (the core read the
    ``null`` as text, and the admin's form failed: 'Something went wrong')."""
    values: dict[str, str] = {}
    for component in components:
        if not isinstance(component, dict):
            continue
        if "components" in component:  # an action row
            values.update(form_values(component["components"] or []))
        elif "component" in component:  # a label around one input
            values.update(form_values([component["component"]]))
        elif "custom_id" in component and (
            "value" in component or component.get("type") == TEXT_INPUT
        ):
            values[component["custom_id"]] = str(component.get("value") or "")
    return values


async def setup(bot: EpilogueBot) -> None:
    await bot.add_cog(Components(bot))
