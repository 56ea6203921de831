"""The ending vocabulary's reading of English: what meets what, and what adds up to a spoiler."""

from __future__ import annotations

from bot.features.spoiler.vocabulary import build, terms
from bot.features.spoiler.words import american, stem

# A small invented explainer: the same shape as a film's content, about no real film.
ENDING = [
    "Five years later the courier's father is revealed as the buyer. He is arrested at the pier.",
    "The lantern keeper drowned in the storm. The gardener kept the orchard alive.",
]
PLOT = ["A courier drives a van across the hills to meet a buyer at the coast."]
NAMES = ["Van Of Secrets"]


def vocabulary():
    return build(ENDING, PLOT, NAMES, summary=[ENDING[0]])


def test_ways_of_writing_one_word_meet() -> None:
    assert american("colour") == "color" and american("theatre") == "theater"
    assert american("realised") == "realized" and american("four") == "four"
    assert stem("dad") == stem("father") and stem("Mum") == stem("mother")
    assert stem("murdered") == stem("killer") and stem("dies") == stem("dead")
    assert stem("torched") == stem("burns") and stem("hubby") == stem("married")
    assert stem("dad") != stem("brother")


def test_counts_are_terms_however_written() -> None:
    assert "five year" in terms("5 yrs later")[1]
    assert "five year" in terms("five years later")[1]


def test_a_synonym_finds_the_explainers_word() -> None:
    spoilers = vocabulary()

    assert spoilers.matches("van of secrets: the buyer is her DAD")
    assert spoilers.matches("van of secrets jumps 5 yrs ahead at the end")
    assert not spoilers.matches("van of secrets has a great van chase across the hills")


def test_the_writers_own_family_is_not_the_films() -> None:
    spoilers = vocabulary()

    assert not spoilers.matches("watched van of secrets with my dad, he loved it")
    assert spoilers.matches("van of secrets: the buyer is her dad, wow")


def test_weak_terms_add_up_only_from_one_statement() -> None:
    spoilers = vocabulary()

    # "lantern" and "storm" are said in one sentence; "lantern" and "orchard" are not.
    assert spoilers.matches("that lantern in the storm, van of secrets got me")
    assert not spoilers.matches("the lantern and the orchard in van of secrets are pretty")
