"""Where an answer's CPU goes: ``/film ending`` and ``/film search`` through the core, profiled.

Runs the commands as ``benchmarks.e2e`` asks them (a public, wrapped answer for a member in a
standard channel), against a copy of an existing corpus database (e.g. the one ``benchmarks.e2e
--workdir DIR`` keeps), through ``bot.dispatch`` exactly as the Discord client calls it:
``start_command`` then ``complete``. Prints CPU per answer for each workload and the functions
that take the most of it (cProfile, cumulative), so what remains can be compared with the floor
(discord.py's own cost per interaction, which ``benchmarks.e2e`` reports).

    uv run python -m benchmarks.profile_answers --database /tmp/e2e/epilogue.db --requests 300
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

GUILD_ID = 1
CHANNEL_ID = 10
WORDS = ("harbour", "lantern", "quiet", "letter", "winter", "promise", "train", "mirror")


async def profile(args: argparse.Namespace, database: Path) -> None:
    from bot.command_table import command_table
    from bot.config import Config
    from bot.dispatch import complete, start_command
    from bot.epilogue import Epilogue
    from bot.invocation import Invocation
    from bot.replies import Deferred

    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{database}"
    app = await Epilogue.open(config, load_content=False)
    table = command_table()
    rng = random.Random(args.seed)
    ids = [entry.choice_value for entry in app.catalog.films(None)]
    popular = ids[:20]
    user = iter(range(1, 10**9))

    async def ask(name: str, options: dict[str, object]) -> None:
        invocation = Invocation(
            user_id=next(user) % 250 + 1, guild_id=GUILD_ID, channel_id=CHANNEL_ID
        )
        outcome = await start_command(app, table[name], invocation, options)
        if isinstance(outcome, Deferred):
            await complete(outcome)

    workloads: dict[str, Callable[[], Awaitable[None]]] = {
        "/film ending (any film)": lambda: ask("film ending", {"film": rng.choice(ids)}),
        "/film ending (20 popular films, cached)": lambda: ask(
            "film ending", {"film": rng.choice(popular)}
        ),
        "/film search": lambda: ask(
            "film search", {"query": " ".join(rng.sample(WORDS, rng.randint(1, 2)))}
        ),
    }
    try:
        await app.film_search.index(wait=600)
        for run in workloads.values():  # warm-up: connections, caches of the popular films
            for _ in range(40):
                await run()
        for name, run in workloads.items():
            profiler = cProfile.Profile(time.process_time)  # CPU: the machine is shared
            cpu, wall = time.process_time(), time.perf_counter()
            profiler.enable()
            for _ in range(args.requests):
                await run()
            profiler.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print(f"## {name}: {cpu / args.requests * 1e3:.2f} ms CPU per answer"
                  f" ({wall / args.requests * 1e3:.2f} ms wall, profiler on)\n")  # fmt: skip
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
            print("```\n" + out.getvalue().strip() + "\n```\n")
    finally:
        await app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.profile_answers", description=__doc__
    )
    parser.add_argument("--database", type=Path, required=True, help="a corpus database to copy")
    parser.add_argument("--requests", type=int, default=300, help="answers per workload (300)")
    parser.add_argument("--top", type=int, default=25, help="functions shown per workload (25)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.database.exists():
        parser.error(
            f"--database {args.database}: no such file; run benchmarks.e2e --workdir first"
        )
    with tempfile.TemporaryDirectory(prefix="epilogue-profile-") as folder:
        database = Path(folder) / "epilogue.db"
        shutil.copy(args.database, database)
        asyncio.run(profile(args, database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
