"""/spoiler-rules …: who may change a server's rules, what each change stores and logs, and how
answers change with it. Everything goes through the dispatcher, so access checks run."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.catalog import shelf_order
from bot.command_table import Access, ChannelRef, command_table
from bot.content.film_file import parse_film_bytes
from bot.db.models import AuditEntry, ChannelRule, Embargo, Film, GuildSettings
from bot.dispatch import run_command
from bot.errors import InvalidInput
from bot.features.spoiler_rules.rules import audit_text, embargo_end
from bot.invocation import Invocation
from bot.line_fitting import fit_in_fields, fit_lines
from bot.replies import Reply
from bot.spoiler_policy.policy import ChannelMode
from tests.support.discord_markdown import hidden_text, mentions_that_ping, visible_text

GUILD, OTHER_GUILD = 1, 2
MOD, ADMIN, MEMBER = 5, 6, 7
MOD_ROLE, OPTIN_ROLE = 66, 55
ENDING = "now married to another man"  # from La La Land's quick answer (ending level)
# La La Land was released on 2016-12-09.
DURING_RELEASE = dt.datetime(2016, 12, 20, 12, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)


def moderator(
    *, guild: int = GUILD, now: dt.datetime = NOW, user: int = MOD, channel: int = 10
) -> Invocation:
    return Invocation(
        user_id=user,
        guild_id=guild,
        channel_id=channel,
        permissions=frozenset({"manage_messages"}),
        now=now,
    )


def admin() -> Invocation:
    return Invocation(
        user_id=ADMIN,
        guild_id=GUILD,
        channel_id=10,
        permissions=frozenset({"manage_guild"}),
        now=NOW,
    )


def member(*, channel: int = 10, now: dt.datetime = NOW, **kw: Any) -> Invocation:
    return Invocation(user_id=MEMBER, guild_id=GUILD, channel_id=channel, now=now, **kw)


async def run(app, name: str, invocation: Invocation, **options: Any) -> Reply:
    return await run_command(app, command_table()[name], invocation, options)


async def quick(app, invocation: Invocation) -> Reply:
    return await run(app, "film quick", invocation, film="La La Land")


def assert_ok(reply: Reply) -> None:
    assert reply.ephemeral
    assert reply.content and reply.content.startswith("✅"), reply.content


def assert_error(reply: Reply, *words: str) -> None:
    assert reply.ephemeral
    assert reply.is_error and reply.content, reply.content
    for word in words:
        assert word in reply.content, reply.content


def description(reply: Reply) -> str:
    assert reply.embeds, reply.content
    return reply.embeds[0].description or ""


def assert_unwrapped(reply: Reply) -> None:
    assert "||" not in description(reply)
    assert ENDING in visible_text(description(reply))


def assert_wrapped(reply: Reply) -> None:
    text = description(reply)
    assert ENDING not in visible_text(text)
    assert ENDING not in visible_text(text, lazy_bars=True)
    assert ENDING in hidden_text(text)


async def audit(app) -> list[AuditEntry]:
    async with app.sessions() as session:
        return list(
            (
                await session.scalars(
                    select(AuditEntry).order_by(AuditEntry.created_at, AuditEntry.id)
                )
            ).all()
        )


async def count(app, model: type) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


# A valid use of every rule command, for the access tests.
EVERY_RULE_COMMAND: dict[str, dict[str, Any]] = {
    "spoiler-rules show": {},
    "spoiler-rules channel": {"channel": ChannelRef(20, GUILD), "mode": "spoilers"},
    "spoiler-rules default": {"mode": "no-spoilers"},
    "spoiler-rules embargo": {"film": "La La Land", "until": "2031-01-01"},
    "spoiler-rules embargo-clear": {"film": "La La Land"},
    "spoiler-rules role": {"role": OPTIN_ROLE},
    "spoiler-rules optin": {"enabled": False},
    "spoiler-rules cooldown": {"seconds": 30},
    "spoiler-rules moderator-role": {"role": MOD_ROLE},
    "spoiler-rules log": {},
    "spoiler-rules member-hiding": {"enabled": True},
    "spoiler-rules guard": {"enabled": True},
    "spoiler-rules guard-channel": {"channel": ChannelRef(20, GUILD), "enabled": False},
    "spoiler-rules hidden": {},
}


def test_every_rule_command_is_covered_and_server_only():
    rule_commands = {name for name in command_table() if name.startswith("spoiler-rules ")}
    assert rule_commands == set(EVERY_RULE_COMMAND)
    for name in rule_commands:
        spec = command_table()[name]
        assert spec.guild_only
        expected = Access.ADMIN if name == "spoiler-rules moderator-role" else Access.MODERATOR
        assert spec.access is expected


def test_descriptions_fit_discord_limits():
    for name in [*EVERY_RULE_COMMAND, "spoilers on", "spoilers seen"]:
        spec = command_table()[name]
        assert 1 <= len(spec.description) <= 100
        for option in spec.options:
            assert 1 <= len(option.description) <= 100 and len(option.name) <= 32


# -- who may change rules ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EVERY_RULE_COMMAND))
async def test_members_may_not_use_rule_commands(app, name):
    reply = await run(app, name, member(), **EVERY_RULE_COMMAND[name])
    needed = "Manage Server" if name.endswith("moderator-role") else "Manage Messages"
    assert_error(reply, needed)
    assert await count(app, AuditEntry) == 0
    assert await count(app, GuildSettings) == 0


@pytest.mark.parametrize("name", sorted(EVERY_RULE_COMMAND))
async def test_rule_commands_do_not_work_in_dms(app, name):
    dm = Invocation(user_id=MOD, permissions=frozenset({"administrator"}))
    assert_error(await run(app, name, dm, **EVERY_RULE_COMMAND[name]), "only works in a server")


async def test_moderator_role_is_set_by_admins_only_and_then_grants_moderation(app):
    assert_error(await run(app, "spoiler-rules moderator-role", moderator(), role=MOD_ROLE))
    assert_ok(await run(app, "spoiler-rules moderator-role", admin(), role=MOD_ROLE))

    with_role = member(role_ids=frozenset({MOD_ROLE}))
    assert_ok(await run(app, "spoiler-rules optin", with_role, enabled=False))
    # The role moderates, but is not an admin.
    assert_error(
        await run(app, "spoiler-rules moderator-role", with_role, clear=True), "Manage Server"
    )

    assert_ok(await run(app, "spoiler-rules moderator-role", admin(), clear=True))
    assert_error(await run(app, "spoiler-rules optin", with_role, enabled=True), "moderators")


async def test_manage_messages_moderates_in_every_server_with_no_setup(app):
    assert_ok(await run(app, "spoiler-rules cooldown", moderator(guild=OTHER_GUILD), seconds=5))


# -- channel modes -----------------------------------------------------------------------------


async def test_channel_mode_is_stored_audited_and_changes_answers(app):
    reply = await run(
        app, "spoiler-rules channel", moderator(), channel=ChannelRef(20, GUILD), mode="no-spoilers"
    )
    assert_ok(reply)
    assert "<#20>" in reply.content and "no-spoilers" in reply.content
    async with app.sessions() as session:
        rule = await session.get(ChannelRule, (20, GUILD))
    assert (rule.guild_id, rule.mode) == (GUILD, "no-spoilers")
    [entry] = await audit(app)
    assert (entry.guild_id, entry.user_id, entry.action) == (GUILD, MOD, "channel")
    assert entry.detail == "set <#20> to no-spoilers"

    answer = await quick(app, member(channel=20))
    assert answer.ephemeral
    assert_wrapped(answer)

    same = await run(
        app, "spoiler-rules channel", moderator(), channel=ChannelRef(20, GUILD), mode="no-spoilers"
    )
    assert same.content.startswith("Nothing changed")
    assert len(await audit(app)) == 1


async def test_a_channel_of_another_server_is_refused_and_nothing_changes(app):
    reply = await run(
        app,
        "spoiler-rules channel",
        moderator(),
        channel=ChannelRef(20, OTHER_GUILD),
        mode="spoilers",
    )
    assert_error(reply, "not in this server", "Nothing was changed")
    unknown = await run(
        app, "spoiler-rules channel", moderator(), channel=ChannelRef(20, None), mode="spoilers"
    )
    assert_error(unknown, "not in this server")
    assert await count(app, ChannelRule) == 0
    assert await count(app, AuditEntry) == 0


async def test_threads_follow_their_parent_unless_they_have_their_own_rule(app):
    mod = moderator()
    thread = member(channel=21, parent_channel_id=20)
    await run(app, "spoiler-rules channel", mod, channel=ChannelRef(20, GUILD), mode="spoilers")
    answer = await quick(app, thread)
    assert not answer.ephemeral
    assert_unwrapped(answer)

    own = ChannelRef(21, GUILD, parent_id=20)
    await run(app, "spoiler-rules channel", mod, channel=own, mode="no-spoilers")
    assert (await quick(app, thread)).ephemeral

    reply = await run(app, "spoiler-rules channel", mod, channel=own, mode="inherit")
    assert_ok(reply)
    assert "its parent channel <#20>" in reply.content and "**spoilers**" in reply.content
    assert_unwrapped(await quick(app, thread))
    async with app.sessions() as session:
        assert await session.get(ChannelRule, (21, GUILD)) is None
    assert (await audit(app))[-1].detail.startswith("set ||<#21>|| to inherit")

    again = await run(app, "spoiler-rules channel", mod, channel=own, mode="inherit")
    assert again.content.startswith("Nothing changed")
    assert len(await audit(app)) == 3


async def test_the_log_names_a_thread_behind_bars_and_a_channel_in_the_clear(app):
    """Discord draws ``<#id>`` as the channel's name as it is when the log is read: a thread's
    (a forum post's title) is a member's words, which may be renamed to give an ending away
    after its rule was set. Every rule change on a thread names it behind bars in the log."""
    mod = moderator()
    thread, channel = ChannelRef(21, GUILD, parent_id=20), ChannelRef(20, GUILD)
    for where in (thread, channel):
        await run(app, "spoiler-rules channel", mod, channel=where, mode="spoilers")
        await run(app, "spoiler-rules channel", mod, channel=where, mode="inherit")
        await run(app, "spoiler-rules guard-channel", mod, channel=where, enabled=False)
    log = (await run(app, "spoiler-rules log", mod)).embeds[0].description or ""

    assert log.count("<#21>") == log.count("<#20>") == 3, log
    assert "<#21>" not in visible_text(log) and hidden_text(log).count("<#21>") == 3
    assert visible_text(log).count("<#20>") == 3


async def test_the_answer_to_a_rule_change_names_a_thread_behind_bars_too(app):
    """The moderator's answer is a moderators' text as the log is: a thread (its title a
    member's words, perhaps renamed to an ending since the command was typed, or never read:
    picked by id) is named behind bars in it; a channel in the clear."""
    mod = moderator()
    await run(app, "spoiler-rules guard", mod, enabled=True)
    thread, channel = ChannelRef(21, GUILD, parent_id=20), ChannelRef(20, GUILD)
    for where, rule in ((thread, "spoilers"), (thread, "inherit"), (channel, "spoilers")):
        options = {"channel": where}
        said = [
            await run(app, "spoiler-rules channel", mod, **options, mode=rule),
            await run(app, "spoiler-rules channel", mod, **options, mode=rule),  # nothing changed
            await run(app, "spoiler-rules guard-channel", mod, **options, enabled=False),
            await run(app, "spoiler-rules guard-channel", mod, **options, enabled=False),
        ]
        for reply in said:
            text = reply.content or ""
            assert f"<#{where.id}>" in text, text
            if where is thread:
                assert "<#21>" not in visible_text(text), text
            else:
                assert "<#20>" in visible_text(text), text


async def test_default_mode_applies_to_channels_without_their_own_rule(app):
    mod = moderator()
    assert_ok(await run(app, "spoiler-rules default", mod, mode="no-spoilers"))
    answer = await quick(app, member(channel=10))
    assert answer.ephemeral
    assert_wrapped(answer)

    await run(app, "spoiler-rules channel", mod, channel=ChannelRef(11, GUILD), mode="standard")
    public = await quick(app, member(channel=11))
    assert not public.ephemeral
    assert_wrapped(public)

    reply = await run(
        app, "spoiler-rules channel", mod, channel=ChannelRef(11, GUILD), mode="inherit"
    )
    assert "the server default: **no-spoilers**" in reply.content
    assert (await audit(app))[0].detail == "set the default mode to no-spoilers"


async def test_unknown_mode_is_refused(app):
    reply = await run(app, "spoiler-rules default", moderator(), mode="inherit")
    assert_error(reply, "standard, spoilers, no-spoilers")
    assert await count(app, AuditEntry) == 0


# -- embargoes ---------------------------------------------------------------------------------


async def test_embargo_by_days_counts_from_release_and_expires(app):
    reply = await run(
        app, "spoiler-rules embargo", moderator(now=DURING_RELEASE), film="La La Land", days=30
    )
    assert_ok(reply)
    assert "until 2017-01-08" in reply.content
    # The moment it lifts, as a Discord timestamp each reader's client shows in their own
    # timezone (was 12:00 UTC alone, worked out by hand by a moderator in UTC-8: 04:00).
    lifts = int(dt.datetime(2017, 1, 8, 12, 0, tzinfo=dt.UTC).timestamp())
    assert f"<t:{lifts}:f>" in reply.content
    async with app.sessions() as session:
        [embargo] = (await session.scalars(select(Embargo))).all()
    assert embargo.until == dt.date(2017, 1, 8)
    assert (await audit(app))[0].detail == "embargoed La La Land (2016) until 2017-01-08"

    during = await quick(app, member(now=DURING_RELEASE))
    assert during.ephemeral
    assert_wrapped(during)
    # It lifts once 2017-01-08 has begun everywhere (UTC-12 included): 12:00 UTC.
    last_day = await quick(app, member(now=dt.datetime(2017, 1, 8, 11, 59, tzinfo=dt.UTC)))
    assert last_day.ephemeral
    lifted = await quick(app, member(now=dt.datetime(2017, 1, 8, 12, 0, tzinfo=dt.UTC)))
    assert not lifted.ephemeral
    assert_wrapped(lifted)


@pytest.mark.parametrize(
    "options",
    [{"until": "2030-01-01"}, {"days": 30}],  # released 2029-12-02 here: 30 days on
)
async def test_an_embargo_can_be_set_for_a_day_still_beginning_somewhere(app, options):
    """06:00 UTC on 2030-01-01 is still 31 December where UTC-12 is (a moderator in the
    Americas, on the evening before the premiere). An embargo until 2030-01-01 holds there
    until 12:00 UTC, as every answer counts it; setting one was refused as 'not in the future'
    by the UTC date alone, so the film stayed open to spoilers through its premiere night."""
    async with app.sessions() as session, session.begin():
        await session.execute(update(Film).values(release_date=dt.date(2029, 12, 2)))
    await app.catalog.refresh()
    early = dt.datetime(2030, 1, 1, 6, 0, tzinfo=dt.UTC)
    reply = await run(
        app, "spoiler-rules embargo", moderator(now=early), film="La La Land", **options
    )
    assert_ok(reply)
    held = await quick(app, member(now=early))
    assert held.ephemeral
    assert_wrapped(held)
    assert not (await quick(app, member(now=NOW))).ephemeral  # lifted at 12:00 UTC


async def test_embargo_until_a_date(app):
    mod = moderator(now=NOW)
    assert_ok(await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2030-03-01"))
    assert (await quick(app, member(now=NOW))).ephemeral
    assert (await quick(app, member(now=dt.datetime(2030, 3, 1, tzinfo=dt.UTC)))).ephemeral
    assert not (await quick(app, member(now=dt.datetime(2030, 3, 1, 12, tzinfo=dt.UTC)))).ephemeral

    moved = await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2030-06-01")
    assert_ok(moved)
    async with app.sessions() as session:
        assert [e.until for e in (await session.scalars(select(Embargo))).all()] == [
            dt.date(2030, 6, 1)
        ]
    same = await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2030-06-01")
    assert same.content.startswith("Nothing changed")
    assert len(await audit(app)) == 2


async def test_embargoed_film_stays_public_in_spoiler_channels(app):
    mod = moderator()
    await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2031-01-01")
    await run(app, "spoiler-rules channel", mod, channel=ChannelRef(30, GUILD), mode="spoilers")
    answer = await quick(app, member(channel=30))
    assert not answer.ephemeral
    assert_unwrapped(answer)


async def test_embargo_keeps_opted_in_answers_private(app):
    await run(app, "spoiler-rules embargo", moderator(), film="La La Land", until="2031-01-01")
    await run(app, "spoilers seen", member(), film="La La Land")
    answer = await quick(app, member())
    assert answer.ephemeral
    assert_unwrapped(answer)


async def test_an_answer_sent_privately_says_why_in_its_footer(app):
    """Asked in public but answered in private: the footer names the rule that did it."""
    mod = moderator()
    await run(app, "spoiler-rules channel", mod, channel=ChannelRef(40, GUILD), mode="no-spoilers")
    quiet = await quick(app, member(channel=40))
    assert quiet.ephemeral
    assert "Sent only to you: this channel keeps spoilers out" in quiet.embeds[0].footer

    await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2031-01-01")
    embargoed = await quick(app, member())
    assert embargoed.ephemeral
    assert "under a spoiler embargo here until 2031-01-01" in embargoed.embeds[0].footer

    asked = await run(app, "film quick", member(), film="La La Land", private=True)
    assert asked.ephemeral and "Sent only to you" not in asked.embeds[0].footer
    await run(app, "spoiler-rules embargo-clear", mod, film="La La Land")
    public = await quick(app, member())
    assert not public.ephemeral and "Sent only to you" not in public.embeds[0].footer
    await run(app, "spoilers seen", member(), film="La La Land")
    opted = await quick(app, member())
    assert "you opted in to this film's spoilers" in opted.embeds[0].footer
    # Each opt-in is named as what it is: a reader opted in to all films, or by the role.
    await run(app, "spoilers unseen", member(), film="La La Land")
    await run(app, "spoilers on", member())
    everything = await quick(app, member())
    assert "you opted in to spoilers for all films" in everything.embeds[0].footer
    assert "this film" not in everything.embeds[0].footer
    await run(app, "spoilers off", member())
    await run(app, "spoiler-rules role", mod, role=OPTIN_ROLE)
    by_role = await quick(app, member(role_ids=frozenset({OPTIN_ROLE})))
    assert by_role.ephemeral
    assert "your role here opts you in" in by_role.embeds[0].footer


async def test_the_private_note_stays_on_every_page(app):
    mod = moderator()
    await run(app, "spoiler-rules channel", mod, channel=ChannelRef(40, GUILD), mode="no-spoilers")
    answer = await run(app, "film ending", member(channel=40), film="La La Land")
    next_page = next(b for row in answer.rows for b in row if b.label.startswith("Next"))
    turned = await app.press(
        member(channel=40), next_page.custom_id, on_private_message=answer.ephemeral
    )
    assert "Page 2/" in turned.embeds[0].footer
    assert "this channel keeps spoilers out" in turned.embeds[0].footer


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"film": "La La Land"}, ["needs days: or until:, and got neither"]),
        ({"film": "La La Land", "days": 30, "until": "2031-01-01"}, ["not both"]),
        ({"film": "La La Land", "days": 0}, ["1 to 3650"]),
        ({"film": "La La Land", "days": 3651}, ["1 to 3650"]),
        ({"film": "La La Land", "days": 30}, ["would have ended on 2017-01-08", "until:"]),
        ({"film": "La La Land", "until": "2029-12-31"}, ["already begun everywhere"]),
        ({"film": "La La Land", "until": "2030-01-01"}, ["already begun everywhere"]),
        ({"film": "La La Land", "until": "01/02/2031"}, ["YYYY-MM-DD"]),
        ({"film": "La La Land", "until": "2031-02-30"}, ["no day of the calendar", "28 days"]),
        ({"film": "La La Land", "until": "2032-02-30"}, ["February 2032 has 29 days"]),
        ({"film": "La La Land", "until": "2031-13-01"}, ["month 13", "01 to 12"]),
        ({"film": "La La Land", "until": "0000-01-01"}, ["YYYY-MM-DD"]),
        ({"film": "La La Land", "until": "20310101"}, ["YYYY-MM-DD"]),
        ({"film": "Not A Film", "until": "2031-01-01"}, ["No film matches 'Not A Film'"]),
    ],
)
async def test_bad_embargoes_are_refused_and_nothing_changes(app, options, words):
    assert_error(await run(app, "spoiler-rules embargo", moderator(now=NOW), **options), *words)
    assert await count(app, Embargo) == 0
    assert await count(app, AuditEntry) == 0


async def test_an_end_date_typed_with_one_digit_months_and_days_is_taken(app):
    """2031-2-3 names one day as surely as 2031-02-03; it was refused as "not YYYY-MM-DD"."""
    reply = await run(
        app, "spoiler-rules embargo", moderator(now=NOW), film="La La Land", until="2031-2-3"
    )
    assert not reply.is_error, reply.content
    assert "until 2031-02-03" in reply.content


async def test_embargo_by_days_needs_a_release_date(app):
    async with app.sessions() as session, session.begin():
        await session.execute(update(Film).values(release_date=None))
    reply = await run(app, "spoiler-rules embargo", moderator(), film="La La Land", days=30)
    assert_error(reply, "has no release date", "until:")
    assert await count(app, Embargo) == 0


async def test_embargo_clear(app):
    mod = moderator()
    await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2031-01-01")
    reply = await run(app, "spoiler-rules embargo-clear", mod, film="La La Land")
    assert_ok(reply)
    assert await count(app, Embargo) == 0
    assert not (await quick(app, member())).ephemeral
    assert (await audit(app))[-1].detail == "lifted the embargo on La La Land (2016)"

    again = await run(app, "spoiler-rules embargo-clear", mod, film="La La Land")
    assert again.content.startswith("Nothing changed")
    assert len(await audit(app)) == 2


async def test_embargo_clear_takes_a_shared_title_when_one_of_its_films_is_embargoed(app):
    """`embargo-clear film:dune` with Dune (2021) embargoed asked which of Dune (2021) and
    Dune (1984), though only one had an embargo to lift."""
    remake = "title: Dune\nyear: {}\nsections:\n  - kind: quick_answer\n    body: It ends.\n"
    await app.loader.store(
        [parse_film_bytes(remake.format(year).encode(), f"d{year}.yaml") for year in (1984, 2021)]
    )
    await app.catalog.refresh()
    mod = moderator()
    await run(app, "spoiler-rules embargo", mod, film="dune 2021", until="2031-01-01")

    reply = await run(app, "spoiler-rules embargo-clear", mod, film="dune")

    assert_ok(reply)
    assert "Dune** (2021) is no longer embargoed" in reply.content, reply.content
    assert await count(app, Embargo) == 0
    # Neither embargoed now: asking which would only lead to "nothing changed" either way.
    again = await run(app, "spoiler-rules embargo-clear", mod, film="dune")
    assert again.ephemeral and not again.is_error, again.content
    assert again.content.startswith("Nothing changed: none of"), again.content
    assert "**Dune** (2021)" in again.content and "**Dune** (1984)" in again.content
    assert "embargo in this server" in again.content
    assert len(await audit(app)) == 2


# -- opt-ins, roles, cooldown ------------------------------------------------------------------


async def test_optin_role_counts_as_opted_in(app):
    reply = await run(app, "spoiler-rules role", moderator(), role=OPTIN_ROLE)
    assert_ok(reply)
    assert f"<@&{OPTIN_ROLE}>" in reply.content
    with_role = await quick(app, member(role_ids=frozenset({OPTIN_ROLE})))
    assert with_role.ephemeral
    assert_unwrapped(with_role)
    without = await quick(app, member())
    assert not without.ephemeral
    assert_wrapped(without)


@pytest.mark.parametrize(
    ("name", "options", "lines"),
    [
        (
            "spoiler-rules embargo",
            {"film": "la la"},  # typed in part: the line names the film as the catalog does
            [
                "/spoiler-rules embargo film:La La Land days:<number>",
                "film:La La Land until:<date>",
            ],
        ),
        (
            "spoiler-rules embargo",
            {"film": "La La Land", "days": 30, "until": "2031-01-01"},
            [
                "/spoiler-rules embargo film:La La Land days:<number>",
                "film:La La Land until:<date>",
            ],
        ),
        ("spoiler-rules role", {}, ["/spoiler-rules role role:<role>", "role clear:true"]),
        ("spoiler-rules role", {"role": 9, "clear": True}, ["/spoiler-rules role role:<role>"]),
        (
            "spoiler-rules moderator-role",
            {"clear": False},  # asks for nothing: neither was given
            [
                "/spoiler-rules moderator-role role:<role>",
                "/spoiler-rules moderator-role clear:true",
            ],
        ),
    ],
)
async def test_one_of_two_options_is_told_with_each_line_to_type(app, name, options, lines):
    """Was "Give exactly one of days: (…) or until: (…)": what was wrong, but not the line
    that works, which for a pair is two."""
    asker = admin()
    reply = await run(app, name, asker, **options)
    assert_error(reply, "nothing was changed", *(f"`{line}" for line in lines[:1]), *lines)
    assert await audit(app) == []


async def test_optin_role_is_cleared_only_on_request(app):
    mod = moderator()
    await run(app, "spoiler-rules role", mod, role=OPTIN_ROLE)
    assert_error(await run(app, "spoiler-rules role", mod), "role:", "clear:true")
    assert_error(await run(app, "spoiler-rules role", mod, role=9, clear=True), "not both")
    assert_error(await run(app, "spoiler-rules role", mod, role=GUILD), "@everyone")
    assert_ok(await run(app, "spoiler-rules role", mod, clear=True))
    async with app.sessions() as session:
        assert (await session.get(GuildSettings, GUILD)).optin_role_id is None
    assert not (await quick(app, member(role_ids=frozenset({OPTIN_ROLE})))).ephemeral
    details = [entry.detail for entry in await audit(app)]
    assert details == [
        f"set the opt-in role to <@&{OPTIN_ROLE}>",
        f"removed the opt-in role <@&{OPTIN_ROLE}>",
    ]
    assert (await run(app, "spoiler-rules role", mod, clear=True)).content.startswith(
        "Nothing changed"
    )


async def test_disabled_optins_ignore_personal_optins_and_the_role(app):
    mod = moderator()
    await run(app, "spoiler-rules role", mod, role=OPTIN_ROLE)
    await run(app, "spoilers on", member())
    assert_ok(await run(app, "spoiler-rules optin", mod, enabled=False))
    for reader in (member(), member(role_ids=frozenset({OPTIN_ROLE}))):
        answer = await quick(app, reader)
        assert not answer.ephemeral
        assert_wrapped(answer)

    assert_ok(await run(app, "spoiler-rules optin", mod, enabled=True))
    assert_unwrapped(await quick(app, member()))
    assert [e.detail for e in await audit(app)][-2:] == ["turned opt-ins off", "turned opt-ins on"]


async def test_cooldown_limits_members_per_command(app):
    mod = moderator()
    assert_error(await run(app, "spoiler-rules cooldown", mod, seconds=-1), "0 (no cooldown)")
    assert_error(await run(app, "spoiler-rules cooldown", mod, seconds=3601), "3600")
    assert await count(app, AuditEntry) == 0

    assert_ok(await run(app, "spoiler-rules cooldown", mod, seconds=60))
    assert (await quick(app, member())).embeds
    assert_error(await quick(app, member()), "Slow down")
    # Per command: another command is free; moderators' commands are never cooled down.
    assert (await run(app, "film info", member(), film="La La Land")).embeds
    assert (await run(app, "spoiler-rules show", mod)).embeds
    assert (await run(app, "spoiler-rules show", mod)).embeds

    assert_ok(await run(app, "spoiler-rules cooldown", mod, seconds=0))
    assert (await quick(app, member())).embeds


# -- reading the rules -------------------------------------------------------------------------


async def test_show_lists_every_rule_in_force(app):
    mod = moderator()
    await run(app, "spoiler-rules default", mod, mode="no-spoilers")
    await run(app, "spoiler-rules channel", mod, channel=ChannelRef(30, GUILD), mode="spoilers")
    await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2031-01-01")
    await run(app, "spoiler-rules role", mod, role=OPTIN_ROLE)
    await run(app, "spoiler-rules optin", mod, enabled=False)
    await run(app, "spoiler-rules cooldown", mod, seconds=30)
    await run(app, "spoiler-rules moderator-role", admin(), role=MOD_ROLE)

    reply = await run(app, "spoiler-rules show", mod)
    assert reply.ephemeral
    fields = {field.name: field.value for field in reply.embeds[0].fields}
    assert fields["Default mode"].startswith("**no-spoilers**")
    assert fields["Channel rules"] == "<#30>: **spoilers**"
    assert fields["Spoiler embargoes"] == "**La La Land** (2016) until 2031-01-01"
    assert fields["Opt-ins"].startswith("Off")
    assert fields["Opt-in role"] == f"<@&{OPTIN_ROLE}>"
    assert fields["Cooldown"].startswith("30 s")
    assert f"<@&{MOD_ROLE}>" in fields["Moderators"]
    assert reply.payload()["allowed_mentions"]["parse"] == []

    # An embargo that has ended (its day begun everywhere: 12:00 UTC) is no longer in force.
    later = await run(
        app, "spoiler-rules show", moderator(now=dt.datetime(2031, 1, 1, 12, tzinfo=dt.UTC))
    )
    assert {f.name: f.value for f in later.embeds[0].fields}["Spoiler embargoes"] == "None."


async def test_show_names_a_thread_behind_bars_and_a_channel_in_the_clear(app):
    """``/spoiler-rules show`` lists each channel rule as ``<#id>``, which Discord draws as the
    channel's name when the list is read: a thread's is its title, a member's words, renamed
    to give an ending away perhaps long after a moderator set its rule. A thread is named
    behind bars, as the log names it; a rule stored before Epilogue knew which was which may
    be a thread's, so it is named behind bars too."""
    mod = moderator()
    thread, channel = ChannelRef(21, GUILD, parent_id=20), ChannelRef(20, GUILD)
    for where in (thread, channel):
        await run(app, "spoiler-rules channel", mod, channel=where, mode="spoilers")
    async with app.sessions() as session, session.begin():
        session.add(ChannelRule(channel_id=22, guild_id=GUILD, mode="no-spoilers"))
    listed = {f.name: f.value for f in (await run(app, "spoiler-rules show", mod)).embeds[0].fields}
    rules = listed["Channel rules"]

    assert "<#20>" in visible_text(rules), rules
    for hidden in ("<#21>", "<#22>"):
        assert hidden not in visible_text(rules) and hidden in hidden_text(rules), rules
    assert "**spoilers**" in visible_text(rules) and "**no-spoilers**" in visible_text(rules)


@pytest.mark.parametrize("title", ["<#555> Heron", "Heron <@&66>", "Heron <#555>"])
async def test_the_log_keeps_no_mention_a_film_title_spells(app, tmp_path, title):
    """The log keeps the channel and role mentions Epilogue writes, and Discord draws a channel
    mention as that channel's name now: a thread's title, a member's words. A film's title is
    untrusted text (a server's upload names it), so a title spelling ``<#id>`` must not become a
    live mention of some thread in every change the log names the film in."""
    (tmp_path / "heron.yaml").write_text(
        f"title: {json.dumps(title)}\nyear: 2001\nsynopsis: A lake.\n"
        "sections: [{kind: quick_answer, level: ending, body: The end.}]\n"
    )
    assert not (await app.load_content([tmp_path], guild_id=GUILD)).problems
    mod = moderator()
    assert_ok(await run(app, "spoiler-rules embargo", mod, film=title, until="2031-01-01"))
    assert_ok(await run(app, "spoiler-rules embargo-clear", mod, film=title))
    log = (await run(app, "spoiler-rules log", mod)).embeds[0].description or ""

    assert log.count("Heron") == 2, log
    assert not re.findall(r"(?<!\\)<(?:#|@&)\d+>", log), log


async def test_show_with_defaults(app):
    fields = {
        f.name: f.value
        for f in (await run(app, "spoiler-rules show", moderator())).embeds[0].fields
    }
    assert fields["Default mode"].startswith("**standard**")
    assert fields["Channel rules"].startswith("None")
    assert fields["Opt-ins"].startswith("On")
    assert fields["Opt-in role"] == "None" and fields["Cooldown"] == "Off"


async def test_show_lists_the_guard_and_who_may_hide_messages(app):
    """Was missing: a moderator could turn the guard and member hiding on, and show (its
    description: every rule in force) never said so."""
    mod = moderator()

    def fields(reply: Reply) -> dict[str, str]:
        return {f.name: f.value for f in reply.embeds[0].fields}

    before = fields(await run(app, "spoiler-rules show", mod))
    assert before["Spoiler guard"].startswith("Off")
    assert before["Hide as spoiler"] == "A message's author and moderators"

    await run(app, "spoiler-rules guard", mod, enabled=True, all_films=True)
    await run(app, "spoiler-rules guard-channel", mod, channel=ChannelRef(40, GUILD), enabled=False)
    await run(app, "spoiler-rules guard-channel", mod, channel=ChannelRef(41, GUILD), enabled=True)
    await run(app, "spoiler-rules member-hiding", mod, enabled=True)
    after = fields(await run(app, "spoiler-rules show", mod))
    # Named behind bars: the guard's switches do not say whether #40 is a thread.
    assert after["Spoiler guard"] == "On for every film, except in:\n||<#40>||"
    assert after["Hide as spoiler"] == "Any member may hide a message"

    await run(app, "spoiler-rules guard", mod, enabled=True, all_films=False)
    assert fields(await run(app, "spoiler-rules show", mod))["Spoiler guard"].startswith(
        "On for embargoed films"
    )


async def test_a_channel_switch_while_the_guard_is_off_says_it_is_off(app):
    """Was: "the guard is on in <#40> (while it is on for the server)", with it off."""
    mod = moderator()
    channel = ChannelRef(40, GUILD)
    off = await run(app, "spoiler-rules guard-channel", mod, channel=channel, enabled=True)
    assert "off in the whole server now" in off.content, off.content
    assert "guard enabled:true" in off.content

    await run(app, "spoiler-rules guard", mod, enabled=True)
    on = await run(app, "spoiler-rules guard-channel", mod, channel=channel, enabled=False)
    assert on.content == (
        "✅ The spoiler guard is off in <#40> (while it is on for the server). Members'"
        " messages there are left alone."
    )


async def test_an_embargo_set_again_says_which_end_it_replaces(app):
    """Was silent: days:3650 after until:2031-01-01 cut the embargo short unannounced."""
    mod = moderator()
    first = await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2031-01-01")
    assert "It was until" not in first.content

    shorter = await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2030-06-01")
    assert "until 2030-06-01" in shorter.content
    assert shorter.content.endswith("It was until 2031-01-01: the new date replaces it.")
    # The log says so too, as it does of a role replaced: a moderator reading it later saw
    # two embargoes and could not tell the second cut the first short.
    async with app.sessions() as session:
        details = (await session.scalars(select(AuditEntry.detail))).all()
    assert "embargoed La La Land (2016) until 2031-01-01" in details, details
    assert "embargoed La La Land (2016) until 2030-06-01 (was until 2031-01-01)" in details

    # One that has ended is not "replaced": it was no longer in force.
    await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2030-01-02")
    later = moderator(now=dt.datetime(2030, 3, 1, 12, tzinfo=dt.UTC))
    renewed = await run(app, "spoiler-rules embargo", later, film="La La Land", until="2031-01-01")
    assert_ok(renewed)
    assert "It was until" not in renewed.content


async def test_log_is_newest_first_with_who_and_what(app):
    for minute, mode in enumerate(["spoilers", "no-spoilers", "standard"]):
        when = NOW + dt.timedelta(minutes=minute)
        await run(
            app,
            "spoiler-rules channel",
            moderator(now=when, user=MOD + minute),
            channel=ChannelRef(20, GUILD),
            mode=mode,
        )
    await run(app, "spoiler-rules cooldown", moderator(guild=OTHER_GUILD), seconds=9)

    reply = await run(app, "spoiler-rules log", moderator())
    assert reply.ephemeral
    lines = description(reply).splitlines()
    assert lines == [
        "`2030-01-01 12:02` <@7> set <#20> to standard",
        "`2030-01-01 12:01` <@6> set <#20> to no\\-spoilers",
        "`2030-01-01 12:00` <@5> set <#20> to spoilers",
    ]
    assert "Page 1/1" in reply.embeds[0].footer


async def test_log_pages_hold_twenty_changes(app):
    for seconds in range(1, 26):
        await run(app, "spoiler-rules cooldown", moderator(), seconds=seconds)
    first = await run(app, "spoiler-rules log", moderator())
    lines = description(first).splitlines()
    assert len(lines) == 20
    assert lines[0].endswith("set the cooldown to 25 s")
    assert "Page 1/2" in first.embeds[0].footer

    second = await run(app, "spoiler-rules log", moderator(), page=2)
    lines = description(second).splitlines()
    assert len(lines) == 5 and lines[-1].endswith("set the cooldown to 1 s")
    assert "Page 2/2" in second.embeds[0].footer

    assert_error(await run(app, "spoiler-rules log", moderator(), page=3), "2 page")
    assert_error(await run(app, "spoiler-rules log", moderator(), page=0), "There is no page 0")


async def test_log_pages_turn_with_buttons_for_moderators_only(app):
    """Was "older: /spoiler-rules log page:2" in the footer and no buttons, where /film list
    and /spoilers status turn theirs with ◀ Previous / Next ▶. A press is checked again: only
    a moderator reads the log, whatever id a member sends."""
    for seconds in range(1, 26):
        await run(app, "spoiler-rules cooldown", moderator(), seconds=seconds)
    first = await run(app, "spoiler-rules log", moderator())
    back, on = first.buttons
    assert back.disabled and not on.disabled

    second = await app.press(moderator(), on.custom_id, on_private_message=True)
    assert "Page 2/2" in second.embeds[0].footer and second.edits_original
    assert description(second).splitlines()[-1].endswith("set the cooldown to 1 s")
    assert [b.disabled for b in second.buttons] == [False, True]
    again = await app.press(moderator(), second.buttons[0].custom_id, on_private_message=True)
    assert "Page 1/2" in again.embeds[0].footer

    refused = await app.press(member(), on.custom_id, on_private_message=True)
    assert_error(refused, "is for moderators")
    assert "cooldown" not in repr(refused)


async def test_the_log_is_titled_for_all_it_holds(app):
    """Was "Spoiler rule changes" above a film import and a hide."""
    await run(app, "spoiler-rules cooldown", moderator(), seconds=5)
    reply = await run(app, "spoiler-rules log", moderator())
    assert reply.embeds[0].title == "Moderators' log, newest first"


async def test_empty_log(app):
    reply = await run(app, "spoiler-rules log", moderator())
    assert reply.ephemeral and "Nothing is in this server's moderators' log yet" in reply.content


# -- text helpers ------------------------------------------------------------------------------


def test_audit_text_keeps_channel_and_role_mentions_and_escapes_the_rest():
    text = audit_text("set <#20> and <@&5> for *Film* ||x|| @everyone <@9>")
    assert text.startswith("set <#20> and <@&5> for ")
    assert visible_text(text).replace("\u200b", "").endswith("*Film* ||x|| @everyone <@9>")
    assert hidden_text(text) == hidden_text(text, lazy_bars=True) == ""
    assert mentions_that_ping(text) == ["<@&5>"]  # a role mention: never pings, as mentions are off


def test_fit_lines_says_how_many_were_left_out():
    lines = [f"line {n:02}" for n in range(10)]
    assert fit_lines(lines, 1000) == "\n".join(lines)
    fitted = fit_lines(lines, 40)
    assert len(fitted) <= 40
    assert fitted.splitlines()[-1].startswith("… and ") and fitted.endswith(" more")
    shown = fitted.splitlines()[:-1]
    assert shown == lines[: len(shown)]
    assert fitted.splitlines()[-1] == f"… and {10 - len(shown)} more"
    assert fit_lines([], 10) == ""


@pytest.mark.parametrize(
    ("command", "said", "logged"),
    [
        ("spoiler-rules role", "its members no longer count as opted in", "opt-in role"),
        ("spoiler-rules moderator-role", "its members can no longer change them", "moderator role"),
    ],
)
async def test_a_role_replacing_another_says_which_it_replaces(app, command, said, logged):
    """Setting role 47 where 45 was said only what 47 now does: the moderator was not told
    that 45's members had lost it."""
    first = await run(app, command, admin(), role=45)
    assert "replaces" not in first.content

    second = await run(app, command, admin(), role=47)

    assert not second.is_error, second.content
    assert f"It replaces <@&45>: {said}" in second.content
    async with app.sessions() as session:
        details = (await session.scalars(select(AuditEntry.detail))).all()
    assert f"set the {logged} to <@&47> (was <@&45>)" in details


# NOW is 2030-01-01 12:00 UTC: "tomorrow" is 2030-01-02, and a date typed without its year is
# its next one not yet begun everywhere on Earth.
DATES_TAKEN = [
    ("tomorrow", "2030-01-02"),
    ("Tomorrow", "2030-01-02"),
    ("in 3 days", "2030-01-04"),
    ("3 days", "2030-01-04"),
    ("in 1 day", "2030-01-02"),
    ("in 2 weeks", "2030-01-15"),
    ("2030/12/25", "2030-12-25"),
    ("25/12", "2030-12-25"),
    ("12/25", "2030-12-25"),
    ("25.12.2031", "2031-12-25"),
    ("25-12-2031", "2031-12-25"),
    ("25/12/31", "2031-12-25"),
    ("5/5", "2030-05-05"),
    ("1/1", "2031-01-01"),  # 2030-01-01 has begun everywhere: the next one is meant
    ("Dec 25", "2030-12-25"),
    ("25 dec", "2030-12-25"),
    ("25 December 2031", "2031-12-25"),
    ("December 25th, 2031", "2031-12-25"),
    ("sept 3", "2030-09-03"),
    ("3rd of March", "2030-03-03"),
    # NOW is a Tuesday: a weekday named is its next one, never today.
    ("friday", "2030-01-04"),
    ("Fri", "2030-01-04"),
    ("this friday", "2030-01-04"),
    ("on Monday", "2030-01-07"),
    ("tuesday", "2030-01-08"),
    # A number written as a word, and months.
    ("in a week", "2030-01-08"),
    ("in one week", "2030-01-08"),
    ("two weeks", "2030-01-15"),
    ("in ten days", "2030-01-11"),
    ("in a month", "2030-02-01"),
    ("in 3 months", "2030-04-01"),
    ("a month from now", "2030-02-01"),
    # Years, as months are: "in 1 year" was "not a date I can read".
    ("in a year", "2031-01-01"),
    ("in 2 years", "2032-01-01"),
    ("one year from today", "2031-01-01"),
    # Units shortened as other bots' durations are written: "2w" and "14d" were "not a
    # date I can read" while "2 weeks" was taken.
    ("2w", "2030-01-15"),
    ("14d", "2030-01-15"),
    ("in 2 wks", "2030-01-15"),
    ("3mo", "2030-04-01"),
    ("1y", "2031-01-01"),
    ("2 yrs", "2032-01-01"),
    # A period named as people say it: "next month" was "not a date I can read". Next
    # month's first day and a month from today are one day on 1 January, so it is taken.
    ("next month", "2030-02-01"),
    ("next year", "2031-01-01"),
    ("end of the month", "2030-01-31"),
    ("end of month", "2030-01-31"),
    ("the end of this year", "2030-12-31"),
    ("eom", "2030-01-31"),
    # Days every calendar names, each its next one.
    ("christmas", "2030-12-25"),
    ("Christmas Day", "2030-12-25"),
    ("xmas eve", "2030-12-24"),
    ("new year's eve", "2030-12-31"),
    ("New Year’s Day", "2031-01-01"),
    ("halloween", "2030-10-31"),
    ("valentines day", "2030-02-14"),
    # Written as English writes it otherwise.
    ("dec 25th", "2030-12-25"),
    ("Dec. 25", "2030-12-25"),
    ("the 25th of December", "2030-12-25"),
    # Months in the languages members write (those the spoiler guard reads): each was
    # "not a date I can read".
    ("25 déc", "2030-12-25"),
    ("25 dec.", "2030-12-25"),
    ("le 25 décembre 2031", "2031-12-25"),
    ("1er mars", "2030-03-01"),
    ("14 juillet", "2030-07-14"),
    ("25. Dezember", "2030-12-25"),
    ("3. März 2031", "2031-03-03"),
    ("3. Maerz", "2030-03-03"),
    ("25 de diciembre", "2030-12-25"),
    ("25 de diciembre de 2031", "2031-12-25"),
    ("1º de mayo", "2030-05-01"),
    ("25 de dezembro", "2030-12-25"),
    ("7 de setembro", "2030-09-07"),
    ("25 dicembre", "2030-12-25"),
    ("3 ottobre", "2030-10-03"),
    ("3 mei", "2030-05-03"),
    ("3 maart", "2030-03-03"),
    ("3 maj", "2030-05-03"),
    ("3 oktober 2031", "2031-10-03"),
    ("25 grudnia", "2030-12-25"),
    ("3 października", "2030-10-03"),
    ("25 Aralık", "2030-12-25"),
    ("29 ekim", "2030-10-29"),
    ("17 agustus", "2030-08-17"),
    ("25 desember", "2030-12-25"),
    ("am 25. Dezember", "2030-12-25"),
    ("el 25 de diciembre", "2030-12-25"),
    ("diciembre 25", "2030-12-25"),
    # Hindi and Japanese, languages the guard reads too: each was "not a date I can read".
    ("25 दिसंबर", "2030-12-25"),
    ("25 दिसम्बर 2031", "2031-12-25"),
    ("१५ अगस्त", "2030-08-15"),  # Devanagari digits
    ("3 \u095erवरी".replace("r", "\u0930"), "2030-02-03"),  # फ़ typed as one character
    ("3 \u092b\u093c\u0930\u0935\u0930\u0940", "2030-02-03"),  # फ़ as फ and its nukta
    ("2 अक्टूबर", "2030-10-02"),
    ("25 disambar", "2030-12-25"),  # Hindi as members romanise it
    ("15 agast", "2030-08-15"),
    ("12月25日", "2030-12-25"),
    ("2031年12月25日", "2031-12-25"),
    ("１２月２５日", "2030-12-25"),  # full-width digits, as a Japanese keyboard types them
    ("2031年 3月 3日", "2031-03-03"),
    ("3月3日", "2030-03-03"),
    ("12월 25일", "2030-12-25"),  # Korean writes the date alike
    # Shapes of dates each was "not a date I can read":
    ("2031.12.25", "2031-12-25"),  # YYYY.MM.DD, as Germany and East Asia write it
    ("25-dec-2031", "2031-12-25"),  # a month's name between hyphens
    ("dec-25", "2030-12-25"),
    ("25/Dec/2031", "2031-12-25"),
    ("25 dec 31", "2031-12-25"),  # a year of two digits after a month's name
    ("Dec 25 '31", "2031-12-25"),
    ("tmrw", "2030-01-02"),
    ("tmr", "2030-01-02"),
    ("tomorow", "2030-01-02"),
    ("the day after tomorrow", "2030-01-03"),
    ("in a fortnight", "2030-01-15"),
    ("in 2 weeks time", "2030-01-15"),
    ("in two weeks' time", "2030-01-15"),
    ("end of december", "2030-12-31"),
    ("end of feb", "2030-02-28"),
    ("the end of March 2031", "2031-03-31"),
]


@pytest.mark.parametrize(("until", "end"), DATES_TAKEN)
def test_an_end_date_written_as_people_write_dates_is_taken(until: str, end: str) -> None:
    """Moderators type 'tomorrow', '25/12' or 'Dec 25' for a release; each was refused as
    "not YYYY-MM-DD". Read as the command reads it (the test below runs the command)."""
    assert embargo_end(until, moderator(now=NOW)) == dt.date.fromisoformat(end)


# The command over a few of the dates read above (a word, a script and a month's end): it
# stores the day read, and its reply names it, so a reading can be checked.
@pytest.mark.parametrize(
    ("until", "end"),
    [case for case in DATES_TAKEN if case[0] in ("tomorrow", "25 दिसंबर", "end of feb")],
)
async def test_an_end_date_taken_is_the_day_the_embargo_stores_and_names(app, until, end):
    reply = await run(
        app, "spoiler-rules embargo", moderator(now=NOW), film="La La Land", until=until
    )
    assert not reply.is_error, reply.content
    assert f"until {end}" in reply.content
    async with app.sessions() as session:
        stored = (await session.scalars(select(Embargo))).one()
    assert stored.until == dt.date.fromisoformat(end)


DATES_REFUSED = [
    ("03/04", ["'03/04'", "3 April", "March 4", "2030-04-03", "2030-03-04"]),
    ("4/3/2031", ["4 March", "April 3", "2031-03-04", "2031-04-03"]),
    ("31/02", ["no day of the calendar", "February"]),
    ("Febtember 3", ["'Febtember 3'", "YYYY-MM-DD", "tomorrow", "in 3 days", "2w"]),
    # "m" is minutes to some and months to others; an embargo names a day: not guessed.
    ("3m", ["'3m'", "YYYY-MM-DD", "in 3 days"]),
    ("in 0 days", ["already begun everywhere"]),
    ("in 4000 days", ["3650"]),
    ("in 99999999999999999999 weeks", ["3650"]),
    # A day in the past is named, and told it is over, not "not a date I can read".
    ("yesterday", ["2029-12-31", "already begun everywhere"]),
    ("3 days ago", ["2029-12-29", "already begun everywhere"]),
    ("last friday", ["2029-12-28", "already begun everywhere"]),
    # Next week's Monday and a week from today are two days: both named, as for Friday.
    ("next week", ["'next week'", "2030-01-07", "2030-01-08"]),
    # The week ends on Saturday to some and on Sunday to others.
    ("end of the week", ["'end of the week'", "2030-01-05", "2030-01-06"]),
    # A phrase still not read says every form that is, the new ones too.
    ("whenever", ["'whenever'", "YYYY-MM-DD", "next month", "end of the month", "christmas"]),
    ("32/12", ["no day of the calendar"]),
    ("Dec 25 1999", ["already begun everywhere"]),
    ("today", ["already begun everywhere"]),
    # "next Friday" is the coming one to some and the one after to others: both named.
    ("next friday", ["'next friday'", "2030-01-04", "2030-01-11"]),
    ("in 200 months", ["3650"]),
    ("in 20 years", ["3650"]),
    # A time or a timezone: "not a date I can read" sent moderators hunting for what was
    # wrong with the date. An embargo names a day: both days it could be are named, with
    # when each lifts, since the time may fall after the day's lifting at 12:00 UTC.
    ("2031-01-01T10:00+02:00", ["a day, not a time", "until:2031-01-01", "until:2031-01-02"]),
    ("2031-12-31 EST", ["a day, not a time", "until:2031-12-31", "until:2032-01-01"]),
    ("2031-12-31 18:00", ["a day, not a time", "until:2031-12-31", "12:00 UTC"]),
    ("Dec 25 at 6pm", ["a day, not a time", "until:2030-12-25", "until:2030-12-26"]),
    ("tomorrow 9am UTC", ["a day, not a time", "until:2030-01-02", "until:2030-01-03"]),
    ("2031-02-30 10:00", ["no day of the calendar", "February"]),
    # A Discord timestamp pasted (from a generator, or a message's markup): "not a date I
    # can read", though it names a moment exactly. Its UTC day and the next are named.
    ("<t:1924470000:D>", ["Discord timestamp", "until:2030-12-25", "until:2030-12-26"]),
    ("<t:1924470000>", ["Discord timestamp", "until:2030-12-25", "until:2030-12-26"]),
    # "ago" shortens agosto (August) in Spanish and Italian, and says a day gone in
    # English: not read as either.
    ("25 ago", ["'25 ago'", "not a date I can read"]),
    # A month or a year gone is over, as a day gone is.
    ("Dec 2029", ["2029-12-31", "already begun everywhere"]),
    ("2031-13", ["not a date I can read"]),
    ("31 de junio", ["no day of the calendar", "June has 30 days"]),
    # A time as other languages write it: was "not a date I can read".
    ("3 mai 18h", ["a day, not a time", "until:2030-05-03", "until:2030-05-04"]),
    ("le 3 mai à 18h30", ["a day, not a time", "until:2030-05-03", "until:2030-05-04"]),
    ("25. Dezember um 18 Uhr", ["a day, not a time", "until:2030-12-25", "until:2030-12-26"]),
    ("25 de diciembre a las 18:00", ["a day, not a time", "until:2030-12-25"]),
]


@pytest.mark.parametrize(("until", "words"), DATES_REFUSED)
def test_an_end_date_that_names_no_one_future_day_is_refused_saying_why(
    until: str, words: list[str]
) -> None:
    """Read as the command reads it; the test below runs the command over a few."""
    with pytest.raises(InvalidInput) as refused:
        embargo_end(until, moderator(now=NOW))
    for word in words:
        assert word in refused.value.message, refused.value.message


# The command over a few of the refusals above (an ambiguous day, a day gone, a time): its
# error is the whole refusal, and nothing is stored.
@pytest.mark.parametrize(
    ("until", "words"),
    [case for case in DATES_REFUSED if case[0] in ("03/04", "yesterday", "Dec 25 at 6pm")],
)
async def test_an_end_date_refused_is_the_commands_whole_error(app, until, words):
    with pytest.raises(InvalidInput) as refused:
        embargo_end(until, moderator(now=NOW))
    reply = await run(
        app, "spoiler-rules embargo", moderator(now=NOW), film="La La Land", until=until
    )
    assert_error(reply, refused.value.message, *words)
    assert await count(app, Embargo) == 0


@pytest.mark.parametrize(
    ("until", "first", "last"),
    [
        # A month or a year names many days: each was "not a date I can read", as if the
        # moderator had typed nothing a date is made of. Its first and last days are named.
        ("Dec 2031", "2031-12-01", "2031-12-31"),
        ("december 2031", "2031-12-01", "2031-12-31"),
        ("décembre 2031", "2031-12-01", "2031-12-31"),
        ("2031-12", "2031-12-01", "2031-12-31"),
        ("12/2031", "2031-12-01", "2031-12-31"),
        ("2031/2", "2031-02-01", "2031-02-28"),
        # Without its year, the next such month, as a day without its year is.
        ("march", "2030-03-01", "2030-03-31"),
        ("2031", "2031-01-01", "2031-12-31"),
        # The month under way: from tomorrow.
        ("january 2030", "2030-01-02", "2030-01-31"),
    ],
)
async def test_an_end_date_naming_a_month_or_a_year_is_refused_naming_its_first_and_last_day(
    app, until: str, first: str, last: str
) -> None:
    reply = await run(
        app, "spoiler-rules embargo", moderator(now=NOW), film="La La Land", until=until
    )
    assert_error(reply, "a day", f"until:{first}", f"until:{last}")
    assert f"'{until}'" in visible_text(reply.content), reply.content
    assert await count(app, Embargo) == 0


@pytest.mark.parametrize(
    ("command", "options", "where"),
    [
        ("spoiler-rules default", {"mode": "spoilers"}, "channels without their own rule"),
        ("spoiler-rules channel", {"channel": ChannelRef(20, GUILD), "mode": "spoilers"}, "<#20>"),
    ],
)
async def test_making_spoiler_channels_says_which_embargoes_stop_holding_there(
    app, command: str, options: dict[str, Any], where: str
) -> None:
    """Was "✅ Channels without their own rule are now spoilers" alone, with La La Land under
    an embargo: an embargo does not hold in a spoiler channel, so the moderator's embargo
    stopped protecting anyone there, and nothing said so."""
    plain = await run(app, command, moderator(now=NOW), **options)
    assert not plain.is_error and "embargo" not in plain.content, plain.content
    await run(app, "spoiler-rules default", moderator(now=NOW), mode="standard")
    if "channel" in options:
        await run(app, command, moderator(now=NOW), **options | {"mode": "standard"})
    embargoed = await run(
        app, "spoiler-rules embargo", moderator(now=NOW), film="La La Land", until="2030-06-01"
    )
    assert not embargoed.is_error, embargoed.content

    reply = await run(app, command, moderator(now=NOW), **options)

    assert not reply.is_error, reply.content
    said = visible_text(reply.content)
    assert "La La Land" in said and "until 2030-06-01" in said and where in said, said


def _embed_chars(embed: Any) -> int:
    """What Discord counts against an embed's 6,000 characters."""
    return (
        len(embed.title)
        + len(embed.description or "")
        + len(embed.footer or "")
        + sum(len(f.name) + len(f.value) for f in embed.fields)
    )


async def test_show_lists_every_rule_of_a_busy_server_within_discords_limits(app, tmp_path):
    """Was: channel rules, embargoes and the guard's exceptions were each cut at one field's
    1,024 characters, "… and 31 more", with no way to read the rest: a moderator of a server
    with 71 rule channels saw 40 of them. The lists go on in further fields, within the
    message's 6,000 characters and 25 fields."""
    titles = [f"A Rather Long Film Title Number {n:02} For The Listing" for n in range(30)]
    for n, title in enumerate(titles):
        (tmp_path / f"f{n}.yaml").write_text(
            f"title: {title}\nyear: 2001\n"
            "sections: [{kind: quick_answer, level: ending, body: The end.}]\n"
        )
    assert not (await app.load_content([tmp_path], guild_id=GUILD)).problems
    mod = moderator()
    channels = range(1000, 1071)
    for channel in channels:
        assert_ok(
            await run(
                app,
                "spoiler-rules channel",
                mod,
                channel=ChannelRef(channel, GUILD),
                mode="spoilers",
            )
        )
    for title in titles:
        assert_ok(await run(app, "spoiler-rules embargo", mod, film=title, until="2031-01-01"))
    await run(app, "spoiler-rules guard", mod, enabled=True, all_films=True)
    unguarded = range(2000, 2040)
    for channel in unguarded:
        await run(
            app,
            "spoiler-rules guard-channel",
            mod,
            channel=ChannelRef(channel, GUILD),
            enabled=False,
        )

    embed = (await run(app, "spoiler-rules show", mod)).embeds[0]
    listed = "\n".join(f.value for f in embed.fields)
    assert "more" not in listed, listed
    for channel in [*channels, *unguarded]:
        assert f"<#{channel}>" in listed
    for title in titles:
        assert f"**{title}** (2001)" in listed
    assert len(embed.fields) <= 25 and _embed_chars(embed) <= 6000
    assert all(len(f.value) <= 1024 and len(f.name) <= 256 for f in embed.fields)
    # The order of the rules stays the order they are read in: continued lists follow on.
    names = [f.name for f in embed.fields]
    assert names.index("Channel rules") < names.index("Spoiler embargoes")


@pytest.mark.parametrize(("chars", "fields"), [(100_000, 25), (3000, 25), (3000, 2), (500, 25)])
def test_fit_in_fields_goes_on_in_fields_and_counts_what_is_left_out(chars, fields):
    lines = [f"<#{n:020}>: **spoilers**" for n in range(200)]
    parts = fit_in_fields("Channel rules", lines, chars=chars, fields=fields)
    assert parts[0][0] == "Channel rules"
    assert all(name == "Channel rules (continued)" for name, _ in parts[1:])
    assert len(parts) <= fields and all(len(value) <= 1024 for _, value in parts)
    assert sum(len(name) + len(value) for name, value in parts) <= chars
    shown = [line for _, value in parts for line in value.splitlines()]
    if shown[-1].startswith("… and "):
        assert shown[-1] == f"… and {len(lines) - len(shown) + 1} more"
        shown = shown[:-1]
    else:
        assert len(shown) == len(lines)
    assert shown == lines[: len(shown)]


@pytest.mark.parametrize(
    ("command", "what"),
    [("spoiler-rules role", "opt-in role"), ("spoiler-rules moderator-role", "moderator role")],
)
async def test_clearing_a_role_names_the_role_it_cleared(app, command: str, what: str) -> None:
    """Was: "removed the opt-in role" in the log and the reply, naming no role, while setting
    one logs the role it replaced: a moderator reading the log could not tell which role
    had lost its meaning."""
    await run(app, command, admin(), role=77)
    cleared = await run(app, command, admin(), clear=True)
    log = (await run(app, "spoiler-rules log", admin())).embeds[0].description or ""

    assert_ok(cleared)
    assert "<@&77>" in cleared.content, cleared.content
    newest = log.splitlines()[0].replace("\\", "")  # the log escapes markdown such as '-'
    assert newest.endswith(f"removed the {what} <@&77>"), log


@pytest.mark.parametrize(
    ("until", "said"),
    [
        ("31/04", "April has 30 days"),
        ("31 April", "April has 30 days"),
        ("Apr 31", "April has 30 days"),
        ("30/02", "February has 28 days, 29 in a leap year"),
        ("31.06", "June has 30 days"),
    ],
)
async def test_a_day_no_month_has_typed_without_a_year_is_told_without_a_past_year(
    app, until: str, said: str
) -> None:
    """A date without its year is read as its next one. Was: "'31/04' is no day of the
    calendar: April 2030 has 30 days." in June 2030, naming a month already gone, which the
    embargo would never have been read as."""
    summer = dt.datetime(2030, 6, 15, 12, 0, tzinfo=dt.UTC)
    reply = await run(
        app, "spoiler-rules embargo", moderator(now=summer), film="La La Land", until=until
    )
    assert_error(reply, "no day of the calendar", said)
    assert "2030" not in (reply.content or "")


@pytest.mark.parametrize(
    "titles",
    [
        ["zodiac", "WALL·E", "The Abyss", "brazil"],
        ["Saw 10", "Saw 3D", "a quiet place", "Brazil", "10 Things", "9 to 5"],
        ["Élite", "Eden", "ezra", "The Eagle"],
    ],
)
async def test_embargoes_ending_the_same_day_are_listed_in_shelf_order(app, titles):
    """Was the database's order for titles (capitals first on PostgreSQL and SQLite, "The
    Thing" under T): members and moderators read them in /film list's order everywhere."""
    until = dt.date(2031, 1, 1)
    async with app.sessions() as session, session.begin():
        for at, title in enumerate(titles):
            session.add(Embargo(guild_id=GUILD, work=f"w{at}", title=title, year=2000, until=until))
        # A sooner end still goes first, whatever its title.
        session.add(
            Embargo(
                guild_id=GUILD,
                work="soon",
                title="Zzz",
                year=2000,
                until=until - dt.timedelta(days=1),
            )
        )
    shelved = sorted(titles, key=lambda title: shelf_order(title, 2000))
    expected = ["Zzz", *shelved]

    def listed(text: str) -> list[str]:
        return re.findall(r"\*\*(.+?)\*\* \(2000\)", visible_text(text))

    shown = await run(app, "spoiler-rules show", moderator())
    fields = {field.name: field.value for field in shown.embeds[0].fields}
    assert listed(fields["Spoiler embargoes"]) == expected
    status = await run(app, "spoilers status", member())
    embargoed = [f.value for f in status.embeds[0].fields if f.name.startswith("Embargoed here")]
    assert listed("\n".join(embargoed)) == expected


async def test_a_change_ending_a_spoiler_channel_hands_the_adapter_what_to_hide_again(
    app,
) -> None:
    """The reply to a change that turns a place away from spoilers carries the rules before
    and after it (the Discord adapter edits Epilogue's open answers there) and says so; one
    that opens a channel, or leaves the default as it was for it, carries nothing."""
    general = ChannelRef(10, GUILD)
    opened = await run(app, "spoiler-rules channel", moderator(), channel=general, mode="spoilers")
    assert opened.rules_change is None and "hides again" not in (opened.content or "")
    quieter = await run(app, "spoiler-rules default", moderator(), mode="no-spoilers")
    assert quieter.rules_change is None, "no place was a spoiler channel by the default"
    closed = await run(app, "spoiler-rules channel", moderator(), channel=general, mode="inherit")
    assert closed.rules_change is not None and "hides again" in (closed.content or "")
    assert closed.rules_change.left_spoilers([(10, None), (11, 10)]) == {
        10: ChannelMode.NO_SPOILERS,
        11: ChannelMode.NO_SPOILERS,
    }
    refused = await run(app, "spoiler-rules channel", member(), channel=general, mode="standard")
    assert refused.is_error and refused.rules_change is None
