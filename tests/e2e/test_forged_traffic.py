"""Interactions and events Discord never sends as they come here: a field of the payload forged
or replayed so that the bot takes a public message for a private one, or an old state for the
current one. Each was answered under the wrong audience's rules."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from bot.buttons import AnswerAction, AnswerButton, LogPageButton, SeenPageButton, parse
from bot.spoiler_policy.markup import Treatment
from tests.e2e.harness import LA_LA_LAND, FilmClub, spoils
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.records import walk_components
from tests.support.discord_markdown import visible_text
from tests.support.fake_discord import settle as discord_tasks_done

EPHEMERAL = 1 << 6


@pytest.mark.usefixtures("bot")
async def test_a_page_pressed_on_a_public_answer_said_to_be_ephemeral_is_not_turned_open(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """An answer posted open in #spoiler-room, which moderators have since made standard; Mia
    has opted in to every film. Its Next, pressed with the message's ``flags`` saying it is
    ephemeral (seen by Mia alone), was turned as a private answer to her is: page two in the
    open, in a public message of a standard channel."""
    promise.allow_spoilers_in(people.spoiler_room.id)  # its first answer, while it was one
    spoiler_room = f"<#{people.spoiler_room.id}>"
    await standin.run_command(
        f"/spoiler-rules channel channel:{spoiler_room} mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    await standin.run_command("/spoilers on", user=people.member, channel=people.general)
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.spoiler_room
    )
    before = asked.message
    assert not before.ephemeral and spoils(before), "posted open in a spoiler channel"
    await standin.run_command(
        f"/spoiler-rules channel channel:{spoiler_room} mode:standard",
        user=people.moderator,
        channel=people.general,
    )

    def said_to_be_ephemeral(payload: dict[str, Any]) -> None:
        payload["message"]["flags"] = int(payload["message"].get("flags") or 0) | EPHEMERAL

    standin.reshape_interaction = said_to_be_ephemeral
    try:
        await standin.press_button(before, before.button_id("Next"), user=people.member)
    finally:
        standin.reshape_interaction = None
    now = standin.message(before.id)
    assert now is not None
    assert now.text == before.text or not spoils(now), "page two in the open"

    # The button's id said to be a private page's too, shown openly (its ``private`` mark and
    # treatment, which anyone may write into an id), and the message described as holding
    # that button: the bot trusted both, and turned the page as an edit of the public
    # message, open as Mia's opt-in lets her read it.
    before = now
    real = before.button_id("Next")
    pressed = parse(real)
    assert isinstance(pressed, AnswerButton)
    crafted = replace(pressed, page=0, private=True, treatment=Treatment.SHOW).encode()

    def a_private_page(payload: dict[str, Any]) -> None:
        said_to_be_ephemeral(payload)
        payload["data"]["custom_id"] = crafted
        payload["message"] = json.loads(json.dumps(payload["message"]).replace(real, crafted))

    standin.reshape_interaction = a_private_page
    try:
        turned = await standin.press_button(before, real, user=people.member)
    finally:
        standin.reshape_interaction = None
    now = standin.message(before.id)
    assert now is not None
    assert now.text == before.text or not spoils(now), "a page in the open, by a crafted id"
    # Taken quietly and the message read through the press's token: Discord says it is public.
    assert turned.callback_type == 6 and any(r.method == "GET" for r in turned.record.requests)
    assert any(message.ephemeral and spoils(message) for message in turned.messages), (
        "Mia's page, sent to her alone"
    )


@pytest.mark.usefixtures("bot")
async def test_a_page_pressed_from_a_thread_started_on_its_answer_follows_the_answers_channel(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """An answer posted open in #spoiler-room; a thread started from it (so the thread has the
    answer's id, and shows it at its top) is made a spoiler thread of its own, and then
    #spoiler-room is made standard. Next, pressed on the answer as shown in the thread, was
    turned under the thread's rule: page two in the open in #spoiler-room, where the message
    is, standard now."""
    promise.allow_spoilers_in(people.spoiler_room.id)  # its first answer, while it was one
    spoiler_room = f"<#{people.spoiler_room.id}>"
    await standin.run_command(
        f"/spoiler-rules channel channel:{spoiler_room} mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.spoiler_room
    )
    before = asked.message
    assert not before.ephemeral and spoils(before), "posted open in a spoiler channel"
    thread = await standin.member_starts_thread(
        "talk", user=people.member, parent=people.spoiler_room, from_message=before
    )
    promise.allow_spoilers_in(thread.id)
    for channel, mode in ((f"<#{thread.id}>", "spoilers"), (spoiler_room, "standard")):
        done = await standin.run_command(
            f"/spoiler-rules channel channel:{channel} mode:{mode}",
            user=people.moderator,
            channel=people.general,
        )
        assert not done.message.content.startswith("⚠️"), done.message.content

    def pressed_in_the_thread(payload: dict[str, Any]) -> None:
        payload["channel_id"] = str(thread.id)
        payload["channel"] = {**payload["channel"], **thread.payload()}

    standin.reshape_interaction = pressed_in_the_thread
    try:
        await standin.press_button(before, before.button_id("Next"), user=people.member)
    finally:
        standin.reshape_interaction = None
    now = standin.message(before.id)
    assert now is not None
    assert now.text == before.text or not spoils(now), "page two in the open"


@pytest.mark.usefixtures("bot")
async def test_a_command_in_a_thread_the_bot_does_not_hold_said_to_be_of_a_spoiler_channel(
    standin: StandinServer, people: FilmClub
) -> None:
    """#general keeps spoilers out; #spoiler-room is a spoiler channel. A command in a private
    thread of #general the bot was never shown, its ``channel`` describing the thread as
    #spoiler-room's (``parent_id``), was answered under #spoiler-room's rule: the ending in the
    open in a thread of a no-spoilers channel."""
    for channel, mode in ((people.general, "no-spoilers"), (people.spoiler_room, "spoilers")):
        done = await standin.run_command(
            f"/spoiler-rules channel channel:<#{channel.id}> mode:{mode}",
            user=people.moderator,
            channel=people.general,
        )
        assert not done.message.content.startswith("⚠️"), done.message.content
    unseen = people.club.thread("plans", people.general, private=True)

    def said_to_be_of_the_spoiler_room(payload: dict[str, Any]) -> None:
        payload["channel"]["parent_id"] = str(people.spoiler_room.id)

    standin.reshape_interaction = said_to_be_of_the_spoiler_room
    try:
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=unseen
        )
    finally:
        standin.reshape_interaction = None
    for message in asked.messages:
        assert message.ephemeral or not spoils(message), message.text


@pytest.mark.usefixtures("bot")
async def test_a_command_in_a_thread_the_bot_does_not_hold_follows_its_confirmed_parent(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """The same thread, described as it is (of #spoiler-room), and #general keeping spoilers
    out: Discord confirms the parent, so the answer is open, as in #spoiler-room."""
    for channel, mode in ((people.general, "no-spoilers"), (people.spoiler_room, "spoilers")):
        await standin.run_command(
            f"/spoiler-rules channel channel:<#{channel.id}> mode:{mode}",
            user=people.moderator,
            channel=people.general,
        )
    unseen = people.club.thread("plans", people.spoiler_room, private=True)
    promise.allow_spoilers_in(unseen.id)
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=unseen
    )
    assert not asked.message.ephemeral and spoils(asked.message), asked.message.text


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("event", ["THREAD_CREATE", "THREAD_UPDATE"])
async def test_a_thread_event_naming_another_parent_does_not_move_the_thread(
    standin: StandinServer, people: FilmClub, event: str
) -> None:
    """#general keeps spoilers out; #spoiler-room is a spoiler channel. A thread of #general,
    held by the bot, sent again (forged, or a stand-in's mistake) as #spoiler-room's: discord.py
    filed it under #spoiler-room, and a command in it was answered with the ending in the
    open in a thread of a no-spoilers channel. Discord never moves a thread."""
    for channel, mode in ((people.general, "no-spoilers"), (people.spoiler_room, "spoilers")):
        await standin.run_command(
            f"/spoiler-rules channel channel:<#{channel.id}> mode:{mode}",
            user=people.moderator,
            channel=people.general,
        )
    moved = {
        **people.thread.payload(),
        "parent_id": str(people.spoiler_room.id),
        "guild_id": str(people.club.id),
    }
    await standin.gateway.dispatch(event, moved)
    await standin.settle()
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.thread
    )
    for message in asked.messages:
        assert message.ephemeral or not spoils(message), message.text


@pytest.mark.usefixtures("bot")
async def test_a_moderator_roles_permissions_taken_away_are_not_given_back_by_a_late_command(
    standin: StandinServer, people: FilmClub
) -> None:
    """Moe moderates through the Moderators role (Manage Messages). A command he made while
    he held it, making #general a spoiler channel, reaches the bot late, after Discord told it
    the role was taken from him: the role grants nothing, but the ``permissions`` Discord
    worked out from it when the command was made still made him a moderator, and #general a
    spoiler channel, the next answer there open to all."""
    held: list[dict[str, Any]] = []
    dispatch = standin.gateway.dispatch

    async def holding(event: str, data: dict[str, Any]) -> int:
        if event == "INTERACTION_CREATE" and not held:
            held.append(data)
            return 0
        return await dispatch(event, data)

    await standin.run_command("/spoilers status", user=people.moderator, channel=people.general)
    standin.gateway.dispatch = holding  # type: ignore[method-assign]
    try:
        ctx = standin._context(people.moderator, None, people.general, None, False, None)
        command = f"/spoiler-rules channel channel:<#{people.general.id}> mode:spoilers"
        data = standin._command_data(command, ctx, None, focused=None)
        record = await standin.send_interaction(2, ctx, data)
    finally:
        del standin.gateway.dispatch
    people.club.add_member(people.moderator, [])
    await standin.member_changed(people.club, people.moderator)
    await discord_tasks_done()

    await standin.gateway.dispatch("INTERACTION_CREATE", held[0])
    await standin.wait_for(lambda: record.callback is not None, what="the answer")
    await standin.settle()
    await discord_tasks_done()
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    for message in asked.messages:
        assert message.ephemeral or not spoils(message), message.text


@pytest.mark.usefixtures("bot")
async def test_a_command_in_a_server_channel_said_to_be_in_no_server_shows_nothing_there(
    standin: StandinServer, people: FilmClub
) -> None:
    """Mia has opted in to every film. A command she sent in #general, a standard channel,
    delivered without its server (``guild_id``, ``guild`` and ``member`` left out, as in a DM):
    answered as a DM is, the ending unwrapped would be posted for everyone in #general. (Held
    on main already: a probe kept against regressions.)"""
    await standin.run_command("/spoilers on", user=people.member, channel=people.general)

    def as_in_a_dm(payload: dict[str, Any]) -> None:
        member = payload.pop("member")
        payload["user"] = member["user"]
        for key in ("guild_id", "guild", "guild_locale"):
            payload.pop(key, None)

    standin.reshape_interaction = as_in_a_dm
    try:
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    finally:
        standin.reshape_interaction = None
    for message in asked.messages:
        assert message.ephemeral or not spoils(message), message.text
    assert not any(spoils(m) for m in standin.messages_in(people.general.id))


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("naming", ["another member", "another channel"])
async def test_an_interaction_delivered_again_naming_another_asker_or_place_answers_nothing(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, naming: str
) -> None:
    """Mia (not opted in) asks for the ending in #general: public, wrapped. The same
    interaction (its id and token) delivered again naming Sam, who opted in to every film, or
    #spoiler-room: answered for Sam privately, or under #spoiler-room's rule, unwrapped, as a
    follow-up on Mia's token, which Discord shows to Mia (or posts in #general)."""
    await standin.run_command("/spoilers on", user=people.friend, channel=people.general)
    await standin.run_command(
        f"/spoiler-rules channel channel:<#{people.spoiler_room.id}> mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    (answer,) = asked.messages
    assert not answer.ephemeral and not spoils(answer), "public and wrapped"
    payload = json.loads(json.dumps(asked.record.payload))
    if naming == "another member":
        sam = people.club.members[people.friend.id]
        payload["member"] = {**payload["member"], "user": sam.payload(0)["user"]}
    else:
        room = str(people.spoiler_room.id)
        payload["channel_id"] = room
        payload["channel"] = {**payload["channel"], "id": room, "name": people.spoiler_room.name}
    before = len(asked.record.requests)
    await standin.gateway.dispatch("INTERACTION_CREATE", payload)
    await standin.settle()
    await discord_tasks_done()
    await standin.settle()
    for request in asked.record.requests[before:]:
        if request.status >= 300:
            continue  # refused by Discord: shown to nobody
        body = request.json or {}
        data = body.get("data", body) if isinstance(body, dict) else {}
        texts = [str(data.get("content") or "")] + [
            str(embed.get("description") or "") for embed in data.get("embeds") or []
        ]
        assert not any("Sebastian" in visible_text(text) for text in texts), request


@pytest.mark.usefixtures("bot")
async def test_a_press_of_a_button_its_message_does_not_hold_turns_nothing_open(
    standin: StandinServer, people: FilmClub
) -> None:
    """A public, wrapped answer in #general; its Next pressed with the press's custom id
    crafted into a revealed private copy's page (action and audience) and the message's
    ``flags`` forged ephemeral: the message Discord describes holds no such button, yet the
    press was answered, and the public answer turned into the unwrapped text."""
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    before = asked.message
    assert not before.ephemeral and not spoils(before)
    pressed = parse(before.button_id("Next"))
    assert isinstance(pressed, AnswerButton)
    crafted = replace(pressed, action=AnswerAction.REVEALED_PAGE, private=True).encode()

    def crafted_on_a_private_copy(payload: dict[str, Any]) -> None:
        payload["data"]["custom_id"] = crafted
        payload["message"]["flags"] = int(payload["message"].get("flags") or 0) | EPHEMERAL

    standin.reshape_interaction = crafted_on_a_private_copy
    try:
        await standin.press_button(before, before.button_id("Next"), user=people.member)
    finally:
        standin.reshape_interaction = None
    now = standin.message(before.id)
    assert now is not None and not spoils(now), "the public answer turned open"


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("page", [SeenPageButton(1), LogPageButton(1)], ids=["status", "log"])
async def test_a_private_list_pressed_on_a_public_message_said_to_be_ephemeral_stays_private(
    standin: StandinServer, people: FilmClub, page: SeenPageButton | LogPageButton
) -> None:
    """``/spoilers status``'s pages (the films a member opted in to) and ``/spoiler-rules
    log``'s (the moderators') edit the message pressed, which is private: a press forged onto
    a public answer, its message said to be ephemeral and to hold that page's button, would
    have put the list in the open had the press's ``flags`` been trusted. The pressed message
    is read through the press's token, Discord says it is public, and the page goes to the
    presser alone (held since the answers' pages were: ``client.pressed_messages``)."""
    await standin.run_command("/spoilers on", user=people.moderator, channel=people.general)
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    before = asked.message
    assert not before.ephemeral
    real = next(
        str(c["custom_id"])
        for c in walk_components(before.components)
        if "custom_id" in c and not c.get("disabled")
    )
    crafted = page.encode()

    def private_list(payload: dict[str, Any]) -> None:
        payload["message"]["flags"] = int(payload["message"].get("flags") or 0) | EPHEMERAL
        payload["data"]["custom_id"] = crafted
        payload["message"] = json.loads(json.dumps(payload["message"]).replace(real, crafted))

    standin.reshape_interaction = private_list
    try:
        pressed = await standin.press_button(before, real, user=people.moderator)
    finally:
        standin.reshape_interaction = None
    now = standin.message(before.id)
    assert now is not None and now.text == before.text, "the private list put in the open"
    assert any(message.ephemeral for message in pressed.messages), pressed.messages


async def _replayed(standin: StandinServer, payload: dict[str, Any]) -> None:
    await standin.gateway.dispatch("INTERACTION_CREATE", payload)
    await standin.settle()
    await discord_tasks_done()
    await standin.settle()


def shown_texts(requests: list[Any]) -> list[str]:
    """What each request the bot made, and Discord took, shows: its message text and embeds."""
    texts: list[str] = []
    for request in requests:
        if request.status >= 300:
            continue  # refused by Discord: shown to nobody
        body = request.json or {}
        data = body.get("data", body) if isinstance(body, dict) else {}
        texts.append(str(data.get("content") or ""))
        for embed in data.get("embeds") or []:
            texts.append(str(embed.get("description") or ""))
            texts += [str(field.get("value") or "") for field in embed.get("fields") or []]
    return [visible_text(text) for text in texts]


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("made", ["a press of Next", "the command"])
async def test_an_interaction_delivered_again_asking_something_else_answers_nothing(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, made: str
) -> None:
    """Mia (opted in to nothing) asks for the ending in #general (public, wrapped) and turns
    its page. Her press, or her command, delivered again (its id and token) as a press of the
    answer's Reveal, which the message does hold: its member, server and channel are the first
    delivery's, so it was read, and answered as a Reveal on her token, which Discord shows to
    her: the ending, unwrapped, which she never asked for."""
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    answer = asked.message
    assert not answer.ephemeral and not spoils(answer), "public and wrapped"
    reveal_id = next(cid for cid in answer.custom_ids if cid.startswith("epi:a:reveal:"))
    turned = await standin.press_button(answer, answer.button_id("Next"), user=people.member)
    record = turned.record if made == "a press of Next" else asked.record
    payload = json.loads(json.dumps(record.payload))
    if made == "the command":
        described = json.loads(json.dumps(turned.record.payload))
        payload["type"] = described["type"]
        payload["message"] = described["message"]
    payload["data"] = {"custom_id": reveal_id, "component_type": 2}
    before = len(record.requests)
    await _replayed(standin, payload)
    assert not any("Sebastian" in text for text in shown_texts(record.requests[before:]))


@pytest.mark.usefixtures("bot")
async def test_an_answer_a_standard_thread_was_started_from_shows_no_ending_there(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """An answer posted open in #spoiler-room; a thread started from it shows it at its top,
    and a moderator makes that thread standard. Its readers were promised wrapped endings, and
    read the answer's open at the top of the thread; a Next pressed on it (in the thread or in
    #spoiler-room) turned its page open there too. It is shown in both places, so it follows
    the stricter rule of the two."""
    promise.allow_spoilers_in(people.spoiler_room.id)
    spoiler_room = f"<#{people.spoiler_room.id}>"
    await standin.run_command(
        f"/spoiler-rules channel channel:{spoiler_room} mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.spoiler_room
    )
    before = asked.message
    assert not before.ephemeral and spoils(before), "posted open in a spoiler channel"
    thread = await standin.member_starts_thread(
        "talk", user=people.member, parent=people.spoiler_room, from_message=before
    )
    done = await standin.run_command(
        f"/spoiler-rules channel channel:<#{thread.id}> mode:standard",
        user=people.moderator,
        channel=people.general,
    )
    assert not done.message.content.startswith("⚠️"), done.message.content

    def hidden() -> bool:
        now = standin.message(before.id)
        return now is not None and not spoils(now)

    await standin.wait_for(hidden, what="the ending at the top of the thread hidden")
    now = standin.message(before.id)
    assert now is not None

    await standin.press_button(now, now.button_id("Next"), user=people.member)
    turned = standin.message(before.id)
    assert turned is not None and not spoils(turned), "page two open at the top of the thread"
