"""The core's CPU for first ``/film ending`` answers, stage by stage, on a corpus database.

For films picked at random (fixed seed) from a database ``benchmarks.e2e --workdir`` kept: the
answer read as a first answer reads it (``read_topic_answer``: the ending's stored render, one
row, when the database has it; else its sections, and its document built), then its pages for
a member in a standard channel (spoilers wrapped): the stored ones, or rendered and cut into
pages, each stage timed over
every film (CPU, best of ``--repeats`` passes: the machine may be busy). Nothing is cached
between films, so every answer is a first one. For counts that do not move with the
machine's load, run it under callgrind with ``--callgrind``: only the answers are counted.
The database is migrated first and its stored renders made for every film that lacks one
(``Epilogue.refresh_renders``, as ``epilogue import`` does): run it on a copy. ``--live``
reads and renders as if nothing were stored (the code before stored renders).

    uv run python -m benchmarks.first_render --database /tmp/e2e/epilogue.db
    uv run python -m benchmarks.first_render --database /tmp/e2e/epilogue.db --save /tmp/pages.json
    uv run python -m benchmarks.first_render --database /tmp/e2e/epilogue.db --check /tmp/pages.json

``--save`` renders every topic of every film of the database for each treatment (wrapped in a
standard channel, shown in a spoiler channel, withheld in a no-spoiler channel and under an
embargo) and keeps a digest of each film's pages; ``--check`` renders them again and names the
films whose pages differ: a change meant only to be faster must change no page. Both take a
stored topic's pages from its stored render, and render its other treatments from the document
stored with it, as answers do.
    valgrind --tool=callgrind --toggle-collect=functools_reduce \\
        .venv/bin/python -m benchmarks.first_render --database /tmp/e2e/epilogue.db --callgrind
"""

from __future__ import annotations

import argparse
import asyncio
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
    parser.add_argument(
        "--live", action="store_true", help="read and render as if no render were stored"
    )
    args = parser.parse_args(argv)
    if not args.database.exists():
        parser.error(f"--database {args.database}: no such file; run benchmarks.e2e --workdir")

    from sqlalchemy import create_engine

    from benchmarks.renders import store_missing_renders
    from bot.features.film.documents import Document, Topic
    from bot.features.film.film_text import read_topic_text
    from bot.features.film.render import PAGE_LIMIT, render_blocks
    from bot.features.film.stored_renders import StoredTopic, read_topic_answer
    from bot.spoiler_policy.chunking import split_message
    from bot.spoiler_policy.policy import ChannelMode, Standing, plan_reply

    asyncio.run(store_missing_renders(args.database))
    if args.save or args.check:
        return _every_page(args.database, save=args.save, check=args.check)
    standing = Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False)
    with create_engine(f"sqlite:///{args.database}").connect() as connection:
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM films ORDER BY id")]
        rng = random.Random(args.seed)
        chosen = [rng.choice(ids) for _ in range(args.films)]

        def read(film_id: int) -> StoredTopic | Document:
            if args.live:
                text = read_topic_text(connection, film_id, Topic.ENDING)
            else:
                text = read_topic_answer(connection, film_id, Topic.ENDING)
            assert text is not None
            return text if isinstance(text, StoredTopic) else text.document

        def plan(text: StoredTopic | Document) -> Plan:
            return plan_reply(standing, private_requested=False, has_spoilers=text.has_spoilers)

        def pages(text: StoredTopic | Document) -> list[str]:
            planned = plan(text)
            if isinstance(text, StoredTopic) and planned.spoilers in text.pages:
                return list(text.pages[planned.spoilers])
            return _answer(text if isinstance(text, Document) else text.document(), planned)

        if args.callgrind:
            functools.reduce(lambda count, i: count + len(pages(read(i))), chosen, 0)
            return 0

        def stage(name: str, run: Callable[[], object]) -> float:
            best = min(_cpu(run) for _ in range(args.repeats)) / len(chosen) * 1e3
            print(f"{name:24s} {best:.3f} ms")
            return best

        texts = [read(film_id) for film_id in chosen]
        stored = sum(isinstance(text, StoredTopic) for text in texts)
        print(f"{len(chosen)} first /film ending answers ({stored} stored), CPU per answer:")
        total = stage("read", lambda: [read(i) for i in chosen])
        total += stage("plan", lambda: [plan(text) for text in texts])
        if stored:
            total += stage("pages (stored or not)", lambda: [pages(text) for text in texts])
        else:
            documents = [text for text in texts if isinstance(text, Document)]
            rendered = [render_blocks(d, plan(d)) for d in documents]
            total += stage("render", lambda: [render_blocks(d, plan(d)) for d in documents])
            total += stage("pages", lambda: [split_message(text, PAGE_LIMIT) for text in rendered])
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
    from bot.features.film.stored_renders import StoredTopic, read_topic_answer
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
    pages = stored_pages = 0
    with create_engine(f"sqlite:///{database}").connect() as connection:
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM films ORDER BY id")]
        for film_id in ids:
            film = read_film_text(connection, film_id)
            assert film is not None
            digest = hashlib.sha256()
            for topic in Topic:
                answer = read_topic_answer(connection, film_id, topic)
                stored = answer if isinstance(answer, StoredTopic) else None
                try:
                    # A stored topic's other treatments render the document stored with it.
                    document = topic_document(film, topic) if stored is None else stored.document()
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
                    if stored is not None and plan.spoilers in stored.pages:
                        shown = list(stored.pages[plan.spoilers])
                        stored_pages += len(shown)
                    else:
                        shown = render_pages(document, plan)
                    for page in shown:
                        digest.update(page.encode() + b"\0")
                        pages += 1
                    digest.update(b"\1")
            digests[str(film_id)] = digest.hexdigest()
    print(f"{len(digests)} films, {pages} pages ({stored_pages} of them stored renders)")
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


def _answer(document: Document, plan: Plan) -> list[str]:
    from bot.features.film.render import render_pages

    return render_pages(document, plan)


def _cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


if __name__ == "__main__":
    sys.exit(main())
