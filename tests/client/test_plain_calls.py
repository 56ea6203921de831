"""A slash command read without discord.py's ``Namespace`` (``EpilogueTree._call``) is run and
answered as discord.py's tree runs it: the same payloads sent both ways give the same requests,
the same log lines and the same sightings of the member's roles. Each case also says whether
it went the plain way: a test of that way that never took it would prove nothing."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.fake_discord import (
    MODERATOR,
    SPOILER_CHANNEL,
    THREAD,
    Asker,
    Channel,
    Session,
    settle,
)
from tests.support.payload_edits import Payloads, again, options_of, set_at

ASKER = Asker(user_id=5151)


def asked(
    command: str = "film ending",
    asker: Asker = ASKER,
    change: Callable[[dict[str, Any]], None] | None = None,
    **options: Any,
) -> Payloads:
    """``/command`` with ``options`` (La La Land's ending unless named), ``change`` made to
    its payload."""
    if command == "film ending" and not options:
        options = {"film": "La La Land"}

    def made(session: Session) -> list[dict[str, Any]]:
        data = session.command_data(command, options)
        payload = session.discord.interaction(2, data, asker)
        if change is not None:
            change(payload)
        return [payload]

    return made


def _added(**option: Any) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        options_of(payload).append(option)

    return change


def _value(value: Any) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        options_of(payload)[0]["value"] = value

    return change


def _options_dropped(payload: dict[str, Any]) -> None:
    payload["data"]["options"][0]["options"] = []


# (case, payloads, how many deliveries go the plain way)
CASES: list[tuple[str, Payloads, int]] = [
    ("plain /film ending", asked(), 1),
    ("privately (a boolean option)", asked(film="La La Land", private=True), 1),
    ("/film info", asked("film info", film="La La Land"), 1),
    ("in a spoiler channel", asked(asker=Asker(5152, channel=SPOILER_CHANNEL)), 1),
    ("a moderator", asked(asker=dataclasses.replace(MODERATOR, user_id=5153)), 1),
    ("nothing clear typed", asked(film="zzqx"), 1),
    ("/film faq, a question named", asked("film faq", film="La La Land", question="1"), 1),
    ("/film list, page 2 (a bounded integer)", asked("film list", page=2), 1),
    ("/film list, page 0 (below its bound)", asked("film list", page=0), 1),
    (
        "/film list, page as text",
        asked("film list", change=_added(name="page", type=4, value="x")),
        1,
    ),
    ("/spoilers status (no options)", asked("spoilers status"), 1),
    ("a required option missing", asked("film search", query="x", change=_options_dropped), 1),
    ("the film typed as a number", asked(change=_value(5)), 1),
    ("the film as null", asked(change=_value(None)), 1),
    (
        "the film named twice (the last counts)",
        asked(change=_added(name="film", type=3, value="zzz")),
        1,
    ),
    ("an option the command lacks", asked(change=_added(name="nope", type=3, value="x")), 1),
    ("an option's name a number", asked(change=_added(name=7, type=3, value="x")), 0),
    ("an option without a value", asked(change=_added(name="nope", type=3)), 0),
    ("an option of a resolved kind", asked(change=_added(name="x", type=6, value="1")), 0),
    ("a number option", asked(change=_added(name="x", type=10, value=1.5)), 0),
    ("resolved objects sent", asked(change=set_at("data.resolved", {})), 0),
    ("an unknown command", asked(change=set_at("data.name", "nope")), 0),
    (
        "an unknown subcommand",
        asked(change=lambda p: p["data"]["options"][0].update(name="nope")),
        0,
    ),
    ("a group alone", asked(change=set_at("data.options", [])), 0),
    ("a context menu's kind", asked(change=set_at("data.type", 3)), 0),
    ("in a thread", asked(asker=Asker(5154, channel=THREAD)), 1),
    ("in a DM", asked(asker=Asker(5155, channel=None)), 1),
    (
        "installed by the user alone",
        asked(change=set_at("authorizing_integration_owners", {"1": "5151"})),
        1,
    ),
    ("user past 63 bits", asked(asker=Asker(user_id=2**63 + 1)), 1),
    ("channel past 63 bits", asked(asker=Asker(5156, channel=Channel(2**63 + 5, "far"))), 1),
    ("member without permissions", asked(change=set_at("member.permissions", ...)), 1),
    ("delivered twice", again(asked()), 2),
    (
        "delivered twice, the role gone",
        again(asked(asker=Asker(5157, roles=(77,))), set_at("member.roles", [])),
        2,
    ),
    # The replay is refused before any command is read: only the first is called.
    ("replayed as another member", again(asked(), set_at("member.user.id", "5199")), 1),
]


def _normal(text: str) -> str:
    """A log line or request with its numbers (ids, tokens, ages) left out: two deliveries
    differ by their ids."""
    return re.sub(r"\d+(\.\d+)?", "N", text)


async def _outcome(
    session: Session,
    payloads: Payloads,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    *,
    plainly: bool,
) -> tuple[list[Any], int]:
    bot = session.bot
    monkeypatch.setattr(bot.tree, "plain_calls", plainly)
    before_calls = bot.tree.called_plainly
    sent, sightings = [], []
    caplog.clear()
    with caplog.at_level(logging.INFO):
        for payload in payloads(session):
            text = str(payload.get("id"))
            exchange = session.discord.exchanges[payload["token"]]
            before = len(exchange.sent)
            bot._connection.parsers["INTERACTION_CREATE"](payload)
            await settle()
            await asyncio.gather(*bot.refusing_places)
            sent.append(
                [
                    (s.method, _normal(s.path), _normal(repr(s.body)), sorted(s.files))
                    for s in exchange.sent[before:]
                ]
            )
            sightings.append(text.isdigit() and int(text) in bot.role_readings._read)
    logged = sorted(
        (r.name, r.levelname, _normal(r.getMessage()))
        for r in caplog.records
        if r.levelno >= logging.INFO and r.name.startswith(("client", "bot", "discord"))
    )
    # (asyncio's "Task exception was never retrieved", logged when a task is collected, is
    # left out: when that happens is the collector's, not the case's.)
    return [sent, sightings, logged], bot.tree.called_plainly - before_calls


async def test_a_command_is_run_and_answered_alike_either_way(
    discord_session: Session, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every case on one bot (a bot's start costs more than all the cases): each case's two
    deliveries see the same state (cooldowns off: the second would otherwise be refused for
    the first's sake)."""
    discord_session.discord.refusals_expected = True  # a second delivery's answer is refused
    app = discord_session.bot.app
    monkeypatch.setattr(app.cooldowns, "check", lambda *args, **kwargs: None)
    await app.film_search.index(wait=60)  # built once, before the cases (it logs when done)
    for case, payloads, plainly in CASES:
        tree, taken = await _outcome(discord_session, payloads, caplog, monkeypatch, plainly=False)
        assert taken == 0, case
        mine, taken = await _outcome(discord_session, payloads, caplog, monkeypatch, plainly=True)
        assert taken == plainly, case
        assert mine == tree, case
        assert any(mine[0]) or not plainly, case  # every plain case was answered
