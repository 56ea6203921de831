"""What trying each PostgreSQL connection as it leaves the pool (``pool_pre_ping``) costs a
command: process CPU per command with the ping and without it, alternated in rounds.

    uv run python -m benchmarks.pool_ping --commands 400 --rounds 3

Makes and drops a database of its own on ``$EPILOGUE_TEST_POSTGRES_URL``'s server.
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


async def per_command_ms(app: Epilogue, commands: int) -> float:
    table = command_table()
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    names = ["spoilers status", "spoilers on", "spoilers off"]
    start = time.process_time()
    for n in range(commands):
        reply = await run_command(app, table[names[n % 3]], member, {})
        assert not reply.is_error, reply.content
    return (time.process_time() - start) * 1000 / commands


async def main(commands: int, rounds: int) -> None:
    name = f"epilogue_bench_ping_{uuid.uuid4().hex[:8]}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        config = Config()
        config.database.url = make_url(ADMIN).set(database=name).render_as_string(False)
        config.content.directories = []
        async with Epilogue.open(config, load_content=False) as app:
            pool = app.engine.sync_engine.pool
            await per_command_ms(app, commands)  # warm up
            timings: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(rounds):
                for ping in (True, False):
                    pool._pre_ping = ping  # the benchmark's switch only
                    timings[ping].append(await per_command_ms(app, commands))
        for ping, values in timings.items():
            shown = ", ".join(f"{v:.3f}" for v in values)
            print(
                f"pre-ping {'on ' if ping else 'off'}: CPU ms per command median"
                f" {statistics.median(values):.3f} ({shown})"
            )
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.commands, args.rounds))
