"""How soon a change made through one process is seen by another on the same PostgreSQL database.

    uv run python -m benchmarks.invalidation --rounds 300

Two cores (as two shard processes would hold) on a database of their own, created on the server
of ``$EPILOGUE_TEST_POSTGRES_URL`` (default 127.0.0.1:5432, user postgres) and dropped at the end.
Each round, core A turns a member's spoilers on or off (``/spoilers on|off``) or a server's default
mode; the clock runs from the start of A's command (its write included) until core B's
answer-deciding state shows the change (B asks every 0.5 ms). Prints percentiles; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid

from sqlalchemy.engine import make_url

from benchmarks.postgres import ADMIN, admin
from bot.command_table import command_table
from bot.config import Config
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from bot.spoiler_policy.policy import ChannelMode


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def until(check, poll_s: float = 0.0005) -> None:
    while not await check():  # noqa: ASYNC110 - polling is what is measured against
        await asyncio.sleep(poll_s)


async def measure(url: str, rounds: int) -> dict[str, list[float]]:
    config = Config()
    config.database.url = url
    a = await Epilogue.open(config)
    b = await Epilogue.open(config, load_content=False)
    table = command_table()
    lags: dict[str, list[float]] = {"opt-in (/spoilers on|off)": [], "rule (default mode)": []}
    try:
        for n in range(rounds):
            user = 1000 + n % 7
            on = n % 2 == 0
            await b.standings.reader(user)  # B holds the old state in memory
            started = time.perf_counter()
            invocation = Invocation(user_id=user, guild_id=1, channel_id=10)
            await run_command(a, table["spoilers on" if on else "spoilers off"], invocation, {})

            async def reader_seen(user: int = user, on: bool = on) -> bool:
                return (await b.standings.reader(user)).all_films is on

            await until(reader_seen)
            lags["opt-in (/spoilers on|off)"].append(time.perf_counter() - started)

            mode = ChannelMode.NO_SPOILERS if on else ChannelMode.SPOILERS
            await b.standings.rules(1)
            moderator = Invocation(
                user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"})
            )
            started = time.perf_counter()
            await run_command(a, table["spoiler-rules default"], moderator, {"mode": mode.value})

            async def rule_seen(mode: ChannelMode = mode) -> bool:
                return (await b.standings.rules(1)).default_mode is mode

            await until(rule_seen)
            lags["rule (default mode)"].append(time.perf_counter() - started)
    finally:
        await b.close()
        await a.close()
    return lags


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    name = f"epilogue_bench_{uuid.uuid4().hex[:8]}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(ADMIN).set(database=name).render_as_string(hide_password=False)
        lags = await measure(url, args.rounds)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"{'change through A, seen by B':32} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for what, values in lags.items():
        ms = [v * 1000 for v in values]
        print(
            f"{what:32} {len(ms):5d} {statistics.median(ms):8.2f}"
            f" {percentile(ms, 99):8.2f} {max(ms):8.2f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
