"""Gateway close codes that end a session for good, through ``epilogue run``'s own loop.

discord.py resumes after most closes, but raises on those Discord documents as not to be
retried as they are: 4004 (the token was reset), 4010-4013 (the shards or intents asked for),
4014 (a privileged intent not switched on). The operator gets one line saying what to fix, not a
traceback; where the bot can run on, it does: 4011 ("sharding required", a bot past 2,500
servers on one connection) with the shards ``GET /gateway/bot`` recommends. The runner runs in
this process (``client.runner._serve``) against the stand-in.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import pytest

from client import runner
from client.bot import EpilogueBot
from tests.e2e.harness import (
    LA_LA_LAND,
    FilmClub,
    film_club,
    make_config,
    register_commands,
    stop_serving,
    wait_identified,
)
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.world import snowflake
from tests.support.timing import scaled


@pytest.fixture
def people() -> FilmClub:
    # Bit 22 is the lowest bit of a snowflake's timestamp: it picks shard 0 or 1 of 2.
    return film_club(club_id=snowflake() & ~(1 << 22), other_id=snowflake() | (1 << 22))


async def until(task: asyncio.Task[int], waiting: Awaitable[None]) -> None:
    """Await ``waiting`` unless the runner ends first (then fail with what it returned)."""
    waiter = asyncio.ensure_future(waiting)
    done, _ = await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    if waiter not in done:
        waiter.cancel()
        raise AssertionError(f"the runner ended first: {task.result()!r}")
    waiter.result()


@pytest.fixture
async def served(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> AsyncIterator[tuple[asyncio.Task[int], list[EpilogueBot]]]:
    """``epilogue run``'s loop in this process; each client it makes is in the list."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    await register_commands(config)
    bots: list[EpilogueBot] = []
    task = asyncio.create_task(runner._serve(config, started=bots.append))
    try:
        yield task, bots
    finally:
        await stop_serving(task, bots)
    assert promise.violations() == []


async def test_sharding_required_runs_on_with_the_recommended_shards(
    standin: StandinServer,
    people: FilmClub,
    served: tuple[asyncio.Task[int], list[EpilogueBot]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    standin.gateway.max_guilds_per_shard = 1  # two servers: too many for one connection
    standin.gateway.shard_count = 2  # what GET /gateway/bot recommends
    standin.gateway.max_concurrency = 2  # both shards may identify at once (a large bot's)
    task, bots = served

    await until(task, standin.wait_shards_ready(2))

    assert len(bots) == 2 and bots[-1].shard_count == 2
    told = [r.getMessage() for r in caplog.records if "4011" in r.getMessage()]
    assert told and "shard_count" in told[0]
    for member, channel in (
        (people.member, people.general),
        (people.other_member, people.other_general),
    ):
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=member, channel=channel
        )
        assert "Damien Chazelle" in answered.message.text


async def test_shards_identify_in_turns_that_leave_room_for_a_slow_arrival(
    standin: StandinServer,
    people: FilmClub,
    served: tuple[asyncio.Task[int], list[EpilogueBot]],
) -> None:
    """Discord counts its one IDENTIFY per rate-limit key every 5 s as IDENTIFYs arrive, and a
    send's transit varies: one shard's IDENTIFY arriving late left the next one's, sent a
    tenth of the spacing later, arriving too soon (op 9). The turns keep a margin of time,
    not a share of the spacing (here 1 s, the stand-in's)."""
    standin.gateway.max_guilds_per_shard = 1
    standin.gateway.shard_count = 2
    standin.gateway.max_concurrency = 1  # one rate-limit key: the shards one after the other
    # The unsharded client's IDENTIFY (closed 4011) on time, shard 0's 0.4 s in transit.
    standin.gateway.identify_transits_s = [0.0, 0.4]
    task, _ = served

    await until(task, standin.wait_shards_ready(2))

    assert standin.gateway.identifies_too_soon == 0
    assert standin.gateway.identify_transits_s == []


async def test_a_sharded_resume_confirmed_with_null_runs_on_in_a_new_client(
    standin: StandinServer,
    people: FilmClub,
    served: tuple[asyncio.Task[int], list[EpilogueBot]],
) -> None:
    """RESUMED with ``d`` null (no field is documented): discord.py writes into it before any
    parser, and a sharded client ends itself on the TypeError (the plain one starts a new
    session, ``EpilogueBot.connect``): ``epilogue run`` stopped with a traceback. It now runs
    on in a new client, every shard identifying afresh."""
    standin.gateway.max_guilds_per_shard = 1
    standin.gateway.shard_count = 2
    standin.gateway.max_concurrency = 2  # both shards may identify at once (a large bot's)
    standin.gateway.resumed_data = None
    task, bots = served
    await until(task, standin.wait_shards_ready(2))
    clients, identified = len(bots), standin.gateway.identify_count

    await standin.request_reconnect()
    await until(task, wait_identified(standin, identified + 2, timeout=10))
    await until(task, standin.wait_shards_ready(2))

    assert len(bots) == clients + 1 and bots[-1].shard_count == 2
    # The new client's shards in their turns after the old one's (Discord: op 9 sooner).
    assert standin.gateway.identifies_too_soon == 0
    for member, channel in (
        (people.member, people.general),
        (people.other_member, people.other_general),
    ):
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=member, channel=channel
        )
        assert "Damien Chazelle" in answered.message.text


async def test_a_token_reset_while_running_stops_with_what_to_do(
    standin: StandinServer,
    served: tuple[asyncio.Task[int], list[EpilogueBot]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    task, _ = served
    await until(task, standin.wait_ready())

    await standin.reset_token("a.new.token")

    assert await asyncio.wait_for(task, scaled(5)) == 2
    # The log's own lines may go to stderr too (whatever handler an earlier test left on the
    # root logger): what matters is the one line saying what to do, and no traceback.
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "Discord rejected the token" in line]
    assert "Reset Token" in line and "Traceback" not in err


async def test_a_days_session_starts_used_up_are_waited_for_not_spent(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> None:
    """Discord allows 1,000 IDENTIFYs a day (GET /gateway/bot's ``session_start_limit``); one
    more and it resets the bot's token, ending every session until the owner puts a new one
    in (a restart loop gets there). discord.py never looks: Epilogue waits for the reset."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    await register_commands(config)
    standin.gateway.use_up_session_starts(reset_after_s=1.5)
    bots: list[EpilogueBot] = []
    task = asyncio.create_task(runner._serve(config, started=bots.append))
    try:
        await until(task, wait_identified(standin, 1, timeout=8))

        assert standin.gateway.refused_session_starts == 0
        result = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        assert "Damien Chazelle" in result.message.text
    finally:
        await stop_serving(task, bots)
    assert promise.violations() == []


async def test_sharding_required_runs_on_when_gateway_bot_names_no_session_start_limit(
    standin: StandinServer,
    people: FilmClub,
    served: tuple[asyncio.Task[int], list[EpilogueBot]],
) -> None:
    """``GET /gateway/bot`` without ``session_start_limit`` (a stand-in or proxy that names only
    the URL and the shards): the recommended shards still start, one IDENTIFY at a time (no
    ``max_concurrency`` named: 1, Discord's own for a bot that is not large)."""
    standin.gateway.max_guilds_per_shard = 1
    standin.gateway.shard_count = 2

    def without_limit(found: dict[str, Any]) -> None:
        del found["session_start_limit"]

    standin.reshape_gateway_bot = without_limit
    task, bots = served

    await until(task, standin.wait_shards_ready(2))

    assert bots[-1].shard_count == 2
    # Shard 1 in its turn after shard 0's, as after the 4011's (the stand-in: op 9 sooner).
    assert standin.gateway.identifies_too_soon == 0
    answered = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.other_member, channel=people.other_general
    )
    assert "Damien Chazelle" in answered.message.text
