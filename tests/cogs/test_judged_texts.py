"""Texts the guard read, kept so an event that changes nothing is not read again
(``cogs.spoiler.JudgedTexts``)."""

from __future__ import annotations

from cogs.spoiler import JudgedTexts


def test_a_text_that_named_no_film_is_read_again_once_the_films_change() -> None:
    """A message or thread title read as naming no film was skipped for good when it came
    again (an embed unfurled, a thread archived): a film imported since, whose ending it
    tells, was never looked for in it."""
    generation = 1
    judged = JudgedTexts(films=lambda: generation)
    assert judged.first_look(7, "the keeper drowns")
    judged.read(7, "the keeper drowns", final=True)
    assert not judged.first_look(7, "the keeper drowns")  # nothing changed: not read again

    generation = 2  # a film imported
    assert judged.first_look(7, "the keeper drowns")
    judged.read(7, "the keeper drowns", final=True)
    assert not judged.first_look(7, "the keeper drowns")
    # A reading that may not hold is read again whatever the films.
    judged.read(7, "the keeper drowns", final=False)
    assert judged.first_look(7, "the keeper drowns")
