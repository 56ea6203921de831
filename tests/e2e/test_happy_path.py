"""The happy path as a checker scripts it against a Discord stand-in of its own: a stand-in
answering only the routes Discord's reference requires for it, every member command and button
the README lists, in the shapes such a stand-in may plausibly send, each answer in the shape
Discord documents (the stand-in refuses one over Discord's limits)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    LA_LA_LAND,
    FilmClub,
    behind_bars,
    bot_in_process,
    footer,
    make_config,
)
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.records import RecordedRequest

Reshape = Callable[[dict[str, Any]], None]

MINIMAL_ROUTES = {
    *("GET /users/@me", "GET /applications/@me", "GET /gateway/bot"),
    *("PUT /applications/{app}/commands", "POST /interactions/{iid}/{token}/callback"),
    "POST /webhooks/{app}/{token}",
    *(f"{method} /webhooks/{{app}}/{{token}}/messages/{{mid}}" for method in ("GET", "PATCH")),
    "DELETE /webhooks/{app}/{token}/messages/{mid}",
}
"""What a happy path needs of Discord: logging in (discord.py's ``GET /users/@me``, the
application at the Application resource's page alone), the gateway, the commands, the
interaction's callback and its webhook."""

ALL_BITS = str((1 << 53) - 1)
"""Every permission bit a JSON number can hold, as a stand-in granting everything may say."""

CHANNEL_KINDS = (0, 2, 5, 10, 11, 12, 13, 15, 16)
"""Text, voice, announcement, the three threads, stage, forum and media: where a command can
be run, as an interaction's ``channel.type`` names it."""


def shaped(
    *,
    app_permissions: str | None = None,
    member_permissions: str | None = None,
    locale: str | None = None,
    context: int | None = None,
    channel_kinds: tuple[int, ...] = (),
    followups_pressed: bool = False,
    reference_channels: bool = True,
) -> Reshape:
    """Each interaction reshaped as a stand-in might send it; ``channel_kinds`` are taken in
    turn, one per interaction."""
    sent = [0]

    def reshape(payload: dict[str, Any]) -> None:
        if app_permissions is not None:
            payload["app_permissions"] = app_permissions
        if member_permissions is not None and isinstance(payload.get("member"), dict):
            payload["member"]["permissions"] = member_permissions
        if locale is not None:
            payload["locale"] = payload["guild_locale"] = locale
        if context is not None:
            payload["context"] = context
            owners = {"0": payload["guild_id"]} if "guild_id" in payload else {}
            user = payload.get("user") or payload["member"]["user"]
            payload["authorizing_integration_owners"] = {**owners, "1": user["id"]}
        if followups_pressed and payload["type"] == 3:
            as_an_ephemeral_followup(payload)
            if not reference_channels and "message_reference" in payload["message"]:
                # Discord's reference says it is always there on receipt; a stand-in may not.
                del payload["message"]["message_reference"]["channel_id"]
        if channel_kinds and isinstance(payload.get("channel"), dict):
            payload["channel"]["type"] = channel_kinds[sent[0] % len(channel_kinds)]
        sent[0] += 1

    return reshape


def as_an_ephemeral_followup(payload: dict[str, Any]) -> None:
    """A pressed private message described as Discord describes an ephemeral follow-up: the
    app's webhook, the command it answered, no server or member of its own."""
    message = payload.get("message")
    if not isinstance(message, dict) or not int(message.get("flags") or 0) & 64:
        return
    user = payload.get("user") or payload["member"]["user"]
    message.pop("guild_id", None)
    message.pop("member", None)
    message.update(
        webhook_id=payload["application_id"],
        application_id=payload["application_id"],
        position=0,
        interaction_metadata={
            "id": str(int(payload["id"]) - 1),
            "type": 2,
            "user": user,
            "authorizing_integration_owners": {"0": payload.get("guild_id", "0")},
            "original_response_message_id": str(int(message["id"]) - 1),
        },
        message_reference={
            "type": 0,
            "message_id": str(int(message["id"]) - 1),
            "channel_id": message["channel_id"],
        },
    )


SHAPES: dict[str, Reshape] = {
    "as-the-stand-in-sends": shaped(),
    "no-app-permissions-es-419-context-0": shaped(app_permissions="0", locale="es-419", context=0),
    "all-bits-unknown-locale-user-installed": shaped(
        app_permissions=ALL_BITS,
        member_permissions=ALL_BITS,
        locale="xx-YY",
        context=2,
        followups_pressed=True,
    ),
    "every-kind-of-channel": shaped(channel_kinds=CHANNEL_KINDS),
    "followups-pressed-their-reference-without-channel": shaped(
        followups_pressed=True, reference_channels=False
    ),
}


def _message_body(request: RecordedRequest) -> dict[str, Any] | None:
    """The message a request to Discord creates or edits (a callback's ``data``), if any."""
    body = request.json
    if body is None and "payload_json" in request.form:
        body = json.loads(request.form["payload_json"])
    if isinstance(body, dict) and request.path.endswith("/callback"):
        body = body.get("data") if body.get("type") in (4, 7) else None
    if isinstance(body, dict) and ("content" in body or "embeds" in body):
        return body
    return None


MEMBER_COMMANDS = (
    *(f"/film {topic} film:{LA_LA_LAND}" for topic in ("info", "quick", "recap", "themes")),
    *(f"/film {topic} film:{LA_LA_LAND}" for topic in ("symbolism", "faq")),
    "/film search query:jazz",
    "/film list",
    f"/spoilers seen film:{LA_LA_LAND}",
    "/spoilers status",
    f"/spoiler post film:{LA_LA_LAND} text:Mia marries someone else",
)


@pytest.mark.parametrize(
    ("reshape", "answers"),
    [
        *((reshape, "full") for reshape in SHAPES.values()),
        (SHAPES["as-the-stand-in-sends"], "in-part"),
        (SHAPES["as-the-stand-in-sends"], "none"),
    ],
    ids=[*SHAPES, "answers-in-part", "callbacks-204"],
)
async def test_every_command_and_button_against_a_minimal_stand_in(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    tmp_path: Path,
    reshape: Reshape,
    answers: str,
) -> None:
    """A page turned, a Reveal and a page turned on its private copy, every member command, a
    moderator's and an admin's, against a stand-in answering only ``MINIMAL_ROUTES``; its
    answers to the bot as Discord gives them, in part (a callback's message, an edit's, a
    follow-up's: no ``author``, ``channel_id`` or ``type``) or 204 with no body."""
    standin.implemented_routes = MINIMAL_ROUTES
    standin.reshape_interaction = reshape
    if answers == "in-part":
        standin.callback_answer = standin.edit_answer = standin.post_answer = "partial"
    elif answers == "none":
        standin.callback_bodies = False
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        ending = (
            await standin.run_command(
                f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
            )
        ).message
        turned = await standin.press_button(ending, ending.button_id("Next"), user=people.member)
        page = standin.message(ending.id)
        assert page is not None
        reveal = next(c for c in page.custom_ids if c.startswith("epi:a:reveal:"))
        copy = (await standin.press_button(page, reveal, user=people.friend)).message
        back = await standin.press_button(copy, copy.button_id("◀"), user=people.friend)
        asked = [
            await standin.run_command(command, user=people.member, channel=people.general)
            for command in MEMBER_COMMANDS
        ]
        asked.append(
            await standin.run_command(
                f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
                user=people.moderator,
                channel=people.general,
            )
        )
        asked.append(
            await standin.run_command(
                f"/film-admin export film:{LA_LA_LAND}", user=people.admin, channel=people.general
            )
        )

    assert all(result.callback_type == 4 and not result.message.loading for result in asked)
    assert "La La Land" in asked[0].message.text, asked[0].message.content
    assert "marries" in behind_bars(asked[-3].message), asked[-3].message.content
    assert "no-spoilers" in asked[-2].message.content, asked[-2].message.content
    assert turned.callback_type == 7 and copy.ephemeral
    # A revealed copy's page turns in place once Discord says (@original, read through the
    # press's token) its message is private; told in part (no ``flags``), it is sent anew,
    # privately.
    assert back.callback_type == 6 and back.messages and back.messages[-1].ephemeral
    in_place = answers != "in-part"
    assert (back.record.followup_ids == []) == in_place, back.record.requests
    assert "Page 1/3" in footer(back.messages[-1])
    bodies = [
        (str(request), body)
        for record in standin.interactions
        for request in record.requests
        if (body := _message_body(request)) is not None
    ]
    unmuted = [where for where, body in bodies if body.get("allowed_mentions") != {"parse": []}]
    assert bodies and unmuted == [], unmuted
    assert promise.violations() == []
    # Asked first, discord.py's page on the application; then the one this stand-in answers.
    unknown = {f"{r.method} {r.path}" for r in standin.unknown_requests}
    assert unknown == {"GET /api/v10/oauth2/applications/@me"}, unknown


SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"


async def test_edits_and_reads_of_an_answer_answered_with_less_are_done(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> None:
    """``PATCH …/messages/@original`` (the answer after "thinking…") answered with ``{}``,
    ``null``, 204 or the message in part (no ``author``, ``channel_id`` or ``type``): the edit
    is made once and stands, nothing is sent again."""
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        for shape in ("empty", "null", "none", "partial"):
            standin.edit_answer = shape
            said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
            hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)
            paths = [f"{r.method} {r.path.split('/')[-1]}" for r in hidden.record.requests]
            assert paths == ["POST callback", "PATCH @original"], (shape, paths)
            assert "Nothing was lost" in hidden.message.content, (shape, hidden.message.content)
    assert promise.violations() == []


def _leaf_options(payload: dict[str, Any]) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = payload["data"].get("options") or []
    while options and options[0]["type"] in (1, 2):
        options = options[0].get("options") or []
    return options


def others_as(values: dict[str, Any]) -> Reshape:
    """Autocomplete's options other than the focused one set as given (None: left out), and no
    ``resolved``: what a member typing may have half-written."""

    def reshape(payload: dict[str, Any]) -> None:
        if payload["type"] != 4:
            return
        options = _leaf_options(payload)
        for name, value in values.items():
            found = [option for option in options if option["name"] == name]
            for option in found:
                options.remove(option)
            if value is not None:
                options.append({"name": name, "type": 3, "value": value})
        payload["data"].pop("resolved", None)

    return reshape


async def test_autocomplete_while_other_options_are_invalid(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Discord sends what is typed in the other options as it stands, invalid or not: the
    film's choices come all the same."""
    embargo = "/spoiler-rules embargo film:la la days:5 until:x"
    post = "/spoiler post film:la la text:x"
    typed: dict[str, tuple[str, dict[str, Any]]] = {
        "days as text": (embargo, {"days": "abc"}),
        "days zero": (embargo, {"days": 0}),
        "days past any bound": (embargo, {"days": 10**20}),
        "days a fraction": (embargo, {"days": 1.5}),
        "until not a date": (embargo, {"until": "tomorrowish"}),
        "text empty": (post, {"text": ""}),
        "text too long": (post, {"text": "y" * 5000}),
        "a file not resolved": (post, {"attachment": "123"}),
        "private as text": ("/film ending film:la la private:true", {"private": "yes"}),
    }
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        offered = {}
        for case, (command, others) in typed.items():
            standin.reshape_interaction = others_as(others)
            user = people.moderator if "rules" in command else people.member
            offered[case] = await standin.autocomplete(
                command, user=user, channel=people.general, focused="film"
            )
    without = [case for case, choices in offered.items() if not choices]
    assert without == [], offered
    assert all(choices[0]["name"].startswith("La La Land") for choices in offered.values())
