"""The order titles are listed in: as a library shelves them, where members look them up.

A leading English article is passed over ("The Godfather" under G, "A Quiet Place" under Q,
as catalogues write "Godfather, The"), and numbers go by their value ("9 to 5" before
"10 Things I Hate About You", "Saw 3D" before "Saw 10"). Case and accents are already folded
out of the normalised titles this orders.
"""

from __future__ import annotations

import re

_ARTICLES = ("the ", "a ", "an ")
_NUMBER = re.compile(r"\d+")


def _by_value(match: re.Match[str]) -> str:
    # Its length first (two digits: numbers of up to 99 digits), so digits compare as numbers.
    digits = match[0].lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


def shelf_key(title_key: str) -> str:
    """Where a normalised title (``catalog._norm``) is shelved; equal keys are ordered by
    the title itself, by the caller."""
    if title_key.startswith(_ARTICLES):
        title_key = title_key.split(" ", 1)[1]
    if _NUMBER.search(title_key) is None:
        return title_key
    return _NUMBER.sub(_by_value, title_key)
