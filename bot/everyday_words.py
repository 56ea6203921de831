"""Everyday English words: the 5,000 most frequent (``common_english.txt``, from wordfreq).

One list for every use: the spoiler guard reads it as a general notion of an everyday word,
and the catalog as the words a member types whole (``alien`` is a word, not the start of
``Aliens``). Nothing in it was chosen by looking at a film or a message.
"""

from __future__ import annotations

from pathlib import Path

WORDS_FILE = Path(__file__).parent / "features" / "spoiler" / "common_english.txt"


def _read() -> frozenset[str]:
    text = WORDS_FILE.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


COMMON_ENGLISH = _read()
"""The 5,000 most frequent English words, lower case, letters a-z only."""
