"""The end-to-end benchmark over several shard processes on one PostgreSQL database.

    uv run python -m benchmarks.e2e --processes 2 --films 2000 --concurrency 1 10 \
        --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/postgres

``--processes N`` runs N ``epilogue run`` processes, shard i of N each, against one stand-in
that holds one server per shard; members ask in every server in turn, so each process gets its
share. ``--postgres URL`` names the PostgreSQL server: a database of the run's own is created
there (the corpus stored in it) and dropped at the end. Latency and throughput are measured as
in ``benchmarks.e2e`` (from INTERACTION_CREATE sent to the callback received); no floor bot.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import random
import re
import signal
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from benchmarks import e2e

FAILURE = re.compile(r"^⚠️|getting ready|No film matches")


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    """``--processes`` and ``--postgres`` (kept apart from the single-process flags)."""
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="shard processes on one PostgreSQL database (1; more needs --postgres)",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="PostgreSQL server (postgresql+asyncpg://user@host:5432/db): the run creates a"
        " database of its own there and drops it at the end",
    )


def wanted(args: argparse.Namespace) -> bool:
    return args.processes != 1 or args.postgres is not None


async def _admin(url: str, statement: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    connection = await asyncpg.connect(
        host=target.host,
        port=target.port or 5432,
        user=target.username,
        password=target.password,
        database=target.database or "postgres",
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def build_database(url: str, films: int, seed: int) -> e2e.Queries:
    """La La Land plus ``films`` generated films, stored in the PostgreSQL database ``url``."""
    from benchmarks.corpus import generate
    from bot.config import Config
    from bot.epilogue import Epilogue

    config = Config()
    config.database.url = url
    app = await Epilogue.open(config)
    rng = random.Random(f"{seed}/e2e-words")
    words: set[str] = set()
    try:
        corpus = generate(films, seed)
        while chunk := list(itertools.islice(corpus, e2e.STORE_CHUNK)):
            await app.loader.store([film.film_file() for film in chunk])
            for film in rng.sample(chunk, min(len(chunk), 20)):
                bodies = [s["body"] for s in film.data["sections"] if s.get("body")]
                words.update(w.lower() for w in e2e._WORD.findall(rng.choice(bodies)))
        await app.catalog.refresh()
        entries = app.catalog.films(None)
    finally:
        await app.close()
    return e2e.Queries([e.choice_value for e in entries], [e.title for e in entries], sorted(words))


class ShardedEpilogue(e2e.BotUnderTest):
    """N ``epilogue run`` processes (shard i of N) and one stand-in with a server per shard."""

    def __init__(self, processes: int, url: str, workdir: Path) -> None:
        from tests.standin.gateway import shard_of
        from tests.standin.world import snowflake

        defaults = workdir / "defaults.yaml"
        defaults.write_text("# every setting comes from the environment\n")
        env = {"EPILOGUE_DATABASE_URL": url, "EPILOGUE_CONFIG": str(defaults)}
        super().__init__("Epilogue", "bot", env, workdir)
        self.count = processes
        self.standin.gateway.shard_count = processes
        self.channels = []
        for shard in range(processes):  # one server per shard, everyone a member of each
            guild_id = next(
                gid
                for gid in (snowflake() + (n << 22) for n in itertools.count())
                if shard_of(gid, processes) == shard
            )
            guild = self.world.guild(f"Shard {shard} Club", id=guild_id)
            for user in self.users:
                guild.add_member(user)
            self.channels.append(guild.text_channel("general"))
        self.processes: list[asyncio.subprocess.Process] = []

    async def launch(self, *args: str) -> None:
        for shard in range(self.count):
            env = self.env() | {
                "EPILOGUE_DISCORD_SHARD_IDS": str(shard),
                "EPILOGUE_DISCORD_SHARD_COUNT": str(self.count),
            }
            with self.log.with_name(f"epilogue-{shard}.log").open("ab") as log:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "run", cwd=e2e.ROOT, env=env, stdout=log,
                    stderr=log,
                )  # fmt: skip
            self.processes.append(process)
        await self.standin.wait_shards_ready(self.count, timeout=e2e.START_TIMEOUT_S)
        self.process = self.processes[0]

    def cpu_seconds(self) -> float:
        """User + system CPU time of every shard process so far (Linux ``/proc``)."""
        total = 0.0
        for process in self.processes:
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        return total

    async def stop(self) -> None:
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        await self.standin.stop()


def report(results: list[e2e.Result], films: int, command: str, notes: list[str]) -> str:
    info = e2e.machine()
    lines = [
        f"## End to end over shard processes on PostgreSQL ({films} films + La La Land)",
        "",
        "| workload | processes | concurrency | n | ack p50 ms | ack p99 ms | answered p99 ms"
        " | per s | CPU ms/op | > 3 s | failed |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        s = result.summary()
        lines.append(
            f"| {s['workload']} | {s['bot']} | {s['concurrency']} | {s['count']}"
            f" | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {s['answered_p99_ms']:.1f}"
            f" | {s['per_s']:.1f} | {s['bot_cpu_ms']:.1f} | {s['past_deadline']}"
            f" | {s['failures']} |"
        )
    load = ", ".join(f"{x:.2f}" for x in info["load_average"])
    lines += [
        "",
        *notes,
        f"Machine: {info['cpu']}, {info['cores']} cores; load average at the end: {load}.",
        f"Reproduce: `{command}`",
    ]
    return "\n".join(lines)


async def run_spread(
    workload: e2e.Workload, concurrency: int, texts: Sequence[str], channels: Sequence[object]
) -> e2e.Result:
    """``benchmarks.e2e.run``, the members asking in each server (so each shard) in turn."""
    bot = workload.bot
    standin = bot.standin
    first = len(standin.interactions)
    answered: list[float] = []
    failures = deferred = 0

    async def member(start: int) -> None:
        nonlocal failures, deferred
        for index in range(start, len(texts), concurrency):
            user = bot.users[index % len(bot.users)]
            channel = channels[index % len(channels)]
            if workload.autocomplete:
                await standin.autocomplete(
                    texts[index], user=user, channel=channel, timeout=e2e.ANSWER_TIMEOUT_S
                )
                continue
            result = await standin.run_command(
                texts[index], user=user, channel=channel, timeout=e2e.ANSWER_TIMEOUT_S
            )
            answered.append(time.perf_counter() - result.record.sent_at)
            deferred += result.deferred
            text = result.messages[0].text if result.messages else ""
            failures += bool(FAILURE.search(text))

    cpu = bot.cpu_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(member(start) for start in range(concurrency)))
    wall = time.perf_counter() - started
    records = standin.interactions[first:]
    latencies = [r.callback_at - r.sent_at for r in records if r.callback_at is not None]
    assert len(latencies) == len(texts), "every interaction was answered"
    return e2e.Result(
        workload.name, str(getattr(bot, "count", 1)), concurrency, latencies,
        answered or latencies, deferred, wall, bot.cpu_seconds() - cpu, failures,
    )  # fmt: skip


async def bench(args: argparse.Namespace, workdir: Path, command: str) -> int:
    if args.postgres is None:
        raise SystemExit("--processes needs --postgres URL: shard processes share PostgreSQL")
    from sqlalchemy.engine import make_url

    name = f"epilogue_e2e_{uuid.uuid4().hex[:8]}"
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    await _admin(args.postgres, f'CREATE DATABASE "{name}"')
    results: list[e2e.Result] = []
    epilogue: ShardedEpilogue | None = None
    try:
        started = time.perf_counter()
        queries = await build_database(url, args.films, args.seed)
        notes = [f"Corpus: {args.films} films stored in {time.perf_counter() - started:.0f} s."]
        epilogue = ShardedEpilogue(args.processes, url, workdir)
        await epilogue.standin.start()
        await epilogue.run_once("sync")
        e2e.progress(f"{args.processes} shard process(es) on PostgreSQL")
        await epilogue.launch()
        for channel in epilogue.channels:  # each process builds its own search index
            epilogue.channel = channel
            ready = await e2e.wait_for_search(epilogue, queries)
        notes.append(f"Search index ready {ready:.1f} s after the first search (not measured).")
        rng = random.Random(f"{args.seed}/e2e")
        workloads = [
            e2e.Workload("/film ending", epilogue, False),
            e2e.Workload("/film search", epilogue, False),
            e2e.Workload("film autocomplete", epilogue, True),
        ]
        for workload in workloads:  # warm-up
            await run_spread(
                workload, 1, e2e.texts_for(workload, queries, 20, rng), epilogue.channels
            )
        with e2e.no_full_collections_here():
            for concurrency in args.concurrency:
                for workload in workloads:
                    count = e2e.rounds(concurrency, args.requests)
                    texts = e2e.texts_for(workload, queries, count, rng)
                    e2e.progress(f"{workload.name} x{args.processes} at concurrency {concurrency}")
                    results.append(
                        await run_spread(workload, concurrency, texts, epilogue.channels)
                    )
    finally:
        if epilogue is not None:
            await epilogue.stop()
        await _admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(report(results, args.films, command, notes))
    return 0
