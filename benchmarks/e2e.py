"""End to end through the Discord stand-in: what a member waits for, Epilogue next to a floor bot.

Time to answer is the headline: from the stand-in sending INTERACTION_CREATE on the gateway to
the answer itself arriving (with the interaction callback, or for a deferred answer with the
follow-up that replaces "thinking…"). The acknowledgement (the callback), what Discord's 3-second
deadline is about, is reported next to it, as is each bot's CPU per answer. Both bots run as
their own processes, started the same way (``python -m bot run``, i.e. ``epilogue run``, and
``python -m benchmarks.floor_bot``), each against its own stand-in server in this process. The
floor replies a constant to ``/ping`` and autocompletes ``/ping word:`` to a constant: what
remains of its time is discord.py, the gateway and one HTTP round trip, which Epilogue pays too.

Workloads run in turns, floor and Epilogue interleaved, at concurrency 1, 10 and 100 (that many
members waiting on an answer at once, closed loop). Epilogue's database holds La La Land and a
synthetic corpus (``benchmarks.corpus``); members are not opted in and ask in a standard channel,
so every ``/film ending`` is public and wrapped. ``/film ending`` asks about any film (mostly not
rendered yet); the popular-films workload asks about a few, whose answers are cached. The typed
workloads ask as members do: the title typed into the film option (autocomplete), a pause, then
the command; their floor is ``/ping`` after the floor's own autocomplete and the same pause
(waking a process from idle costs by itself). Their "per s" and CPU count the typing too.
Film autocomplete is typed into ``/film ending`` (its answers worked out ahead in quiet
moments) and, as "choices only", into ``/film info``. ``--only TEXT`` runs the workloads whose
name holds TEXT and their floors.

    uv run python -m benchmarks.e2e --films 10000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import functools
import gc
import itertools
import json
import os
import platform
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "benchmark.standin.token"
CONCURRENCY = (1, 10, 100)
APPLICATION_COMMAND = 2  # an interaction's type, as opposed to autocomplete (4)
DEADLINE_S = 3.0
"""Discord drops an interaction not acknowledged within three seconds."""
STORE_CHUNK = 500
USERS = 250
START_TIMEOUT_S = 120.0
ANSWER_TIMEOUT_S = 60.0
SEARCH_READY_TIMEOUT_S = 180.0
_WORD = re.compile(r"[A-Za-z]{5,}")
POPULAR = 20
"""Films most members ask about in the cached workload (its answers are rendered once)."""
CACHED_ENDING = f"/film ending, {POPULAR} popular films"
PAGE_FLOOR = "/page"
"""The floor bot replying a constant as large as an answer page."""
TYPED_ENDING = "/film ending, title typed first"
"""Any film, asked the way members ask: the title typed into the film option (an autocomplete
interaction), a pause, then the command with the film picked. Only the command is timed."""
UNCLEAR_ENDING = "/film ending, nothing clear typed"
"""The same with nothing typed that names a film (an empty option): the pause and the
autocomplete without an answer worked out ahead, to tell the two apart."""
TYPED_FLOOR = "/ping, typed first"
"""The floor the same way: its autocomplete, the pause, then ``/ping``. A pause costs by itself
(a process woken from idle answers a millisecond or more later on this machine), so the typed
workloads are compared with this, not with ``/ping`` asked back to back."""
INFO_AUTOCOMPLETE = "film autocomplete, choices only"
"""Texts drawn as for ``film autocomplete`` typed into ``/film info``'s film option, which
offers choices and works nothing out ahead: its distance to ``film autocomplete`` (typed into
``/film ending``, whose film option works out the answer a text names clearly when the bot is
quiet) is that work ahead."""
TYPING_PAUSE_S = 0.03
"""From the last autocomplete to the command: far shorter than a person takes to pick a
choice and press Enter, so what was worked out meanwhile is not flattered."""


# --- the corpus ----------------------------------------------------------------------------------


@dataclass
class Queries:
    """What members type, drawn from the corpus once, deterministically."""

    film_choices: list[str]
    """Each film's autocomplete value (``FilmEntry.choice_value``), as Discord sends a pick."""
    titles: list[str]
    words: list[str]

    def endings(self, count: int, rng: random.Random, films: int | None = None) -> list[str]:
        # Members pick the film from autocomplete, so the option holds the choice's value.
        picks = self.film_choices[:films] if films else self.film_choices
        return [f"/film ending film:{rng.choice(picks)}" for _ in range(count)]

    def typed(self, command: str) -> str:
        """The autocomplete a member sent before ``command`` (``/film ending film:<choice>``):
        that film's whole title typed into the option."""
        return f"/film ending film:{self._title_of[command.split('film:', 1)[1]]}"

    @functools.cached_property
    def _title_of(self) -> dict[str, str]:
        return dict(zip(self.film_choices, self.titles, strict=True))

    def searches(self, count: int, rng: random.Random) -> list[str]:
        """Half remembered from a title (found wherever asked), half words of the films' plot
        and ending texts (searched only where the asker could read them openly: most find
        nothing in the benchmark's standard channel, an answer all the same)."""
        searches = []
        for _ in range(count):
            title_words = _WORD.findall(rng.choice(self.titles)) if rng.random() < 0.5 else []
            pool = [w.lower() for w in title_words] or self.words
            words = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            searches.append(f"/film search query:{' '.join(words)}")
        return searches

    def autocompletes(self, count: int, rng: random.Random) -> list[str]:
        typed = []
        for _ in range(count):
            title = rng.choice(self.titles)
            prefix = title[: rng.randint(2, min(12, len(title)))].strip() or title
            if rng.random() < 0.2 and len(prefix) > 3:  # a typo: two letters swapped
                i = rng.randrange(len(prefix) - 1)
                prefix = prefix[:i] + prefix[i + 1] + prefix[i] + prefix[i + 2 :]
            typed.append(f"/film ending film:{prefix}")
        return typed


async def build_database(db_path: Path, films: int, seed: int) -> Queries:
    """La La Land (loaded on open, as ``epilogue run`` does) plus ``films`` generated films."""
    from benchmarks.corpus import generate
    from bot.config import Config
    from bot.epilogue import Epilogue

    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{db_path}"
    app = await Epilogue.open(config)
    rng = random.Random(f"{seed}/e2e-words")
    words: set[str] = set()
    stored = 0
    try:
        corpus = generate(films, seed)
        while chunk := list(itertools.islice(corpus, STORE_CHUNK)):
            await app.loader.store([film.film_file() for film in chunk])
            for film in rng.sample(chunk, min(len(chunk), 20)):
                bodies = [s["body"] for s in film.data["sections"] if s.get("body")]
                words.update(w.lower() for w in _WORD.findall(rng.choice(bodies)))
            stored += len(chunk)
            progress(f"stored {stored}/{films} films")
        await app.catalog.refresh()
        entries = app.catalog.films(None)
    finally:
        await app.close()
    return Queries(
        film_choices=[entry.choice_value for entry in entries],
        titles=[entry.title for entry in entries],
        words=sorted(words),
    )


# --- the bots ------------------------------------------------------------------------------------


class BotUnderTest:
    """One bot process and the stand-in it talks to."""

    def __init__(self, name: str, module: str, env: dict[str, str], workdir: Path) -> None:
        from tests.standin import StandinServer, StandinWorld

        self.name = name
        self.module = module
        self.world = StandinWorld(bot_name=name)
        guild = self.world.guild("Benchmark Club")
        self.channel = guild.text_channel("general")
        self.users = [self.world.user(f"member{i}") for i in range(USERS)]
        for user in self.users:
            guild.add_member(user)
        # A late acknowledgement is taken and counted ("acks past 3 s"), not refused as
        # Discord would: refused, its member waited out the answer's timeout and the whole run
        # stopped at the first one (seen at concurrency 100 on a machine loaded by others).
        self.standin = StandinServer(self.world, expected_token=TOKEN, interaction_deadline_s=None)
        self.extra_env = env
        self.log = workdir / f"{name}.log"
        self.process: asyncio.subprocess.Process | None = None

    def env(self) -> dict[str, str]:
        return os.environ | {
            "DISCORD_TOKEN": TOKEN,
            "EPILOGUE_DISCORD_API_BASE": self.standin.api_base,
            "EPILOGUE_DISCORD_GATEWAY_URL": self.standin.gateway_url,
            "EPILOGUE_LOGGING_LEVEL": "WARNING",
            **self.extra_env,
        }

    async def run_once(self, *args: str) -> None:
        """A one-off verb of the same program (``epilogue sync``) to completion."""
        with self.log.open("ab") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.module, *args, cwd=ROOT, env=self.env(), stdout=log,
                stderr=log,
            )  # fmt: skip
            if await asyncio.wait_for(process.wait(), START_TIMEOUT_S) != 0:
                raise SystemExit(f"{self.module} {' '.join(args)} failed; see {self.log}")

    async def launch(self, *args: str) -> None:
        """Start the bot and wait until it identified on the (started) stand-in."""
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.module, *args, cwd=ROOT, env=self.env(), stdout=log,
                stderr=log,
            )  # fmt: skip
        ready = asyncio.ensure_future(self.standin.wait_ready(timeout=START_TIMEOUT_S))
        died = asyncio.ensure_future(self.process.wait())
        done, _ = await asyncio.wait({ready, died}, return_when=asyncio.FIRST_COMPLETED)
        died.cancel()
        if ready not in done:
            ready.cancel()
            raise SystemExit(f"{self.name} exited before it was ready; see {self.log}")
        ready.result()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the bot process so far (Linux ``/proc``)."""
        if self.process is None:
            return 0.0
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return 0.0

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self.standin.stop()


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Workload:
    name: str
    bot: BotUnderTest
    autocomplete: bool
    floor: str | None = None  # the floor workload this one is compared with
    failure: re.Pattern[str] | None = None  # a reply that means the command did not do its job
    # What the member typed into the film option before the command (its text → that text).
    typed_first: Callable[[str], str] | None = None


@dataclass
class Result:
    workload: str
    bot: str
    concurrency: int
    latencies: list[float]  # to the callback: what Discord's 3 s deadline is about
    answered: list[float]  # to the answer itself (later than the callback if it was deferred)
    deferred: int
    wall_s: float
    bot_cpu_s: float
    failures: int
    floor: str | None = None

    def percentile(self, percent: float, values: list[float] | None = None) -> float:
        ordered = sorted(self.latencies if values is None else values)
        rank = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]

    @property
    def late(self) -> int:
        return sum(latency > DEADLINE_S for latency in self.latencies)

    def summary(self) -> dict[str, Any]:
        count = len(self.latencies)
        return {
            "workload": self.workload,
            "bot": self.bot,
            "concurrency": self.concurrency,
            "count": count,
            "answer_p50_ms": self.percentile(50, self.answered) * 1e3,
            "answer_p95_ms": self.percentile(95, self.answered) * 1e3,
            "answer_p99_ms": self.percentile(99, self.answered) * 1e3,
            "answer_max_ms": max(self.answered) * 1e3,
            "ack_p50_ms": self.percentile(50) * 1e3,
            "ack_p99_ms": self.percentile(99) * 1e3,
            "deferred": self.deferred,
            "per_s": count / self.wall_s,
            "bot_cpu_ms": self.bot_cpu_s / count * 1e3,
            "past_deadline": self.late,
            "failures": self.failures,
        }


@contextlib.contextmanager
def no_full_collections_here() -> Iterator[None]:
    """No full garbage collection in this process (the stand-ins and the members) while
    measuring: the records it keeps grow all run, and its full passes (50-190 ms, seven in a
    run) held up whichever bot's answers were in flight, the floor's as much as Epilogue's.
    Young collections go on; what was collected before is frozen, and the rest waits for the
    end of the run."""
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], 2**31 - 1)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


async def run(
    workload: Workload, concurrency: int, texts: Sequence[str], think_s: float = 0.0
) -> Result:
    """``texts`` through ``concurrency`` members who each ask, wait for the answer, wait
    ``think_s`` (reading it), and ask again."""
    bot = workload.bot
    standin = bot.standin
    first = len(standin.interactions)
    failures = deferred = 0

    async def member(start: int) -> None:
        nonlocal failures, deferred
        for index in range(start, len(texts), concurrency):
            user = bot.users[index % len(bot.users)]
            if workload.autocomplete:
                await standin.autocomplete(
                    texts[index], user=user, channel=bot.channel, timeout=ANSWER_TIMEOUT_S
                )
                if think_s:
                    await asyncio.sleep(think_s)
                continue
            if workload.typed_first is not None:
                await standin.autocomplete(
                    workload.typed_first(texts[index]),
                    user=user,
                    channel=bot.channel,
                    timeout=ANSWER_TIMEOUT_S,
                )
                await asyncio.sleep(TYPING_PAUSE_S)
            result = await standin.run_command(
                texts[index], user=user, channel=bot.channel, timeout=ANSWER_TIMEOUT_S
            )
            deferred += result.deferred
            text = result.messages[0].text if result.messages else ""
            failures += bool(workload.failure and workload.failure.search(text))
            if think_s:
                await asyncio.sleep(think_s)

    cpu = bot.cpu_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(member(start) for start in range(concurrency)))
    wall = time.perf_counter() - started
    records = standin.interactions[first:]
    if workload.typed_first is not None:
        records = [r for r in records if r.type == APPLICATION_COMMAND]  # the commands alone
    latencies = [r.callback_at - r.sent_at for r in records if r.callback_at is not None]
    # The stand-in stamps when the answer itself arrived: with the callback, or for a deferred
    # answer with the follow-up that replaced "thinking…".
    answered = [r.answered_at - r.sent_at for r in records if r.answered_at is not None]
    assert len(latencies) == len(answered) == len(texts), "every interaction was answered"
    return Result(
        workload.name,
        bot.name,
        concurrency,
        latencies,
        answered,
        deferred,
        wall,
        bot.cpu_seconds() - cpu,
        failures,
        workload.floor,
    )


async def wait_for_search(epilogue: BotUnderTest, queries: Queries) -> float:
    """The search index is built on the first search; members would see "getting ready"."""
    from bot.features.film.search import FIRST_BUILD_WAIT

    started = time.perf_counter()
    rng = random.Random("warm-up")
    while time.perf_counter() - started < SEARCH_READY_TIMEOUT_S:
        (text,) = queries.searches(1, rng)
        # A search waits up to FIRST_BUILD_WAIT for a first build before it says "getting
        # ready": on a busy machine the answer comes that late, and is still an answer.
        result = await epilogue.standin.run_command(
            text,
            user=epilogue.users[0],
            channel=epilogue.channel,
            timeout=FIRST_BUILD_WAIT + ANSWER_TIMEOUT_S,
        )
        if "getting ready" not in result.message.text:
            return time.perf_counter() - started
    raise SystemExit(f"search was not ready after {SEARCH_READY_TIMEOUT_S:.0f} s")


# --- reporting -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import discord

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "discord.py": discord.__version__,
        "platform": platform.platform(),
        "load_average": os.getloadavg(),
    }


def report(
    results: list[Result],
    info: dict[str, Any],
    films: int,
    command: str,
    notes: list[str],
    think_ms: float = 0.0,
) -> str:
    floors = {(r.workload, r.concurrency): r for r in results if r.floor is None}
    lines = [
        f"## End-to-end through the Discord stand-in ({films} films + La La Land)",
        "",
        "Answer: INTERACTION_CREATE sent → the answer arrived (the callback when it carries the"
        " message, else the follow-up that replaced 'thinking…'): what a member waits for."
        " Ack: → the interaction callback, what Discord's 3 s deadline is about. Both bots are"
        " subprocesses with their own stand-in; members ask in a closed loop"
        + (f", waiting {think_ms:g} ms after each answer." if think_ms else ", at once."),
        "",
        "| workload | bot | concurrency | n | answer p50 ms | answer p95 ms | answer p99 ms"
        " | ack p50 ms | ack p99 ms | deferred | per s | bot CPU ms/answer | > 3 s"
        " | answer p50 vs floor |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        s = result.summary()
        floor = floors.get((result.floor, result.concurrency)) if result.floor else None
        ratio = (
            f"{result.percentile(50, result.answered) / floor.percentile(50, floor.answered):.2f}x"
            if floor
            else "—"
        )
        failed = f" ({s['failures']} failed)" if s["failures"] else ""
        lines.append(
            f"| {s['workload']}{failed} | {s['bot']} | {s['concurrency']} | {s['count']}"
            f" | {s['answer_p50_ms']:.1f} | {s['answer_p95_ms']:.1f} | {s['answer_p99_ms']:.1f}"
            f" | {s['ack_p50_ms']:.1f} | {s['ack_p99_ms']:.1f} | {s['deferred']}"
            f" | {s['per_s']:.1f} | {s['bot_cpu_ms']:.2f} | {s['past_deadline']} | {ratio} |"
        )
    lines += ["", "Targets (issue 13):", *targets(results, floors)]
    lines += ["", *notes, ""]
    load = ", ".join(f"{x:.2f}" for x in info["load_average"])
    lines += [
        f"Machine: {info['cpu']}, {info['cores']} cores; Python {info['python']},"
        f" discord.py {info['discord.py']}; load average at the start: {info['load_start']};"
        f" at the end: {load}.",
        f"Reproduce: `{command}`",
    ]
    return "\n".join(lines)


def targets(results: list[Result], floors: dict[tuple[str, int], Result]) -> list[str]:
    """The issue's end-to-end targets, each with the measured value and whether it was met."""
    lines: list[str] = []

    def verdict(name: str, value: str, target: str, met: bool) -> None:
        lines.append(f"- {name}: {value} (target {target}): {'met' if met else 'MISSED'}")

    for r in results:
        floor = floors.get((r.floor, r.concurrency)) if r.floor else None
        if floor is None:
            continue
        p50, p99 = r.percentile(50, r.answered), r.percentile(99, r.answered)
        ratio = p50 / floor.percentile(50, floor.answered)
        at = f"at concurrency {r.concurrency}"
        if r.workload.startswith("/film ending") and r.concurrency == 1:
            verdict(
                f"{r.workload} answer p50 {at}", f"{ratio:.2f}x the floor", "≤ 1.3x", ratio <= 1.3
            )
        if r.workload.startswith("/film ending") and r.concurrency == 100:
            verdict(f"{r.workload} acks past 3 s {at}", str(r.late), "0", r.late == 0)
            verdict(f"{r.workload} answer p99 {at}", f"{p99 * 1e3:.0f} ms", "≤ 500 ms", p99 <= 0.5)
            share = (len(r.answered) / r.wall_s) / (len(floor.answered) / floor.wall_s)
            verdict(
                f"{r.workload} answers/s {at}", f"{share:.0%} of the floor's", "≥ 50%", share >= 0.5
            )
        if r.workload == CACHED_ENDING:
            cpu = r.bot_cpu_s / len(r.answered) * 1e3
            verdict(f"CPU per cached answer {at}", f"{cpu:.2f} ms", "≤ 2 ms", cpu <= 2)
            if (page := floors.get((PAGE_FLOOR, r.concurrency))) is not None:
                # Not a target: how much of the gap is the size of the reply itself.
                page_ratio = p50 / page.percentile(50, page.answered)
                lines.append(
                    f"  - beside a floor replying an answer-sized page ({PAGE_FLOOR}) {at}:"
                    f" {page_ratio:.2f}x (its p50"
                    f" {page.percentile(50, page.answered) * 1e3:.2f} ms)"
                )
        if r.workload == "/film search" and r.concurrency == 1:
            verdict(f"/film search answer p50 {at}", f"{p50 * 1e3:.1f} ms", "≤ 10 ms", p50 <= 0.01)
        if r.workload == "film autocomplete":
            if r.concurrency == 1:
                floor_p99 = floor.percentile(99, floor.answered)
                verdict(
                    f"autocomplete p99 {at}", f"{p99 / floor_p99:.2f}x the floor", "≤ 2x",
                    p99 <= 2 * floor_p99,
                )  # fmt: skip
            if r.concurrency == 100:
                verdict(f"autocomplete p99 {at}", f"{p99 * 1e3:.1f} ms", "≤ 50 ms", p99 <= 0.05)
    return lines


def progress(message: str) -> None:
    # The time of day: to line up with the bots' logs (``logging.slow_steps_ms``).
    print(f"[e2e {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.e2e", description=__doc__)
    parser.add_argument("--films", type=int, default=10_000, help="synthetic films (10000)")
    parser.add_argument("--seed", type=int, default=7, help="corpus and query seed (7)")
    parser.add_argument(
        "--requests", type=int, default=300, help="interactions per workload and concurrency (300)"
    )
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=list(CONCURRENCY), help="(1 10 100)"
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="each member waits this long after an answer before asking again (0: at once)",
    )
    parser.add_argument("--workdir", type=Path, help="keep the database and logs here")
    parser.add_argument(
        "--only", help="run only the workloads whose name holds this text (and their floors)"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    from benchmarks import e2e_scale

    e2e_scale.add_scale_arguments(parser)  # --processes, --postgres
    return parser.parse_args(argv)


def rounds(concurrency: int, requests: int) -> int:
    """At high concurrency, enough requests for every member to ask several times."""
    return max(requests, 5 * concurrency)


def saved_queries(db_path: Path, films: int, seed: int) -> Queries | None:
    """The queries of an earlier run's corpus database in the same ``--workdir``, if it matches;
    otherwise both files are removed so the corpus is built afresh."""
    saved = db_path.with_suffix(".json")
    if db_path.exists() and saved.exists():
        data = json.loads(saved.read_text())
        # Queries saved before choices named their film's version are made again.
        if data["corpus"] == {"films": films, "seed": seed} and "film_choices" in data["queries"]:
            return Queries(**data["queries"])
    for stale in (db_path, saved):
        stale.unlink(missing_ok=True)
    return None


def save_queries(db_path: Path, films: int, seed: int, queries: Queries) -> None:
    corpus = {"films": films, "seed": seed}
    db_path.with_suffix(".json").write_text(
        json.dumps({"corpus": corpus, "queries": dataclasses.asdict(queries)})
    )


async def corpus_database(db_path: Path, films: int, seed: int) -> tuple[Queries, str]:
    if (queries := saved_queries(db_path, films, seed)) is not None:
        from benchmarks.renders import store_missing_renders

        await store_missing_renders(db_path)  # as `epilogue import` does after an upgrade
        return queries, f"Corpus: {films} films, reused from {db_path}."
    started = time.perf_counter()
    queries = await build_database(db_path, films, seed)
    save_queries(db_path, films, seed, queries)
    return queries, f"Corpus: {films} films stored in {time.perf_counter() - started:.0f} s."


async def bench(args: argparse.Namespace, workdir: Path, command: str) -> int:
    db_path = workdir / "epilogue.db"
    load_start = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    queries, stored = await corpus_database(db_path, args.films, args.seed)
    notes = [stored]
    defaults = workdir / "defaults.yaml"
    defaults.write_text("# every setting comes from the environment\n")
    epilogue = BotUnderTest(
        "Epilogue",
        "bot",
        {
            "EPILOGUE_DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
            "EPILOGUE_CONFIG": str(defaults),
        },
        workdir,
    )
    floor = BotUnderTest("Floor", "benchmarks.floor_bot", {}, workdir)
    results: list[Result] = []
    try:
        progress("starting the floor bot (it registers /ping itself)")
        await floor.standin.start()
        await floor.launch()
        progress("epilogue sync, then epilogue run")
        await epilogue.standin.start()
        await epilogue.run_once("sync")
        await epilogue.launch("run")
        ready = await wait_for_search(epilogue, queries)
        notes.append(f"Search index ready {ready:.1f} s after the first search (not measured).")

        rng = random.Random(f"{args.seed}/e2e")
        failure = re.compile(r"^⚠️|getting ready|No film matches")
        # "Nothing matches" answers a search (privately, marked ⚠️ as every private miss is).
        search_failure = re.compile(r"^⚠️(?! Nothing matches)|getting ready")
        workloads = [
            Workload("/ping", floor, False),
            Workload(PAGE_FLOOR, floor, False),
            Workload("/film ending", epilogue, False, "/ping", failure),
            Workload(CACHED_ENDING, epilogue, False, "/ping", failure),
            Workload(TYPED_FLOOR, floor, False, typed_first=lambda _command: "/ping word:po"),
            Workload(TYPED_ENDING, epilogue, False, TYPED_FLOOR, failure, queries.typed),
            Workload(
                UNCLEAR_ENDING,
                epilogue,
                False,
                TYPED_FLOOR,
                failure,
                lambda _command: "/film ending film:",
            ),
            Workload("/film search", epilogue, False, "/ping", search_failure),
            Workload("/ping autocomplete", floor, True),
            Workload("film autocomplete", epilogue, True, "/ping autocomplete"),
            Workload(INFO_AUTOCOMPLETE, epilogue, True, "/ping autocomplete"),
        ]
        workloads = chosen(workloads, args.only)
        for workload in workloads:  # warm-up: first calls fill caches and open connections
            texts = texts_for(workload, queries, 20, rng)
            await run(workload, 1, texts)
        with no_full_collections_here():
            for concurrency in args.concurrency:
                for workload in workloads:
                    texts = texts_for(workload, queries, rounds(concurrency, args.requests), rng)
                    progress(f"{workload.name} ({workload.bot.name}) at concurrency {concurrency}")
                    results.append(await run(workload, concurrency, texts, args.think_ms / 1e3))
    finally:
        for bot in (epilogue, floor):
            await bot.stop()
    info = machine() | {"load_start": load_start}
    print(report(results, info, args.films, command, notes, args.think_ms))
    if args.json:
        data = {"machine": info, "films": args.films, "results": [r.summary() for r in results]}
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    return 0


def texts_for(workload: Workload, queries: Queries, count: int, rng: random.Random) -> list[str]:
    if workload.name == "/ping":
        return ["/ping"] * count
    if workload.name == "/ping autocomplete":
        return ["/ping word:po"] * count
    if workload.name == PAGE_FLOOR:
        return ["/page"] * count
    if workload.name == "/film ending":
        return queries.endings(count, rng)
    if workload.name == CACHED_ENDING:
        return queries.endings(count, rng, POPULAR)
    if workload.name in (TYPED_ENDING, UNCLEAR_ENDING):
        return queries.endings(count, rng)
    if workload.name == TYPED_FLOOR:
        return ["/ping"] * count
    if workload.name == "/film search":
        return queries.searches(count, rng)
    if workload.name == INFO_AUTOCOMPLETE:
        return [
            text.replace("/film ending", "/film info", 1)
            for text in queries.autocompletes(count, rng)
        ]
    return queries.autocompletes(count, rng)


def chosen(workloads: list[Workload], only: str | None) -> list[Workload]:
    """``--only``: the workloads whose name holds ``only``, and the floors they are compared
    with (run first, as in the whole list)."""
    if only is None:
        return workloads
    wanted = {w.name for w in workloads if only in w.name}
    wanted |= {w.floor for w in workloads if w.name in wanted and w.floor is not None}
    if not wanted:
        names = ", ".join(w.name for w in workloads)
        raise SystemExit(f"--only {only!r}: no workload's name holds it; the names: {names}")
    return [w for w in workloads if w.name in wanted]


async def _watched(work: Any) -> int:
    """EPILOGUE_LOGGING_SLOW_STEPS_MS set: this process's long loop steps logged too (the
    stand-ins' and the members': a stall here delays every bot's measured answers)."""
    import logging

    from client.slow_steps import slow_steps_logged

    logging.basicConfig(format="[e2e] %(message)s")
    threshold = os.environ.get("EPILOGUE_LOGGING_SLOW_STEPS_MS")
    with slow_steps_logged(int(threshold) if threshold else None):
        return await work


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "uv run python -m benchmarks.e2e " + " ".join(argv or sys.argv[1:])
    from benchmarks import e2e_scale  # several shard processes on PostgreSQL

    bench_here = e2e_scale.bench if e2e_scale.wanted(args) else bench
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return asyncio.run(_watched(bench_here(args, args.workdir, command.strip())))
    workdir = Path(tempfile.mkdtemp(prefix="epilogue-e2e-"))
    try:
        return asyncio.run(bench_here(args, workdir, command.strip()))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
