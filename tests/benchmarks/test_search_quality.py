from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from benchmarks.e2e import Queries
from benchmarks.search_quality import (
    E2E_MIX,
    KINDS,
    Film,
    drawn_texts,
    main,
    number,
    other_script,
    rank_of,
)
from tests.support.typed_titles import catalog_of

FILMS = [
    ("La La Land", 2016, ["lll"]),
    ("Dune", 1984, []),
    ("Dune", 2021, []),
    ("Dune: Part Two", 2024, []),
    ("The Quiet Harbour", 2001, ["Quiet Harbour", "La Vorimo"]),
    ("Harbour 42", 1999, []),
    ("Rocky II", 1979, []),
    ("Solaris", 1972, []),
    ("Paper Orchard of Winter", 2019, ["POW"]),
]


def test_its_e2e_kind_draws_what_the_e2e_members_type() -> None:
    """The mixed kind is the end-to-end autocomplete's own draw, film for film."""
    films = [Film(title, tuple(aliases)) for title, _year, aliases in FILMS]
    texts = drawn_texts(films, 40, seed=3)[E2E_MIX]
    queries = Queries(film_choices=["x"] * len(films), titles=[f.title for f in films], words=[])
    sent = queries.autocompletes(40, random.Random(f"3/{E2E_MIX}"))
    assert [f"/film ending film:{text}" for text, _title in texts] == sent


def test_every_kind_draws_its_own_kind_of_text() -> None:
    films = [Film(title, tuple(aliases)) for title, _year, aliases in FILMS]
    texts = drawn_texts(films, 30, seed=5)
    assert set(texts) == set(KINDS)
    assert all(len(pairs) == 30 for pairs in texts.values())
    assert {text for text, _ in texts["whole title"]} <= {f.title for f in films}
    aliases = {alias for film in films for alias in film.aliases}
    assert all(text in aliases for text, _ in texts["alias"])
    assert all(title.startswith(text) for text, title in texts["prefix"])
    swapped = texts["prefix, letters swapped"]
    assert all(sorted(text) == sorted(title[: len(text)]) for text, title in swapped)
    assert number(random.Random(1), Film("Harbour 42", ())) == "Harbour forty two"
    assert number(random.Random(1), Film("Rocky II", ())) == "Rocky 2"
    assert number(random.Random(1), Film("Dune: Part Two", ())) == "Dune Part 2"
    assert number(random.Random(1), Film("Solaris", ())) is None
    assert other_script(random.Random(1), Film("Solaris", ())) != "Solaris"


def test_a_rank_is_the_first_film_of_the_title_drawn_from() -> None:
    assert rank_of(["Dune", "Dune"], "Dune") == "first"
    assert rank_of(["a", "b", "Dune"], "Dune") == "top 5"
    assert rank_of([*"abcdef", "Dune"], "Dune") == "listed"
    assert rank_of(["a"], "Dune") == "missing"


async def test_it_reports_every_kind_on_a_tiny_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The benchmark runs end to end on a small database: whole titles are found first."""
    database = tmp_path / "films.db"
    (await catalog_of(database, FILMS)).close()
    assert await asyncio.to_thread(main, ["--database", str(database), "--per-kind", "6",
                                          "--passes", "1"]) == 0  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split(" (")[0].lstrip("| "): line for line in lines if line.startswith("| ")}
    assert set(KINDS) | {"all"} <= set(rows)
    assert rows["whole title"].split("|")[2].strip() == "6 / 0 / 0 / 0"
