"""/spoilers …: members' own opt-ins, through the dispatcher, and what they change in answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from bot.command_table import ChannelRef, command_table
from bot.content.film_file import parse_film_bytes
from bot.cooldowns import OWN_SETTINGS_PER_MINUTE, MemberMinuteBudget
from bot.db.models import Film, ReaderSettings, SeenFilm
from bot.dispatch import run_command
from bot.invocation import Invocation
from bot.replies import Reply
from tests.support.discord_markdown import hidden_text, mentions_that_ping, visible_text
from tests.support.fake_time import FakeTime

ROOT = Path(__file__).resolve().parents[4]
GUILD, OTHER_GUILD = 1, 2
MEMBER, OTHER_MEMBER, MOD = 7, 8, 5
ENDING = "now married to another man"  # from La La Land's quick answer (ending level)
NOW = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)


def member(
    user: int = MEMBER, *, guild: int | None = GUILD, channel: int | None = 10, **kw: Any
) -> Invocation:
    return Invocation(user_id=user, guild_id=guild, channel_id=channel, now=NOW, **kw)


def dm(user: int = MEMBER) -> Invocation:
    return Invocation(user_id=user, now=NOW)


def moderator(guild: int = GUILD) -> Invocation:
    return Invocation(
        user_id=MOD, guild_id=guild, channel_id=10, permissions=frozenset({"manage_messages"})
    )


async def run(app, name: str, invocation: Invocation, **options: Any) -> Reply:
    return await run_command(app, command_table()[name], invocation, options)


async def quick(app, invocation: Invocation) -> Reply:
    return await run(app, "film quick", invocation, film="La La Land")


def description(reply: Reply) -> str:
    assert reply.embeds, reply.content
    return reply.embeds[0].description or ""


def assert_unwrapped(reply: Reply) -> None:
    text = description(reply)
    assert "||" not in text
    assert ENDING in visible_text(text)


def assert_wrapped(reply: Reply) -> None:
    text = description(reply)
    assert ENDING not in visible_text(text)
    assert ENDING not in visible_text(text, lazy_bars=True)
    assert ENDING in hidden_text(text)


async def test_seen_makes_standard_channel_answers_private_and_unwrapped(app):
    before = await quick(app, member())
    assert not before.ephemeral
    assert_wrapped(before)

    reply = await run(app, "spoilers seen", member(), film="La La Land")
    assert reply.ephemeral
    assert "✅" in reply.content and "La La Land" in reply.content

    after = await quick(app, member())
    assert after.ephemeral
    assert_unwrapped(after)
    # Someone else in the same channel is not affected.
    other = await quick(app, member(OTHER_MEMBER))
    assert not other.ephemeral
    assert_wrapped(other)


async def test_opt_ins_follow_the_member_to_every_server_and_dms(app):
    await run(app, "spoilers seen", member(), film="La La Land")

    elsewhere = await quick(app, member(guild=OTHER_GUILD, channel=77))
    assert elsewhere.ephemeral
    assert_unwrapped(elsewhere)
    in_dm = await quick(app, dm())
    assert in_dm.ephemeral
    assert_unwrapped(in_dm)


async def test_seen_covers_a_servers_own_copy_of_the_film(app):
    """A server may keep its own version of a film; to someone who has seen it, it is the same
    film, whichever version they marked and wherever they undo it."""
    shipped = (ROOT / "data" / "films" / "la-la-land.yaml").read_bytes()
    await app.loader.store([parse_film_bytes(shipped, "own.yaml")], guild_id=GUILD)
    await app.catalog.refresh()
    own = app.catalog.resolve(GUILD, "La La Land")
    shared = app.catalog.resolve(OTHER_GUILD, "La La Land")
    assert own.guild_id == GUILD and shared.guild_id == 0 and own.id != shared.id

    await run(app, "spoilers seen", member(guild=OTHER_GUILD, channel=77), film="La La Land")
    here = await quick(app, member())
    assert here.ephemeral
    assert_unwrapped(here)
    again = await run(app, "spoilers seen", member(), film="La La Land")
    assert again.content.startswith("Nothing changed")
    status = await run(app, "spoilers status", dm())
    assert description(status).count("La La Land") == 1

    undone = await run(app, "spoilers unseen", member(), film="La La Land")
    assert undone.content.startswith("✅")
    elsewhere = await quick(app, member(guild=OTHER_GUILD, channel=77))
    assert not elsewhere.ephemeral
    assert_wrapped(elsewhere)


async def test_every_spoilers_command_works_in_dms_and_replies_privately(app):
    for name, options in [
        ("spoilers on", {}),
        ("spoilers off", {}),
        ("spoilers seen", {"film": "La La Land"}),
        ("spoilers unseen", {"film": "La La Land"}),
        ("spoilers status", {}),
    ]:
        reply = await run(app, name, dm(), **options)
        assert reply.ephemeral, name
        assert not reply.is_error, (name, reply.content)
    assert not command_table()["spoilers seen"].guild_only


async def test_seen_in_a_dm_is_stored_per_user(app):
    await run(app, "spoilers seen", dm(), film="La La Land")
    async with app.sessions() as session:
        rows = (await session.scalars(select(SeenFilm))).all()
    assert [(row.user_id, row.work) for row in rows] == [
        (MEMBER, app.catalog.resolve(None, "La La Land").work)
    ]
    assert_unwrapped(await quick(app, member()))


async def test_seen_twice_changes_nothing(app):
    await run(app, "spoilers seen", member(), film="La La Land")
    again = await run(app, "spoilers seen", member(), film="la la land (2016)")
    assert again.content.startswith("Nothing changed")
    async with app.sessions() as session:
        assert len((await session.scalars(select(SeenFilm))).all()) == 1


async def test_unseen_hides_spoilers_again(app):
    await run(app, "spoilers seen", member(), film="La La Land")
    reply = await run(app, "spoilers unseen", member(), film="La La Land")
    assert reply.ephemeral and "no longer marked seen" in reply.content
    async with app.sessions() as session:
        assert (await session.scalars(select(SeenFilm))).all() == []
    answer = await quick(app, member())
    assert not answer.ephemeral
    assert_wrapped(answer)

    again = await run(app, "spoilers unseen", member(), film="La La Land")
    assert again.content.startswith("Nothing changed")


async def test_on_opts_in_to_every_film(app):
    reply = await run(app, "spoilers on", member())
    assert reply.ephemeral and "every film" in reply.content
    answer = await quick(app, member())
    assert answer.ephemeral
    assert_unwrapped(answer)
    async with app.sessions() as session:
        assert (await session.get(ReaderSettings, MEMBER)).all_films


async def test_off_turns_off_all_films_only_and_says_what_remains(app):
    await run(app, "spoilers on", member())
    await run(app, "spoilers seen", member(), film="La La Land")

    reply = await run(app, "spoilers off", member())
    assert reply.ephemeral
    assert "You still have 1 film marked seen: /spoilers status" in reply.content
    async with app.sessions() as session:
        assert not (await session.get(ReaderSettings, MEMBER)).all_films
        assert len((await session.scalars(select(SeenFilm))).all()) == 1
    assert_unwrapped(await quick(app, member()))

    await run(app, "spoilers unseen", member(), film="La La Land")
    last = await run(app, "spoilers off", member())
    assert "Nothing changed" in last.content
    assert "No films are marked seen" in last.content
    assert_wrapped(await quick(app, member()))


async def test_unseen_while_every_film_is_on_says_spoilers_still_show(app):
    await run(app, "spoilers on", member())
    await run(app, "spoilers seen", member(), film="La La Land")
    reply = await run(app, "spoilers unseen", member(), film="La La Land")
    assert "/spoilers off" in reply.content
    assert_unwrapped(await quick(app, member()))


async def test_unknown_film_is_a_private_error_with_suggestions(app):
    reply = await run(app, "spoilers seen", member(), film="La La Lnd")
    assert reply.ephemeral and reply.is_error
    assert "Did you mean" in reply.content and "La La Land (2016)" in reply.content
    async with app.sessions() as session:
        assert (await session.scalars(select(SeenFilm))).all() == []


async def test_no_spoilers_channel_sends_non_opted_in_members_a_private_wrapped_answer(app):
    await run(
        app, "spoiler-rules channel", moderator(), channel=ChannelRef(20, GUILD), mode="no-spoilers"
    )
    answer = await quick(app, member(channel=20))
    assert answer.ephemeral
    assert_wrapped(answer)

    await run(app, "spoilers seen", member(), film="La La Land")
    opted = await quick(app, member(channel=20))
    assert opted.ephemeral
    assert_unwrapped(opted)


async def test_spoiler_channel_answers_publicly_and_unwrapped(app):
    await run(
        app, "spoiler-rules channel", moderator(), channel=ChannelRef(30, GUILD), mode="spoilers"
    )
    answer = await quick(app, member(channel=30))
    assert not answer.ephemeral
    assert_unwrapped(answer)


async def test_status_lists_films_and_this_servers_rules(app):
    mod = moderator()
    await run(app, "spoiler-rules role", mod, role=55)
    await run(app, "spoiler-rules channel", mod, channel=ChannelRef(20, GUILD), mode="no-spoilers")
    await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2031-01-01")
    await run(app, "spoilers seen", member(), film="La La Land")

    thread = member(channel=21, parent_channel_id=20, role_ids=frozenset({55}))
    reply = await run(app, "spoilers status", thread)
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert "Every film:** off" in embed.description
    assert "**La La Land** (2016)" in embed.description
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Opt-ins in this server"].startswith("Honoured")
    assert fields["Opt-in role"].startswith("You have <@&55>")
    assert "**no-spoilers**" in fields["This channel"]
    assert "its parent channel <#20>" in fields["This channel"]
    assert "until 2031-01-01" in fields["Embargoed here (spoilers only sent privately)"]

    without_role = await run(app, "spoilers status", member())
    fields = {field.name: field.value for field in without_role.embeds[0].fields}
    assert "you don't have it" in fields["Opt-in role"]
    assert "**standard**" in fields["This channel"] and "server default" in fields["This channel"]


async def test_status_in_a_dm_shows_only_personal_settings(app):
    await run(app, "spoilers on", dm())
    reply = await run(app, "spoilers status", dm())
    embed = reply.embeds[0]
    assert "Every film:** on" in embed.description
    assert "none" in embed.description
    assert [field.name for field in embed.fields] == ["Here (DM)"]


async def test_opt_ins_are_ignored_where_a_server_turns_them_off(app):
    await run(app, "spoiler-rules optin", moderator(), enabled=False)
    reply = await run(app, "spoilers seen", member(), film="La La Land")
    assert "this server ignores opt-ins" in reply.content
    answer = await quick(app, member())
    assert not answer.ephemeral
    assert_wrapped(answer)
    # The choice is still the member's own: other servers honour it.
    assert_unwrapped(await quick(app, member(guild=OTHER_GUILD)))


async def test_turning_off_with_the_opt_in_role_says_the_role_still_counts(app):
    await run(app, "spoiler-rules role", moderator(), role=55)
    await run(app, "spoilers on", member(role_ids=frozenset({55})))
    reply = await run(app, "spoilers off", member(role_ids=frozenset({55})))
    assert "opt-in role <@&55>" in reply.content


OWN_SETTINGS = [
    ("spoilers seen", {"film": "La La Land"}),
    ("spoilers unseen", {"film": "La La Land"}),
    ("spoilers on", {}),
    ("spoilers off", {}),
    ("spoilers status", {}),
]


async def test_a_servers_cooldown_does_not_hold_back_a_members_own_settings(app):
    """Was "Slow down" on a marathon's second film marked seen: the server's cooldown keeps
    its channels from being flooded, and /spoilers answers only its asker, privately, about
    their own settings (in DMs it was never held back). Film answers still wait."""
    told = await run(app, "spoiler-rules cooldown", moderator(), seconds=30)
    assert "nor /spoilers" in told.content  # the moderator setting it is told
    for name, options in OWN_SETTINGS * 2:
        reply = await run(app, name, member(), **options)
        assert reply.ephemeral and not reply.is_error, (name, reply.content)
    assert not (await quick(app, member())).is_error
    assert (await quick(app, member())).content.startswith("⚠️ Slow down: you can use /film quick")


async def test_a_servers_cooldown_does_not_hold_back_turning_the_guard_back_on(app):
    """Was "Slow down: you can use /spoiler guard-me again in 90 s." (up to an hour): a member
    who turned the guard off by mistake could not undo it, though guard-me, like /spoilers,
    answers only them, privately, about their own setting. The moderator is told so too."""
    told = await run(app, "spoiler-rules cooldown", moderator(), seconds=90)
    assert "/spoiler guard-me" in told.content
    for enabled in (False, True, False):
        reply = await run(app, "spoiler guard-me", member(), enabled=enabled)
        assert reply.ephemeral and not reply.is_error, reply.content
    # Bounded per member instead, as /spoilers is, with the same budget.
    assert command_table()["spoiler guard-me"].own_settings


async def test_a_members_own_settings_are_bounded_per_minute_everywhere(app, monkeypatch):
    """What bounds /spoilers' writes instead: uses per member in a sliding minute, in every
    server and DM together, whatever a server's cooldown; other members are not held back."""
    time = FakeTime()
    monkeypatch.setattr(app, "own_settings_budget", MemberMinuteBudget(clock=time.clock))
    places = [member(), member(guild=OTHER_GUILD), dm()]
    allowed = OWN_SETTINGS_PER_MINUTE
    for use in range(allowed):
        name, options = OWN_SETTINGS[use % len(OWN_SETTINGS)]
        reply = await run(app, name, places[use % len(places)], **options)
        assert not reply.is_error, (use, reply.content)
        time.now += 30 / allowed  # all within half a minute
    for place in places:
        refused = await run(app, "spoilers seen", place, film="La La Land")
        assert refused.content.startswith("⚠️ Slow down: you can use /spoilers seen again in")
    assert not (await run(app, "spoilers status", member(OTHER_MEMBER))).is_error
    time.now += 30  # the first use is a minute old
    assert not (await run(app, "spoilers status", dm())).is_error


async def test_film_titles_are_shown_as_typed_never_as_markdown(app):
    hostile = "*Bold* ||hidden|| <@&1> @everyone"
    async with app.sessions() as session, session.begin():
        await session.execute(update(Film).values(title=hostile))
    await app.catalog.refresh()
    await run(app, "spoilers seen", member(), film=hostile)

    status = await run(app, "spoilers status", member())
    text = status.embeds[0].description
    assert hostile in visible_text(text).replace("\u200b", "")  # mentions broken up, not lost
    assert hidden_text(text) == hidden_text(text, lazy_bars=True) == ""
    assert mentions_that_ping(text) == []


async def test_status_says_how_the_spoiler_guard_treats_your_messages_here(app):
    """Was silent: a member who opted out of the guard (per server) could not see it."""

    def guard(reply: Reply) -> str:
        return {field.name: field.value for field in reply.embeds[0].fields}["Spoiler guard"]

    assert guard(await run(app, "spoilers status", member())) == "Off in this server."

    await run(app, "spoiler-rules guard", moderator(), enabled=True, all_films=True)
    on = guard(await run(app, "spoilers status", member()))
    assert on.startswith("On for every film") and "guard-me enabled:false" in on

    await run(app, "spoiler guard-me", member(), enabled=False)
    out = guard(await run(app, "spoilers status", member()))
    assert out.startswith("You opted out") and "guard-me enabled:true" in out
    # Per server: another server's guard still looks at the member's messages.
    assert guard(await run(app, "spoilers status", member(guild=OTHER_GUILD))).startswith("Off")


async def test_status_never_says_the_role_opts_in_while_opt_ins_are_off(app):
    # With opt-ins off the role is ignored too: status must not tell a member who has it that
    # they count as opted in, beside the line saying spoilers stay hidden from them.
    mod = moderator()
    await run(app, "spoiler-rules role", mod, role=55)
    await run(app, "spoiler-rules optin", mod, enabled=False)
    for roles in (frozenset({55}), frozenset()):
        reply = await run(app, "spoilers status", member(role_ids=roles))
        fields = {field.name: field.value for field in reply.embeds[0].fields}
        assert fields["Opt-ins in this server"].startswith("Ignored")
        assert "count as opted in" not in fields["Opt-in role"]
        assert "<@&55>" in fields["Opt-in role"] and "ignored" in fields["Opt-in role"]
        answer = await quick(app, member(role_ids=roles))
        assert not answer.ephemeral
        assert_wrapped(answer)


async def test_status_lists_every_embargo_of_a_busy_server_within_discords_limits(app, tmp_path):
    """Was: the embargoes were cut at one field's 1,024 characters, "… and 27 more", with no
    way for a member to learn which films they were; they go on in further fields, within
    the 6,000 characters the member's seen films leave."""
    titles = [f"A Rather Long Film Title Number {n:02} For The Listing" for n in range(40)]
    for n, title in enumerate(titles):
        (tmp_path / f"f{n}.yaml").write_text(
            f"title: {title}\nyear: 2001\n"
            "sections: [{kind: quick_answer, level: ending, body: The end.}]\n"
        )
    assert not (await app.load_content([tmp_path], guild_id=GUILD)).problems
    for title in titles:
        await run(app, "spoiler-rules embargo", moderator(), film=title, until="2031-01-01")
    for title in titles[:10]:
        await run(app, "spoilers seen", member(), film=title)

    embed = (await run(app, "spoilers status", member())).embeds[0]
    listed = "\n".join(f.value for f in embed.fields if f.name.startswith("Embargoed here"))
    assert "more" not in listed, listed
    for title in titles:
        assert f"**{title}** (2001)" in listed
    total = len(embed.title) + len(embed.description or "") + len(embed.footer or "")
    total += sum(len(f.name) + len(f.value) for f in embed.fields)
    assert total <= 6000 and len(embed.fields) <= 25
    assert all(len(f.value) <= 1024 for f in embed.fields)


async def test_unseen_takes_a_title_several_films_share_when_one_is_marked_seen(app) -> None:
    """`/spoilers unseen film:dune` with Dune (1984) marked seen was "Several films are
    called 'dune': Dune (2021), Dune (1984)": of the films the title names, only one could be
    unmarked. Seen still asks which, as either could be marked."""
    remake = "title: Dune\nyear: {}\nsections:\n  - kind: quick_answer\n    body: It ends.\n"
    await app.loader.store(
        [parse_film_bytes(remake.format(year).encode(), f"d{year}.yaml") for year in (1984, 2021)]
    )
    await app.catalog.refresh()
    asked = await run(app, "spoilers seen", member(), film="dune")
    assert asked.is_error and "Several films are called 'dune'" in (asked.content or "")
    assert not (await run(app, "spoilers seen", member(), film="dune 1984")).is_error

    unseen = await run(app, "spoilers unseen", member(), film="dune")

    assert not unseen.is_error, unseen.content
    assert "Dune** (1984) is no longer marked seen" in (unseen.content or ""), unseen.content
    # Marked neither: asking which would only lead to "nothing changed" whichever was picked.
    again = await run(app, "spoilers unseen", member(), film="dune")
    assert again.ephemeral and not again.is_error, again.content
    assert (again.content or "").startswith("Nothing changed: none of"), again.content
    assert "**Dune** (2021)" in again.content and "**Dune** (1984)" in again.content
    assert "marked seen" in again.content
