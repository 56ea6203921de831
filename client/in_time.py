"""A press's or a form's answer within Discord's three seconds, however long its work takes.

Discord drops an interaction not answered within 3 seconds (10062, "This interaction failed"
for the member). A command's slow answer is acknowledged ("thinking…") once it is not ready
within ``client.slash.ready_within``; a button's or a form's answer was awaited whole first,
and work slower than Discord's window (a form storing a film and refreshing the catalog on a
busy bot, a confirmed import) was dropped: the change made, the member told nothing.

The same window applies here, and what is acknowledged is only that the interaction was taken
(``client.delivery.acknowledge_taken``): its audience is not known before its answer is, so
nothing is shown until then, and the answer goes where it would have gone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from bot.dispatch import acknowledged_unless_done
from bot.replies import Reply
from client.delivery import acknowledge_taken, acknowledged_or_answered_later
from client.slash import ready_within

if TYPE_CHECKING:
    from client.bot import EpilogueBot


async def reply_in_time(
    interaction: discord.Interaction[EpilogueBot], reply_for: Callable[[], Awaitable[Reply]]
) -> Reply:
    """``reply_for()``, the interaction acknowledged meanwhile if it is not ready within
    ``ready_within(interaction)``; that acknowledgement has finished (or raised) by the time
    the reply is returned. Worked out in the calling task: only a timer watches the clock."""
    return await acknowledged_unless_done(
        ready_within(interaction),
        lambda _acknowledged: reply_for(),
        lambda: acknowledged_or_answered_later(interaction, lambda: acknowledge_taken(interaction)),
    )
