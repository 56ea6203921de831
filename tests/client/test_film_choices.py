"""client.options.KeptFilmChoices: the film option's choices, as ``choices_for`` would make them
from the core's, with each film's choice kept once and the number kept bounded."""

from __future__ import annotations

from dataclasses import replace
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


def test_making_a_films_choice_keeps_nothing_on_the_film() -> None:
    """The client keeps each film's choice itself: its label, key and value kept on every film
    ever offered too (``cached_property``) cost instructions at the first read of each and
    memory for as long as the film lasted."""
    films = [entry(n) for n in range(1, 6)]
    kept = KeptFilmChoices(SimpleNamespace(catalog=Catalog({"film": films})))  # type: ignore[arg-type]

    offered = kept.get(typed_in(), "film")

    assert [vars(film) for film in films] == [vars(replace(film)) for film in films]
    assert [(c.name, c.value) for c in offered] == [(f.label, f.choice_value) for f in films]


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


HOSTILE_TITLES = [
    "Plain",
    "  Leading and trailing spaces  ",
    "\u3000Ideographic space\u3000",
    "   ",
    "\n\t",
    "B" * 150,
    "C" * 93,  # the label is exactly 100 characters
    "D" * 94,  # the label's closing parenthesis is cut
    " " * 95 + "E" * 10,  # cut at 100, then stripped: "EEEEE"
    "F" * 98 + "  " + "G" * 10,  # stripped after the cut
    "||Rosebud was the sled||",
    "**Bold** _it_ ~~gone~~ `code` > quote",
    "@everyone <@123> <#456> <@&789>",
    "Line\nbreak\r\nand\u200bzero\u200dwidth",
    "\u202eRight to left\u202c",
    "Am\u00e9lie / Ame\u0301lie",
    "\U0001f3ac\U0001f1eb\U0001f1f7 " * 30,  # emoji and flags, cut inside a pair
    "\ud800 lone surrogate",
    "Tab\tand\x00nul",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_films_choice_is_the_one_made_from_the_cores_for_any_title(title: str) -> None:
    """Each film's choice (name, value, payload) is what ``choices_for`` makes of the core's
    choice (``FilmEntry.as_choice``), however its title is written: cut at 100 characters, then
    stripped, and left out where nothing is left. Films on another server and a large id too."""
    films = [
        FilmEntry(7, 0, "the-work-1999", title, 1999, ()),
        FilmEntry(2**62, 123456789012345678, "film-" + "x" * 60 + "-2020", title, 2020, ()),
    ]
    app: Any = SimpleNamespace(catalog=Catalog({"typed": films}))

    offered = KeptFilmChoices(app).get(typed_in(), "typed")

    made = choices_for([replace(film).as_choice() for film in films])  # nothing kept on them
    assert payloads(offered) == payloads(made)
    assert [(c.name, c.value) for c in offered] == [(c.name, c.value) for c in made]
    for choice in offered:
        assert choice.name == choice.name.strip() and 0 < len(choice.name) <= 100


def test_a_title_is_cut_at_100_characters_before_it_is_stripped() -> None:
    films = [entry(1, " " * 95 + "E" * 10), entry(2, "C" * 94), entry(3, "   ")]
    app: Any = SimpleNamespace(catalog=Catalog({"typed": films}))

    names = [choice.name for choice in KeptFilmChoices(app).get(typed_in(), "typed")]

    assert names == ["EEEEE", "C" * 94 + " (2002", "(2003)"]
