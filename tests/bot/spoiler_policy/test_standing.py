"""A reader's standing: server settings, channel rules, embargoes and personal opt-ins, read once
and kept in memory until a change to them commits (or, for another process's change, a minute)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from bot.command_table import ChannelRef, command_table
from bot.db.hooks import after_commit
from bot.db.models import ChannelRule, Embargo, GuildSettings, ReaderSettings, SeenFilm
from bot.dispatch import run_command
from bot.invocation import Invocation
from bot.spoiler_policy.policy import ChannelMode, OptIn, Standing
from bot.spoiler_policy.standing import MAX_AGE_S, StandingCache
from bot.spoiler_policy.stored_rules import GuildRules, guild_settings

GUILD, OTHER_GUILD = 1, 2
USER = 7
ROLE = 55
TODAY = dt.date(2030, 1, 1)
NOW = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
MODERATOR = frozenset({"manage_messages", "manage_guild"})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


OTHER_WORK = "paper-moon-harbour-2019"


def embargo(work: str, until: dt.date) -> Embargo:
    return Embargo(guild_id=GUILD, work=work, title="La La Land", year=2016, until=until)


def work_of(app) -> str:
    """La La Land's work: what opt-ins and embargoes name, whichever version a server shows."""
    return app.catalog.resolve(None, "La La Land").work


def here(channel: int = 10, parent: int | None = None, **kw) -> Invocation:
    return Invocation(
        user_id=USER, guild_id=GUILD, channel_id=channel, parent_channel_id=parent, now=NOW, **kw
    )


async def store(app, *rows) -> None:
    async with app.sessions() as session, session.begin():
        session.add_all(rows)


async def standing(app, invocation: Invocation, film: str) -> Standing:
    """Read afresh, as a new process would."""
    return await StandingCache(app.sessions).of(invocation, film)


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
    rules = await StandingCache(app.sessions).rules(GUILD)
    assert rules.mode(20, None) is ChannelMode.SPOILERS
    assert rules.mode(21, 20) is ChannelMode.STANDARD  # the thread's own rule wins
    assert rules.mode(22, 20) is ChannelMode.SPOILERS  # a thread follows its parent
    assert rules.mode(10, None) is ChannelMode.NO_SPOILERS
    assert rules.mode(None, None) is ChannelMode.NO_SPOILERS


async def test_a_rule_stored_for_another_server_is_ignored(app):
    await store(app, ChannelRule(channel_id=20, guild_id=OTHER_GUILD, mode="spoilers"))
    rules = await StandingCache(app.sessions).rules(GUILD)
    assert rules.mode(20, None) is ChannelMode.STANDARD
    assert rules.mode(21, 20) is ChannelMode.STANDARD


async def test_an_embargo_lasts_until_the_day_before_its_end_date(app):
    film = work_of(app)
    await store(app, Embargo(guild_id=GUILD, work=film, title="La La Land", year=2016, until=TODAY))
    standings = StandingCache(app.sessions)
    day_before = TODAY - dt.timedelta(days=1)
    assert (await standings.rules(GUILD)).embargo_until(film, day_before) == TODAY
    assert (await standings.rules(GUILD)).embargo_until(film, TODAY) is None
    assert (await standings.rules(OTHER_GUILD)).embargo_until(film, day_before) is None


async def test_reader_opt_in_by_film_or_for_every_film(app):
    film = work_of(app)
    assert not (await StandingCache(app.sessions).reader(USER)).opted_in(film)
    await store(app, SeenFilm(user_id=USER, work=film, title="La La Land", year=2016))
    standings = StandingCache(app.sessions)
    assert (await standings.reader(USER)).opted_in(film)
    assert not (await standings.reader(USER)).opted_in(OTHER_WORK)
    assert not (await standings.reader(USER + 1)).opted_in(film)
    await store(app, ReaderSettings(user_id=USER + 1, all_films=True))
    assert (await StandingCache(app.sessions).reader(USER + 1)).opted_in(OTHER_WORK)


async def test_standing_in_a_dm_uses_only_the_readers_choice(app):
    film = work_of(app)
    await store(
        app,
        ReaderSettings(user_id=USER, all_films=True),
        # Server rules never reach DMs.
        Embargo(
            guild_id=GUILD,
            work=film,
            title="La La Land",
            year=2016,
            until=TODAY + dt.timedelta(days=9),
        ),
        GuildSettings(guild_id=GUILD, optin_enabled=False, default_mode="spoilers"),
    )
    got = await standing(app, Invocation(user_id=USER, now=NOW), film)
    assert got == Standing(
        in_guild=False, mode=ChannelMode.STANDARD, opted_in=True, opted_in_by=OptIn.ALL_FILMS
    )


async def test_standing_in_a_server_combines_mode_opt_in_and_embargo(app):
    film = work_of(app)
    end = TODAY + dt.timedelta(days=9)
    await store(
        app,
        ChannelRule(channel_id=20, guild_id=GUILD, mode="no-spoilers"),
        Embargo(guild_id=GUILD, work=film, title="La La Land", year=2016, until=end),
        SeenFilm(user_id=USER, work=film, title="La La Land", year=2016),
    )
    got = await standing(app, here(21, parent=20), film)
    assert got == Standing(True, ChannelMode.NO_SPOILERS, opted_in=True, embargo_until=end)


async def test_the_opt_in_role_counts_only_while_opt_ins_are_on(app):
    film = work_of(app)
    await store(app, GuildSettings(guild_id=GUILD, optin_role_id=ROLE))
    assert (await standing(app, here(role_ids=frozenset({ROLE})), film)).opted_in
    assert not (await standing(app, here(), film)).opted_in
    async with app.sessions() as session:
        settings = await session.get(GuildSettings, GUILD)
        settings.optin_enabled = False
        await session.commit()
    await store(app, ReaderSettings(user_id=USER, all_films=True))
    assert not (await standing(app, here(role_ids=frozenset({ROLE})), film)).opted_in
    assert not (await standing(app, here(), film)).opted_in


async def test_standings_of_several_films_match_each_films_own(app):
    film = work_of(app)
    other = OTHER_WORK  # no such film: nothing applies to it
    await store(
        app,
        Embargo(
            guild_id=GUILD,
            work=film,
            title="La La Land",
            year=2016,
            until=TODAY + dt.timedelta(days=3),
        ),
        SeenFilm(user_id=USER, work=film, title="La La Land", year=2016),
    )
    standings = StandingCache(app.sessions)
    for invocation in (here(), here(role_ids=frozenset({ROLE})), Invocation(user_id=USER)):
        together = await standings.of_many(invocation, [film, other])
        assert together == {f: await standings.of(invocation, f) for f in (film, other)}
    assert together[film].opted_in and not together[other].opted_in


# --- the cache ----------------------------------------------------------------------------------


async def run(app, name: str, invocation: Invocation, **options) -> str:
    reply = await run_command(app, command_table()[name], invocation, options)
    return reply.content or ""


async def test_rule_and_opt_in_changes_apply_to_the_very_next_answer(app):
    """Changes made through commands are seen at once, though the old rules were cached."""
    film = work_of(app)
    moderator = here(permissions=MODERATOR)
    assert await app.standings.of(here(), film) == Standing(
        True, ChannelMode.STANDARD, opted_in=False
    )
    await run(
        app, "spoiler-rules channel", moderator, channel=ChannelRef(10, GUILD), mode="no-spoilers"
    )
    await run(app, "spoilers seen", here(), film="La La Land")
    assert await app.standings.of(here(), film) == Standing(
        True, ChannelMode.NO_SPOILERS, opted_in=True
    )
    await run(app, "spoiler-rules optin", moderator, enabled=False)
    await run(app, "spoilers unseen", here(), film="La La Land")
    assert not (await app.standings.of(here(), film)).opted_in
    assert (await app.standings.rules(GUILD)).optin_enabled is False


async def test_another_processs_change_applies_within_a_minute(app):
    film = work_of(app)
    clock = Clock()
    standings = StandingCache(app.sessions, clock=clock)
    assert not (await standings.of(here(), film)).opted_in
    await store(
        app,
        SeenFilm(user_id=USER, work=film, title="La La Land", year=2016),
        ChannelRule(channel_id=10, guild_id=GUILD, mode="spoilers"),
    )
    clock.now += MAX_AGE_S - 1
    assert await standings.of(here(), film) == Standing(True, ChannelMode.STANDARD, opted_in=False)
    clock.now += 1
    assert await standings.of(here(), film) == Standing(True, ChannelMode.SPOILERS, opted_in=True)


async def test_a_change_that_rolls_back_keeps_the_cache_and_one_that_commits_drops_it(app):
    standings = StandingCache(app.sessions)
    assert (await standings.rules(GUILD)).default_mode is ChannelMode.STANDARD
    async with app.sessions() as session:
        standings.guild_changed(session, GUILD)
        session.add(GuildSettings(guild_id=GUILD, default_mode="spoilers"))
        await session.flush()
        await session.rollback()
    await store(app, GuildSettings(guild_id=GUILD, default_mode="no-spoilers"))  # no hook
    assert (await standings.rules(GUILD)).default_mode is ChannelMode.STANDARD  # still cached
    async with app.sessions() as session, session.begin():
        standings.guild_changed(session, GUILD)
    assert (await standings.rules(GUILD)).default_mode is ChannelMode.NO_SPOILERS


async def test_a_read_that_races_a_change_is_not_kept(app):
    """A load that read the old row before a change committed must not cache it."""
    standings = StandingCache(app.sessions)
    reading = asyncio.Event()
    release = asyncio.Event()
    load = standings._load_guild

    async def slow_load(guild_id: int):
        rules = await load(guild_id)  # reads the old settings...
        reading.set()
        await release.wait()  # ...and the change commits before it is stored
        return rules

    standings._guilds._load = slow_load
    racing = asyncio.create_task(standings.rules(GUILD))
    await reading.wait()
    async with app.sessions() as session, session.begin():
        standings.guild_changed(session, GUILD)
        session.add(GuildSettings(guild_id=GUILD, default_mode="spoilers"))
    release.set()
    assert (await racing).default_mode is ChannelMode.STANDARD  # what it read, used once
    standings._guilds._load = load
    assert (await standings.rules(GUILD)).default_mode is ChannelMode.SPOILERS


async def test_after_commit_actions_run_once(app):
    ran: list[int] = []
    async with app.sessions() as session:
        after_commit(session, lambda: ran.append(1))
        await session.commit()
        await session.commit()
    assert ran == [1]


async def test_an_embargo_holds_until_its_end_date_has_begun_everywhere(app):
    """``until:`` names a day, not a timezone: a moderator in Los Angeles who embargoes a film
    until its release day there must not see it lift at midnight UTC, the afternoon before.
    The embargo lasts until that day has begun on every timezone (12:00 UTC)."""
    film = work_of(app)
    await store(app, embargo(film, TODAY))

    def at(hour: int, minute: int = 0, day: dt.date = TODAY) -> Invocation:
        now = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)
        return Invocation(user_id=USER, guild_id=GUILD, channel_id=10, now=now)

    for still in (at(0, 30), at(8), at(11, 59)):
        assert (await standing(app, still, film)).embargo_until == TODAY, still.now
    assert (await standing(app, at(12), film)).embargo_until is None


def test_a_channel_of_unknown_parent_is_under_the_strictest_rule_a_parent_could_give() -> None:
    """Without a rule of its own, a channel that may be a thread of any channel is as strict as
    the strictest of the default and every channel's rule, never more open; its own rule holds."""
    spoilers, standard, quiet = ChannelMode.SPOILERS, ChannelMode.STANDARD, ChannelMode.NO_SPOILERS
    room, thread = 10, 11
    cases = [
        (spoilers, {}, spoilers),
        (spoilers, {room: standard}, standard),
        (standard, {room: spoilers}, standard),
        (standard, {room: quiet}, quiet),
        (quiet, {room: spoilers}, quiet),
    ]
    for default, channels, strictest in cases:
        rules = GuildRules(GUILD, default_mode=default, channel_modes=channels)
        assert rules.mode(thread, None, parent_unknown=True) is strictest, (default, channels)
        assert rules.mode(thread, None) is default
    own = GuildRules(GUILD, channel_modes={room: quiet, thread: spoilers})
    assert own.mode(thread, None, parent_unknown=True) is spoilers


async def test_a_server_without_epilogue_installed_has_its_stored_rules_only_narrow(app):
    """A server that removed Epilogue keeps its stored rules, which its moderators can no longer
    see or change (a spoiler channel since renamed #general); a member using the app installed
    to their own account there reads them only as far as they narrow: a spoiler channel, or a
    spoilers default, is standard; a no-spoilers rule and an embargo still hold."""
    film, until = await _every_kind_of_rule(app)
    for channel, parent in PLACES:
        installed = await standing(app, here(channel, parent), film)
        user_only = await standing(app, here(channel, parent, server_installed=False), film)
        assert user_only.mode is not ChannelMode.SPOILERS, (channel, parent)
        assert STRICTNESS.index(user_only.mode) >= STRICTNESS.index(installed.mode)
        if installed.mode is not ChannelMode.SPOILERS:
            assert user_only.mode is installed.mode, (channel, parent)
        assert user_only.embargo_until == until


async def test_a_server_without_epilogue_installed_grants_nothing_by_its_stored_opt_in_role(app):
    """The opt-in role is a stored rule that widens (an ending unwrapped for whoever holds the
    role): a server that removed Epilogue can no longer see or change it (a role since handed
    to every newcomer), so through a member's own install it counts for no one, while a
    reader's own opt-ins still do."""
    film = work_of(app)
    await store(app, GuildSettings(guild_id=GUILD, optin_role_id=ROLE))
    holder = frozenset({ROLE})
    for channel, parent in ((10, None), (23, 20)):
        installed = await standing(app, here(channel, parent, role_ids=holder), film)
        assert installed.opted_in
        user_only = here(channel, parent, role_ids=holder, server_installed=False)
        assert not (await standing(app, user_only, film)).opted_in, (channel, parent)
    await store(app, ReaderSettings(user_id=USER, all_films=True))
    own = await standing(app, here(role_ids=holder, server_installed=False), film)
    assert own.opted_in and own.opted_in_by is not OptIn.ROLE
    # /spoilers status tells the member so, rather than that the role opts them in.
    status = await run_command(
        app,
        command_table()["spoilers status"],
        here(role_ids=holder, server_installed=False),
        {},
    )
    role = next(f.value for e in status.embeds for f in e.fields if f.name == "Opt-in role")
    assert "counts for no one" in role and "you count as opted in" not in role, role


async def test_a_channel_of_unknown_kind_is_never_opened_by_a_spoilers_rule(app):
    """Where the adapter cannot tell what kind of channel it is (``parent_unknown``: Discord
    named a channel it does not hold by id alone, or gave it a kind it does not know), the
    channel may be an announcement channel, whose posts reach every server following it: a
    spoilers rule (its own, a parent's, the default) opens nothing there, as in one known to be
    an announcement channel; a stricter rule and an embargo still hold. ``/spoilers status``
    says why."""
    film, until = await _every_kind_of_rule(app)
    for channel, parent in PLACES:
        known = await standing(app, here(channel, parent), film)
        announcement = await standing(app, here(channel, parent, publishable=True), film)
        unknown = await standing(app, here(channel, None, parent_unknown=True), film)
        assert unknown.mode is not ChannelMode.SPOILERS, (channel, parent)
        assert STRICTNESS.index(unknown.mode) >= STRICTNESS.index(known.mode), (channel, parent)
        assert STRICTNESS.index(unknown.mode) >= STRICTNESS.index(announcement.mode)
        assert unknown.embargo_until == until
    status = await run_command(
        app, command_table()["spoilers status"], here(20, None, parent_unknown=True), {}
    )
    where = next(f.value for e in status.embeds for f in e.fields if f.name == "This channel")
    assert "cannot tell here what kind of channel" in where, where
    assert "**standard**" in where, where


STRICTNESS = [ChannelMode.SPOILERS, ChannelMode.STANDARD, ChannelMode.NO_SPOILERS]
"""Channel modes from the most open to the strictest."""
PLACES = ((10, None), (20, None), (23, 20), (21, None), (22, None), (24, 21))
"""Channels (and threads' parents) under every kind of rule ``_every_kind_of_rule`` stores."""


async def _every_kind_of_rule(app) -> tuple[Any, dt.date]:  # type: ignore[no-untyped-def]
    """A spoilers default, a spoilers, a no-spoilers and a standard channel, and an embargo of
    the film until three days from now: the film and that day."""
    film, until = work_of(app), TODAY + dt.timedelta(days=3)
    await store(
        app,
        GuildSettings(guild_id=GUILD, default_mode="spoilers"),
        ChannelRule(channel_id=20, guild_id=GUILD, mode="spoilers"),
        ChannelRule(channel_id=21, guild_id=GUILD, mode="no-spoilers"),
        ChannelRule(channel_id=22, guild_id=GUILD, mode="standard"),
        embargo(film, until),
    )
    return film, until
