"""Hostile input: how rendering and parsing cost grows with the size of a hostile text or file.

    uv run python -m benchmarks.hostile                      # 5k-40k characters, a few seconds
    uv run python -m benchmarks.hostile --sizes 10000,100000,1000000

For each kind of text (runs of spaces, newlines, bars, stars, marks, spans inside one word, mixed
markdown) and each size, the CPU time of ``render_text`` (wrapped, inline spans wrapped) and of
``split_message`` into 3,900-character pages; ``x2`` is the growth from the size before, per
doubling of size, so about 2 means linear and about 4 quadratic. Then the time to refuse a few
hostile content files (alias bomb, deep nesting, impossible date), which should be milliseconds.
Numbers only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import math
import os
import time
from collections.abc import Callable

from bot.content.film_file import ContentError, parse_film_bytes
from bot.spoiler_policy.chunking import split_message
from bot.spoiler_policy.markup import Treatment, render_text

PAGE = 3900

TEXTS: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "a" + " " * n + "b",
    "spaces, one newline": lambda n: "a" + " " * n + "\nb",
    "newlines": lambda n: "a" + "\n" * n + "b",
    "bars": lambda n: "|" * n,
    "stars": lambda n: "*" * n,
    "zero-width spaces": lambda n: "a" + "\u200b" * n + "b",
    "combining marks": lambda n: "e" + "\u0301" * n,
    "spans in one word": lambda n: "x||y||" * (n // 6),
    "spans and spaces": lambda n: "a ||b|| " * (n // 8),
    "one long word": lambda n: "x" * n,
    "mixed markdown": lambda n: (
        "**x** ||y|| `c` _u_ ~~s~~ > q\n# h [l](https://e.com/a) @here 1. x\n\n" * (n // 60 + 1)
    )[:n],
}

FILM = "title: T\nyear: 2001\nsynopsis: s\nsections: [{kind: quick_answer, body: b}]\n"
FILES: dict[str, str] = {
    "alias bomb (9 x 9 levels)": "\n".join(
        ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    )
    + "\n"
    + FILM,
    "nesting 990 deep": FILM.replace("title: T", "title: " + "[" * 990 + "]" * 990),
    "nesting 500,000 deep": FILM.replace("title: T", "title: " + "[" * 500_000),
    "release_date 2000-02-30": FILM + "release_date: 2000-02-30\n",
    "1 MiB, mostly comments": FILM.replace("body: b", "body: '" + "word " * 3900 + "'")
    + "".join(f"# {'c' * 60}\n" for _ in range(16_000)),
}


def cpu(work: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def render_and_split(text: str) -> None:
    shown = render_text(text, Treatment.WRAP, inline_treatment=Treatment.WRAP, pointer="(spoiler)")
    split_message(shown, PAGE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,10000,20000,40000")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"load average {os.getloadavg()[0]:.2f}; CPU seconds, best of {args.repeat}\n")
    print("| text | " + " | ".join(f"{size:,}" for size in sizes) + " | x2 (last) |")
    print("|---|" + "---:|" * len(sizes) + "---:|")
    for name, make in TEXTS.items():
        texts = [make(size) for size in sizes]
        times = [cpu(lambda t=text: render_and_split(t), args.repeat) for text in texts]
        ratio = (
            (times[-1] / times[-2]) ** (1 / math.log2(sizes[-1] / sizes[-2]))
            if len(sizes) > 1 and times[-2] > 0
            else math.nan
        )
        print(f"| {name} | " + " | ".join(f"{t:.4f}" for t in times) + f" | {ratio:.1f} |")
    print("\n| content file | bytes | CPU seconds | outcome |")
    print("|---|---:|---:|---|")
    for name, text in FILES.items():
        data = text.encode()
        outcome: list[str] = []

        def parse(data: bytes = data, outcome: list[str] = outcome) -> None:
            try:
                parse_film_bytes(data, "x.yaml")
                outcome[:] = ["loads"]
            except ContentError as exc:
                outcome[:] = [str(exc.problems[0])[:70]]

        seconds = cpu(parse, args.repeat)
        print(f"| {name} | {len(data):,} | {seconds:.4f} | {outcome[0]} |")


if __name__ == "__main__":
    main()
