"""A film's names, as its texts write them, and the short forms chat uses for them.

Members shorten names ("seb" for "Sebastian"): a beginning of three letters or more of one of the
film's names (words its text writes with a capital inside a sentence, never in lower case), where
it begins no other name and is no word of its own, is read as the name (``short_forms``); and so
is a pet form of such a beginning, as English makes one: "cory" for "Corinne", "barty" for
"Bartholomew", "wally" for "Walter".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.features.spoiler.terms import SENTENCE
from bot.features.spoiler.words import (
    COMMON_ENGLISH,
    FUNCTION_WORDS,
    MIN_LENGTH,
    WORD,
    spoken,
    stem,
)

__all__ = ["Names", "names_in", "short_forms"]


@dataclass(frozen=True)
class Names:
    """The names a film's texts use: words written with a capital inside a sentence and never
    in lower case (``names``), and every word they write (``written``)."""

    names: frozenset[str]
    written: frozenset[str]


def names_in(texts: Iterable[str]) -> Names:
    """The names ``texts`` use (``Names``), and every word they write."""
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for sentence in SENTENCE.split(text):
            for number, match in enumerate(WORD.finditer(sentence)):
                word = spoken(match.group())
                if len(word) < MIN_LENGTH or not word.isalpha():
                    continue
                if not match.group()[0].isupper():
                    lower.add(word)
                elif number:
                    capital.add(word)
    return Names(frozenset(capital - lower), frozenset(capital | lower))


def short_forms(found: Names, named: set[str]) -> dict[str, str]:
    """How chat shortens the film's names ("seb" for "Sebastian"): each beginning of
    ``MIN_LENGTH`` letters or more of one name, where it begins no other name and is no word of
    its own (of the texts, of everyday English or of the title). Names that are everyday words
    ("June" is a month too) are not shortened."""
    begins: dict[str, set[str]] = {}
    for name in found.names:
        if len(name) > MIN_LENGTH and name not in COMMON_ENGLISH and stem(name) not in named:
            for length in range(MIN_LENGTH, len(name)):
                begins.setdefault(name[:length], set()).add(name)
    taken = found.written | COMMON_ENGLISH | FUNCTION_WORDS
    shorts = {
        short: name
        for short, (name, *others) in begins.items()
        if not others and short not in taken and stem(short) not in named
    }
    # A pet form of such a beginning, its first syllable, as English makes one ("cory" for
    # "Corinne", "barty" for "Bartholomew", "wally" for "Walter", "danny" for "Daniel"): a
    # beginning of three or four letters ending in a consonant, the three-letter one's last
    # letter doubled or not, and "y", "ie" or "ey".
    pets: dict[str, str] = {}
    for short, (name, *others) in begins.items():
        if others or len(short) > MIN_LENGTH + 1 or short[-1] in _VOWELS:
            continue
        doubled = [short + short[-1]] if len(short) == MIN_LENGTH else []
        for ending in _PET_ENDINGS:
            for pet in (short + ending, *(twice + ending for twice in doubled)):
                if pet not in taken and pet not in shorts and stem(pet) not in named:
                    pets.setdefault(pet, name)
    return pets | shorts


_VOWELS = frozenset("aeiouy")
_PET_ENDINGS = ("y", "ie", "ey")
