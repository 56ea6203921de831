"""Titles typed with letters of another script drawn as Latin ones.

Was: "lа lа lаnd" (Cyrillic "а") or "Ιnception" (a Greek capital iota), typed and Enter
pressed, said "No film matches", though autocomplete offered the film. They are read as the
Latin letters they look like, but only where the text as typed names nothing: a film's own
title in Cyrillic or Greek is found as typed, even one spelt with look-alikes alone.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalog import FilmCatalog
from bot.lookalikes import LOOKALIKES
from tests.support.typed_titles import catalog_of

FILMS = [
    ("La La Land", 2016, []),
    ("Inception", 2010, []),
    ("The Matrix", 1999, []),
    ("Coco", 2017, []),
    ("Сосо", 1990, []),  # Cyrillic, every letter a look-alike of Coco's
    ("Брат", 1997, []),
    ("Ζορμπάς ο Έλληνας", 1964, []),
]
LATIN_TITLES = ["La La Land", "Inception", "The Matrix", "Coco"]
_DISGUISES: dict[str, list[str]] = {}
for _code, _latin in LOOKALIKES.items():
    _DISGUISES.setdefault(chr(_latin), []).append(chr(_code))


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> FilmCatalog:
    return asyncio.run(_catalog_of(tmp_path_factory.mktemp("lookalikes") / "l.db"))


async def _catalog_of(path: Path) -> FilmCatalog:
    return await catalog_of(path, FILMS)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), title=st.sampled_from(LATIN_TITLES))
def test_a_title_typed_with_look_alike_letters_answers_the_film(
    catalog: FilmCatalog, data: st.DataObject, title: str
) -> None:
    """Any of a title's letters swapped for a look-alike of another script: Enter and
    autocomplete's first choice answer the film whose title it looks like."""
    places = [at for at, letter in enumerate(title) if letter in _DISGUISES]
    swapped = data.draw(st.sets(st.sampled_from(places), min_size=1))
    typed = "".join(
        data.draw(st.sampled_from(_DISGUISES[letter])) if at in swapped else letter
        for at, letter in enumerate(title)
    )
    expected = next(film for film in FILMS if film[0] == title)
    label = f"{expected[0]} ({expected[1]})"
    if typed == "Сосо":
        label = "Сосо (1990)"  # the Cyrillic film's own title, typed exactly
    assert catalog.find(None, typed).label == label
    assert [entry.label for entry in catalog.search(None, typed)][:1] == [label]


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("Сосо", "Сосо (1990)"),  # Cyrillic: its own film, not Coco
        ("сосо", "Сосо (1990)"),
        ("coco", "Coco (2017)"),
        ("Брат", "Брат (1997)"),
        ("бра", "Брат (1997)"),  # the start of a Cyrillic title
        ("ζορμπας", "Ζορμπάς ο Έλληνας (1964)"),
        ("Ζορμπάς ο Έλληνας", "Ζορμπάς ο Έλληνας (1964)"),
    ],
)
def test_a_title_in_another_script_is_found_as_typed(
    catalog: FilmCatalog, typed: str, label: str
) -> None:
    assert catalog.find(None, typed).label == label
    assert catalog.named_clearly(None, typed) == catalog.find(None, typed)
