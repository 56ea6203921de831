"""How long one ``/film-admin add`` holds the event loop: the CPU of each event-loop step
(``time.thread_time`` of the loop's thread, ``index_build_loop.StepClock``) while an admin's
add form is stored into a corpus database, and the longest wall gaps of a 1 ms ticker beside it.

    uv run python -m benchmarks.film_add_loop --database COPY/epilogue.db
    uv run python -m benchmarks.film_add_loop --database COPY/epilogue.db --edit --lookups
    uv run python -m benchmarks.film_add_loop --database COPY/epilogue.db --start

``--database``: a copy of a SQLite corpus database ``benchmarks.e2e --workdir`` kept (the film
is added to it; it is migrated if needed). The catalog is read and the search index built
before the clock starts, as a running bot has them; the add is the first after the start, so
whatever it loads for the first time counts. ``--edit`` saves a film's synopsis through the
edit form instead. ``--lookups``: the ticker looks a film up by title each tick, as members'
commands do (a lookup that waits for the index thread shows as a long gap). ``--start``:
measures the start instead: how long ``Epilogue.open`` takes, then the second after it, the
ticker looking a film up by id each tick. Every command (and the form's own
3 s acknowledgement) arriving meanwhile waits behind the step running then. Prints numbers;
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.index_build_loop import StepClock
from bot.buttons import AddForm, EditForm
from bot.config import Config
from bot.epilogue import Epilogue
from bot.invocation import Invocation

GUILD = 1
ADMIN = Invocation(
    user_id=1001, guild_id=GUILD, channel_id=10, permissions=frozenset({"manage_guild"})
)
TICK_S = 0.001


class Ticker:
    """A task waking every TICK_S, its wall gaps kept; with ``look``, a lookup each tick."""

    def __init__(self, look: Callable[[], object] | None = None) -> None:
        self.gaps: list[float] = []
        self.look = look
        self.found_after: float | None = None
        """Seconds from the first tick to the first lookup that found its film."""

    async def run(self) -> None:
        first = last = time.perf_counter()
        while True:
            await asyncio.sleep(TICK_S)
            if self.look is not None and self.look() is not None and self.found_after is None:
                self.found_after = time.perf_counter() - first
            now = time.perf_counter()
            self.gaps.append(now - last)
            last = now

    def report(self) -> None:
        longest = ", ".join(f"{gap * 1e3:.1f}" for gap in sorted(self.gaps)[-3:])
        ticks = f"{len(self.gaps)} ticks of {TICK_S * 1e3:g} ms"
        print(f"ticker's longest gaps {longest} ms wall ({ticks})")
        if self.found_after is not None:
            print(f"first lookup that found its film {self.found_after:.2f} s after the first tick")


def _config(database: Path) -> Config:
    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{database}"
    return config


async def measure_start(database: Path, clock: StepClock) -> None:
    """The start's ``Epilogue.open``, then a second of lookups (a film by id each tick) as
    members' first commands make them, the index thread's work after the start meanwhile."""
    wall = time.perf_counter()
    async with Epilogue.open(_config(database), load_content=False) as app:
        opened = time.perf_counter() - wall
        ticker = Ticker(partial(app.catalog.get, 1))
        clock.on = True
        ticking = asyncio.create_task(ticker.run())
        await asyncio.sleep(1.0)
        clock.on = False
        ticking.cancel()
    steps = sorted(clock.steps)
    print(f"{len(app.catalog)} films; Epilogue.open took {opened:.2f} s wall")
    print(f"{len(steps)} event-loop steps in the second after it")
    print(f"longest step      {steps[-1] * 1e3:8.2f} ms CPU")
    print(f"loop thread total {sum(steps) * 1e3:8.2f} ms CPU")
    ticker.report()
    for took, what in sorted(clock.longest, reverse=True)[:5]:
        print(f"  {took * 1e3:8.2f} ms  {what}")


async def measure(database: Path, clock: StepClock, edit: bool, lookups: bool) -> None:
    async with Epilogue.open(_config(database), load_content=False) as app:
        await app.catalog.refresh()
        await app.film_search.index()
        films = app.catalog.films(GUILD)  # the catalog's arrangement made, as a bot's is
        if edit:
            entry = films[len(films) // 2]
            form: AddForm | EditForm = EditForm(entry.key, entry.revision, "synopsis")
            values = {"body": "A ferry captain takes one last trip."}
        else:
            form = AddForm()
            values = {
                "title": f"Paper Moon Harbour {time.time_ns()}",  # a new film every run
                "year": "2021",
                "synopsis": "A ferry captain takes one last trip.",
                "quick_answer": "She stays on the island.",
                "ending": "",
            }
        title = films[len(films) // 3].title
        ticker = Ticker(partial(app.catalog.resolve, GUILD, title) if lookups else None)
        ticking = asyncio.create_task(ticker.run())
        await asyncio.sleep(0.05)
        clock.on = True
        # A task of its own: its steps end before this one's resumes, so each is timed whole.
        wall = time.perf_counter()
        reply = await asyncio.create_task(app.film_admin.submit(ADMIN, form, values))
        wall = time.perf_counter() - wall
        clock.on = False
        await asyncio.sleep(0.05)  # the ticker's step after the longest one records its gap
        ticking.cancel()
    steps = sorted(clock.steps)
    print((reply.content or "")[:70])
    print(f"{len(steps)} event-loop steps during the {'edit' if edit else 'add'}")
    print(f"the admin's reply after {wall * 1e3:8.2f} ms wall")
    print(f"longest step      {steps[-1] * 1e3:8.2f} ms CPU")
    print(f"loop thread total {sum(steps) * 1e3:8.2f} ms CPU")
    ticker.report()
    for took, what in sorted(clock.longest, reverse=True)[:5]:
        print(f"  {took * 1e3:8.2f} ms  {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True, help="a copy of a corpus database")
    parser.add_argument("--edit", action="store_true", help="save a synopsis through the edit form")
    parser.add_argument("--lookups", action="store_true", help="a film looked up each tick")
    parser.add_argument("--start", action="store_true", help="measure the start instead")
    args = parser.parse_args()
    if not args.database.exists():
        parser.error(f"--database {args.database}: no such file; run benchmarks.e2e --workdir")
    clock = StepClock()
    clock.install()
    try:
        if args.start:
            asyncio.run(measure_start(args.database, clock))
        else:
            asyncio.run(measure(args.database, clock, args.edit, args.lookups))
    finally:
        clock.uninstall()


if __name__ == "__main__":
    main()
