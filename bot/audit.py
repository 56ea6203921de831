"""The one audit writer: every change a server's moderators or admins make is logged here.

The entry joins the change's own transaction, so the log never misses a change and never records
one that did not happen. It is stamped with the invocation's time (the clock tests move), and the
server's cached rules are dropped once the transaction commits, whatever the change was.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry
from bot.errors import NotAllowed
from bot.invocation import Invocation

if TYPE_CHECKING:
    from bot.spoiler_policy.standing import StandingCache

log = logging.getLogger(__name__)

DETAIL_LIMIT = 500
"""Characters of an entry's detail kept (the column's size)."""


def record(
    session: AsyncSession,
    standings: StandingCache,
    invocation: Invocation,
    action: str,
    detail: str,
) -> None:
    """Add the audit entry for a change made in ``session`` by ``invocation``'s member."""
    guild_id = invocation.guild_id
    if guild_id is None:
        raise NotAllowed("Server settings belong to a server: run this in the server, not in DMs.")
    standings.guild_changed(session, guild_id)
    session.add(
        AuditEntry(
            guild_id=guild_id,
            user_id=invocation.user_id,
            action=action,
            detail=detail[:DETAIL_LIMIT],
            created_at=naive_utc(invocation.now),
        )
    )
    log.info("guild %s: user %s %s", guild_id, invocation.user_id, detail)


def naive_utc(moment: dt.datetime) -> dt.datetime:
    """The database stores naive UTC times."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment
