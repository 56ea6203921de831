"""A sequel's number typed as members abbreviate it, among many films sharing its other word.

Was: "whale pt 2" answered The Alder Moth 2 (aliased "Project Whale"), its ending included,
where Whale: Part Two was meant. "pt" was read only when looking for words from inside
titles, and there the first few films holding "whale" and a word starting with "2" (any
film of the 2000s, by its "title year") were taken before those without the number as their
own were left out: the film whose title has it was never reached.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from pathlib import Path

import pytest

import bot.catalog
from bot.catalog import FilmCatalog
from bot.errors import NotFound
from tests.support.typed_titles import catalog_of

SEQUEL = ("Whale: Part Two", 2023)
DECOY = ("Alder Moth 2", 2019)  # shelved first; an alias holds "whale", its title a "2"
FILMS = [
    (*SEQUEL, []),
    (*DECOY, ["Project Whale"]),
    ("Whale", 2020, []),
    # Shelved before the sequel, each holding "whale" and, by its year, a word opening "2".
    *[(f"Blue Whale {word}", 2000 + n, []) for n, word in enumerate("ABCDEFGHIJKL")],
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> FilmCatalog:
    return asyncio.run(_catalog_of(tmp_path_factory.mktemp("sequels") / "s.db"))


async def _catalog_of(path: Path) -> FilmCatalog:
    return await catalog_of(path, FILMS)


@pytest.mark.parametrize(
    "typed",
    ["whale pt 2", "whale pt. 2", "Whale Pt 2", "whale pt ii", "whale vol 2", "whale: pt. two"],
)
def test_a_sequel_mark_abbreviated_answers_the_sequel(catalog: FilmCatalog, typed: str) -> None:
    entry = catalog.find(None, typed)
    assert (entry.title, entry.year) == SEQUEL


@pytest.mark.parametrize("typed", ["2 whale", "ii whale", "two whale"])
def test_words_in_any_order_with_a_number_reach_the_film_whose_number_it_is(
    catalog: FilmCatalog, typed: str
) -> None:
    """Words from inside titles, in any order: the sequel is among the films listed, however
    many films hold the words before it; the decoy, which holds "2" as its own too, may be."""
    with pytest.raises(NotFound) as refused:
        catalog.find(None, typed)
    assert "Whale: Part Two (2023)" in str(refused.value), str(refused.value)


class _NeverDone:
    """An index thread still busy: what it is given is never done."""

    def submit(self, *_: object) -> Future[object]:
        return Future()


async def test_words_from_inside_a_title_not_read_yet_are_not_told_no_film_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Just after a start, a large catalogue's words are still being read in a thread, and a
    word from inside a title finds nothing yet: "frozen passage manila" was told "No film
    matches", as if Frozen Passage: Brothers of Manila were not here."""
    catalog = await _catalog_of(tmp_path / "s.db")
    monkeypatch.setattr(bot.catalog, "WORDS_BUILT_INLINE", 1)
    monkeypatch.setattr(bot.catalog, "_background", _NeverDone)

    with pytest.raises(NotFound) as refused:
        catalog.find(None, "whale alder")  # words of Alder Moth 2's title and alias

    said = str(refused.value)
    assert "still reading" in said and "again in a few seconds" in said, said
