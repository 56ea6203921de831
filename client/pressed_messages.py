"""Whether the message a button was pressed on is private, as Discord itself says.

A press describes its message (``message.flags``), but a forged or replayed gateway frame
writes that at will: a public answer said to be ephemeral was edited into its presser's page,
in the open. Read through the press's own token, ``@original`` is the message the button is
on (for a component interaction, until it is replaced), and Discord answers it from its own
records: that answer, not the press, decides whether an edit reaches the presser alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord.http import Route

if TYPE_CHECKING:
    from client.bot import EpilogueBot

EPHEMERAL = 1 << 6


async def pressed_flags(interaction: discord.Interaction[EpilogueBot]) -> int | None:
    """The ``flags`` Discord gives the pressed message (``GET …/messages/@original``), None
    when its answer names none (a partial or empty answer tells nothing). Raises what the
    request raises (an ``HTTPException``): the caller decides how to take a failure."""
    route = Route(
        "GET",
        "/webhooks/{application_id}/{token}/messages/@original",
        application_id=interaction.application_id,
        token=interaction.token,
    )
    answer: Any = await interaction.client.http.request(route)
    if not isinstance(answer, dict) or not isinstance(answer.get("flags"), int):
        return None
    return int(answer["flags"])


def private(flags: int | None) -> bool:
    """Whether ``flags`` (``pressed_flags``) say the message is seen by its reader alone."""
    return flags is not None and bool(flags & EPHEMERAL)
