"""A film keystroke answered from its payload (``client.film_keystrokes``) is answered as the
tree's path answers it: the same hostile payloads sent both ways give the same callbacks, the
same log lines, the same sightings of the member's roles and the same work ahead (its
``Invocation`` too). Each case also says which way its deliveries went: a test of the payload
path that never took it would prove nothing."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import Callable
from typing import Any

import pytest

import client.film_keystrokes
import client.slash
from bot.invocation import Invocation
from tests.support.fake_discord import (
    GUILD_ID,
    MODERATOR,
    OTHER_GUILD_ID,
    OTHER_SERVER_CHANNEL,
    SPOILER_CHANNEL,
    SPOILER_CHANNEL_ID,
    THREAD,
    Asker,
    Channel,
    Session,
    settle,
)
from tests.support.payload_edits import Payloads, again, options_of, set_at

ASKER = Asker(user_id=4242)


def typing(
    command: str = "film info",
    typed: str = "la la",
    asker: Asker = ASKER,
    change: Callable[[dict[str, Any]], None] | None = None,
) -> Payloads:
    """One keystroke into ``command``'s film option, ``change`` made to its payload."""

    def made(session: Session) -> list[dict[str, Any]]:
        data = session.command_data(command, {"film": typed}, focused="film")
        payload = session.discord.interaction(4, data, asker)
        if change is not None:
            change(payload)
        return [payload]

    return made


def _both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        for one in changes:
            one(payload)

    return change


def _asker_as_user(payload: dict[str, Any]) -> None:
    payload["user"] = payload.pop("member")["user"]


def _focused_twice(payload: dict[str, Any]) -> None:
    # discord.py's Namespace keeps the last value of a name: the tree answers "zzz".
    options_of(payload).append({"name": "film", "type": 3, "value": "zzz"})


def _focus_on(name: str) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        for option in options_of(payload):
            option.pop("focused", None)
        options_of(payload).append({"name": name, "type": 3, "value": "x", "focused": True})

    return change


def _typed_value(value: Any) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        options_of(payload)[0]["value"] = value

    return change


PAST_63 = str(2**63 + 7)

# (case, payloads, how many deliveries the payload path answers from the payload)
CASES: list[tuple[str, Payloads, int]] = [
    ("plain", typing(), 1),
    ("plain, nothing typed", typing(typed=""), 1),
    ("plain /film ending (work ahead)", typing("film ending", "La La Land"), 1),
    ("a title and its ending's words", typing("film ending", "la la land mia sebastian"), 1),
    ("moderator", typing(asker=dataclasses.replace(MODERATOR, user_id=4243)), 1),
    (
        "in a spoiler channel",
        typing("film ending", "La La Land", Asker(4244, channel=SPOILER_CHANNEL)),
        1,
    ),
    ("member without permissions", typing(change=set_at("member.permissions", ...)), 1),
    ("member without roles", typing(change=set_at("member.roles", ...)), 1),
    ("member without flags", typing(change=set_at("member.flags", ...)), 1),
    (
        "user without discriminator and avatar",
        typing(
            change=_both(
                set_at("member.user.discriminator", ...), set_at("member.user.avatar", ...)
            )
        ),
        1,
    ),
    ("asker as a user alone in a server", typing(change=_asker_as_user), 1),
    ("channel named by id alone", typing(change=set_at("channel", ...)), 1),
    ("server named two ways", typing(change=set_at("guild.id", str(OTHER_GUILD_ID))), 0),
    (
        "channel of another server",
        typing(change=set_at("channel.guild_id", str(OTHER_GUILD_ID))),
        0,
    ),
    ("channel named two ways", typing(change=set_at("channel_id", str(SPOILER_CHANNEL_ID))), 0),
    (
        "another server's channel, both named alike",
        typing(
            change=_both(set_at("channel_id", str(OTHER_SERVER_CHANNEL.id)), set_at("channel", ...))
        ),
        0,
    ),
    ("replayed as another member", again(typing(), set_at("member.user.id", "4299")), 1),
    (
        "replayed in another channel",
        again(
            typing(),
            _both(
                set_at("channel_id", str(SPOILER_CHANNEL_ID)),
                set_at("channel", SPOILER_CHANNEL.payload()),
            ),
        ),
        1,
    ),
    ("delivered twice", again(typing("film ending", "La La Land")), 2),
    (
        "delivered twice, the role gone",
        again(typing(asker=Asker(4245, roles=(77,))), set_at("member.roles", [])),
        2,
    ),
    ("user past 63 bits", typing(asker=Asker(user_id=2**63 + 1)), 0),
    ("role past 63 bits", typing(asker=Asker(4246, roles=(2**63 + 2,))), 0),
    ("role past 64 bits", typing(change=set_at("member.roles", [str(2**64 + 3)])), 0),
    ("negative role", typing(change=set_at("member.roles", ["-4"])), 0),
    ("role not a number", typing(change=set_at("member.roles", ["x"])), 0),
    ("roles as numbers", typing(change=set_at("member.roles", [77])), 0),
    ("channel past 63 bits", typing(asker=Asker(4247, channel=Channel(2**63 + 5, "far"))), 0),
    ("server past 63 bits", typing(change=set_at("guild_id", PAST_63)), 0),
    ("in a thread", typing(asker=Asker(4248, channel=THREAD)), 0),
    ("in a DM", typing(asker=Asker(4249, channel=None)), 0),
    (
        "a server not held",
        typing(change=_both(set_at("guild_id", "600"), set_at("guild.id", "600"))),
        0,
    ),
    ("joined_at unreadable", typing(change=set_at("member.joined_at", "yesterday")), 0),
    ("permissions unreadable", typing(change=set_at("member.permissions", "all")), 0),
    ("user without a name", typing(change=set_at("member.user.username", ...)), 0),
    ("no application id", typing(change=set_at("application_id", ...)), 0),
    ("typed a number", typing(change=_typed_value(5)), 0),
    ("typed null (read as nothing typed)", typing(change=_typed_value(None)), 1),
    ("focused twice by name", typing(change=_focused_twice), 1),
    ("focused on an option the command lacks", typing(change=_focus_on("nope")), 0),
    ("focused on the question option", typing("film faq", change=_focus_on("question")), 0),
    ("nothing focused", typing(change=lambda p: options_of(p)[0].pop("focused")), 0),
    ("an unknown command", typing(change=set_at("data.name", "nope")), 0),
    (
        "an option of a resolved kind",
        typing(change=lambda p: options_of(p).append({"name": "x", "type": 6, "value": "1"})),
        0,
    ),
    ("a message attached", typing(change=set_at("message", {"id": "1", "channel_id": "2"})), 0),
]


def _normal(text: str) -> str:
    """A log line with its numbers (ids, ages) left out: two deliveries differ by their ids."""
    return re.sub(r"\d+(\.\d+)?", "N", text)


async def _outcome(
    session: Session,
    payloads: Payloads,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    *,
    from_payload: bool,
) -> tuple[list[Any], int]:
    bot = session.bot
    monkeypatch.setattr(bot.film_keystrokes, "enabled", from_payload)
    worked: list[tuple[str, str, Any, Invocation | None]] = []

    def prepare_soon(
        client: Any, typing: Any, spec: Any, typed: str, invocation_of: Callable[[], Any]
    ) -> None:
        # What would be worked out ahead, read as it is read (when it runs is the wall clock's).
        invocation = invocation_of()
        if invocation is not None:
            # Its id and the time it was read differ between two deliveries, nothing else may.
            invocation = dataclasses.replace(invocation, interaction_id=0, now=invocation.now.min)
        worked.append((spec.name, typed, typing._replace(keystroke=0), invocation))

    monkeypatch.setattr(client.slash, "prepare_soon", prepare_soon)
    monkeypatch.setattr(client.film_keystrokes, "prepare_soon", prepare_soon)
    answered = bot.film_keystrokes.answered
    sent, sightings = [], []
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        for payload in payloads(session):
            text = str(payload.get("id"))
            exchange = session.discord.exchanges[payload["token"]]
            before = len(exchange.sent)
            bot._connection.parsers["INTERACTION_CREATE"](payload)
            await settle()
            await asyncio.gather(*bot.refusing_places)  # a place named two ways: told so
            sent.append([(s.callback_type, s.body.get("data")) for s in exchange.sent[before:]])
            sightings.append(text.isdigit() and int(text) in bot.role_readings._read)
    logged = sorted(
        (r.levelname, _normal(r.getMessage()))
        for r in caplog.records
        if r.levelno >= logging.WARNING
    )
    return [sent, worked, sightings, logged], bot.film_keystrokes.answered - answered


async def test_a_keystroke_is_answered_alike_either_way(
    discord_session: Session, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every case on one bot (a bot's start costs more than all the cases): each case's two
    deliveries see the same state, as neither path changes what the other reads but the
    member's role sightings, which both make alike."""
    discord_session.discord.refusals_expected = True  # a second delivery's answer is refused
    labels = {entry.label for entry in discord_session.bot.app.catalog.films(GUILD_ID)}
    for case, payloads, from_payload in CASES:
        tree, taken = await _outcome(
            discord_session, payloads, caplog, monkeypatch, from_payload=False
        )
        assert taken == 0, case
        mine, taken = await _outcome(
            discord_session, payloads, caplog, monkeypatch, from_payload=True
        )
        assert taken == from_payload, case
        assert mine == tree, case
        # The spoiler promise: a choice is a film's title and year, nothing of its content.
        for answers in mine[0]:
            for callback_type, data in answers:
                if callback_type == 8:
                    names = [choice["name"] for choice in data["choices"]]
                    assert set(names) <= labels or "not an id Discord gives" in names[0], names
