"""What a member's first ask costs, next to a repeat: every member command on the shipped content.

The real ``EpilogueBot`` (discord.py and every cog) over ``tests.support.fake_discord``, in this
process, twice: a bot that renders nothing ahead, then one that renders a small catalog's answers
in its idle moments after start (``client.warming``), as ``epilogue run`` does. For each command
it prints the CPU (``time.process_time``) of the first ask in the process and the median of the
repeats. CPU, not wall time: the machine may be busy with other work.

    uv run python -m benchmarks.first_answers [--repeats 100]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("film info", {"film": "La La Land"}),
    ("film quick", {"film": "La La Land"}),
    ("film ending", {"film": "La La Land"}),
    ("film recap", {"film": "La La Land"}),
    ("film themes", {"film": "La La Land"}),
    ("film symbolism", {"film": "La La Land"}),
    ("film faq", {"film": "La La Land"}),
    ("film faq", {"film": "La La Land", "question": "2"}),
    ("film ending", {"film": "la la"}),
    ("film list", {}),
]
SETTLE_S = 2.0
"""After start: the search index and (for the warm bot) the answers rendered ahead are done."""


async def measure(warm: bool, repeats: int) -> list[tuple[str, float, float]]:
    from bot.config import Config
    from bot.epilogue import Epilogue
    from client.bot import EpilogueBot
    from tests.support.fake_discord import FakeDiscord, Session

    with tempfile.TemporaryDirectory() as folder:
        config = Config()
        config.database.url = f"sqlite+aiosqlite:///{Path(folder) / 'epilogue.db'}"
        app = await Epilogue.open(config)
        session = await Session.start(FakeDiscord(), EpilogueBot(app, warm=warm))
        rows = []
        try:
            await asyncio.sleep(SETTLE_S)
            # One command first (not measured): what the first command of a process pays
            # (the server's rules read, statements compiled) belongs to no command in particular.
            await session.command("spoilers status")
            for name, options in COMMANDS:
                cpu = []
                for _ in range(1 + repeats):
                    started = time.process_time()
                    await session.command(name, **options)
                    cpu.append(time.process_time() - started)
                label = f"/{name} " + " ".join(f"{k}:{v}" for k, v in options.items())
                rows.append((label, cpu[0] * 1e3, statistics.median(cpu[1:]) * 1e3))
        finally:
            await session.close()
            await app.close()
    return rows


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=100, help="repeats per command (100)")
    args = parser.parse_args(argv)
    cold = await measure(warm=False, repeats=args.repeats)
    warm = await measure(warm=True, repeats=args.repeats)
    print("| command | first ask, nothing ahead (ms CPU) | first ask, rendered ahead | repeat |")
    print("|---|--:|--:|--:|")
    for (label, cold_first, cold_repeat), (_, warm_first, warm_repeat) in zip(
        cold, warm, strict=True
    ):
        repeat = statistics.median([cold_repeat, warm_repeat])
        print(f"| `{label.strip()}` | {cold_first:.2f} | {warm_first:.2f} | {repeat:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
