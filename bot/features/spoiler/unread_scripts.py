"""Messages told mostly in a script the guard cannot read.

The guard reads English and a few languages written in Latin letters (``other_languages``). A
message that names a guarded film in Latin letters ("في فيلم Paper Moons ...", "Στο Salt Road
...") but says the rest in Arabic, Greek, Cyrillic, Devanagari, Hangul or any other script
says something about the film nobody here can check: the ending, for all the guard knows. Such
a message is hidden (the author is told why, and a click shows it), unless it asks: a question
("...?", Arabic "؟", Greek ";") tells no ending the guard could have missed more often than not,
as in English, where a question needs twice the evidence.
"""

from __future__ import annotations

import re
import unicodedata

UNREAD_LETTERS = 12
"""Letters of a script the guard cannot read that make a sentence, not a name or a word ("по
фильму", "🇬🇷 Ελλάδα" stays)."""
_QUESTION = re.compile(r"[?؟;？]")
_WORD = re.compile(r"[^\W\d_]+")


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def mostly_unread(text: str) -> bool:
    """Whether most of ``text``'s letters are in words of scripts the guard cannot read, at
    least ``UNREAD_LETTERS`` of them, and it asks nothing. A word with any letter of such a
    script counts whole: the guard reads Cyrillic and Greek letters drawn as Latin ones as Latin
    ("она" as "oнa"), and the word is no more readable for it."""
    if text.isascii():
        return False
    unread = read = 0
    for word in _WORD.findall(text):
        letters = sum(char.isalpha() for char in word)
        if all(_latin(char) for char in word if char.isalpha()):
            read += letters
        else:
            unread += letters
    return unread >= UNREAD_LETTERS and unread > read and not _QUESTION.search(text)
