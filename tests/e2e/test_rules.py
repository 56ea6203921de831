"""``/spoiler-rules …``: a server's moderators decide where spoilers may be shown."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, shown, spoils
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinError, StandinServer

pytestmark = pytest.mark.usefixtures("bot")


async def moderate(standin: StandinServer, people: FilmClub, command: str) -> str:
    """Run a moderator command in #general; every answer is private."""
    result = await standin.run_command(command, user=people.moderator, channel=people.general)
    assert result.message.ephemeral, result
    return result.message.content or shown(result.message)


async def ask(standin: StandinServer, people: FilmClub, where: object, view: str = "ending"):  # type: ignore[no-untyped-def]
    result = await standin.run_command(
        f"/film {view} film:{LA_LA_LAND}", user=people.member, channel=where
    )
    return result.message


async def test_spoiler_channel_shows_everything_to_everyone(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    promise.allow_spoilers_in(people.spoiler_room.id)
    said = await moderate(
        standin,
        people,
        f"/spoiler-rules channel channel:{people.spoiler_room.mention} mode:spoilers",
    )
    assert "is now **spoilers**" in said

    answer = await ask(standin, people, people.spoiler_room)
    assert not answer.ephemeral and spoils(answer)
    assert not any(c.startswith("epi:a:reveal:") for c in answer.custom_ids)

    # The checker would have flagged that message anywhere else.
    strict = PromiseChecker(standin)
    assert any("shows" in v for v in strict.violations())


async def test_no_spoiler_channel_and_threads_follow_their_parent(
    standin: StandinServer, people: FilmClub
) -> None:
    await moderate(
        standin, people, f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers"
    )
    quiet = await ask(standin, people, people.quiet)
    assert quiet.ephemeral and not spoils(quiet)
    card = await ask(standin, people, people.quiet, "info")
    assert not card.ephemeral, "a spoiler-free card is still public"

    await moderate(
        standin, people, f"/spoiler-rules channel channel:{people.general.mention} mode:no-spoilers"
    )
    in_thread = await ask(standin, people, people.thread)
    assert in_thread.ephemeral, "the thread follows #general"

    said = await moderate(
        standin, people, f"/spoiler-rules channel channel:{people.general.mention} mode:inherit"
    )
    assert "has no rule of its own now" in said
    assert not (await ask(standin, people, people.thread)).ephemeral

    rules = await moderate(standin, people, "/spoiler-rules show")
    assert f"<#{people.quiet.id}>: **no-spoilers**" in rules
    assert f"<#{people.general.id}>" not in rules


async def test_default_mode_applies_to_this_server_only(
    standin: StandinServer, people: FilmClub
) -> None:
    said = await moderate(standin, people, "/spoiler-rules default mode:no-spoilers")
    assert "Channels without their own rule" in said

    assert (await ask(standin, people, people.general)).ephemeral
    elsewhere = await ask(standin, people, people.other_general)
    assert not elsewhere.ephemeral and not spoils(elsewhere)


async def test_embargo_keeps_spoilers_private_until_cleared(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    until = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)).isoformat()
    said = await moderate(
        standin, people, f"/spoiler-rules embargo film:{LA_LA_LAND} until:{until}"
    )
    assert until in said

    embargoed = await ask(standin, people, people.general, "quick")
    assert embargoed.ephemeral and not spoils(embargoed)

    promise.allow_spoilers_in(people.spoiler_room.id)
    await moderate(
        standin,
        people,
        f"/spoiler-rules channel channel:{people.spoiler_room.mention} mode:spoilers",
    )
    in_spoiler_room = await ask(standin, people, people.spoiler_room, "quick")
    assert not in_spoiler_room.ephemeral and spoils(in_spoiler_room)

    past = await moderate(standin, people, f"/spoiler-rules embargo film:{LA_LA_LAND} days:3")
    assert "released on 2016-12-09" in past

    said = await moderate(standin, people, f"/spoiler-rules embargo-clear film:{LA_LA_LAND}")
    assert "no longer embargoed" in said
    assert not (await ask(standin, people, people.general, "quick")).ephemeral


async def test_opt_in_role_and_ignoring_opt_ins(standin: StandinServer, people: FilmClub) -> None:
    people.club.add_member(people.friend, [people.fans])
    said = await moderate(standin, people, f"/spoiler-rules role role:{people.fans.mention}")
    assert f"<@&{people.fans.id}>" in said

    fan = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert fan.message.ephemeral and spoils(fan.message)

    await standin.run_command(
        f"/spoilers seen film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    await moderate(standin, people, "/spoiler-rules optin enabled:false")
    for reader in (people.friend, people.member):
        answer = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=reader, channel=people.general
        )
        assert not answer.message.ephemeral and not spoils(answer.message)

    await moderate(standin, people, "/spoiler-rules optin enabled:true")
    await moderate(standin, people, "/spoiler-rules role clear:true")
    fan = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert not fan.message.ephemeral


async def test_cooldown_is_per_member_and_command(standin: StandinServer, people: FilmClub) -> None:
    said = await moderate(standin, people, "/spoiler-rules cooldown seconds:60")
    assert "60" in said

    first = await ask(standin, people, people.general, "info")
    assert not first.ephemeral
    second = await ask(standin, people, people.general, "info")
    assert second.ephemeral and "again in" in second.content
    assert not (await ask(standin, people, people.general, "quick")).ephemeral
    friend = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert not friend.message.ephemeral

    # Discord's client stops a value outside the registered bounds (the core checks again:
    # tests/bot/features/spoiler_rules/test_rules.py).
    with pytest.raises(StandinError, match="outside"):
        await moderate(standin, people, "/spoiler-rules cooldown seconds:999999")
    await moderate(standin, people, "/spoiler-rules cooldown seconds:0")
    assert not (await ask(standin, people, people.general, "info")).ephemeral


async def test_log_lists_who_changed_what(standin: StandinServer, people: FilmClub) -> None:
    empty = await moderate(standin, people, "/spoiler-rules log")
    assert "Nothing is in this server's moderators' log yet" in empty

    await moderate(standin, people, "/spoiler-rules default mode:no-spoilers")
    await moderate(
        standin, people, f"/spoiler-rules channel channel:{people.quiet.mention} mode:spoilers"
    )
    log = await moderate(standin, people, "/spoiler-rules log")

    lines = log.splitlines()
    assert f"<@{people.moderator.id}>" in lines[0] and "spoilers" in lines[0]
    assert "default mode to no-spoilers" in lines[1]
    assert "log has 1 page" in await moderate(standin, people, "/spoiler-rules log page:2")
