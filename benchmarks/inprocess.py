"""In-process benchmarks at several corpus sizes; prints a markdown table with PASS/MISS lines.

    uv run python -m benchmarks.inprocess                         # 1k and 10k films
    uv run python -m benchmarks.inprocess --films 1000,10000,100000 --json results.json
    uv run python -m benchmarks.inprocess --films 10000 --yaml-films 10000   # + import from YAML
    uv run python -m benchmarks.inprocess --films 100000 --workdir DIR --reuse  # DIR from --keep

For each size N, over a fresh SQLite file: import through ``ContentLoader.store``; autocomplete
(``film_choices``) over a realistic mix of queries; ``/film search`` and ``/film ending`` through
``run_command``; start to ready (``Epilogue.open``) in a fresh process, so imports count, measured
twice: with every module's bytecode compiled beforehand, as a deployed bot has it (pip compiles
at install), and with the bot and its dependencies compiled from source in the process, as on a
machine that forbids writing bytecode (``PYTHONDONTWRITEBYTECODE``) to an environment installed
without it; peak RSS
of a process that has served every kind of request, with discord.py imported as the bot has it.
Up to ``--yaml-films`` films, also the import from a folder of YAML files (``load_paths``) and a
start whose content folder holds all N files.

Only the standard library is imported at module level: the child processes that measure start
time and memory run this module too, and must count the bot's own imports and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import platform
import random
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.catalog import FilmEntry
    from bot.config import Config
    from bot.epilogue import Epilogue
    from bot.invocation import Invocation

DEFAULT_SIZES = (1_000, 10_000)
TARGET_SIZE = 10_000
CHUNK = 2_000
"""Films generated and stored per ``store`` call; bounds the benchmark's own memory."""
START_RUNS = 3
WARM_UP = 10
"""Untimed calls before the timed ones (after the first, which is timed on its own)."""
READY_TIMEOUT = 900
"""Seconds to wait for a command to answer for real (the search index's first build)."""
GUILD_ID = 1
CHANNEL_ID = 10


@dataclass(frozen=True)
class Target:
    label: str
    limit: float
    unit: str
    read: Callable[[dict[str, Any]], float | None]


TARGETS = (
    Target(
        "import of 10k films (ContentLoader.store)",
        60,
        "s",
        lambda r: r["store"].get("seconds"),  # None when --reuse found the database
    ),
    Target(
        "import of 10k films from YAML (load_paths)",
        60,
        "s",
        lambda r: r["yaml"]["seconds"] if r.get("yaml") else None,
    ),
    Target("autocomplete p99, in process", 10, "ms", lambda r: r["autocomplete"]["p99"]),
    Target("start to ready (fresh process, compiled)", 2, "s", lambda r: r["start"]["wall_s"]),
    Target(
        "start to ready (fresh process, from source)",
        2,
        "s",
        lambda r: r["start_from_source"]["wall_s"] if r.get("start_from_source") else None,
    ),
    Target(
        "start to ready, content folder of 10k files",
        2,
        "s",
        lambda r: r["start_with_folder"]["wall_s"] if r.get("start_with_folder") else None,
    ),
    Target("peak RSS", 200, "MB", lambda r: r["memory"]["peak_rss_mb"]),
)


LARGE_SIZE = 100_000
LARGE_TARGETS = (  # issue 13, in process
    Target("autocomplete p99, in process", 10, "ms", lambda r: r["autocomplete"]["p99"]),
    Target("start to ready (fresh process, compiled)", 3, "s", lambda r: r["start"]["wall_s"]),
    Target(
        "start to ready (fresh process, from source)",
        3,
        "s",
        lambda r: r["start_from_source"]["wall_s"] if r.get("start_from_source") else None,
    ),
    Target("peak RSS", 300, "MB", lambda r: r["memory"]["peak_rss_mb"]),
)


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Samples:
    """Wall and CPU durations of repeated calls, in nanoseconds."""

    wall: list[int]
    cpu: list[int]

    @classmethod
    def empty(cls) -> Samples:
        return cls([], [])

    def summary(self) -> dict[str, float]:
        return {
            "count": len(self.wall),
            "p50": _percentile(self.wall, 50),
            "p95": _percentile(self.wall, 95),
            "p99": _percentile(self.wall, 99),
            "max": max(self.wall) / 1e6,
            "cpu_p50": _percentile(self.cpu, 50),
            "cpu_p99": _percentile(self.cpu, 99),
        }


def _percentile(values_ns: list[int], percent: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    ordered = sorted(values_ns)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1] / 1e6


class Clock:
    """Wall and process CPU time (CPU counts aiosqlite's thread too) of one block."""

    def __enter__(self) -> Clock:
        self.wall = time.perf_counter_ns()
        self.cpu = time.process_time_ns()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter_ns() - self.wall
        self.cpu = time.process_time_ns() - self.cpu

    @property
    def seconds(self) -> float:
        return self.wall / 1e9

    @property
    def cpu_seconds(self) -> float:
        return self.cpu / 1e9


def _rss_mb() -> dict[str, float]:
    """Current and peak resident memory of this process.

    Linux carries ``ru_maxrss`` over from the parent across fork and exec, so a child would
    report the benchmark's own peak; /proc's VmHWM belongs to this program alone.
    """
    memory = {"rss_mb": 0.0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            name, _colon, value = line.partition(":")
            if name in {"VmRSS", "VmHWM"}:
                memory["rss_mb" if name == "VmRSS" else "peak_mb"] = int(value.split()[0]) / 1024
    return {key: round(value, 1) for key, value in memory.items()}


# --- queries -----------------------------------------------------------------------------------


AUTOCOMPLETE_MIX = {
    "empty": 5,
    "1 letter": 10,
    "2 letters": 10,
    "3 letters": 10,
    "typing a title": 15,
    "full title": 10,
    "typo": 15,
    "alias": 10,
    "title and year": 10,
    "year": 5,
}


def autocomplete_queries(entries: list[FilmEntry], count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (kind, query) pairs, as members type them into the film option."""
    rng = random.Random(f"{seed}/autocomplete")
    with_aliases = [entry for entry in entries if entry.aliases]
    kinds = rng.choices(list(AUTOCOMPLETE_MIX), weights=list(AUTOCOMPLETE_MIX.values()), k=count)
    queries = []
    for kind in kinds:
        entry = rng.choice(entries)
        title = entry.title
        if kind == "alias" and with_aliases:
            query = rng.choice(rng.choice(with_aliases).aliases)
        elif kind == "empty":
            query = ""
        elif kind.endswith(("letter", "letters")):
            query = title[: int(kind[0])].lower()
        elif kind == "typing a title":
            query = title[: rng.randint(min(4, len(title)), len(title))].lower()
        elif kind == "typo":
            query = _typo(rng, title.lower())
        elif kind == "title and year":
            query = rng.choice((f"{title} ({entry.year})", f"{title.lower()} {entry.year}"))
        elif kind == "year":
            query = str(entry.year)
        else:
            query = title
        queries.append((kind, query))
    return queries


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text + "x"
    at = rng.randrange(1, len(text) - 1)
    edit = rng.choice(("drop", "swap", "replace", "insert"))
    if edit == "drop":
        return text[:at] + text[at + 1 :]
    if edit == "swap":
        return text[: at - 1] + text[at] + text[at - 1] + text[at + 1 :]
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return text[:at] + letter + text[at + (edit == "replace") :]


def search_queries(samples: list[list[str]], titles: list[str], count: int, seed: int) -> list[str]:
    """Words and short phrases from the films' own text, and some titles. A phrase of common
    words alone ("of the") is drawn again: ``/film search`` tells the member it finds nothing in
    particular without searching, and the row measures searches."""
    from bot.features.film.search import only_common_words

    rng = random.Random(f"{seed}/search")
    queries = [rng.choice(titles)]  # finds something: ``time_command`` waits on it
    while len(queries) < count:
        if rng.random() < 0.1:
            queries.append(rng.choice(titles))
            continue
        words = rng.choice(samples)
        length = rng.choice((1, 1, 2, 2, 3))
        start = rng.randrange(max(1, len(words) - length))
        if not only_common_words(phrase := " ".join(words[start : start + length])):
            queries.append(phrase)
    return queries


def ending_options(entries: list[FilmEntry], count: int, seed: int) -> list[str]:
    """The film option as autocomplete fills it in (``choice_value``), or typed by hand."""
    rng = random.Random(f"{seed}/ending")
    options = []
    for _ in range(count):
        entry = rng.choice(entries)
        typed = rng.choice((entry.title, f"{entry.title} ({entry.year})"))
        options.append(entry.choice_value if rng.random() < 0.5 else typed)
    return options


def _text_sample(rng: random.Random, text: str) -> list[str]:
    """A run of words from ``text`` (punctuation and markup dropped)."""
    words = [word.strip(".,:;\"'?|[]^0123456789") for word in text.split()]
    words = [word for word in words if word]
    start = rng.randrange(max(1, len(words) - 6))
    return words[start : start + 6]


# --- the core, in this process -----------------------------------------------------------------


def make_config(db_path: Path, content: list[Path]) -> Config:
    from bot.config import Config

    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{db_path}"
    config.content.directories = content
    config.discord.owner_ids = [999]
    return config


def invocation(user_id: int) -> Invocation:
    from bot.invocation import Invocation

    return Invocation(user_id=user_id, guild_id=GUILD_ID, channel_id=CHANNEL_ID)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def import_corpus(
    app: Epilogue, count: int, seed: int
) -> tuple[dict[str, Any], list[list[str]]]:
    """Store ``count`` generated films; only ``store`` is timed. Returns text samples too."""
    from benchmarks.corpus import generate

    rng = random.Random(f"{seed}/samples")
    samples: list[list[str]] = []
    wall = cpu = loaded = 0
    started = time.perf_counter()
    for chunk in _chunks(generate(count, seed), CHUNK):
        files = [film.film_file() for film in chunk]
        for film in rng.sample(chunk, min(len(chunk), 200)):
            bodies = [section["body"] for section in film.data["sections"] if "body" in section]
            samples.append(_text_sample(rng, rng.choice(bodies)))
        with Clock() as clock:
            report = await app.loader.store(files)
        wall, cpu, loaded = wall + clock.wall, cpu + clock.cpu, loaded + len(report.loaded)
        _progress(f"stored {loaded}/{count}")
    elapsed = time.perf_counter() - started
    with Clock() as refresh:
        await app.catalog.refresh()
    return {
        "seconds": wall / 1e9,
        "cpu_seconds": cpu / 1e9,
        "films_per_s": count / (wall / 1e9),
        "loaded": loaded,
        "generate_and_store_seconds": elapsed,
        "refresh_seconds": refresh.seconds,
    }, samples


async def reuse_corpus(
    app: Epilogue, db_path: Path, count: int, seed: int
) -> tuple[dict[str, Any], list[list[str]]]:
    """A database kept by an earlier ``--keep`` run: nothing is stored, the catalog refresh is
    timed, and text samples come from the stored sections (generating 100k films again to
    draw them as ``import_corpus`` does would take minutes)."""
    if len(app.catalog) != count:
        raise SystemExit(f"--reuse: {db_path} holds {len(app.catalog)} films, not {count}")
    # A fuzzy lookup waits for the trigram postings the opening refresh is building in the
    # background: the refresh timed next then has the interpreter to itself, as after an import.
    app.catalog.search(GUILD_ID, "zq")
    with Clock() as refresh:
        await app.catalog.refresh()
    rng = random.Random(f"{seed}/samples")
    ids = sorted(entry.id for entry in app.catalog.films(GUILD_ID))
    films = rng.sample(ids, min(count, 2_000))
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        bodies: dict[int, list[str]] = defaultdict(list)
        for at in range(0, len(films), 500):
            chunk = films[at : at + 500]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                "SELECT film_id, body FROM sections"
                f" WHERE body IS NOT NULL AND film_id IN ({marks})",
                chunk,
            )
            for film_id, body in rows:
                bodies[film_id].append(body)
    samples = [_text_sample(rng, rng.choice(bodies[film])) for film in films if bodies[film]]
    return {"reused": True, "refresh_seconds": refresh.seconds}, samples


def time_autocomplete(app: Epilogue, queries: list[tuple[str, str]]) -> dict[str, Any]:
    from bot.features.film.commands import film_choices

    asker = invocation(1)
    for _kind, query in queries[:50]:  # warm-up
        film_choices(app, asker, query)
    overall = Samples.empty()
    by_kind: dict[str, Samples] = defaultdict(Samples.empty)
    for kind, query in queries:
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        film_choices(app, asker, query)
        cpu, wall = time.thread_time_ns() - cpu, time.perf_counter_ns() - wall
        for samples in (overall, by_kind[kind]):
            samples.wall.append(wall)
            samples.cpu.append(cpu)
    return overall.summary() | {
        "by_kind": {kind: by_kind[kind].summary() for kind in AUTOCOMPLETE_MIX if kind in by_kind}
    }


async def time_command(
    app: Epilogue, name: str, option: str, values: list[str], warm_up: int
) -> dict[str, Any] | None:
    """Latency of ``/name option:value`` through ``run_command``; None if there is no such command.

    The first call is reported on its own, and so is how long until a call answers with an
    embed: ``/film search`` builds its index in the background at first and says so meanwhile.
    ``values[0]`` must find something. Each call comes from another member: no cooldown applies.
    """
    from bot.command_table import command_table
    from bot.dispatch import run_command

    spec = command_table().get(name)
    if spec is None or spec.option(option) is None:
        return None
    users = itertools.count(1)
    started = time.perf_counter()
    with Clock() as first:
        reply = await run_command(app, spec, invocation(next(users)), {option: values[0]})
    while not reply.embeds and time.perf_counter() - started < READY_TIMEOUT:
        await asyncio.sleep(0.05)
        reply = await run_command(app, spec, invocation(next(users)), {option: values[0]})
    ready = time.perf_counter() - started
    if not reply.embeds:
        raise SystemExit(f"/{name} {option}:{values[0]} never answered: {reply.content}")
    for value in values[1 : 1 + warm_up]:
        await run_command(app, spec, invocation(next(users)), {option: value})
    samples = Samples.empty()
    errors = 0
    for value in values[1 + warm_up :]:
        with Clock() as clock:
            reply = await run_command(app, spec, invocation(next(users)), {option: value})
        samples.wall.append(clock.wall)
        samples.cpu.append(clock.cpu)
        errors += reply.is_error
    return samples.summary() | {"first_ms": first.wall / 1e6, "ready_s": ready, "errors": errors}


async def load_yaml_folder(folder: Path, db_path: Path) -> dict[str, Any]:
    from bot.epilogue import Epilogue

    async with Epilogue.open(make_config(db_path, [])) as app:
        with Clock() as clock:
            report = await app.loader.load_paths([folder])
    count = len(report.loaded)
    if report.problems:
        raise SystemExit(f"corpus files failed to load: {report.problems[:3]}")
    return {
        "seconds": clock.seconds,
        "cpu_seconds": clock.cpu_seconds,
        "films_per_s": count / clock.seconds,
        "loaded": count,
    }


# --- child processes ---------------------------------------------------------------------------


def run_child(*args: str, env: dict[str, str] | None = None) -> tuple[float, dict[str, Any]]:
    """Run this module as a child; (seconds from spawn to its JSON line, that JSON)."""
    command = [sys.executable, "-m", "benchmarks.inprocess", "--child", *args]
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    wall = time.perf_counter() - started
    later = child.stdout.read()  # what the child worked out after its timed line, if anything
    if child.wait() != 0 or not line:
        raise SystemExit(f"benchmark child failed: {shlex.join(command)}")
    result = json.loads(line)
    for more in later.splitlines():
        result |= json.loads(more)
    return wall, result


@dataclass(frozen=True)
class Bytecode:
    """How a start child finds compiled modules: each way has its own ``PYTHONPYCACHEPREFIX``,
    so neither depends on ``__pycache__`` folders earlier runs or tests left in the tree or the
    virtual environment (Python then reads and writes compiled files only under the prefix).

    ``compiled``: every module the start imports, compiled by an unmeasured start with writing
    allowed (``PYTHONDONTWRITEBYTECODE`` unset), as ``pip install`` leaves a deployed bot.
    ``from_source``: only the standard library's compiled files, so the bot and its dependencies
    are compiled in the process, as on a machine that forbids writing bytecode to an environment
    installed without it (``uv sync`` without ``--compile-bytecode``): how starts were measured
    until 6 December.
    """

    compiled: Path
    from_source: Path

    @classmethod
    def prepare(cls, cache: Path, db_path: Path, content: Path | None) -> Bytecode:
        bytecode = cls(cache / "compiled", cache / "from-source")
        # Stale files (changed code since a kept run) are rewritten: Python checks each one
        # against its source's modification time and size.
        run_child(*_start_args(db_path, content), env=bytecode.env("compile"))
        stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
        kept = bytecode.compiled / stdlib.relative_to(stdlib.anchor)
        shutil.rmtree(bytecode.from_source, ignore_errors=True)
        shutil.copytree(
            kept,
            bytecode.from_source / stdlib.relative_to(stdlib.anchor),
            # Packages installed beside the standard library (no virtual environment).
            ignore=shutil.ignore_patterns("site-packages", "dist-packages"),
        )
        return bytecode

    def env(self, way: str) -> dict[str, str]:
        env = dict(os.environ)
        prefix = self.from_source if way == "from_source" else self.compiled
        env["PYTHONPYCACHEPREFIX"] = str(prefix)
        if way == "compile":
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        else:  # measured starts leave the caches as they were
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env


def _start_args(db_path: Path, content: Path | None) -> list[str]:
    return ["start", str(db_path)] + ([str(content)] if content else [])


def measure_start(
    db_path: Path, content: Path | None, runs: int, cache: Path
) -> dict[str, dict[str, Any]]:
    """Start to ready with bytecode compiled and from source, ``runs`` fresh processes each,
    alternated so both see the same load; each way's median by wall time."""
    bytecode = Bytecode.prepare(cache, db_path, content)
    results: dict[str, list[tuple[float, dict[str, Any]]]] = {"compiled": [], "from_source": []}
    for _ in range(runs):
        for way, measured in results.items():
            measured.append(run_child(*_start_args(db_path, content), env=bytecode.env(way)))
    return {way: _median_start(measured) for way, measured in results.items()}


def _median_start(results: list[tuple[float, dict[str, Any]]]) -> dict[str, Any]:
    results = sorted(results, key=lambda result: result[0])
    wall, median = results[len(results) // 2]
    cpu = sorted(r["import_cpu_s"] + r["open_cpu_s"] for _, r in results)
    return {
        "wall_s": wall,
        "runs_s": [round(w, 3) for w, _ in results],
        "cpu_s_median": cpu[len(cpu) // 2],
    } | median


async def _child_start(db_path: Path, content: Path | None) -> dict[str, Any]:
    """Import the bot and open it, as ``epilogue run`` does before it connects."""
    started, started_cpu = time.perf_counter(), time.process_time()
    from bot.memory import collector_paused

    with collector_paused(keep=True):  # as ``epilogue run`` imports its code (bot.cli._run)
        from bot.epilogue import Epilogue

    imported, imported_cpu = time.perf_counter(), time.process_time()
    async with Epilogue.open(make_config(db_path, [content] if content else [])) as app:
        ready, ready_cpu = time.perf_counter(), time.process_time()
        result = {
            "import_s": imported - started,
            "open_s": ready - imported,
            # CPU of every thread of the process (a busy machine inflates wall time, not this).
            "import_cpu_s": imported_cpu - started_cpu,
            "open_cpu_s": ready_cpu - imported_cpu,
            "films": len(app.catalog),
        } | _rss_mb()
        print(json.dumps(result), flush=True)
        # After the timed line: a stat call per module, each giving up the interpreter, waited
        # for the catalog's index thread each time (a second in all at 100k films).
        later = {"modules_from_source": _modules_from_source()}
        print(json.dumps(later), flush=True)
    return result | later


def _modules_from_source() -> int:
    """Imported modules with no compiled file to read: this process compiled them."""
    return sum(
        1
        for module in list(sys.modules.values())
        if isinstance(getattr(module, "__cached__", None), str)
        and not os.path.exists(module.__cached__)
    )


async def _child_workload(db_path: Path, queries: dict[str, Any]) -> dict[str, Any]:
    """Serve every kind of request once the bot is up, then report memory."""
    import discord  # noqa: F401  (the bot's process holds discord.py too)

    from bot.epilogue import Epilogue

    async with Epilogue.open(make_config(db_path, [])) as app:
        stages = {"open": _rss_mb()}
        time_autocomplete(app, [tuple(pair) for pair in queries["autocomplete"]])
        stages["autocomplete"] = _rss_mb()
        await time_command(app, "film search", "query", queries["search"], warm_up=0)
        stages["search"] = _rss_mb()
        await time_command(app, "film ending", "film", queries["ending"], warm_up=0)
        stages["ending"] = _rss_mb()
    result = {"peak_rss_mb": stages["ending"]["peak_mb"], "stages": stages}
    print(json.dumps(result), flush=True)
    return result


# --- one size ----------------------------------------------------------------------------------


async def bench_size(count: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from bot.epilogue import Epilogue

    folder = workdir / f"{count}"
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "store.db"
    result: dict[str, Any] = {"films": count}

    reuse = args.reuse and db_path.exists()
    async with Epilogue.open(make_config(db_path, [])) as app:
        if reuse:
            result["store"], samples = await reuse_corpus(app, db_path, count, args.seed)
        else:
            result["store"], samples = await import_corpus(app, count, args.seed)
        entries = app.catalog.films(GUILD_ID)
        titles = [entry.title for entry in entries]
        queries = {
            "autocomplete": autocomplete_queries(entries, args.queries, args.seed),
            "search": search_queries(samples, titles, args.commands + WARM_UP + 1, args.seed),
            "ending": ending_options(entries, args.commands + WARM_UP + 1, args.seed),
        }
        _progress("autocomplete")
        result["autocomplete"] = time_autocomplete(app, queries["autocomplete"])
        _progress("/film search")
        result["search"] = await time_command(
            app, "film search", "query", queries["search"], warm_up=WARM_UP
        )
        _progress("/film ending")
        result["ending"] = await time_command(
            app, "film ending", "film", queries["ending"], warm_up=WARM_UP
        )
    result["db_mb"] = db_path.stat().st_size / 1e6

    _progress("start to ready")
    starts = measure_start(db_path, None, START_RUNS, folder / "bytecode")
    result["start"], result["start_from_source"] = starts["compiled"], starts["from_source"]
    _progress("memory")
    queries_file = folder / "queries.json"
    few = {
        "autocomplete": queries["autocomplete"][:300],
        "search": queries["search"][:50],
        "ending": queries["ending"][:50],
    }
    queries_file.write_text(json.dumps(few))
    result["memory"] = run_child("workload", str(db_path), str(queries_file))[1]

    if count <= args.yaml_films:
        result["yaml"], starts = await bench_yaml(count, args, folder)
        result["start_with_folder"] = starts["compiled"]
        result["start_with_folder_from_source"] = starts["from_source"]
    if not (args.keep or reuse):  # a reused database stays for the next run
        shutil.rmtree(folder)
    return result


async def bench_yaml(
    count: int, args: argparse.Namespace, folder: Path
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Import from a folder of YAML files, then start with that folder as the content folder."""
    from benchmarks.corpus import write_corpus

    _progress(f"writing {count} YAML files")
    content = folder / "films"
    with Clock() as written:
        paths = write_corpus(content, count, args.seed)
    _progress("load_paths")
    db_path = folder / "yaml.db"
    loaded = await load_yaml_folder(content, db_path)
    loaded["write_seconds"] = written.seconds
    loaded["megabytes"] = sum(path.stat().st_size for path in paths) / 1e6
    _progress("start with the content folder")
    # Every file is unchanged by now, so this is what each restart of the bot costs.
    return loaded, measure_start(db_path, content, 1, folder / "bytecode")


def start_only(count: int, runs: int, workdir: Path) -> dict[str, dict[str, Any]]:
    db_path = workdir / f"{count}" / "store.db"
    if not db_path.exists():
        raise SystemExit(f"--start-only: no database at {db_path} (make one with --keep)")
    return measure_start(db_path, None, runs, workdir / f"{count}" / "bytecode")


def start_report(count: int, starts: dict[str, dict[str, Any]]) -> str:
    """Each way's runs, and its medians of wall and of CPU (every thread) by themselves."""
    lines = [f"Start to ready at {count:,} films, fresh processes:", ""]
    for way, label in (("compiled", COMPILED), ("from_source", FROM_SOURCE)):
        stats = starts[way]
        lines.append(
            f"- {label}: wall median {stats['wall_s']:.2f} s (runs {stats['runs_s']}),"
            f" CPU median {stats['cpu_s_median']:.2f} s; the median run: {_start(stats)}"
        )
    return "\n".join(lines)


COMPILED = "bytecode compiled, as deployed"
FROM_SOURCE = "bot and dependencies compiled from source in the process"


# --- report ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": model,
        "cores": usable,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def _ms(summary: dict[str, Any] | None, *keys: str) -> str:
    if summary is None:
        return "—"
    return " / ".join(f"{summary[key]:.2f}" for key in keys)


ROWS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("import via store: seconds", lambda r: _seconds(r["store"])),
    ("import via store: films/s (CPU s)", lambda r: _rate(r["store"])),
    ("catalog refresh after import (s)", lambda r: f"{r['store']['refresh_seconds']:.2f}"),
    ("import from YAML (load_paths): films/s (CPU s)", lambda r: _rate(r.get("yaml"))),
    ("database size (MB)", lambda r: f"{r['db_mb']:.0f}"),
    (
        "autocomplete p50 / p95 / p99 / max (ms)",
        lambda r: _ms(r["autocomplete"], "p50", "p95", "p99", "max"),
    ),
    ("autocomplete CPU p50 / p99 (ms)", lambda r: _ms(r["autocomplete"], "cpu_p50", "cpu_p99")),
    (
        "/film search: first call (ms), answers after (s)",
        lambda r: (
            f"{r['search']['first_ms']:.0f}, {r['search']['ready_s']:.1f}" if r["search"] else "—"
        ),
    ),
    ("/film search p50 / p95 / p99 (ms)", lambda r: _ms(r["search"], "p50", "p95", "p99")),
    ("/film ending p50 / p95 / p99 (ms)", lambda r: _ms(r["ending"], "p50", "p95", "p99")),
    (
        "error replies among timed /film search, /film ending",
        lambda r: " / ".join(_errors(r[name]) for name in ("search", "ending")),
    ),
    (
        "start to ready, fresh process, bytecode compiled as deployed (s):"
        " wall (import + open); CPU (import + open)",
        lambda r: _start(r["start"]),
    ),
    (
        "start to ready, fresh process, bot and dependencies compiled from source (s):"
        " wall (import + open); CPU (import + open)",
        lambda r: _start(r.get("start_from_source")),
    ),
    (
        "start to ready with content folder, compiled / from source (s)",
        lambda r: " / ".join(
            _start(r.get(key)) for key in ("start_with_folder", "start_with_folder_from_source")
        ),
    ),
    ("peak RSS, with discord.py imported (MB)", lambda r: f"{r['memory']['peak_rss_mb']:.0f}"),
)


def _seconds(stats: dict[str, Any]) -> str:
    return "— (reused)" if stats.get("reused") else f"{stats['seconds']:.1f}"


def _rate(stats: dict[str, Any] | None) -> str:
    if stats is None or stats.get("reused"):
        return "—"
    return f"{stats['films_per_s']:.0f} ({stats['cpu_seconds']:.1f})"


def _errors(stats: dict[str, Any] | None) -> str:
    return "—" if stats is None else str(stats["errors"])


def _start(stats: dict[str, Any] | None) -> str:
    if stats is None:
        return "—"
    shown = f"{stats['wall_s']:.2f} ({stats['import_s']:.2f} + {stats['open_s']:.2f})"
    if "open_cpu_s" in stats:  # not in results saved before CPU was measured
        shown += f"; CPU {stats['import_cpu_s']:.2f} + {stats['open_cpu_s']:.2f}"
    if "modules_from_source" in stats:  # how many modules the process compiled itself
        shown += f"; {stats['modules_from_source']} modules compiled in process"
    return shown


def report(results: list[dict[str, Any]], info: dict[str, Any], command: str) -> str:
    sizes = [f"{r['films']:,} films" for r in results]
    lines = [
        "## Epilogue in-process benchmarks",
        "",
        f"- machine: {info['cpu']}, {info['cores']} cores, Python {info['python']},"
        f" SQLite {info['sqlite']}, {info['platform']}",
        f"- load average at start / end: {info['load_average']} / {info['load_average_end']}"
        " (other work on the machine inflates wall times; CPU times are less affected)",
        f"- commit: {info['commit']}",
        f"- reproduce: `{command}`",
        "",
        "| metric | " + " | ".join(sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    lines += ["", "Autocomplete by query kind, p50 / p99 (ms):", ""]
    lines += ["| kind | " + " | ".join(sizes) + " |", "|---|" + "---:|" * len(sizes)]
    for kind in AUTOCOMPLETE_MIX:
        cells = [_ms(r["autocomplete"]["by_kind"].get(kind), "p50", "p99") for r in results]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    for size, targets in ((TARGET_SIZE, TARGETS), (LARGE_SIZE, LARGE_TARGETS)):
        at_size = next((r for r in results if r["films"] == size), None)
        if at_size is None and size == LARGE_SIZE:
            continue  # the 100k targets are checked only when that size was run
        lines += ["", f"Targets at {size:,} films on a 2-core machine:", ""]
        if at_size is None:
            lines.append(f"(not checked: run with --films including {size})")
        lines += _verdicts(targets, at_size) if at_size else []
    return "\n".join(lines)


def _verdicts(targets: Iterable[Target], result: dict[str, Any]) -> list[str]:
    lines = []
    for target in targets:
        value = target.read(result)
        if value is None:
            lines.append(f"- SKIP {target.label}: not measured at this size")
            continue
        verdict = "PASS" if value < target.limit else "MISS"
        lines.append(
            f"- {verdict} {target.label}: {value:.2f} {target.unit} (target < {target.limit:g})"
        )
    return lines


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


# --- entry point -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.inprocess", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--films",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="corpus sizes, comma-separated (default 1000,10000; 100000 takes ~30 min)",
    )
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument(
        "--queries", type=int, default=3000, help="autocomplete queries per size (default 3000)"
    )
    parser.add_argument(
        "--commands",
        type=int,
        default=300,
        help="timed /film search and /film ending calls per size (default 300)",
    )
    parser.add_argument(
        "--yaml-films",
        type=int,
        default=1000,
        help="also import from YAML files for sizes up to this (default 1000; slow beyond)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--workdir", type=Path, help="where databases go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the databases and YAML files")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --workdir: use a database kept there by --keep instead of importing again"
        " (it may be written to: copy it first to keep it as it was)",
    )
    parser.add_argument(
        "--start-only",
        type=int,
        metavar="RUNS",
        help="with --reuse: only start to ready, RUNS fresh processes each way (compiled and"
        " from source, alternated), on the kept database; prints their CPU and wall times",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.start_only and not (args.reuse and args.workdir):
        parser.error("--start-only needs --reuse and --workdir (a database kept by --keep)")
    args.sizes = [int(size.replace("_", "")) for size in args.films.split(",") if size.strip()]
    return args


async def bench(args: argparse.Namespace, command: str) -> int:
    info = machine()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="epilogue-bench-"))
    results = []
    try:
        for count in args.sizes:
            print(f"benchmarking {count:,} films in {workdir}", file=sys.stderr, flush=True)
            if args.start_only:
                print(start_report(count, start_only(count, args.start_only, workdir)))
                continue
            results.append(await bench_size(count, args, workdir))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    info["load_average_end"] = [round(load, 2) for load in os.getloadavg()]
    if args.start_only:
        print(f"- load average at start / end: {info['load_average']} / {info['load_average_end']}")
        print(f"- commit: {info['commit']}")
        return 0
    print(report(results, info, command))
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "command": command, "results": results}, indent=2)
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        mode, *paths = args.child
        if mode == "start":
            asyncio.run(_child_start(Path(paths[0]), Path(paths[1]) if len(paths) > 1 else None))
        else:
            queries = json.loads(Path(paths[1]).read_text())
            asyncio.run(_child_workload(Path(paths[0]), queries))
        return 0
    command = shlex.join(["uv", "run", "python", "-m", "benchmarks.inprocess", *sys.argv[1:]])
    return asyncio.run(bench(args, command))


if __name__ == "__main__":
    sys.exit(main())
