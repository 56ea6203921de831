"""The catalog-wide frequencies a film's ending vocabulary is built with."""

from __future__ import annotations

from types import MappingProxyType

from bot.catalog import FilmEntry
from bot.features.film.film_text import FilmText, ItemText, SectionText
from bot.features.spoiler.vocabularies import (
    FREQUENCY_SAMPLE,
    CatalogTerms,
    sample,
    texts_by_level,
)
from bot.features.spoiler.vocabulary_build import build


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


def _film(*items: ItemText) -> FilmText:
    faq = SectionText("faq", "none", None, "none", None, items)
    recap = SectionText(
        "recap", "plot", None, "none", "Wes hires a crew. Nico plans the robbery.", ()
    )
    return FilmText(1, "job", "The Job", 2020, (), None, (), "h", "A heist.", (recap, faq), ())


def test_a_question_and_its_ending_answer_are_one_sentence_of_the_ending() -> None:
    answered = ItemText("Who betrays the crew?", "none", "ending", "Both Wes and Nico. Sad.")
    texts = texts_by_level(_film(answered))
    assert "Who betrays the crew Both Wes and Nico" in texts.ending
    vocabulary = build(texts.ending, texts.other, ["The Job"])
    assert vocabulary.matches("the job: wes and nico betray them")
    # A yes-or-no question may be answered "no": its words are no statement of the ending.
    asked = ItemText("Does Nico betray the crew?", "none", "ending", "No. Wes does.")
    assert not any("betray" in text for text in texts_by_level(_film(asked)).ending)


def test_full_width_bars_in_stored_text_make_their_words_ending_words() -> None:
    """Text stored before content files read full-width bars keeps them: what they enclose is
    ending text to the guard too. Read as public text, its words were taken off the ending's,
    and a member's message stating the twist was left in the open."""
    recap = SectionText(
        "recap", "plot", None, "none", "Wes hires a crew. ｜｜Nico drowns in the harbour.｜｜", ()
    )
    film = FilmText(1, "job", "The Job", 2020, (), None, (), "h", "A heist.", (recap,), ())
    texts = texts_by_level(film)
    assert any("Nico drowns in the harbour" in text for text in texts.ending), texts
    assert not any("drowns" in text for text in texts.other), texts
    vocabulary = build(texts.ending, texts.other, ["The Job"])
    assert vocabulary.matches("the job: nico drowns in the harbour")
