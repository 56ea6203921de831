"""What the guard's database claim costs (``bot.claims``), on SQLite and PostgreSQL.

    uv run python -m benchmarks.claims --rounds 300

For each database (a SQLite file in a temporary folder; a throwaway PostgreSQL database on
``$EPILOGUE_TEST_POSTGRES_URL``, dropped at the end): a claim taken and marked done around an
action that does nothing, and a whole guard hide of a spoiling message (check, claim, repost,
record, delete; in memory, no Discord), and the guard's check of a harmless message, which
takes no claim: the statements it sends to ``action_claims`` are counted. Prints process CPU
and wall time per operation (the machine is shared: CPU is the figure to compare); asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url

from benchmarks.postgres import ADMIN, admin
from bot.claims import DISCORD_EPOCH_MS
from bot.command_table import command_table
from bot.config import Config
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.features.spoiler.member_message import MemberMessage
from bot.features.spoiler.memory_channel import MemoryChannel
from bot.invocation import Invocation

SPOILS = "la la land: mia marries someone else and they meet again in seb's jazz club"
HARMLESS = "la la land has the best soundtrack, the freeway number rules"
BOT_CAN = frozenset({"manage_messages", "manage_webhooks", "send_messages"})
_IDS = itertools.count(10_000_000)


def message(text: str) -> MemberMessage:
    return MemberMessage(
        id=next(_IDS), guild_id=1, channel_id=10, author_id=2000, author_name="ann", content=text
    )


async def timed(rounds: int, step: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    """Median wall ms and mean CPU ms per step."""
    walls: list[float] = []
    cpu_start = time.process_time()
    for n in range(rounds):
        started = time.perf_counter()
        await step(n)
        walls.append((time.perf_counter() - started) * 1000)
    cpu = (time.process_time() - cpu_start) * 1000 / rounds
    return statistics.median(walls), cpu


async def measure(url: str, rounds: int) -> list[tuple[str, float, float]]:
    config = Config()
    config.database.url = url
    app = await Epilogue.open(config)
    claim_statements = 0

    def count(_conn, _cursor, statement: str, *_: object) -> None:
        nonlocal claim_statements
        claim_statements += "action_claims" in statement

    event.listen(app.engine.sync_engine, "before_cursor_execute", count)
    try:
        moderator = Invocation(
            user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"})
        )
        table = command_table()
        await run_command(
            app, table["spoiler-rules guard"], moderator, {"enabled": True, "all_films": True}
        )
        guard = app.member_spoilers.guard
        guard.hides_per_minute = rounds * 2  # the rate limit is not what is measured

        async def nothing() -> None:
            return None

        async def claim(n: int) -> object:
            return await app.claims.once("bench", n, "r", nothing, done=lambda _: True)

        first_id = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22

        async def interaction(n: int) -> object:
            # What a command that changes something adds: its interaction claimed once.
            return await app.claims.claim_interaction(first_id + n)

        async def hide(_: int) -> object:
            verdict = await guard.check(message(SPOILS), MemoryChannel(), BOT_CAN)
            assert verdict.hidden, verdict.reason
            return verdict

        async def harmless(_: int) -> object:
            return await guard.check(message(HARMLESS), MemoryChannel(), BOT_CAN)

        rows = []
        for what, step in (
            ("claim + done (no action)", claim),
            ("interaction claim (a change's)", interaction),
            ("guard hide, claim included", hide),
        ):
            wall, cpu = await timed(rounds, step)
            rows.append((what, wall, cpu))
        before = claim_statements
        wall, cpu = await timed(rounds, harmless)
        rows.append((f"guard harmless ({claim_statements - before} claim stmts)", wall, cpu))
        return rows
    finally:
        await app.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results: dict[str, list[tuple[str, float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        results["sqlite"] = await measure(url, args.rounds)
    if not args.no_postgres:
        name = f"epilogue_bench_{uuid.uuid4().hex[:8]}"
        await admin(f'CREATE DATABASE "{name}"')
        try:
            url = make_url(ADMIN).set(database=name).render_as_string(hide_password=False)
            results["postgresql"] = await measure(url, args.rounds)
        finally:
            await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"{'database':11} {'operation':40} {'n':>5} {'wall p50 ms':>12} {'CPU ms':>8}")
    for database, rows in results.items():
        for what, wall, cpu in rows:
            print(f"{database:11} {what:40} {args.rounds:5d} {wall:12.2f} {cpu:8.2f}")


if __name__ == "__main__":
    asyncio.run(main())
