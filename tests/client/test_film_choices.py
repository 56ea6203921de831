"""client.options.KeptFilmChoices: the film option's choices, as ``choices_for`` would make them
from the core's, with each film's choice kept once and the number kept bounded."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot.catalog import FilmEntry
from bot.features.film.commands import server_film_choices
from client import options
from client.options import KeptFilmChoices, choices_for


def entry(n: int, title: str | None = None) -> FilmEntry:
    return FilmEntry(n, 0, f"film-{n}", title if title is not None else f"Film {n}", 2000 + n, ())


class Catalog:
    """What ``KeptFilmChoices`` reads of the catalog: its search and its generation."""

    def __init__(self, films: dict[str, list[FilmEntry]]) -> None:
        self.films = films
        self.generation = 1

    def search(self, guild_id: int | None, query: str, limit: int = 25) -> list[FilmEntry]:
        return self.films[query][:limit]


def typed_in(guild_id: int | None = 5) -> Any:
    return SimpleNamespace(guild_id=guild_id)


def payloads(choices: list[Any]) -> list[dict[str, Any]]:
    return [choice.to_dict() for choice in choices]


def test_the_choices_are_those_choices_for_makes_from_the_cores() -> None:
    """A blank title is left out, a long one cut at 100 characters, 25 at most, in order."""
    films = {
        "few": [entry(1), entry(2, "   "), entry(3, "B" * 150)],
        "many": [entry(n) for n in range(10, 50)],
        "again": [entry(3, "B" * 150), entry(12), entry(1)],
    }
    app: Any = SimpleNamespace(catalog=Catalog(films))
    kept = KeptFilmChoices(app)

    for text in ("few", "many", "again", "few"):
        offered = kept.get(typed_in(), text)
        assert payloads(offered) == payloads(choices_for(server_film_choices(app, 5, text)))
    assert len(kept.get(typed_in(), "many")) == 25


def test_no_core_choice_is_kept_on_the_films_offered() -> None:
    """Each film's choice is the client's, kept within ``KEPT_FILMS``: a core ``Choice`` cached
    on every film ever offered grew with the catalog (100,000 films) for as long as it lasted."""
    films = [entry(n) for n in range(1, 6)]
    kept = KeptFilmChoices(SimpleNamespace(catalog=Catalog({"film": films})))  # type: ignore[arg-type]

    kept.get(typed_in(), "film")

    assert not any("choice" in vars(film) for film in films)


def test_the_films_choices_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "KEPT_FILMS", 3)
    films = {f"film {n}": [entry(n), entry(n + 100)] for n in range(10)}
    kept = KeptFilmChoices(SimpleNamespace(catalog=Catalog(films)))  # type: ignore[arg-type]

    for text in films:
        assert [c.name for c in kept.get(typed_in(), text)] == [e.label for e in films[text]]

    assert len(kept._films) <= 3


def test_a_new_generation_of_films_forgets_the_choices_kept() -> None:
    """A film id names another film once the films change (SQLite reuses a removed film's)."""
    catalog = Catalog({"film": [entry(1, "Old Title")]})
    kept = KeptFilmChoices(SimpleNamespace(catalog=catalog))  # type: ignore[arg-type]
    assert [c.name for c in kept.get(typed_in(), "film")] == ["Old Title (2001)"]

    catalog.films["film"] = [entry(1, "New Title")]
    catalog.generation += 1

    assert [c.name for c in kept.get(typed_in(), "film")] == ["New Title (2001)"]
