"""The catalog's CPU for autocomplete searches typed for the first time, on a corpus database.

Typed texts are drawn as ``benchmarks.e2e`` draws its autocompletes (2 to 12 letters of a
title, a fifth with two letters swapped) from the queries a ``benchmarks.e2e --workdir`` run
kept beside its database; each is searched once on a catalog whose remembered searches are
cleared first, so every search is worked out afresh (at 10k films that is what most members'
keystrokes cost: the text was never typed before). Prints CPU per search (best of
``--repeats`` passes) and, with ``--quality``, how often the film the text was drawn from comes
first, in the top five and in the 25 choices. For counts that do not move with the machine's
load, run it under callgrind with ``--callgrind``: only the searches are counted.

    uv run python -m benchmarks.title_search --database /tmp/e2e10k/epilogue.db
    valgrind --tool=callgrind --toggle-collect=functools_reduce \\
        .venv/bin/python -m benchmarks.title_search --database /tmp/e2e10k/epilogue.db --callgrind
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.catalog import FilmCatalog


def typed_texts(titles: list[str], count: int, seed: int) -> list[tuple[str, str]]:
    """(typed text, title it was drawn from), as ``benchmarks.e2e.Queries.autocompletes``."""
    rng = random.Random(seed)
    typed = []
    for _ in range(count):
        title = rng.choice(titles)
        prefix = title[: rng.randint(2, min(12, len(title)))].strip() or title
        if rng.random() < 0.2 and len(prefix) > 3:  # a typo: two letters swapped
            i = rng.randrange(len(prefix) - 1)
            prefix = prefix[:i] + prefix[i + 1] + prefix[i] + prefix[i + 2 :]
        typed.append((prefix, title))
    return typed


async def open_catalog(database: Path) -> FilmCatalog:
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    from bot.catalog import FilmCatalog

    engine = create_async_engine(f"sqlite+aiosqlite:///{database}")
    catalog = FilmCatalog(async_sessionmaker(engine, expire_on_commit=False))
    await catalog.refresh(announce=False)
    await engine.dispose()
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.title_search", description=__doc__)
    parser.add_argument("--database", type=Path, required=True, help="a corpus database")
    parser.add_argument("--queries", type=int, default=2000, help="typed texts (2000)")
    parser.add_argument("--repeats", type=int, default=5, help="passes (5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quality", action="store_true", help="also print how often it finds")
    parser.add_argument(
        "--dump", type=Path, help="write each typed text's choices (film ids) here as JSON"
    )
    parser.add_argument(
        "--callgrind", action="store_true", help="search once each, inside functools.reduce"
    )
    args = parser.parse_args(argv)
    saved = args.database.with_suffix(".json")
    if not args.database.exists() or not saved.exists():
        parser.error(f"--database {args.database}: no corpus there; run benchmarks.e2e --workdir")
    titles: list[str] = json.loads(saved.read_text())["queries"]["titles"]
    typed = typed_texts(titles, args.queries, args.seed)
    catalog = asyncio.run(open_catalog(args.database))
    catalog.search(None, "warm up the trigram postings")  # built at the first fuzzy lookup

    def search_all() -> int:
        # What Enter would answer is remembered too, and autocomplete puts it first.
        catalog._searches.clear()
        catalog._clearly.clear()
        return functools.reduce(lambda n, pair: n + len(catalog.search(None, pair[0])), typed, 0)

    if args.callgrind:
        search_all()
        return 0
    best = float("inf")
    for _ in range(args.repeats):
        started = time.process_time()
        search_all()
        best = min(best, time.process_time() - started)
    print(
        f"{len(typed)} typed texts, CPU per search (best of {args.repeats}): "
        f"{best / len(typed) * 1e3:.3f} ms"
    )
    if args.quality:
        catalog._searches.clear()
        first = top5 = listed = 0
        for text, title in typed:
            found = [entry.title for entry in catalog.search(None, text)]
            first += bool(found) and found[0] == title
            top5 += title in found[:5]
            listed += title in found
        n = len(typed)
        print(
            f"the title typed: first {first / n:.3f}, top 5 {top5 / n:.3f}, listed {listed / n:.3f}"
        )
    if args.dump:
        catalog._searches.clear()
        found = {text: [entry.id for entry in catalog.search(None, text)] for text, _ in typed}
        args.dump.write_text(json.dumps(found, indent=0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
