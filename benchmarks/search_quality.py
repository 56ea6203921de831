"""How well a fresh keystroke's film search finds what the member typed, and its CPU.

Texts are drawn from the films of a corpus database, each with the film it was drawn from, in
kinds members type: as ``benchmarks.e2e`` draws its keystrokes (2 to 12 letters of a title, a
fifth with two letters swapped), those prefixes untouched and with the swap, whole titles,
whole titles with a typo, aliases, titles with their article left out or added, numbers
written another way, words swapped, and titles in look-alike letters of other scripts. For
each text: where the film it was drawn from (a film of that title: a remake counts) stands
in the 25 choices (first, in the top five, in the list, missing), by kind, and the CPU per
search (``time.process_time``, the catalog's memories cleared before every text, so each is
worked out afresh as a new keystroke's is). With ``--against REV``, ``bot/catalog.py`` as it
was at ``REV`` runs beside the working tree's in this one process, on the same texts, passes
alternated, and what Enter without picking reads in each text (``named_by``: the film it
answers with or the films it asks about) is compared: any difference is printed.

    uv run python -m benchmarks.search_quality --database COPY/epilogue.db --against main

Prints the tables; exits 1 when a reading differs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.same_choices import old_catalog_module, open_catalog

E2E_MIX = "as e2e draws"
RANKS = ("first", "top 5", "listed", "missing")

_LOOKALIKE = str.maketrans("aeopcxyAEOPCXBHKMT", "аеорсхуАЕОРСХВНКМТ")  # Cyrillic
_FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_ACCENTED = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
_ARTICLES = ("The ", "A ", "An ")
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ROMAN = {"II": "2", "III": "3", "IV": "4"}


@dataclass(frozen=True)
class Film:
    title: str
    aliases: tuple[str, ...]


def _in_words(number: int) -> str:
    if number < 10:
        return _UNITS[number]
    if number < 20:
        return _TEENS[number - 10]
    tens, units = divmod(number, 10)
    return _TENS[tens - 2] + (f" {_UNITS[units]}" if units else "")


def _swapped(rng: random.Random, text: str) -> str | None:
    """Two letters next to each other swapped, as ``benchmarks.e2e`` swaps them."""
    if len(text) <= 3:
        return None
    i = rng.randrange(len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _prefix(rng: random.Random, title: str) -> str:
    return title[: rng.randint(2, min(12, len(title)))].strip() or title


def e2e_mix(rng: random.Random, film: Film) -> str:
    """Exactly ``benchmarks.e2e.Queries.autocompletes``'s draw (one rng call order)."""
    prefix = _prefix(rng, film.title)
    if rng.random() < 0.2 and len(prefix) > 3:
        prefix = _swapped(rng, prefix) or prefix
    return prefix


def prefix(rng: random.Random, film: Film) -> str:
    return _prefix(rng, film.title)


def prefix_typo(rng: random.Random, film: Film) -> str | None:
    return _swapped(rng, _prefix(rng, film.title))


def whole_title(rng: random.Random, film: Film) -> str:
    return film.title


def title_swapped(rng: random.Random, film: Film) -> str | None:
    return _swapped(rng, film.title)


def title_letter_left_out(rng: random.Random, film: Film) -> str | None:
    letters = [at for at, char in enumerate(film.title) if char.isalpha()]
    if len(letters) < 4:
        return None
    at = rng.choice(letters[1:])
    return film.title[:at] + film.title[at + 1 :]


def alias(rng: random.Random, film: Film) -> str | None:
    return rng.choice(film.aliases) if film.aliases else None


def alias_prefix(rng: random.Random, film: Film) -> str | None:
    return _prefix(rng, rng.choice(film.aliases)) if film.aliases else None


def article(rng: random.Random, film: Film) -> str:
    """The title's article left out ("Quiet Harbour"), or "the" added where it has none."""
    for lead in _ARTICLES:
        if film.title.startswith(lead):
            return film.title[len(lead) :]
    return f"the {film.title}"


def number(rng: random.Random, film: Film) -> str | None:
    """A title's number written another way: "Harbour 42" as "harbour forty two", "Rocky II"
    as "rocky 2", "Dune: Part Two" as "dune part 2"."""
    words = film.title.split()
    for at, word in enumerate(words):
        if word.isdigit() and 0 < int(word) < 100:
            words[at] = _in_words(int(word))
            return " ".join(words)
        if word in _ROMAN and at:
            words[at] = _ROMAN[word]
            return " ".join(words)
        if word.lower() in _UNITS[2:5] and at and words[at - 1] == "Part":
            words[at] = str(_UNITS.index(word.lower()))
            return " ".join(words).replace(":", "")
    return None


def words_swapped(rng: random.Random, film: Film) -> str | None:
    words = film.title.replace(":", "").split()
    if len(words) < 2:
        return None
    at = rng.randrange(len(words) - 1)
    words[at], words[at + 1] = words[at + 1], words[at]
    return " ".join(words)


def other_script(rng: random.Random, film: Film) -> str:
    """The title in look-alike letters: Cyrillic, full-width or accented."""
    how = rng.choice((_LOOKALIKE, _FULL_WIDTH, _ACCENTED))
    return film.title.translate(str.maketrans(how) if isinstance(how, dict) else how)


KINDS: dict[str, Callable[[random.Random, Film], str | None]] = {
    E2E_MIX: e2e_mix,
    "prefix": prefix,
    "prefix, letters swapped": prefix_typo,
    "whole title": whole_title,
    "title, letters swapped": title_swapped,
    "title, a letter left out": title_letter_left_out,
    "alias": alias,
    "alias, prefix": alias_prefix,
    "article left out or added": article,
    "number another way": number,
    "words swapped": words_swapped,
    "other script": other_script,
}


def drawn_texts(
    films: Sequence[Film], per_kind: int, seed: int
) -> dict[str, list[tuple[str, str]]]:
    """``per_kind`` (text, title drawn from) for every kind: films drawn at random, those a
    kind makes nothing of (no alias, no number) passed over."""
    texts: dict[str, list[tuple[str, str]]] = {}
    for name, draw in KINDS.items():
        rng = random.Random(f"{seed}/{name}")
        fitting = [film for film in films if draw(random.Random(0), film) is not None]
        kind: list[tuple[str, str]] = []
        while fitting and len(kind) < per_kind:
            film = rng.choice(fitting)
            if (text := draw(rng, film)) is not None:
                kind.append((text, film.title))
        texts[name] = kind
    return texts


def rank_of(found: Sequence[str], title: str) -> str:
    """Where ``title`` stands in the choices' titles ``found`` (``RANKS``)."""
    if title not in found:
        return "missing"
    at = found.index(title)
    return "first" if at == 0 else "top 5" if at < 5 else "listed"


@dataclass
class Measured:
    ranks: dict[str, dict[str, int]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # seconds a pass, per kind
    readings: dict[str, tuple[int, ...]] = field(default_factory=dict)


def measure_quality(catalog: Any, texts: dict[str, list[tuple[str, str]]], out: Measured) -> None:
    for kind, pairs in texts.items():
        counts = dict.fromkeys(RANKS, 0)
        for text, title in pairs:
            forget(catalog)
            counts[rank_of([entry.title for entry in catalog.search(None, text)], title)] += 1
            out.readings[text] = tuple(entry.id for entry in catalog.named_by(None, text))
        out.ranks[kind] = counts


def forget(catalog: Any) -> None:
    catalog._searches.clear()
    catalog._clearly.clear()


def measure_cpu(catalog: Any, texts: dict[str, list[tuple[str, str]]], out: Measured) -> None:
    """One pass: each kind's texts searched afresh, CPU per search."""
    for kind, pairs in texts.items():
        spent = 0.0
        for text, _title in pairs:
            forget(catalog)
            started = time.process_time()
            catalog.search(None, text)
            spent += time.process_time() - started
        out.cpu.setdefault(kind, []).append(spent / max(1, len(pairs)))


async def ready_catalog(module: Any, database: Path) -> Any:
    """The catalog with its postings and words built (the index thread's work done)."""
    catalog = await open_catalog(module, database)
    catalog.search(None, "warm up the trigram postings")
    await catalog.read_words(None)
    return catalog


def table(texts: dict[str, list[tuple[str, str]]], measured: dict[str, Measured]) -> list[str]:
    names = list(measured)
    head = "| kind (texts) | " + " | ".join(
        f"{name}: first / top 5 / listed / missing | {name}: CPU µs" for name in names
    )
    lines = [head + " |", "|---" * (1 + 2 * len(names)) + "|"]
    totals = {name: dict.fromkeys(RANKS, 0) for name in names}
    for kind, pairs in texts.items():
        cells = []
        for name in names:
            counts = measured[name].ranks[kind]
            for rank in RANKS:
                totals[name][rank] += counts[rank]
            cells.append(" / ".join(str(counts[rank]) for rank in RANKS))
            cells.append(f"{statistics.median(measured[name].cpu[kind]) * 1e6:,.0f}")
        lines.append(f"| {kind} ({len(pairs)}) | " + " | ".join(cells) + " |")
    every = sum(len(pairs) for pairs in texts.values())
    cells = []
    for name in names:
        cells.append(" / ".join(str(totals[name][rank]) for rank in RANKS))
        per_text = sum(
            statistics.median(measured[name].cpu[kind]) * len(pairs)
            for kind, pairs in texts.items()
        )
        cells.append(f"{per_text / every * 1e6:,.0f}")
    lines.append(f"| all ({every}) | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.search_quality", description=__doc__
    )
    parser.add_argument("--database", type=Path, required=True, help="a corpus database (a copy)")
    parser.add_argument("--against", help="git revision whose bot/catalog.py runs beside")
    parser.add_argument("--per-kind", type=int, default=500, help="texts of each kind (500)")
    parser.add_argument("--passes", type=int, default=3, help="CPU passes, alternated (3)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--show", type=int, default=10, help="differing readings printed (10)")
    args = parser.parse_args(argv)
    if not args.database.exists():
        parser.error(f"--database {args.database}: no such file; run benchmarks.e2e --workdir")
    import bot.catalog

    modules: dict[str, Any] = {}
    if args.against:
        with tempfile.TemporaryDirectory(prefix="epilogue-search-quality-") as name:
            modules[args.against] = old_catalog_module(args.against, Path(name))
    modules["working tree"] = bot.catalog
    catalogs = {name: asyncio.run(ready_catalog(module, args.database)) for name, module in
                modules.items()}  # fmt: skip
    films = [Film(e.title, tuple(e.aliases)) for e in next(iter(catalogs.values())).films(None)]
    texts = drawn_texts(films, args.per_kind, args.seed)
    measured = {name: Measured() for name in catalogs}
    for name, catalog in catalogs.items():
        measure_quality(catalog, texts, measured[name])
    for _ in range(args.passes):
        for name, catalog in catalogs.items():
            measure_cpu(catalog, texts, measured[name])
    print(f"{len(films)} films; texts drawn with seed {args.seed}; CPU: median of {args.passes}"
          " passes, µs a search, every text searched afresh")  # fmt: skip
    print("\n".join(table(texts, measured)))
    if len(measured) < 2:
        return 0
    before, after = measured.values()
    differ = [text for text in before.readings if before.readings[text] != after.readings[text]]
    print(f"Enter's reading (named_by) of {len(before.readings)} texts: {len(differ)} differ")
    for text in differ[: args.show]:
        print(f"  {text!r}: {before.readings[text]} -> {after.readings[text]}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
