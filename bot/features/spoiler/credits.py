"""How a text names a film's director, cast and cited authors: a sentence naming one is about the
film's making or a performance, not its story.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.features.spoiler.words import COMMON_ENGLISH, MIN_LENGTH, words


def credit_names(people: Iterable[str]) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """How a text names ``people`` (director, cast, cited authors): (surnames that are no
    everyday word, "chazelle"; whole names whose surname is one, "emma stone")."""
    surnames: set[str] = set()
    full: set[tuple[str, ...]] = set()
    for person in people:
        parts = tuple(word for word in words(person) if word)
        if not parts:
            continue
        if len(parts[-1]) >= MIN_LENGTH and parts[-1] not in COMMON_ENGLISH:
            surnames.add(parts[-1])
        else:
            full.add(parts)
    return frozenset(surnames), frozenset(full)


def names_someone(
    sentence: str, surnames: frozenset[str], full: frozenset[tuple[str, ...]]
) -> bool:
    said = [word for word in words(sentence) if word]
    if surnames.intersection(said):
        return True
    return any(
        tuple(said[at : at + len(parts)]) == parts
        for parts in full
        for at in range(len(said) - len(parts) + 1)
    )
