"""Fixtures: the stand-in with a film club in it, and the real bot in this process.

Every test ends by checking the promise (``invariants.py``) on everything the bot sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from client.bot import EpilogueBot
from tests.e2e.harness import (
    TOKEN,
    FilmClub,
    bot_in_process,
    client_pointed_at,
    film_club,
    identify_spacing,
    make_config,
)
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.world import MESSAGE_CONTENT_INTENT


@pytest.fixture
def people() -> FilmClub:
    return film_club()


@pytest.fixture
async def standin(
    people: FilmClub, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StandinServer]:
    async with StandinServer(people.world, expected_token=TOKEN) as server:
        # Discord's one IDENTIFY per 5 s, at 1 s: bots restarted and sessions started again
        # in their turns, in less of the suite's time. No test identifies sooner than that.
        identify_spacing(server, monkeypatch, 1.0)
        with client_pointed_at(server):
            yield server
        gateway = server.gateway
        assert gateway.identifies_too_soon == 0, (
            f"{gateway.identifies_too_soon} IDENTIFY(s) sooner than the stand-in's"
            f" {gateway.identify_spacing_s} s per rate-limit key (op 9, as Discord answers)"
        )
        # Discord disconnects an app past 120 gateway payloads a minute (4008).
        assert gateway.closed_rate_limited == 0, (
            f"{gateway.closed_rate_limited} connection(s) closed 4008: past"
            f" {gateway.events_per_minute} gateway payloads a minute"
        )


@pytest.fixture(params=[True, False], ids=["content-intent", "no-content-intent"])
def content_intent(request: pytest.FixtureRequest, people: FilmClub) -> bool:
    """Whether the app has the Message Content intent in the Developer Portal. Without it (as
    when the guard is not used) Discord withholds members' words from the bot in every read,
    REST included, but in the message command's own copy of its target."""
    if not request.param:
        people.world.granted_intents &= ~MESSAGE_CONTENT_INTENT
    return bool(request.param)


@pytest.fixture
def promise(standin: StandinServer) -> PromiseChecker:
    return PromiseChecker(standin)


@pytest.fixture
async def bot(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> AsyncIterator[EpilogueBot]:
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config) as running:
        yield running
    assert promise.violations() == []
    assert standin.unknown_requests == []


@pytest.fixture
async def guarded_bot(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> AsyncIterator[EpilogueBot]:
    """The bot configured to read members' messages (the Message Content intent is on)."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.message_content = True
    async with bot_in_process(standin, config) as running:
        yield running
    assert promise.violations() == []
    assert standin.unknown_requests == []
