"""Whether the answer Discord already holds for an interaction is this delivery's own.

Discord refuses a second answer to one interaction (40060, already acknowledged): another
handling of it answered first (a RESUME's replay, two processes on one shard), or an earlier
try of this one. A second handling then follows that answer up on the same token, which
Discord shows to whoever made the interaction, where they made it. Each process keeps the
first reading of the interactions it read (``client.interaction_replays``), but a process
that never read the first delivery has nothing to compare with: a press of Next, delivered
to both processes of a shard again as a press of the answer's Reveal, was refused by the
process that had turned the page and answered by the other, on the member's token, with the
ending, unwrapped, which she never asked for (so was a delivery naming another member or
channel). Discord's own record of the first answer (@original, read through the token) is
what both processes share: a second handling goes on only where that answer is a message
made for this very interaction (its ``interaction_metadata``: id, kind and member), in the
channel this delivery names. Otherwise (a page the first handling turned in place, a message
Discord will not describe, another member's or channel's) it sends nothing: whatever the
first handling sent stands.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.http import Route

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

NOT_ITS_OWN = "epilogue.first_answer_not_its_own"
"""Set on an interaction whose first answer, Discord says, is not this delivery's own: it
sends nothing (``client.delivery.deliver``)."""


def matches(
    answer: Any, interaction_id: int, kind: int, user_id: int, channel_id: int | None
) -> bool:
    """Whether ``answer`` (a message as Discord describes it) was made for the interaction
    ``interaction_id`` of ``kind`` by ``user_id``, in ``channel_id``."""
    if not isinstance(answer, dict):
        return False
    made_for = answer.get("interaction_metadata")
    if not isinstance(made_for, dict):
        return False
    user = made_for.get("user")
    return (
        str(made_for.get("id")) == str(interaction_id)
        and str(made_for.get("type")) == str(kind)
        and isinstance(user, dict)
        and str(user.get("id")) == str(user_id)
        and str(answer.get("channel_id")) == str(channel_id)
    )


async def first_answer_is_its_own(interaction: discord.Interaction[EpilogueBot]) -> bool:
    """Whether the answer Discord holds for ``interaction`` (@original) is a message made for
    it, as this delivery describes it (``matches``); read once, the result kept on the
    interaction (``NOT_ITS_OWN``). A failure to read it counts as not its own."""
    if NOT_ITS_OWN in interaction.extras:
        return not interaction.extras[NOT_ITS_OWN]
    route = Route(
        "GET",
        "/webhooks/{application_id}/{token}/messages/@original",
        application_id=interaction.application_id,
        token=interaction.token,
    )
    try:
        answer: Any = await interaction.client.http.request(route)
    except (discord.HTTPException, OSError, TimeoutError) as exc:
        log.info("could not read the answer to interaction %s: %r", interaction.id, exc)
        answer = None
    own = matches(
        answer,
        interaction.id,
        interaction.type.value,
        interaction.user.id,
        interaction.channel_id,
    )
    interaction.extras[NOT_ITS_OWN] = not own
    if not own:
        log.warning(
            "interaction %s was answered by a handling of another delivery of it (another"
            " member, channel or question, or a page turned in place): this one sends nothing",
            interaction.id,
        )
    return own
