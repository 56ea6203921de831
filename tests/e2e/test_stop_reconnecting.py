"""``epilogue run`` stops on SIGTERM or Ctrl-C while it reconnects to a gateway that is gone.

``close`` ended only the waits that look at ``is_closed``: discord.py's reconnect backoff (up to
minutes; here an hour, so a run that waits it out cannot pass) slept on, and a stopped shard's
process ran on for an hour. The signal is sent to this process, as a service manager or a
terminal does; the run must end with 0, its database closed.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import discord.client
import discord.shard
import pytest
from discord.backoff import ExponentialBackoff

from bot.epilogue import Epilogue
from client import runner
from client.bot import EpilogueBot
from tests.e2e.harness import (
    FilmClub,
    make_config,
    register_commands,
    stop_serving,
    wait_identified,
)
from tests.standin import StandinServer
from tests.support.timing import scaled

REFUSING = 1_000_000  # every handshake refused: the gateway is gone


class BackoffOfAnHour(ExponentialBackoff):
    """discord.py's reconnect backoff counting its tries as ever, each wait an hour."""

    def delay(self) -> float:
        super().delay()
        return 3600.0


async def reconnect_refused(standin: StandinServer) -> None:
    """Wait until the client's reconnect was refused (it then sleeps its backoff)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(5.0)
    while standin.gateway.handshakes_refused == REFUSING:  # a refusal notifies no waiter
        assert loop.time() < deadline, "the client did not try to reconnect"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("sharded", [False, True], ids=["plain", "sharded"])
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_stop_signal_while_reconnecting_ends_the_run_with_the_database_closed(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sharded: bool,
    stop_signal: signal.Signals,
) -> None:
    monkeypatch.setattr(discord.client, "ExponentialBackoff", BackoffOfAnHour)
    monkeypatch.setattr(discord.shard, "ExponentialBackoff", BackoffOfAnHour)
    closed: list[Epilogue] = []
    close = Epilogue.close

    async def closing(app: Epilogue) -> None:
        await close(app)
        closed.append(app)

    config = make_config(tmp_path / "epilogue.db", people.owner)
    if sharded:
        config.discord.shard_count = 1
    await register_commands(config)
    monkeypatch.setattr(Epilogue, "close", closing)  # the run's database, not the sync's
    # A run that installs no handler of its own ignores the signal (rather than this test
    # process dying of it): it then runs on, and the test fails saying so.
    unhandled = signal.signal(stop_signal, lambda *_: None)
    bots: list[EpilogueBot] = []
    task = asyncio.create_task(runner._serve(config, started=bots.append))
    try:
        if sharded:
            await standin.wait_shards_ready(1)
        else:
            await wait_identified(standin, 1)
        standin.gateway.handshakes_refused = REFUSING
        await standin.drop_connection(code=4000)
        await reconnect_refused(standin)

        os.kill(os.getpid(), stop_signal)

        done, _ = await asyncio.wait({task}, timeout=scaled(5.0))
        assert task in done, f"epilogue run did not stop on {stop_signal.name} while reconnecting"
        assert task.result() == 0
        assert len(closed) == 1 and all(bot.is_closed() for bot in bots)
    finally:
        standin.gateway.handshakes_refused = 0
        try:
            if not task.done():
                await stop_serving(task, bots, within=1.0)
        finally:
            signal.signal(stop_signal, unhandled)
