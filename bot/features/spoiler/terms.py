"""A text's *terms*: the word stems, and the pairs of stems in a row, that a film's ending
text and a chat message are compared by (``terms``), read sentence by sentence (``SENTENCE``).

Both sides are read the same way (``bot.features.spoiler.words``): stems, British/American
spelling, everyday synonyms ("dad" is "father") and counts ("5 yrs" is "five years"), so a
member's paraphrase meets the explainer's wording. A denial is a term of its own: the first two
words that count after a negation ("not", "never", "wasn't", "don't"; up to ``NEGATION_REACH``
words on, film talk left out) each make a two-stem term with "not", everyday words included, so
"she wasn't dead" meets "June did not die" and "they don't end up together" meets "Mia and
Sebastian don't end up together", however the negation is written. An order to the reader
("don't look it up", "just don't read the wiki": "don't" or "do not" opening a clause, with no
subject) denies nothing of the story, and a count of minutes or hours after "last" or "first"
("the last 10 minutes") is the film's running time, not a count of its story; after "a"
("a two hour cooking show"), the unit too.
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


_CLAUSE_BREAK = re.compile(r",|\s[-–—]+\s")
"""What starts a new clause inside a sentence: a comma, a dash between words."""
_ORDER_OPENERS = frozenset(
    "just please pls plz so and but then seriously honestly also again srsly".split()  # noqa: SIM905
)
"""Words a clause may open with before an order to the reader ("just don't look it up")."""
_RUNNING = frozenset("last first final opening closing a an".split())  # noqa: SIM905
"""Words before a count of minutes that make it the film's running time ("the last 10
minutes", "the first twenty minutes"), not a count of its story; so does "a" or "an" before the
count, which makes the count and its unit one word describing what follows ("a two hour cooking
show", "a 90 minute film"): the film's length, unit and all."""
_LENGTH_OPENERS = frozenset({"a", "an"})
"""Words before a count that make the count and its unit describe the film ("a two hour show")."""
_RUNTIME_UNITS = frozenset(stem(unit) for unit in ("minute", "hour", "second", "sec"))
"""Units of a film's running time, as stems ("mins" is "minute")."""


def _imperative(opening: list[str]) -> bool:
    """Whether a negation, the last of the clause's words ``opening``, is an order to the
    reader: "don't" or "do not" with no subject before it ("don't look it up", "just don't
    read the wiki"), not "they don't end up together"."""
    *before, negation = opening
    if before[-1:] == ["do"] and negation == "not":
        before = before[:-1]
    elif negation != "dont":
        return False
    return all(word in _ORDER_OPENERS or not word for word in before)


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
        # The words of the clause so far (a comma or a dash starts a new one), and the word
        # before the current one.
        opening: list[str] = []
        count_after = ""
        end = 0
        for match in WORD.finditer(sentence):
            word = spoken(match.group())
            # Most words follow a single space: no break to look for.
            if match.start() - end > 1 and _CLAUSE_BREAK.search(sentence, end, match.start()):
                opening = []
            end = match.end()
            opening.append(word)
            if not word:
                continue
            if word in NEGATIONS:
                # "don't look it up", "do not google it": an order to the reader, no denial
                # of the story's.
                if not _imperative(opening):
                    denied = (NEGATION_REACH, NEGATED_WORDS)
                continue
            word = canonical(word)
            running = False
            if counted is not None and word not in FUNCTION_WORDS:
                # "the last 10 minutes": the film's running time, not a count of its story.
                running = count_after in _RUNNING and stem(word) in _RUNTIME_UNITS
                if not running:
                    pairs.add(f"{counted} {stem(word)}")
                # "a two hour cooking show": the count and its unit describe the film's length,
                # so the unit is no word of the story either.
                running = running and count_after in _LENGTH_OPENERS
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
                # The word before the count: "the last ten minutes" is the film's running time.
                count_after = opening[-2] if len(opening) > 1 else ""
                continue
            if word in OWNER:
                owned = True
            if skipped(word) or running:
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
