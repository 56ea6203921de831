"""The catalog-wide frequencies a film's ending vocabulary is built with."""

from __future__ import annotations

from types import MappingProxyType

from bot.catalog import FilmEntry
from bot.features.spoiler.vocabularies import FREQUENCY_SAMPLE, CatalogTerms, sample


def test_frequent_means_a_share_of_the_films_and_a_few_at_least() -> None:
    counts = MappingProxyType({"drown": 3, "keeper": 2, "wren": 10})

    assert CatalogTerms(8, counts, 0).frequent == {"drown", "wren"}
    assert CatalogTerms(40, counts, 0).frequent == {"wren"}  # 3 of 40 is no share
    assert CatalogTerms(2, MappingProxyType({"drown": 2}), 0).frequent == frozenset()


def test_the_frequencies_sample_is_bounded_and_the_same_whoever_asks() -> None:
    films = [
        FilmEntry(n, 0, f"film-{n}", f"Film {n}", 2000, (), revision=f"{n * 7919 % 1000:03x}")
        for n in range(FREQUENCY_SAMPLE + 50)
    ]

    chosen = sample(films)
    assert len(chosen) == FREQUENCY_SAMPLE
    assert sample(reversed(films)) == chosen
    assert sample(films[:10]) == sorted(films[:10], key=lambda entry: entry.revision)
