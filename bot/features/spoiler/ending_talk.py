"""How a message says it is telling the ending: an ending word introducing it ("X ends with
..."), a comparison with another film, a claimed twist, someone said not to be themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.features.spoiler.chat_reading import SELF_DENIAL, TWIST_CLAIM
from bot.features.spoiler.terms import content
from bot.features.spoiler.words import FILM_TALK, stem, withheld

DENIALS = ("wasn", "isn", "weren", "aren", "was not", "is not", "was never", "is never")


def denied_selves(text: str) -> list[str]:
    """Who ``text`` says was not who they seemed ("mrs pell was never mrs pell", "the victim
    wasn't the victim"): a claim of a hidden identity, whatever words the ending uses for it.
    Only a word that carries detail: "the end wasn't the end" is film talk."""
    # Most messages deny nothing of anyone: a substring test spares the regex.
    lowered = text.lower()
    if not any(denial in lowered for denial in DENIALS):
        return []
    found = []
    for match in SELF_DENIAL.finditer(text):
        said = [term for _, term, *_ in content(match.group(1)) if term and term not in FILM_TALK]
        found += [f"{said[-1]} is not {said[-1]}"] if said else []
    return found


def claims_twist(text: str) -> bool:
    """Whether ``text`` claims a twist ("all along", "turns out", "the whole time"); "actually"
    alone is mostly emphasis."""
    return any(claim.group().lower() != "actually" for claim in TWIST_CLAIM.finditer(text))


ENDING_TALK = frozenset(
    stem(word)
    for word in "end ending ends ended finale final epilogue twist spoiler reveal".split()  # noqa: SIM905
)
"""Words that say a message is about the ending: they anchor a central everyday word too ("she
ends up married")."""
_TELLS_ENDING = re.compile(
    r"\b(?:ending|end|ends|ended|finale|epilogue|twist|spoilers?"
    r"|(?:last|final|closing) (?:shot|scene|image))"
    r"(?:\s+[\w'’]+){0,4}?(?:\s*[:,]|\s+[-–—]|\s+(?:where|with|when)\b)",
    re.IGNORECASE,
)
"""An ending word and what introduces what the ending is: "X ends with ...", "the ending where
...", "spoiler: ...", "the last shot of X, ...", "the ending wrecked me, ..."."""


_COMPARES = re.compile(
    r"\b(?:is|was|['’]s)\s+(?:(?:just|literally|basically|kinda|pretty much|essentially)\s+)*"
    r"(?:basically|like|kinda like|the same as|just like)\s+(?!(?:a|an)\b)"
    r"|\b(?:meets|pulls? an?|flips)\s|\b(?:backwards|in reverse|really said)\b"
    r"|\bsame (?:twist|ending) as\b"
    r"|\bimagine if\b",
    re.IGNORECASE,
)
"""A film compared with another ("X is basically shutter island", "X is rebecca meets the
others", "X pulls a fight club", "X flips 12 angry men", "X really said ..."), not described
("the studio is basically a character"): chat tells a twist or an ending by another film's, so
what follows the comparison is told as the ending. So is what follows "imagine if": like "what
if ...?", it imagines against what happened ("imagine if the vault wasn't already cleaned out"),
so it tells what did."""

_BETTER = re.compile(r"\bwith (?:better|more|less|worse|fewer|nicer|cooler)\b", re.IGNORECASE)
"""What a comparison of films says the film has more or less of ("with better jackets"): its
look or its craft, not its story."""


def told_ending(text: str) -> str:
    """What ``text`` says the ending or a twist is: what follows an ending word's introduction
    (``_TELLS_ENDING``), or the whole of a message claiming a twist ("X all along", "turns
    out"); nothing outside a promise not to tell ("no spoilers, ..."). "The ending is so quiet,
    nobody wins" judges the ending and tells none of it."""
    unhedged = withheld(text)
    # A claimed twist ("all along", "turns out") tells one; "actually" is mostly only emphasis.
    if any(claim.group().lower() != "actually" for claim in TWIST_CLAIM.finditer(unhedged)):
        return unhedged
    found = _TELLS_ENDING.search(unhedged)
    if found:
        return unhedged[found.end() :]
    compared = _COMPARES.search(unhedged)
    if not compared:
        return ""
    # "like ocean's eleven but sadder and with better jackets": the film's look, not its story.
    told = unhedged[compared.start() :]
    return told[: found.start()] if (found := _BETTER.search(told)) else told


def without(text: str, pieces: Iterable[str]) -> str:
    """``text`` with each of ``pieces`` said in it blanked out."""
    for piece in pieces:
        if piece.strip():
            text = text.replace(piece, " ")
    return text
