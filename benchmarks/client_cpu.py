"""CPU per interaction through the real client: a cached ``/film ending`` and film autocomplete.

The real ``EpilogueBot`` (discord.py, every cog) over ``tests.support.fake_discord``, in this
process, on a copy of a corpus database (e.g. the one ``benchmarks.e2e --workdir DIR`` keeps) or,
without ``--database``, on the shipped content. Each interaction is a raw ``INTERACTION_CREATE``
through discord.py's parser, as in the tests; what is measured is ``time.process_time`` over a
batch, so a loaded machine inflates it far less than wall time. Workloads:

- ``/film ending`` about one of 20 films, already answered (its reply is cached), asked by
  members in turn (a standard channel: wrapped, public);
- Next pressed on a private answer (asked once): the pressed message turned in place once
  Discord says it is private (a quiet acknowledgement, ``GET`` and ``PATCH …/@original``;
  the requests it took are printed once, to stderr);
- film autocomplete of ``/film info`` and of ``/film ending`` with varied typed text drawn as
  ``benchmarks.e2e`` draws it (2 to 12 letters of a title, a fifth with two letters swapped),
  mostly never typed before in the run at 10k films, so mostly searched afresh; for
  ``/film ending`` a text that names one film clearly also has its answer worked out ahead
  when the bot is idle
  (``client.slash._prepare_soon``, on the wall clock: noisier on a busy machine).

Both include discord.py's own parse and send and the fake Discord's recording: compare a change
against a run of this script before it, or against ``--floor``: the floor bot
(``benchmarks.floor_bot``) on the same fake Discord, its answer-sized ``/page`` reply also given
to a ``/film ending film:`` of its own, so that the two differ only by what Epilogue does beyond
discord.py. Prints the median over ``--runs`` batches of the CPU µs per interaction, and with
``--profile`` a cProfile of one batch.

    uv run python -m benchmarks.client_cpu --database /tmp/e2e10k/epilogue.db [--runs 7]
    uv run python -m benchmarks.client_cpu --floor [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import functools
import gc
import io
import itertools
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

POPULAR = 20
MEMBERS = 250


async def floor_workloads(
    args: argparse.Namespace,
) -> dict[str, Callable[[], Awaitable[None]]]:
    """``--floor``: the floor bot (``benchmarks.floor_bot``) on the same fake Discord, for
    what discord.py itself costs in this harness. Its ``/page`` reply is also the answer to a
    ``/film ending film:`` of its own (a group's subcommand with one text option, as
    Epilogue's), so the two differ only by what Epilogue does beyond discord.py."""
    import discord
    from discord import app_commands

    from benchmarks.floor_bot import PAGE_TEXT, FloorBot, page_view
    from tests.support.fake_discord import Asker, FakeDiscord, Session

    # As large as Epilogue's film choices: 25, each of a long title's size.
    film_sized = [
        app_commands.Choice(
            name=f"The Bitter Letter of Esme Ortega ({1950 + n})",
            value=f"film-id:{n}:baaqhfl56ejgi",
        )
        for n in range(25)
    ]

    class FloorWithFilm(FloorBot):
        async def setup_hook(self) -> None:
            film = app_commands.Group(name="film", description="Floor answers")

            @film.command(name="ending", description="Replies an answer-sized page")
            async def ending(interaction: discord.Interaction, film: str) -> None:
                embed = discord.Embed(title="La La Land (2016) · The ending explained")
                embed.description = PAGE_TEXT
                embed.set_footer(text="Page 1/3 · Spoilers are hidden: click a black bar")
                await interaction.response.send_message(embed=embed, view=page_view())

            @ending.autocomplete("film")
            async def films(
                interaction: discord.Interaction, current: str
            ) -> list[app_commands.Choice[str]]:
                return film_sized

            self.tree.add_command(film)
            await super().setup_hook()

    bot = FloorWithFilm()
    session = await Session.start(FakeDiscord(), bot)  # type: ignore[arg-type]
    closing.append(session.close)
    rng = random.Random(args.seed)
    askers = [Asker(user_id=2000 + n) for n in range(MEMBERS)]
    turn = iter(range(10**9))
    films = [f"Film {n}" for n in range(POPULAR)]

    async def ending() -> None:
        asker = askers[next(turn) % MEMBERS]
        await session.command("film ending", asker, film=rng.choice(films))
        session.discord.exchanges.clear()

    def top_level(name: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            asker = askers[next(turn) % MEMBERS]
            data = {"id": "1", "name": name, "type": 1, "options": []}
            await session.dispatch(session.discord.interaction(2, data, asker))
            session.discord.exchanges.clear()

        return run

    async def films_typed() -> None:
        asker = askers[next(turn) % MEMBERS]
        await session.autocomplete("film ending", "film", asker, film="the bi")
        session.discord.exchanges.clear()

    async def word_typed() -> None:
        asker = askers[next(turn) % MEMBERS]
        option = {"name": "word", "type": 3, "value": "the bi", "focused": True}
        data = {"id": "1", "name": "ping", "type": 1, "options": [option]}
        await session.dispatch(session.discord.interaction(4, data, asker))
        session.discord.exchanges.clear()

    return {
        "/film ending (floor: /page's reply)": ending,
        # The e2e floor's autocomplete: one constant choice. Epilogue offers up to 25 films:
        # the second is discord.py sending a list as large as Epilogue's, found in no time.
        "autocomplete (floor: /ping's one choice)": word_typed,
        "autocomplete (floor: 25 film-sized choices)": films_typed,
        "/page (floor)": top_level("page"),
        "/ping (floor)": top_level("ping"),
    }


async def measure(args: argparse.Namespace, database: Path | None, folder: Path) -> None:
    if args.floor:
        await run_workloads(args, await floor_workloads(args))
        return
    from bot.config import Config
    from bot.epilogue import Epilogue
    from client.bot import EpilogueBot
    from client.collector import full_collections_on_a_timer
    from tests.support.fake_discord import Asker, FakeDiscord, Session

    config = Config()
    if database is None:
        config.database.url = f"sqlite+aiosqlite:///{folder / 'epilogue.db'}"
        app = await Epilogue.open(config)
    else:
        config.database.url = f"sqlite+aiosqlite:///{database}"
        app = await Epilogue.open(config, load_content=False)
        # A copy made by older code: its stored renders made, as `epilogue import` does.
        if rendered := await app.refresh_renders():
            print(f"stored renders made for {rendered} film topics", file=sys.stderr)
    session = await Session.start(FakeDiscord(), EpilogueBot(app, warm=False))
    rng = random.Random(args.seed)
    entries = list(app.catalog.films(None))
    popular = [entry.choice_value for entry in entries[:POPULAR]]
    askers = [Asker(user_id=2000 + n) for n in range(MEMBERS)]
    turn = iter(range(10**9))

    def typed() -> str:
        """As ``benchmarks.e2e`` types: 2 to 12 letters of a title, a fifth with a typo."""
        title = rng.choice(entries).title
        text = title[: rng.randint(2, min(12, len(title)))].strip() or title
        if rng.random() < 0.2 and len(text) > 3:  # two letters swapped
            i = rng.randrange(len(text) - 1)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text

    async def ending() -> None:
        asker = askers[next(turn) % MEMBERS]
        exchange = await session.command("film ending", asker, film=rng.choice(popular))
        session.discord.exchanges.clear()
        del exchange

    # The other films in a random order, round and round: at 10k films each answer is read
    # and rendered for the first time (what is kept of a film is long gone when it comes again).
    # With only the shipped content there are no others: its films are asked round and round.
    others = [entry.choice_value for entry in entries[POPULAR:]] or popular
    unasked = itertools.cycle(rng.sample(others, len(others)))

    async def first_ending() -> None:
        asker = askers[next(turn) % MEMBERS]
        await session.command("film ending", asker, film=next(unasked))
        session.discord.exchanges.clear()

    def autocomplete(
        command: str, texts: Callable[[], str] = typed
    ) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            asker = askers[next(turn) % MEMBERS]
            await session.autocomplete(command, "film", asker, film=texts())
            session.discord.exchanges.clear()
            if args.pause_ms:
                await asyncio.sleep(args.pause_ms / 1e3)  # idle: work ahead may run

        return run

    # Texts typed before: their choices are kept, so no search runs (the rest of the cost).
    kept = [typed() for _ in range(POPULAR)]

    turned_privately: list[tuple[dict[str, Any], str]] = []

    async def private_page() -> None:
        """Next on a private answer (asked once): the pressed message turned in place once
        Discord says it is private (``client.delivery._into_pressed_if_private``)."""
        if not turned_privately:
            asked = await session.command("film ending", askers[0], film=popular[0], private=True)
            next_id = next(c for c in asked.custom_ids() if c.startswith("epi:a:page:"))
            turned_privately.append((asked.message, next_id))
            sent = len(session.discord.sent)
            await session.press(asked.message, next_id, askers[0])
            made = [f"{s.method} {s.path.rsplit('/', 1)[-1]}" for s in session.discord.sent[sent:]]
            print(f"a private page turned by: {made}", file=sys.stderr)
        message, next_id = turned_privately[0]
        await session.press(message, next_id, askers[0])
        session.discord.exchanges.clear()

    workloads: dict[str, Callable[[], Awaitable[None]]] = {
        "/film ending (cached)": ending,
        "a private answer's page turned (Next)": private_page,
        "/film ending (any film: a first render)": first_ending,
        # /film info works nothing out ahead: the choices alone, steady on a busy machine.
        "film autocomplete (/film info)": autocomplete("film info"),
        "film autocomplete (/film info), typed before": autocomplete(
            "film info", lambda: rng.choice(kept)
        ),
        # /film ending also works out a clearly named film's answer when the bot is idle (on
        # the wall clock: how much of it runs depends on how busy the machine is).
        "film autocomplete (/film ending)": autocomplete("film ending"),
    }
    stack = contextlib.AsyncExitStack()
    try:
        await asyncio.sleep(1.0)  # anything started with the bot
        # The /film search index is built on the event loop (seconds at 10k films): finished
        # first, or its CPU lands in whichever batch runs meanwhile.
        await app.film_search.index(wait=600)
        await session.command("spoilers status")
        # Every member has asked once already (cooldowns off: each asks again much later).
        app.cooldowns.check = lambda *args, **kwargs: None  # type: ignore[method-assign]
        # The collector as ``epilogue run`` arranges it (``client.collector``), with members
        # asking back to back: never a quiet moment for its passes, as the bot would see.
        await stack.enter_async_context(full_collections_on_a_timer(busy_at=time.perf_counter))
        await run_workloads(args, workloads)
    finally:
        closing.append(stack.aclose)  # the collector's timer, as ``epilogue run`` has it
        closing.append(session.close)
        closing.append(app.close)


async def run_workloads(
    args: argparse.Namespace, workloads: dict[str, Callable[[], Awaitable[None]]]
) -> None:
    """Warm each of ``workloads`` up, then time it (or leave it to ``--callgrind``)."""
    if args.only:  # a workload's whole name, or text in the names of those wanted
        named = {name: run for name, run in workloads.items() if name == args.only}
        workloads = named or {n: run for n, run in workloads.items() if args.only in n}
    for run in workloads.values():
        for _ in range(args.requests):
            await run()
    if args.callgrind:
        for name, run in workloads.items():
            counted.append((name, run))
        return
    for name, run in workloads.items():
        per = []
        for _ in range(args.runs):
            gc.collect()
            started = time.process_time()
            for _ in range(args.requests):
                await run()
            per.append((time.process_time() - started) / args.requests * 1e6)
        spread = f"{min(per):.0f}-{max(per):.0f}"  # the minimum: the least disturbed
        print(f"{name}: {statistics.median(per):.0f} µs CPU per interaction"
              f" (median of {args.runs} x {args.requests}; range {spread})")  # fmt: skip
        if args.profile:
            profiler = cProfile.Profile(time.process_time)  # CPU: the machine is shared
            profiler.enable()
            for _ in range(args.requests):
                await run()
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(args.sort).print_stats(args.top)
            print("```\n" + out.getvalue().strip() + "\n```\n")


counted: list[tuple[str, Callable[[], Awaitable[None]]]] = []
"""``--callgrind``: the workloads to count, once ``measure`` has warmed them up."""
closing: list[Callable[[], Awaitable[None]]] = []
"""What ``measure`` leaves open for ``main`` to close (after the counted batches, if any)."""


def count_batch(runner: asyncio.Runner, run: Callable[[], Awaitable[None]], requests: int) -> None:
    """``requests`` interactions inside ``functools.reduce`` (a C function nothing else here
    calls), the event loop run by it, so that ``valgrind --tool=callgrind
    --toggle-collect=functools_reduce`` counts their instructions and nothing else."""

    async def batch() -> None:
        for _ in range(requests):
            await run()

    functools.reduce(lambda _, __: runner.run(batch()), [None], None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.client_cpu", description=__doc__)
    parser.add_argument("--database", type=Path, help="a corpus database to copy")
    parser.add_argument("--requests", type=int, default=1000, help="interactions per batch")
    parser.add_argument("--runs", type=int, default=7, help="batches per workload (7)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key (tottime)")
    parser.add_argument("--top", type=int, default=30, help="functions shown (30)")
    parser.add_argument("--only", help="run only the workloads whose name contains this")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--floor",
        action="store_true",
        help="the floor bot instead (benchmarks.floor_bot): what discord.py costs here",
    )
    parser.add_argument(
        "--pause-ms",
        type=float,
        default=0.0,
        help="idle wall time after each autocomplete, as between a member's keystrokes (0)",
    )
    parser.add_argument(
        "--callgrind",
        action="store_true",
        help="run each workload's batch once, inside functools.reduce, and time nothing",
    )
    args = parser.parse_args(argv)
    if args.database is not None and not args.database.exists():
        parser.error(f"--database {args.database}: no such file")
    with tempfile.TemporaryDirectory(prefix="epilogue-client-cpu-") as name:
        folder = Path(name)
        database = None
        if args.database is not None:
            database = folder / "epilogue.db"
            shutil.copy(args.database, database)
        with asyncio.Runner() as runner:
            try:
                runner.run(measure(args, database, folder))
                for _name, run in counted:
                    count_batch(runner, run, args.requests)
            finally:
                for close in closing:
                    runner.run(close())
    return 0


if __name__ == "__main__":
    sys.exit(main())
