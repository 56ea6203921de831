"""The search index alone: build time, on-disk size, and time per search by what may match
(title and spoiler-free text only, every text, or every text for half the films), over
synthetic films of random words.

    uv run python -m benchmarks.search_index --films 5000 --queries 300

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from bot.features.film.search_index import IndexedText, SearchIndex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(1)
    vocab = [f"w{i}" for i in range(20000)]
    films = [
        IndexedText(
            film_id,
            "0",
            f"Film {film_id}",
            " ".join(rng.choices(vocab, k=300)),
            " ".join(rng.choices(vocab, k=1500)),
        )
        for film_id in range(1, args.films + 1)
    ]
    index = SearchIndex()
    started = time.perf_counter()
    for start in range(0, len(films), 100):
        index.add(films[start : start + 100])
    built = time.perf_counter() - started
    (size,) = index._db.execute(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    ).fetchone()
    print(f"{args.films} films: built in {built:.2f} s, {size / 2**20:.1f} MB on disk")
    queries = [rng.sample(vocab[:3000], rng.randint(1, 2)) for _ in range(args.queries)]
    modes: dict[str, bool | Callable[[int], bool]] = {
        "title and spoiler-free text": False,
        "every text": True,
        "every text for half the films": lambda film_id: film_id % 2 == 0,
    }
    for name, spoilers in modes.items():
        started = time.perf_counter()
        for terms in queries:
            index.search(terms, lambda film_id: True, 5, spoilers)
        per_query = (time.perf_counter() - started) / len(queries) * 1000
        print(f"  {name}: {per_query:.2f} ms per search")
    index.close()


if __name__ == "__main__":
    main()
