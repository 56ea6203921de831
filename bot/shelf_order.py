"""The order titles are listed in: as a library shelves them, where members look them up.

A leading English article is passed over ("The Godfather" under G, "A Quiet Place" under Q,
as catalogues write "Godfather, The"; the letter of "A.I." is none), and numbers go by their
value ("9 to 5" before
"10 Things I Hate About You", "Saw 3D" before "Saw 10"). Case and accents are already folded
out of the normalised titles this orders.
"""

from __future__ import annotations

import re
import unicodedata

_ARTICLES = ("the ", "a ", "an ")
_NUMBER = re.compile(r"\d+")


def _opens_with_article(title: str) -> bool:
    """Whether ``title``'s first word is an article standing alone: "The Godfather", not the
    "A" of "A.I. Artificial Intelligence" or "A-ha", a letter its normalised form parts from
    the rest and a catalogue shelves under A."""
    first = unicodedata.normalize("NFKC", title.lstrip().split(None, 1)[0]).casefold()
    return first.isalpha() and first + " " in _ARTICLES


def _by_value(match: re.Match[str]) -> str:
    # Its length first (two digits: numbers of up to 99 digits), so digits compare as numbers.
    digits = match[0].lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


def shelf_key(title_key: str, title: str) -> str:
    """Where a title is shelved, from its normalised form (``catalog._norm``); equal keys
    are ordered by the title itself, by the caller."""
    if title_key.startswith(_ARTICLES) and _opens_with_article(title):
        title_key = title_key.split(" ", 1)[1]
    if _NUMBER.search(title_key) is None:
        return title_key
    return _NUMBER.sub(_by_value, title_key)
