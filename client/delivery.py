"""Between Discord and the core: an interaction becomes an ``Invocation``, a ``Reply`` becomes
discord.py calls.

Nothing here decides what to show: the core's reply already says what text, which buttons and
who may see it. This module only sends it, always with mentions disabled.
"""

from __future__ import annotations

import functools
import io
import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.invocation import Invocation
from bot.replies import Button, Embed, Modal, Reply
from client import metrics

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


def invocation_from(interaction: discord.Interaction[EpilogueBot]) -> Invocation:
    """Who asks and where, as the core sees it."""
    user = interaction.user
    channel = interaction.channel
    # A thread follows its parent channel's spoiler rule unless it has its own.
    parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
    roles = (
        frozenset(role.id for role in user.roles)
        if isinstance(user, discord.Member)
        else frozenset()
    )
    permissions = permission_names(interaction.permissions.value)
    return Invocation(
        user_id=user.id,
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
        parent_channel_id=parent_id,
        role_ids=roles,
        permissions=permissions,
        is_owner=interaction.client.app.is_owner(user.id),
    )


@functools.lru_cache(maxsize=1024)
def permission_names(value: int) -> frozenset[str]:
    """The names of the permissions in ``value``; members share a handful of values, and
    naming every flag costs more than the rest of answering a command up to its acknowledgement."""
    return frozenset(name for name, granted in discord.Permissions(value) if granted)


async def deliver(interaction: discord.Interaction[EpilogueBot], reply: Reply) -> None:
    """Send the reply as the answer to this interaction (or a follow-up once answered)."""
    first = not interaction.response.is_done()
    await _send(interaction, reply)
    metrics.answered(interaction, first=first)


async def _send(interaction: discord.Interaction[EpilogueBot], reply: Reply) -> None:
    response = interaction.response
    if reply.modal is not None:
        await response.send_modal(form_for(reply.modal))
        return
    embeds = [embed_for(embed) for embed in reply.embeds]
    files = [discord.File(io.BytesIO(a.data), filename=a.filename) for a in reply.attachments]
    view = view_for(reply.rows)
    if (
        reply.edits_original
        and interaction.message is not None
        and not response.is_done()
        # An edit keeps the audience of the message it edits: a reply meant for the presser
        # alone never replaces a message others see (it is sent privately below instead).
        and (interaction.message.flags.ephemeral or not reply.ephemeral)
    ):
        # Replace the message the pressed button is on: its text, embeds, buttons and files.
        await response.edit_message(
            content=reply.content,
            embeds=embeds,
            view=view,
            attachments=files,
            allowed_mentions=NO_MENTIONS,
            suppress_embeds=reply.suppress_embeds,
        )
        return
    message: dict[str, Any] = {
        "content": reply.content,
        "embeds": embeds,
        "ephemeral": reply.ephemeral,
        "suppress_embeds": reply.suppress_embeds,
        "allowed_mentions": NO_MENTIONS,
    }
    if files:
        message["files"] = files
    if view is not None:
        message["view"] = view
    if response.is_done():
        await interaction.followup.send(**message)
    else:
        await response.send_message(**message)


async def send_error(interaction: discord.Interaction[EpilogueBot], text: str) -> None:
    """A private error message; if even that fails (e.g. the interaction expired), log it."""
    try:
        await deliver(interaction, Reply.error(text))
    except discord.HTTPException as exc:
        log.warning(
            "could not tell user %s about a failure in interaction %s: %s",
            interaction.user.id,
            interaction.id,
            exc,
        )


def embed_for(embed: Embed) -> discord.Embed:
    result = discord.Embed(
        title=embed.title, description=embed.description, colour=int(embed.colour)
    )
    for field in embed.fields:
        result.add_field(name=field.name, value=field.value, inline=field.inline)
    if embed.footer:
        result.set_footer(text=embed.footer)
    return result


def view_for(rows: tuple[tuple[Button, ...], ...]) -> discord.ui.View | None:
    """The core's buttons as components; presses are answered by ``cogs.components``."""
    if not rows:
        return None
    return _Buttons(rows)


class _Buttons(discord.ui.View):
    """Rows of buttons, sent as their component payloads.

    discord.py only serialises a view to send it (``to_components``), and a stopped view is not
    kept in memory: the message carries the components, and the persistent handler answers
    them, in this process or after a restart. So no ``ui.Button`` objects are built (they
    cost more than the rest of delivering a cached answer).
    """

    def __init__(self, rows: tuple[tuple[Button, ...], ...]) -> None:
        super().__init__(timeout=None)
        self._rows = [
            {"type": 1, "components": [_button_payload(button) for button in row]} for row in rows
        ]
        self.stop()

    def to_components(self) -> list[dict[str, Any]]:
        return self._rows


def _button_payload(button: Button) -> dict[str, Any]:
    """A button component as Discord's API takes it (what ``ui.Button`` would send)."""
    return {
        "type": 2,
        "style": int(button.style),
        "label": button.label,
        "custom_id": button.custom_id,
        "disabled": button.disabled,
    }


def form_for(modal: Modal) -> discord.ui.Modal:
    """The core's form; its submission is routed by ``cogs.components``, as for buttons."""
    form = discord.ui.Modal(title=modal.title, custom_id=modal.custom_id, timeout=None)
    for field in modal.inputs:
        form.add_item(
            discord.ui.TextInput(
                label=field.label,
                custom_id=field.custom_id,
                style=discord.TextStyle.paragraph if field.paragraph else discord.TextStyle.short,
                default=field.value or None,
                required=field.required,
                max_length=field.max_length,
                placeholder=field.placeholder or None,
            )
        )
    form.stop()
    return form
