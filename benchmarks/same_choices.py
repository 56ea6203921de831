"""Whether a change to the catalog offers the same autocomplete choices as before it.

Loads ``bot/catalog.py`` as it was at ``--against`` (a git revision, default ``main``) beside
the working tree's, both over the same corpus database, and compares, for every typed text,
the choices each offers (``FilmEntry.choice``: name and value, in order) and the film Enter
would answer with (``named_clearly``). Texts are drawn as ``benchmarks.e2e`` draws its
autocompletes (2 to 12 letters of a title, a fifth with two letters swapped,
``benchmarks.title_search.typed_texts``), then typed again letter by letter as members type
them (every prefix of some titles, in order, with the catalogs' memories kept), so remembered
and reused results are compared too. Both catalogs run in this one process: a set of
trigrams iterates in an order that changes with the process's hash seed, and ties between
equally rare trigrams follow it.

    uv run python -m benchmarks.same_choices --database /tmp/e2e10k/epilogue.db [--queries 5000]

Prints how many texts were compared and every difference; exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.title_search import typed_texts


def old_catalog_module(revision: str, folder: Path) -> ModuleType:
    """``bot/catalog.py`` as it was at ``revision``, imported under another name."""
    source = subprocess.run(
        ["git", "show", f"{revision}:bot/catalog.py"], capture_output=True, text=True, check=True
    ).stdout
    path = folder / "catalog_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("catalog_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


async def open_catalog(module: Any, database: Path) -> Any:
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    engine = create_async_engine(f"sqlite+aiosqlite:///{database}")
    catalog = module.FilmCatalog(async_sessionmaker(engine, expire_on_commit=False))
    await catalog.refresh(announce=False)
    await engine.dispose()
    return catalog


def offered(catalog: Any, text: str) -> tuple[list[tuple[str, str]], int | None]:
    """The choices ``text`` is offered (name, value) and the id of the film it names clearly."""
    choices = [(e.choice.name, e.choice.value) for e in catalog.search(None, text)]
    named = catalog.named_clearly(None, text)
    return choices, None if named is None else named.id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.same_choices", description=__doc__)
    parser.add_argument("--database", type=Path, required=True, help="a corpus database")
    parser.add_argument("--against", default="main", help="git revision to compare with (main)")
    parser.add_argument("--queries", type=int, default=5000, help="texts drawn (5000)")
    parser.add_argument("--typed", type=int, default=300, help="titles typed letter by letter")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    saved = args.database.with_suffix(".json")
    if not args.database.exists() or not saved.exists():
        parser.error(f"--database {args.database}: no corpus there; run benchmarks.e2e --workdir")
    titles: list[str] = json.loads(saved.read_text())["queries"]["titles"]
    import bot.catalog

    with tempfile.TemporaryDirectory(prefix="epilogue-same-choices-") as name:
        before_module = old_catalog_module(args.against, Path(name))
    before = asyncio.run(open_catalog(before_module, args.database))
    after = asyncio.run(open_catalog(bot.catalog, args.database))
    drawn = [text for text, _title in typed_texts(titles, args.queries, args.seed)]
    rng = random.Random(args.seed)
    letter_by_letter = [
        title[:end] for title in rng.sample(titles, args.typed) for end in range(1, len(title) + 1)
    ]
    differ = compared = 0
    for label, texts, forget in (
        ("drawn, each afresh", drawn, True),
        ("drawn, memories kept", drawn, False),
        ("typed letter by letter", letter_by_letter, False),
    ):
        for text in texts:
            if forget:
                for catalog in (before, after):
                    catalog._searches.clear()
                    catalog._clearly.clear()
            old, new = offered(before, text), offered(after, text)
            compared += 1
            if old != new:
                differ += 1
                print(f"{label}: {text!r}\n  before {old}\n  after  {new}")
    print(f"{compared} texts compared ({len(drawn)} drawn, twice; {len(letter_by_letter)}"
          f" typed letter by letter): {differ} differ")  # fmt: skip
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
