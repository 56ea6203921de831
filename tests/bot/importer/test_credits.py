"""Director and cast are public (``/film info`` shows them in every channel): the importer takes
them only from the paragraph introducing the film, never from the discussion of its plot or
ending, where a credit phrase can name the twist."""

from __future__ import annotations

import pytest

from bot.importer import import_article

INTRO = (
    "The Game is a 1997 thriller directed by David Fincher. It stars Michael Douglas and Sean Penn."
)
TWIST_NAME = "Conrad Van Orton"
# Passages past the introduction whose credit phrases name the twist.
TOLD_LATER = [
    f"## The ending\n\nIn the final scene we learn it was all directed by {TWIST_NAME}.",
    f"## The ending\n\nEvery trap was directed by {TWIST_NAME}, his brother, as a present.",
    f"## The ending\n\nThe Game is a trap from the start: it was directed by {TWIST_NAME}.",
    f"## What it means\n\nNicholas learns that the con was helmed by {TWIST_NAME} all along.",
    f"## Quick answer\n\nThe last surprise is an air bag, a show starring {TWIST_NAME} himself.",
    f"Later the whole game turns out to be a play starring {TWIST_NAME} and his friends.",
    f"The Game is a trap from the start: every scene of it was directed by {TWIST_NAME}.",
]


def _article(later: str, *, intro: str = INTRO) -> bytes:
    return (
        f"# The Game (1997) ending explained\n\n{intro}\n\n{later}\n\n"
        "## Themes\n\nControl and grief run through the film, scene after scene.\n"
    ).encode()


@pytest.mark.parametrize("later", TOLD_LATER)
def test_credits_told_past_the_introduction_are_never_public(later: str) -> None:
    doc = import_article(_article(later), name="game.md").doc
    assert doc is not None
    public = [doc.director or "", *doc.cast]
    assert not any("Conrad" in name for name in public), public


@pytest.mark.parametrize("later", TOLD_LATER)
def test_without_an_introduction_no_credit_is_public(later: str) -> None:
    intro = "Nicholas Van Orton is a banker who has everything but joy."
    doc = import_article(_article(later, intro=intro), name="game.md").doc
    assert doc is not None
    assert (doc.director, doc.cast) == (None, [])


def test_the_introductions_credits_are_kept() -> None:
    doc = import_article(_article(TOLD_LATER[1]), name="game.md").doc
    assert doc is not None
    assert doc.director == "David Fincher"
    assert doc.cast == ["Michael Douglas", "Sean Penn"]
