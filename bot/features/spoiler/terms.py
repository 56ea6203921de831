"""A text's *terms*: the word stems, and the pairs of stems in a row, that a film's ending
text and a chat message are compared by (``terms``), read sentence by sentence (``SENTENCE``).

Both sides are read the same way (``bot.features.spoiler.words``): stems, British/American
spelling, everyday synonyms ("dad" is "father") and counts ("5 yrs" is "five years"), so a
member's paraphrase meets the explainer's wording. A denial is a term of its own: the first two
words that count after a negation ("not", "never", "wasn't", "don't"; up to ``NEGATION_REACH``
words on, film talk left out) each make a two-stem term with "not", everyday words included, so
"she wasn't dead" meets "June did not die" and "they don't end up together" meets "Mia and
Sebastian don't end up together", however the negation is written.
"""

from __future__ import annotations

import re

from bot.features.spoiler.words import (
    FILM_TALK,
    FILM_TALK_ONLY,
    FUNCTION_WORDS,
    MIN_LENGTH,
    NEGATED,
    NEGATIONS,
    NUMBER_WORDS,
    WORD,
    canonical,
    skipped,
    spoken,
    stem,
    words,
)

__all__ = ["OWNER", "PAIR_WINDOW", "SENTENCE", "content", "terms"]

# Terms pair only within a sentence: across a full stop two words are not one statement.
SENTENCE = re.compile(r"[.!?;:\n]+")
PAIR_WINDOW = 1
"""Stems this far apart, or closer, in a sentence (other words left out) make a two-stem term."""
OWNER = frozenset({"my", "our"})
"""Words that make the next word that counts the writer's own ("my dad")."""
NEGATION_REACH = 3
"""Words after a negation that it denies, at most ("wasn't really dead", "don't end up
together"): further on, a word belongs to the next statement."""
NEGATED_WORDS = 2
"""Words that count after a negation that it denies: "don't get back together" denies both."""


def content(sentence: str) -> list[tuple[int, str, str, int, int]]:
    """(word number, stem, spoken word, start, end) of each word of ``sentence``; the stem is
    empty for words that carry no detail."""
    out = []
    for number, match in enumerate(WORD.finditer(sentence)):
        word = spoken(match.group())
        canon = canonical(word) if word else ""
        term = "" if not canon or skipped(canon) else stem(canon)
        out.append((number, term, word, match.start(), match.end()))
    return out


def terms(text: str) -> tuple[set[str], set[str]]:
    """The one-stem and two-stem terms of ``text``.

    Function and everyday words are left out (pairs are kept across them); a count and the
    word after it ("five years") make a two-stem term even when both are everyday words. The
    first word that counts after "my" or "our" is the writer's own life ("my dad"), not the
    film's, and is left out.
    """
    singles: set[str] = set()
    pairs: set[str] = set()
    for sentence in SENTENCE.split(text):
        stems: list[str] = []
        owned = False
        counted: str | None = None
        # Words still open to a denial: (words left in reach, words that count left).
        denied = (0, 0)
        for word in words(sentence):
            if not word:
                continue
            if word in NEGATIONS:
                denied = (NEGATION_REACH, NEGATED_WORDS)
                continue
            word = canonical(word)
            if counted is not None and word not in FUNCTION_WORDS:
                pairs.add(f"{counted} {stem(word)}")
                counted = None
            if denied[0]:
                reach, left = denied
                if word not in FUNCTION_WORDS and len(word) >= MIN_LENGTH and not owned:
                    term = stem(word)
                    if term not in FILM_TALK_ONLY:
                        pairs.add(f"{NEGATED} {term}")
                        left -= 1
                denied = (reach - 1, left) if left else (0, 0)
            if word in NUMBER_WORDS:
                counted = word
                continue
            if word in OWNER:
                owned = True
            if skipped(word):
                continue
            if owned:
                owned = False
                continue
            term = stem(word)
            if term not in FILM_TALK:
                singles.add(term)
            pairs.update(f"{before} {term}" for before in stems[-PAIR_WINDOW:] if before != term)
            stems.append(term)
    return singles, pairs
