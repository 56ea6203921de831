"""Lines a film's ending quotes ("I'm still listening"), and a message repeating one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.features.spoiler.words import words

LINE_WORDS = 3
"""Words a quoted line has at least to be the ending's own: shorter ones ("oh no") are said
anywhere."""
QUOTE = re.compile(r"[\"“]([^\"”\n]+)[\"”]")


def quoted_lines(
    ending: Iterable[str], other: Iterable[str], commentary: Callable[[str], bool]
) -> frozenset[tuple[str, ...]]:
    """The lines the ending quotes, as spoken words, that the other text does not quote: not
    in a sentence of commentary ("Chazelle told ...: \"...\"")."""
    elsewhere = {
        tuple(word for word in words(found) if word)
        for text in other
        for found in QUOTE.findall(text)
    }
    lines: set[tuple[str, ...]] = set()
    for text in ending:
        for found in QUOTE.finditer(text):
            opening = text[: found.start()]
            sentence = opening[max(opening.rfind(mark) for mark in ".!?\n") + 1 :]
            if commentary(sentence):
                continue
            said = tuple(word for word in words(found.group(1)) if word)
            if len(said) >= LINE_WORDS and said not in elsewhere:
                lines.add(said)
    return frozenset(lines)


def said_line(said: list[str], lines: Iterable[tuple[str, ...]]) -> list[str]:
    """The ending's quoted lines that the words ``said`` repeat, in a row."""
    return [
        f'"{" ".join(line)}"'
        for line in lines
        if any(tuple(said[at : at + len(line)]) == line for at in range(len(said) - len(line) + 1))
    ]
