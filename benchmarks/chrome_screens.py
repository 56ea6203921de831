"""The chrome rules' screens: the same decisions as searching every rule, and what they save.

    uv run python -m benchmarks.chrome_screens

Every line (and every sentence) of the importer's fixture articles, the benchmark corpora and the
import_scale shapes, as is and re-cased (upper, title, Turkish dotted/dotless i, long s and the
Kelvin sign), is judged by ``chrome._ANY_RULE`` twice: through its screens and with every rule
searched. Any line judged differently is printed (the run then exits 1); then the CPU seconds of
each way over all the lines.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from benchmarks.import_scale import SHAPES
from bot.importer import chrome

_ROOT = Path(__file__).resolve().parent.parent
_CASES = (
    str,
    str.upper,
    str.title,
    lambda text: text.replace("i", "ı").replace("I", "İ"),
    lambda text: text.replace("s", "ſ").replace("k", "K"),
)


def _texts() -> list[str]:
    sources = [
        path.read_bytes().decode("utf-8", "replace")
        for folder in (_ROOT / "tests/bot/importer/fixtures", _ROOT / "benchmarks")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".htm", ".md", ".txt", ".org", ".wiki"}
    ]
    for _name, make in SHAPES.values():
        page = make(1)
        sources.append(page if isinstance(page, str) else page.decode("utf-8", "replace"))
    lines: set[str] = set()
    for source in sources:
        source = re.sub(r"<[^>]{0,400}>", "\n", source)  # a page's text, roughly
        for line in source.splitlines():
            line = " ".join(line.split())
            lines.add(line)
            lines.update(re.split(r"(?<=[.!?])\s+", line))
    return sorted(line for line in lines if 0 < len(line) <= 400)


def main() -> int:
    texts = [case(text) for text in _texts() for case in _CASES]
    rule = chrome._ANY_RULE
    start = time.process_time()
    screened = [rule.matches(text) for text in texts]
    screened_seconds = time.process_time() - start
    start = time.process_time()
    searched = [rule.matches_unscreened(text) for text in texts]
    searched_seconds = time.process_time() - start
    pairs = zip(texts, screened, searched, strict=True)
    differ = [text for text, one, other in pairs if one != other]
    for text in differ[:20]:
        print("DIFFERENT:", repr(text))
    print(f"{len(texts)} lines, {sum(searched)} chrome by some rule, {len(differ)} judged apart")
    print(f"CPU s screened {screened_seconds:.2f}, every rule searched {searched_seconds:.2f}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
