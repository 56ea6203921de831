"""How long the search index's build holds the event loop: the CPU of each event-loop step
(one callback or task step, ``time.thread_time`` of the loop's thread) while the first build
over a corpus database runs, the longest, the 99th percentile and the sum.

    uv run python -m benchmarks.index_build_loop --database COPY/epilogue.db
    uv run python -m benchmarks.index_build_loop --postgres --films 2000

``--database``: a SQLite corpus database ``benchmarks.e2e --workdir`` kept (run on a copy: it
is migrated if needed). ``--postgres``: a database of its own on the server of
``$EPILOGUE_TEST_POSTGRES_URL`` (default 127.0.0.1:5432), filled with ``--films`` generated
films and dropped at the end. A member's keystroke or command arriving during the build waits
behind the step running then: the longest step is what it may wait. Prints numbers; asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
import uuid
from asyncio import events
from pathlib import Path

from bot.config import Config
from bot.epilogue import Epilogue


class StepClock:
    """The loop thread's CPU for each handle it runs, while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.steps: list[float] = []
        self.longest: list[tuple[float, str]] = []
        """The steps over 5 ms, with what ran in each."""
        self.collecting = 0.0
        self.collections: list[float] = []
        """The garbage collector's passes (any thread) while ``on``: part of a step they fall in."""
        self._run = events.Handle._run

    def install(self) -> None:
        clock, run = self, self._run
        gc.callbacks.append(self._collected)

        def timed(handle: events.Handle) -> None:
            if not clock.on:
                return run(handle)
            started = time.thread_time()
            try:
                return run(handle)
            finally:
                took = time.thread_time() - started
                clock.steps.append(took)
                if took > 0.005:
                    clock.longest.append((took, _what(handle)))

        events.Handle._run = timed  # type: ignore[method-assign]

    def uninstall(self) -> None:
        events.Handle._run = self._run  # type: ignore[method-assign]
        gc.callbacks.remove(self._collected)

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.collecting = time.thread_time()
        elif self.on:
            self.collections.append(time.thread_time() - self.collecting)


def _what(handle: events.Handle) -> str:
    """The coroutine a task step ran, or the callback."""
    callback = handle._callback  # type: ignore[attr-defined]
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        return task.get_coro().__qualname__  # type: ignore[union-attr]
    return repr(callback)[:120]


async def build(app: Epilogue, clock: StepClock) -> None:
    await app.catalog.refresh()
    process, wall = time.process_time(), time.perf_counter()
    clock.on = True
    index = await app.film_search.index()
    clock.on = False
    process, wall = time.process_time() - process, time.perf_counter() - wall
    assert index is not None
    steps = sorted(clock.steps)
    print(f"{len(index)} films indexed; {len(steps)} event-loop steps during the build")
    print(f"longest step      {steps[-1] * 1e3:8.2f} ms CPU")
    print(f"99th percentile   {steps[int(len(steps) * 0.99) - 1] * 1e3:8.2f} ms CPU")
    print(f"steps over 5 ms   {sum(step > 0.005 for step in steps):8d}")
    print(f"loop thread total {sum(steps):8.2f} s CPU")
    print(f"process total     {process:8.2f} s CPU ({wall:.2f} s wall)")
    if clock.collections:
        longest = max(clock.collections) * 1e3
        print(f"collector passes  {len(clock.collections):8d}, the longest {longest:.2f} ms CPU")
    for took, what in sorted(clock.longest, reverse=True)[:5]:
        print(f"  {took * 1e3:8.2f} ms  {what}")


async def main_sqlite(database: Path, clock: StepClock) -> None:
    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{database}"
    async with Epilogue.open(config, load_content=False) as app:
        await build(app, clock)


async def main_postgres(films: int, clock: StepClock) -> None:
    from sqlalchemy.engine import make_url

    from benchmarks.corpus import generate
    from benchmarks.postgres import ADMIN, admin

    name = f"epilogue_bench_{uuid.uuid4().hex[:8]}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        config = Config()
        config.database.url = make_url(ADMIN).set(database=name).render_as_string(False)
        async with Epilogue.open(config, load_content=False) as app:
            generated = list(generate(films, 1))
            for start in range(0, films, 500):
                await app.loader.store(
                    [film.film_file() for film in generated[start : start + 500]]
                )
            del generated  # as the bot starts: no corpus in memory for the collector to walk
            gc.collect()
            await build(app, clock)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a copy of a corpus database")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--films", type=int, default=2000, help="films made for --postgres")
    args = parser.parse_args()
    if (args.database is None) == (not args.postgres):
        parser.error("give one of --database COPY or --postgres")
    if args.database is not None and not args.database.exists():
        parser.error(f"--database {args.database}: no such file; run benchmarks.e2e --workdir")
    clock = StepClock()
    clock.install()
    try:
        if args.postgres:
            asyncio.run(main_postgres(args.films, clock))
        else:
            asyncio.run(main_sqlite(args.database, clock))
    finally:
        clock.uninstall()


if __name__ == "__main__":
    main()
