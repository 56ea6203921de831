"""CPU time of the guard's reading of a message (``as_read``) and of its newest step, decoding
clauses written backwards or in ROT13 (``scrambled.unscrambled``), over every development
corpus's messages (blind19 left out: it is never read).

    uv run python -m benchmarks.guard_reading_cost

CPU time (``time.process_time``), caches warm, three passes: the machine is shared, so wall
time says nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from benchmarks.guard import CORPORA, read_corpus
from bot.features.spoiler.guard import as_read
from bot.features.spoiler.scrambled import unscrambled

PASSES = 3


def per_message(read: Callable[[str], str], texts: list[str]) -> float:
    """Microseconds of CPU a message, averaged over ``PASSES`` passes."""
    start = time.process_time()
    for _ in range(PASSES):
        for text in texts:
            read(text)
    return (time.process_time() - start) / PASSES / len(texts) * 1e6


def main() -> None:
    texts = [line.text for path in CORPORA.values() for line in read_corpus(path)]
    for text in texts:  # the stem cache and compiled patterns warm
        as_read(text)
    for name, read in (("unscrambled", unscrambled), ("as_read", as_read)):
        print(f"{name}: {per_message(read, texts):.1f} µs CPU a message ({len(texts)} messages)")


if __name__ == "__main__":
    main()
