"""The core's CPU for first ``/film ending`` answers, stage by stage, on a corpus database.

For films picked at random (fixed seed) from a database ``benchmarks.e2e --workdir`` kept: the
ending's sections read and its document built (citation levels included: ``read_topic_text``,
as a first answer reads it), its text rendered for a
member in a standard channel (spoilers wrapped) and cut into pages, each stage timed over
every film (CPU, best of ``--repeats`` passes: the machine may be busy). Nothing is cached
between films, so every answer is a first one. For counts that do not move with the
machine's load, run it under callgrind with ``--callgrind``: only the answers are counted.

    uv run python -m benchmarks.first_render --database /tmp/e2e/epilogue.db
    uv run python -m benchmarks.first_render --database /tmp/e2e/epilogue.db --save /tmp/pages.json
    uv run python -m benchmarks.first_render --database /tmp/e2e/epilogue.db --check /tmp/pages.json

``--save`` renders every topic of every film of the database for each treatment (wrapped in a
standard channel, shown in a spoiler channel, withheld in a no-spoiler channel and under an
embargo) and keeps a digest of each film's pages; ``--check`` renders them again and names the
films whose pages differ: a change meant only to be faster must change no page.
    valgrind --tool=callgrind --toggle-collect=functools_reduce \\
        .venv/bin/python -m benchmarks.first_render --database /tmp/e2e/epilogue.db --callgrind
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.features.film.documents import Document
    from bot.spoiler_policy.policy import Plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_render", description=__doc__)
    parser.add_argument("--database", type=Path, required=True, help="a corpus database")
    parser.add_argument("--films", type=int, default=1000, help="answers per pass (1000)")
    parser.add_argument("--repeats", type=int, default=5, help="passes per stage (5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--callgrind", action="store_true", help="answer once, inside functools.reduce"
    )
    parser.add_argument("--save", type=Path, help="write every film's page digests to this file")
    parser.add_argument("--check", type=Path, help="compare every film's pages with this file")
    args = parser.parse_args(argv)
    if not args.database.exists():
        parser.error(f"--database {args.database}: no such file; run benchmarks.e2e --workdir")

    from sqlalchemy import create_engine

    from bot.features.film.documents import Topic
    from bot.features.film.film_text import read_topic_text
    from bot.features.film.render import PAGE_LIMIT, render_blocks
    from bot.spoiler_policy.chunking import split_message
    from bot.spoiler_policy.policy import ChannelMode, Standing, plan_reply

    if args.save or args.check:
        return _every_page(args.database, save=args.save, check=args.check)
    standing = Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False)
    with create_engine(f"sqlite:///{args.database}").connect() as connection:
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM films ORDER BY id")]
        rng = random.Random(args.seed)
        chosen = [rng.choice(ids) for _ in range(args.films)]

        def document(film_id: int) -> Document:
            read = read_topic_text(connection, film_id, Topic.ENDING)
            assert read is not None
            return read.document

        def plan(document: Document) -> Plan:
            return plan_reply(standing, private_requested=False, has_spoilers=document.has_spoilers)

        if args.callgrind:
            functools.reduce(
                lambda pages, film_id: pages + len(_answer(document(film_id), plan)),
                chosen,
                0,
            )
            return 0

        def stage(name: str, run: Callable[[], object]) -> float:
            best = min(_cpu(run) for _ in range(args.repeats)) / len(chosen) * 1e3
            print(f"{name:24s} {best:.3f} ms")
            return best

        documents = [document(film_id) for film_id in chosen]
        texts = [render_blocks(d, plan(d)) for d in documents]
        print(f"{len(chosen)} first /film ending answers, CPU per answer (best of passes):")
        total = stage("read and document", lambda: [document(i) for i in chosen])
        total += stage("plan", lambda: [plan(d) for d in documents])
        total += stage("render", lambda: [render_blocks(d, plan(d)) for d in documents])
        total += stage("pages", lambda: [split_message(text, PAGE_LIMIT) for text in texts])
        print(f"{'total':24s} {total:.3f} ms")
    return 0


def _every_page(database: Path, *, save: Path | None, check: Path | None) -> int:
    """Digests of every film's pages, every topic and treatment: written to ``save``, or
    compared with ``check`` (the films that differ are named)."""
    import datetime as dt
    import hashlib
    import json

    from sqlalchemy import create_engine

    from bot.errors import NotFound
    from bot.features.film.documents import Topic, topic_document
    from bot.features.film.film_text import read_film_text
    from bot.features.film.render import render_pages
    from bot.spoiler_policy.policy import REVEALED, ChannelMode, Standing, plan_reply

    standings = (
        Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False),
        Standing(in_guild=True, mode=ChannelMode.SPOILERS, opted_in=False),
        Standing(in_guild=True, mode=ChannelMode.NO_SPOILERS, opted_in=False),
        Standing(
            in_guild=True,
            mode=ChannelMode.STANDARD,
            opted_in=False,
            embargo_until=dt.date(2030, 1, 1),
        ),
    )
    digests: dict[str, str] = {}
    pages = 0
    with create_engine(f"sqlite:///{database}").connect() as connection:
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM films ORDER BY id")]
        for film_id in ids:
            film = read_film_text(connection, film_id)
            assert film is not None
            digest = hashlib.sha256()
            for topic in Topic:
                try:
                    document = topic_document(film, topic)
                except NotFound:
                    continue
                if document.empty:
                    continue
                plans = [REVEALED]
                for standing in standings:
                    plans.append(
                        plan_reply(
                            standing,
                            private_requested=False,
                            has_spoilers=document.has_spoilers,
                        )
                    )
                for plan in plans:
                    for page in render_pages(document, plan):
                        digest.update(page.encode() + b"\0")
                        pages += 1
                    digest.update(b"\1")
            digests[str(film_id)] = digest.hexdigest()
    print(f"{len(digests)} films, {pages} pages rendered")
    if save is not None:
        save.write_text(json.dumps(digests, indent=0))
        return 0
    assert check is not None
    kept = json.loads(check.read_text())
    differ = sorted(
        (k for k in kept.keys() | digests.keys() if kept.get(k) != digests.get(k)), key=int
    )
    print(f"{len(differ)} films' pages differ" + (f": {', '.join(differ[:20])}" if differ else ""))
    return 1 if differ else 0


def _answer(document: Document, plan: Callable[[Document], Plan]) -> list[str]:
    from bot.features.film.render import render_pages

    return render_pages(document, plan(document))


def _cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


if __name__ == "__main__":
    sys.exit(main())
