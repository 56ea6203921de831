"""How long one ``/film-admin add`` holds the event loop: the CPU of each event-loop step
(``time.thread_time`` of the loop's thread, ``index_build_loop.StepClock``) while an admin's
add form is stored into a corpus database, and the longest wall gaps of a 1 ms ticker beside it.

    uv run python -m benchmarks.film_add_loop --database COPY/epilogue.db

``--database``: a copy of a SQLite corpus database ``benchmarks.e2e --workdir`` kept (the film
is added to it; it is migrated if needed). The catalog is read and the search index built
before the clock starts, as a running bot has them; the add is the first after the start, so
whatever it loads for the first time counts. ``--edit`` saves a film's synopsis through the
edit form instead. Every command (and the form's own 3 s acknowledgement) arriving meanwhile
waits behind the step running then. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
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


async def measure(database: Path, clock: StepClock, edit: bool) -> None:
    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{database}"
    async with Epilogue.open(config, load_content=False) as app:
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
        gaps: list[float] = []

        async def ticker() -> None:
            last = time.perf_counter()
            while True:
                await asyncio.sleep(TICK_S)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0.05)
        clock.on = True
        # A task of its own: its steps end before this one's resumes, so each is timed whole.
        reply = await asyncio.create_task(app.film_admin.submit(ADMIN, form, values))
        clock.on = False
        await asyncio.sleep(0.05)  # the ticker's step after the longest one records its gap
        ticking.cancel()
    steps = sorted(clock.steps)
    print((reply.content or "")[:70])
    print(f"{len(steps)} event-loop steps during the {'edit' if edit else 'add'}")
    print(f"longest step      {steps[-1] * 1e3:8.2f} ms CPU")
    print(f"loop thread total {sum(steps) * 1e3:8.2f} ms CPU")
    longest = ", ".join(f"{gap * 1e3:.1f}" for gap in sorted(gaps)[-3:])
    print(f"ticker's longest gaps {longest} ms wall ({len(gaps)} ticks of {TICK_S * 1e3:g} ms)")
    for took, what in sorted(clock.longest, reverse=True)[:5]:
        print(f"  {took * 1e3:8.2f} ms  {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True, help="a copy of a corpus database")
    parser.add_argument("--edit", action="store_true", help="save a synopsis through the edit form")
    args = parser.parse_args()
    if not args.database.exists():
        parser.error(f"--database {args.database}: no such file; run benchmarks.e2e --workdir")
    clock = StepClock()
    clock.install()
    try:
        asyncio.run(measure(args.database, clock, args.edit))
    finally:
        clock.uninstall()


if __name__ == "__main__":
    main()
