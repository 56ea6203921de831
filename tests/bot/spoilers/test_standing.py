"""Reading a reader's standing from the database: server settings, channel rules, embargoes and
personal opt-ins."""

from __future__ import annotations

import datetime as dt

from bot.db.models import ChannelRule, Embargo, GuildSettings, ReaderSettings, SeenFilm
from bot.invocation import Invocation
from bot.spoilers.policy import ChannelMode, Standing
from bot.spoilers.standing import (
    channel_mode,
    embargo_until,
    guild_settings,
    reader_opted_in,
    standing_for,
)

GUILD, OTHER_GUILD = 1, 2
USER = 7
ROLE = 55
TODAY = dt.date(2030, 1, 1)
NOW = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)


def film_id(app) -> int:
    return app.catalog.resolve(None, "La La Land").id


def here(channel: int = 10, parent: int | None = None, **kw) -> Invocation:
    return Invocation(
        user_id=USER, guild_id=GUILD, channel_id=channel, parent_channel_id=parent, now=NOW, **kw
    )


async def store(app, *rows) -> None:
    async with app.sessions() as session, session.begin():
        session.add_all(rows)


async def test_a_server_without_settings_gets_the_defaults_unsaved(app):
    async with app.sessions() as session:
        settings = await guild_settings(session, GUILD)
        assert (settings.default_mode, settings.optin_enabled, settings.cooldown_seconds) == (
            "standard",
            True,
            0,
        )
        assert settings.optin_role_id is None and settings.moderator_role_id is None
        assert settings not in session  # reading never creates a row


async def test_channel_mode_prefers_the_channel_then_its_parent_then_the_default(app):
    await store(
        app,
        GuildSettings(guild_id=GUILD, default_mode="no-spoilers"),
        ChannelRule(channel_id=20, guild_id=GUILD, mode="spoilers"),
        ChannelRule(channel_id=21, guild_id=GUILD, mode="standard"),
    )
    async with app.sessions() as session:
        settings = await guild_settings(session, GUILD)

        async def mode(channel, parent=None):
            return await channel_mode(session, settings, channel, parent)

        assert await mode(20) is ChannelMode.SPOILERS
        assert await mode(21, 20) is ChannelMode.STANDARD  # the thread's own rule wins
        assert await mode(22, 20) is ChannelMode.SPOILERS  # a thread follows its parent
        assert await mode(10) is ChannelMode.NO_SPOILERS
        assert await mode(None) is ChannelMode.NO_SPOILERS


async def test_a_rule_stored_for_another_server_is_ignored(app):
    await store(app, ChannelRule(channel_id=20, guild_id=OTHER_GUILD, mode="spoilers"))
    async with app.sessions() as session:
        settings = await guild_settings(session, GUILD)
        assert await channel_mode(session, settings, 20, None) is ChannelMode.STANDARD
        assert await channel_mode(session, settings, 21, 20) is ChannelMode.STANDARD


async def test_an_embargo_lasts_until_the_day_before_its_end_date(app):
    film = film_id(app)
    await store(app, Embargo(guild_id=GUILD, film_id=film, until=TODAY))
    async with app.sessions() as session:
        day_before = TODAY - dt.timedelta(days=1)
        assert await embargo_until(session, GUILD, film, day_before) == TODAY
        assert await embargo_until(session, GUILD, film, TODAY) is None
        assert await embargo_until(session, OTHER_GUILD, film, day_before) is None


async def test_reader_opt_in_by_film_or_for_every_film(app):
    film = film_id(app)
    async with app.sessions() as session:
        assert not await reader_opted_in(session, USER, film)
    await store(app, SeenFilm(user_id=USER, film_id=film))
    async with app.sessions() as session:
        assert await reader_opted_in(session, USER, film)
        assert not await reader_opted_in(session, USER + 1, film)
    await store(app, ReaderSettings(user_id=USER + 1, all_films=True))
    async with app.sessions() as session:
        assert await reader_opted_in(session, USER + 1, film)


async def test_standing_in_a_dm_uses_only_the_readers_choice(app):
    film = film_id(app)
    await store(
        app,
        ReaderSettings(user_id=USER, all_films=True),
        # Server rules never reach DMs.
        Embargo(guild_id=GUILD, film_id=film, until=TODAY + dt.timedelta(days=9)),
        GuildSettings(guild_id=GUILD, optin_enabled=False, default_mode="spoilers"),
    )
    async with app.sessions() as session:
        got = await standing_for(session, Invocation(user_id=USER, now=NOW), film)
    assert got == Standing(in_guild=False, mode=ChannelMode.STANDARD, opted_in=True)


async def test_standing_in_a_server_combines_mode_opt_in_and_embargo(app):
    film = film_id(app)
    end = TODAY + dt.timedelta(days=9)
    await store(
        app,
        ChannelRule(channel_id=20, guild_id=GUILD, mode="no-spoilers"),
        Embargo(guild_id=GUILD, film_id=film, until=end),
        SeenFilm(user_id=USER, film_id=film),
    )
    async with app.sessions() as session:
        got = await standing_for(session, here(21, parent=20), film)
    assert got == Standing(True, ChannelMode.NO_SPOILERS, opted_in=True, embargo_until=end)


async def test_the_opt_in_role_counts_only_while_opt_ins_are_on(app):
    film = film_id(app)
    await store(app, GuildSettings(guild_id=GUILD, optin_role_id=ROLE))
    async with app.sessions() as session:
        assert (await standing_for(session, here(role_ids=frozenset({ROLE})), film)).opted_in
        assert not (await standing_for(session, here(), film)).opted_in
        settings = await session.get(GuildSettings, GUILD)
        settings.optin_enabled = False
        await session.commit()
    await store(app, ReaderSettings(user_id=USER, all_films=True))
    async with app.sessions() as session:
        assert not (await standing_for(session, here(role_ids=frozenset({ROLE})), film)).opted_in
        assert not (await standing_for(session, here(), film)).opted_in
