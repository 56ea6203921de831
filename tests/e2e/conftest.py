"""Fixtures: the stand-in with a film club in it, and the real bot in this process.

Every test ends by checking the promise (``invariants.py``) on everything the bot sent.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from client.bot import EpilogueBot
from client.catch_up import CatchUp
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
from tests.support.timing import TIME_SCALE, scaled

PRODUCT_DEADLINES = (
    "client.slash.READY_WITHIN_S",
    "client.slash.ACKNOWLEDGE_BY_S",
    "client.metrics.ACK_DEADLINE_S",
    "client.context_menus.STILL_WORKING_S",
    "client.context_menus.RENAME_WAIT_S",
    "client.thread_parents.LOOKUP_S",
    "client.message_reading.PREVIEW_WAIT_S",
    "bot.content.film_file.PARSE_BUDGET_SECONDS",
)
"""The bot's own wall-clock deadlines that decide which answer a member reads (one round trip
or "thinking…" first, a hide's outcome or "⏳ Still at it", a file read or "took longer than
10 s"), each set for Discord's 3 s or a member's patience on a quiet machine."""


@pytest.fixture(autouse=True)
def product_deadlines_scaled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot in this process keeps its deadlines in step with the stand-in's, on a machine
    ``EPILOGUE_TEST_TIME_SCALE`` times slower (``tests/support/timing.py``): its 3 s for a
    first callback is then 15 s, and the bot's 1.5 s to acknowledge by 7.5 s; each answer is
    the one a quiet machine gives. A test that sets one of them sets it after this."""
    if TIME_SCALE == 1:
        return
    for name in PRODUCT_DEADLINES:
        module, attribute = name.rsplit(".", 1)
        seconds = getattr(importlib.import_module(module), attribute)
        monkeypatch.setattr(name, scaled(seconds))


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


@pytest.fixture
async def guarded_bot_ready(guarded_bot: EpilogueBot) -> EpilogueBot:
    """``guarded_bot`` once its first session is READY as discord.py tells it (``on_ready``,
    2 s after the last GUILD_CREATE) and that READY's catch-up has run: a test of a later
    session's (or an outage's) catch-up then reads that one alone. Otherwise the first runs
    whenever the machine's load has it run, on a busy one after the test's first messages,
    and reads them too."""
    await guarded_bot.wait_until_ready()
    catch_up = getattr(guarded_bot.get_cog("SpoilerGuardListener"), "catch_up", None)
    assert isinstance(catch_up, CatchUp)
    await asyncio.gather(*catch_up.pending())
    return guarded_bot
