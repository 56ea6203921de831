"""CPU time of the shelf key every title gets at each catalogue refresh (``/film list``'s order).

    uv run python -m benchmarks.shelf_keys PATH/epilogue.db [--times 10]

Prints the CPU time (``time.process_time``: the machine may be shared) of ``shelf_key`` alone
and of ``shelved_key``, which reads a series' number first, over the database's titles.
"""

from __future__ import annotations

import argparse
import sqlite3
import time

from bot.catalog import _norm, shelved_key
from bot.shelf_order import shelf_key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="an Epilogue SQLite database")
    parser.add_argument("--times", type=int, default=10, help="passes over its titles")
    args = parser.parse_args()
    with sqlite3.connect(f"file:{args.database}?mode=ro", uri=True) as db:
        titles = [title for (title,) in db.execute("SELECT title FROM films")]
    keys = [(_norm(title), title) for title in titles] * args.times
    for name, key in (("shelf_key", shelf_key), ("shelved_key", shelved_key)):
        started = time.process_time()
        for title_key, title in keys:
            key(title_key, title)
        print(f"{name}: {len(keys):,} titles, {time.process_time() - started:.3f} s CPU")


if __name__ == "__main__":
    main()
