"""Read a reader's standing (channel mode, opt-in, embargo) from the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelRule, Embargo, GuildSettings, ReaderSettings, SeenFilm
from bot.invocation import Invocation
from bot.spoilers.policy import ChannelMode, Standing


async def guild_settings(session: AsyncSession, guild_id: int) -> GuildSettings:
    """The server's settings row, or an unsaved one holding the defaults."""
    settings = await session.get(GuildSettings, guild_id)
    if settings is None:
        settings = GuildSettings(
            guild_id=guild_id,
            default_mode=ChannelMode.STANDARD.value,
            optin_enabled=True,
            cooldown_seconds=0,
        )
    return settings


async def channel_mode(
    session: AsyncSession, settings: GuildSettings, channel_id: int | None, parent_id: int | None
) -> ChannelMode:
    """The channel's own rule, else its parent's (threads), else the server default."""
    for candidate in (channel_id, parent_id):
        if candidate is None:
            continue
        rule = await session.get(ChannelRule, candidate)
        if rule is not None and rule.guild_id == settings.guild_id:
            return ChannelMode(rule.mode)
    return ChannelMode(settings.default_mode)


async def embargo_until(
    session: AsyncSession, guild_id: int, film_id: int, today: dt.date
) -> dt.date | None:
    embargo = await session.get(Embargo, (guild_id, film_id))
    if embargo is None or embargo.until <= today:
        return None
    return embargo.until


async def reader_opted_in(session: AsyncSession, user_id: int, film_id: int) -> bool:
    """The reader's own choice, which follows them to every server."""
    settings = await session.get(ReaderSettings, user_id)
    if settings is not None and settings.all_films:
        return True
    return await session.get(SeenFilm, (user_id, film_id)) is not None


async def standing_for(session: AsyncSession, invocation: Invocation, film_id: int) -> Standing:
    if invocation.guild_id is None:
        opted = await reader_opted_in(session, invocation.user_id, film_id)
        return Standing(in_guild=False, mode=ChannelMode.STANDARD, opted_in=opted)
    settings = await guild_settings(session, invocation.guild_id)
    mode = await channel_mode(
        session, settings, invocation.channel_id, invocation.parent_channel_id
    )
    opted = False
    if settings.optin_enabled:
        by_role = settings.optin_role_id is not None and settings.optin_role_id in (
            invocation.role_ids
        )
        opted = by_role or await reader_opted_in(session, invocation.user_id, film_id)
    embargo = await embargo_until(session, invocation.guild_id, film_id, invocation.today)
    return Standing(in_guild=True, mode=mode, opted_in=opted, embargo_until=embargo)
