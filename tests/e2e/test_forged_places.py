"""Interactions whose description of where they happen disagrees with itself: a server that is
not the channel's, a channel named twice with two ids, a button's message in another channel
than the press. Discord never sends one; a replayed or forged delivery may, and an answer
planned under one place's rules would be posted in the other."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from client.bot import EpilogueBot
from tests.e2e.harness import LA_LA_LAND, FilmClub, spoils
from tests.e2e.invariants import PromiseChecker
from tests.e2e.test_spoiler_guard import SPOILS, THREAD_SPOILS, turn_on
from tests.standin import Overwrite, StandinServer
from tests.standin.world import MANAGE_MESSAGES
from tests.support.timing import scaled

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"


def _elsewhere(people: FilmClub) -> dict[str, Callable[[dict[str, Any]], None]]:
    """Each way a command in Film Club's #general may name Other Club, whose every channel is a
    spoiler channel."""
    other = str(people.other.id)

    def server_is_other(payload: dict[str, Any]) -> None:
        payload["guild_id"] = other
        payload["guild"]["id"] = other

    def server_is_other_channel_says_so_too(payload: dict[str, Any]) -> None:
        server_is_other(payload)
        payload["channel"]["guild_id"] = other

    return {
        "guild_id of another server": server_is_other,
        "guild_id of another server, the channel's too": server_is_other_channel_says_so_too,
    }


FORGERIES = [
    "guild_id of another server",
    "guild_id of another server, the channel's too",
]


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("forgery", FORGERIES)
async def test_a_command_naming_another_server_than_its_channels_shows_nothing_there(
    standin: StandinServer, people: FilmClub, forgery: str
) -> None:
    """Mia is in both servers; Other Club's default is spoilers. A command she sent in Film
    Club's standard #general, delivered naming Other Club, was answered under Other Club's
    rules: the ending in the open in #general."""
    done = await standin.run_command(
        "/spoiler-rules default mode:spoilers",
        user=people.other_admin,
        channel=people.other_general,
    )
    assert not done.message.content.startswith("⚠️"), done.message.content
    standin.reshape_interaction = _elsewhere(people)[forgery]
    try:
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    finally:
        standin.reshape_interaction = None
    for message in asked.messages:
        assert message.ephemeral or not spoils(message), message.text
    assert not any(spoils(m) for m in standin.messages_in(people.general.id))
    assert asked.message.ephemeral and "two ways" in asked.message.content


@pytest.mark.usefixtures("bot")
async def test_a_command_naming_two_channels_is_not_answered_under_the_other_ones_rules(
    standin: StandinServer, people: FilmClub
) -> None:
    """``channel_id`` says #general, where the command was sent and its answer is posted;
    ``channel``, which discord.py reads, says #spoiler-room, a spoiler channel: it was answered
    under #spoiler-room's rule, the ending in the open in #general."""
    done = await standin.run_command(
        f"/spoiler-rules channel channel:<#{people.spoiler_room.id}> mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    assert not done.message.content.startswith("⚠️"), done.message.content

    def described_as_the_spoiler_room(payload: dict[str, Any]) -> None:
        payload["channel"].update(id=str(people.spoiler_room.id), name=people.spoiler_room.name)

    standin.reshape_interaction = described_as_the_spoiler_room
    try:
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    finally:
        standin.reshape_interaction = None
    assert not any(spoils(m) for m in standin.messages_in(people.general.id))
    assert asked.message.ephemeral and "two ways" in asked.message.content


@pytest.mark.usefixtures("bot")
async def test_a_page_pressed_in_another_channel_than_its_message_is_not_turned_open(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """An answer posted open in #spoiler-room, which moderators have since made standard: its
    Next turns the page behind bars. The same press delivered as if made in #quiet-room, still
    a spoiler channel, turned it under #quiet-room's rules: page two in the open in the room
    that is standard now."""
    promise.allow_spoilers_in(people.spoiler_room.id)  # its first answer, while it was one
    spoiler_room = f"<#{people.spoiler_room.id}>"
    for command in (
        f"/spoiler-rules channel channel:{spoiler_room} mode:spoilers",
        f"/spoiler-rules channel channel:<#{people.quiet.id}> mode:spoilers",
    ):
        await standin.run_command(command, user=people.moderator, channel=people.general)
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.spoiler_room
    )
    before = asked.message
    assert spoils(before), "posted open in a spoiler channel"
    await standin.run_command(
        f"/spoiler-rules channel channel:{spoiler_room} mode:standard",
        user=people.moderator,
        channel=people.general,
    )
    quiet = str(people.quiet.id)

    def pressed_in_the_quiet_room(payload: dict[str, Any]) -> None:
        payload["channel_id"] = quiet
        payload["channel"].update(id=quiet, name=people.quiet.name)

    standin.reshape_interaction = pressed_in_the_quiet_room
    try:
        turned = await standin.press_button(before, before.button_id("Next"), user=people.member)
    finally:
        standin.reshape_interaction = None
    now = standin.message(before.id)
    assert now is not None
    assert now.text == before.text or not spoils(now), "page two in the open"
    assert turned.message.ephemeral and "two ways" in turned.message.content


@pytest.mark.usefixtures("bot")
async def test_an_undo_on_a_message_of_another_channel_than_its_own_puts_nothing_back(
    standin: StandinServer, people: FilmClub
) -> None:
    """Sam may manage messages in #quiet-room only. Undo spoiler hide on a repost in #general,
    delivered as made in #quiet-room with his permissions there, was taken as a moderator's:
    the member's ending put back in the open in #general, where Sam moderates nothing."""
    people.quiet.overwrites.append(Overwrite(people.friend.id, 1, allow=MANAGE_MESSAGES))
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    await standin.run_message_command("Hide as spoiler", original, user=people.member)
    (repost,) = standin.messages_in(people.general)
    quiet = str(people.quiet.id)
    in_quiet = str(people.club.permissions_in(people.friend.id, people.quiet))

    def as_made_in_the_quiet_room(payload: dict[str, Any]) -> None:
        payload["channel_id"] = quiet
        payload["channel"].update(id=quiet, name=people.quiet.name)
        payload["member"]["permissions"] = in_quiet

    standin.reshape_interaction = as_made_in_the_quiet_room
    try:
        undone = await standin.run_message_command("Undo spoiler hide", repost, user=people.friend)
    finally:
        standin.reshape_interaction = None
    assert [m.id for m in standin.messages_in(people.general)] == [repost.id]
    assert not any(spoils(m) for m in standin.messages_in(people.general))
    assert undone.message.ephemeral and "two ways" in undone.message.content


@pytest.mark.usefixtures("guarded_bot")
async def test_a_message_naming_another_server_than_its_channels_is_guarded_where_it_is(
    standin: StandinServer, people: FilmClub
) -> None:
    """A member's spoiler in Film Club's guarded #general, its MESSAGE_CREATE naming Other
    Club, where the guard is off: it was read under Other Club's settings and left in the
    open."""
    await turn_on(standin, people)
    dispatch = standin.gateway.dispatch

    async def naming_other_club(event: str, data: dict[str, Any]) -> int:
        if event == "MESSAGE_CREATE":
            data = {**data, "guild_id": str(people.other.id)}
        return await dispatch(event, data)

    standin.gateway.dispatch = naming_other_club  # type: ignore[method-assign]
    try:
        said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
        await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    finally:
        del standin.gateway.dispatch
    (repost,) = standin.messages_in(people.general)
    assert not spoils(repost)


@pytest.mark.usefixtures("guarded_bot")
@pytest.mark.parametrize("event", ["THREAD_CREATE", "THREAD_UPDATE"])
async def test_a_thread_naming_another_server_than_its_parents_is_guarded_where_it_is(
    standin: StandinServer, people: FilmClub, event: str
) -> None:
    """A thread of Film Club's guarded #general whose title tells the ending, its THREAD_CREATE
    (or a THREAD_UPDATE after it) naming Other Club: discord.py filed the thread there, the
    guard read it under Other Club's settings (off) and left the title, and then every message
    in the thread."""
    await turn_on(standin, people)
    dispatch = standin.gateway.dispatch

    async def naming_other_club(name: str, data: dict[str, Any]) -> int:
        if name == event:
            data = {**data, "guild_id": str(people.other.id)}
        return await dispatch(name, data)

    standin.gateway.dispatch = naming_other_club  # type: ignore[method-assign]
    try:
        if event == "THREAD_CREATE":
            thread = await standin.member_starts_thread(
                THREAD_SPOILS, user=people.member, parent=people.general
            )
        else:
            thread = await standin.member_starts_thread(
                "talk", user=people.member, parent=people.general
            )
            thread.name = THREAD_SPOILS
            await standin.thread_changed(thread)
        await standin.wait_for(lambda: thread.name != THREAD_SPOILS, what="the rename")
        said = await standin.member_says(SPOILS, user=people.member, channel=thread)
        await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    finally:
        del standin.gateway.dispatch
    assert not any(spoils(m) for m in standin.messages_in(thread.id))


def _installed_elsewhere(people: FilmClub) -> dict[str, Callable[[dict[str, Any]], None]]:
    """Each way an interaction in a server without Epilogue may name a server installation
    that is not that server's: Discord's ``authorizing_integration_owners`` names the server
    an app was installed to under ``"0"`` (``"0"`` itself outside servers)."""
    member = str(people.member.id)

    def another_servers(payload: dict[str, Any]) -> None:
        payload["authorizing_integration_owners"] = {"0": str(people.other.id), "1": member}

    def a_dms(payload: dict[str, Any]) -> None:
        payload["authorizing_integration_owners"] = {"0": "0", "1": member}

    def anothers_alone(payload: dict[str, Any]) -> None:
        payload["authorizing_integration_owners"] = {"0": str(people.other.id)}

    def none_named(payload: dict[str, Any]) -> None:
        del payload["authorizing_integration_owners"]

    def its_own_from_before(payload: dict[str, Any]) -> None:
        # A delivery recorded while Film Club had Epilogue, sent again after it removed it.
        payload["authorizing_integration_owners"] = {"0": str(people.club.id), "1": member}

    return {
        "another server's install": another_servers,
        "a DM's install": a_dms,
        "another server's install alone": anothers_alone,
        "no install named": none_named,
        "its own install, from before the removal": its_own_from_before,
    }


INSTALLS = [
    "another server's install",
    "a DM's install",
    "another server's install alone",
    "no install named",
    "its own install, from before the removal",
]


@pytest.mark.parametrize("install", INSTALLS)
async def test_an_install_of_another_place_opens_nothing_in_a_server_that_removed_epilogue(
    standin: StandinServer, people: FilmClub, bot: EpilogueBot, install: str
) -> None:
    """Film Club made #general a spoiler channel, then removed Epilogue: there its old rules
    only narrow, as nobody can see or change them any more. Mia, with the app installed to
    her own account, asks there; the delivery names a server installation, of Other Club (or
    a DM's, ``"0"``), never Film Club's, or names none at all (as older payloads did), or
    names Film Club's own, as one made before the removal and delivered again does. Read as
    installed here, #general's old spoilers rule put the ending in the open."""
    done = await standin.run_command(
        f"/spoiler-rules channel channel:{people.general.mention} mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    assert "spoilers" in done.message.content, done.message.content
    del people.club.members[people.world.bot.id]  # removed: no server install any more
    await standin.gateway.dispatch("GUILD_DELETE", {"id": str(people.club.id)})
    await standin.settle()
    # Let go of once Discord's API confirms it (``client.server_removals``).
    await asyncio.wait_for(asyncio.gather(*bot.removals_checked), scaled(10))
    assert bot.get_guild(people.club.id) is None
    standin.reshape_interaction = _installed_elsewhere(people)[install]
    try:
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    finally:
        standin.reshape_interaction = None

    for message in asked.messages:
        assert message.ephemeral or not spoils(message), message.text
    assert not any(spoils(m) for m in standin.messages_in(people.general.id))
