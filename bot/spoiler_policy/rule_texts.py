"""A server's spoiler rules as members and moderators read them: what a channel mode does, where
a channel's mode comes from, which embargoes are in force. Shared by ``/spoiler-rules`` and
``/spoilers status``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import shelf_order
from bot.db.models import ChannelRule, Embargo
from bot.labels import bold_film_label
from bot.spoiler_policy.policy import ChannelMode

_MODE_EFFECT = {
    ChannelMode.STANDARD: "spoilers are wrapped in public answers and shown privately to the"
    " opted-in",
    ChannelMode.SPOILERS: "plot and ending details are shown to everyone, unwrapped",
    ChannelMode.NO_SPOILERS: "plot and ending details are only ever sent privately",
}


def mode_text(mode: ChannelMode) -> str:
    return f"**{mode.value}** ({_MODE_EFFECT[mode]})"


async def channel_origin(
    session: AsyncSession,
    guild_id: int,
    channel_id: int | None,
    parent_id: int | None,
    *,
    parent_unknown: bool = False,
) -> str:
    """Where a channel's mode comes from, in the order ``GuildRules.mode`` looks."""
    for candidate, origin in (
        (channel_id, "this channel's own rule"),
        (parent_id, f"its parent channel <#{parent_id}>"),
    ):
        if candidate is None:
            continue
        if await session.get(ChannelRule, (candidate, guild_id)) is not None:
            return origin
    if parent_unknown:
        return (
            "the strictest rule in this server (Epilogue cannot tell here whether this is a"
            " thread, or of which channel)"
        )
    return "the server default"


async def embargo_lines_in_force(session: AsyncSession, guild_id: int, today: dt.date) -> list[str]:
    """The server's embargoes that have not ended, soonest end first, one line each; those
    ending the same day in /film list's order (a database's collation put "zodiac" after
    "WALL·E", and "The Thing" under T)."""
    rows = (
        await session.execute(
            select(Embargo.until, Embargo.title, Embargo.year).where(
                Embargo.guild_id == guild_id, Embargo.until > today
            )
        )
    ).all()
    rows.sort(key=lambda row: (row.until, shelf_order(row.title, row.year)))
    return [f"{bold_film_label(row)} until {row.until.isoformat()}" for row in rows]
