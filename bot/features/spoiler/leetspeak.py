"""Words disguised the way chat disguises them to dodge a filter, read as the words they spell.

- Leetspeak: digits standing for the letters they look like inside a word ("3d1th k1ll3d h3r
  tw1n", "l4 l4 l4nd", "m14 m4rr13s"). Only a word mixing letters and digits is read, and only
  when every digit in it is one that looks like a letter (0 o, 1 i, 3 e, 4 a, 5 s, 7 t), so
  numbers ("2005", "1:52:10") and names with other digits ("blind23", "covid19", "r2d2") stay as
  they are; and only in a message with a word no number writes: a number with its unit or
  ordinal ("10pm", "4k", "1080p", "3d", "90s", "5yrs", "1st", "3rd", seat "14b") shows no
  leetspeak, though in a message that has some it is read too ("t00k" written "700k").
- Letters dotted apart: three letters or more, one at a time between dots, slashes or hyphens
  ("b.u.r.n.s", "m.r.s p.e.l.l", "m/i/a", "m-a-r-r-i-e-s"), joined as the word a reader reads;
  two ("p.s", "a.m", "w/o", "x-y") are left, as abbreviations, but for two among dotted words of
  three or more, which dot a sentence apart word by word ("n.i.c.o i.s t.h.e r.a.t", "e.l.i
  d.i.d i.t").

Both only join or swap characters inside a word: a word that was not disguised reads the same.
"""

from __future__ import annotations

import re

_AS_LETTER = str.maketrans("013457", "oieast")
# A word with letters and digits side by side, at least one of each (letters of any script).
_MIXED = re.compile(r"(?<![\w])(?=[^\W_]*[^\W\d_])(?=[^\W_]*\d)[^\W_]{2,}(?![\w])")
# A number with its unit or an ordinal after it: a quantity, not a word spelt with digits.
_QUANTITY = re.compile(
    r"\d*1st|\d*2nd|\d*3rd|\d+th|\d+[^\W\d_]"
    r"|\d+(?:s|k|p|m|h|d|x|am|pm|hr|hrs|min|mins|yr|yrs|yo|ft|cm|mm|km|kg|lbs|mph|gb|mb|fps|hz|v)",
    re.IGNORECASE,
)
_LETTER_DIGITS = frozenset("013457")
# What parts letters one at a time: a dot, a slash or a hyphen, the same one all through a word.
_APART = "./-"
_DOTTED = re.compile(r"(?<![\w./-])[^\W\d_]([./-])(?:[^\W\d_]\1)+[^\W\d_](?![\w/-])")
# Words dotted apart one after another, two letters or more each ("j.u.n.e i.s a.l.i.v.e").
_DOTTED_WORD = r"[^\W\d_](?P<apart>[./-])(?:[^\W\d_](?P=apart))*[^\W\d_](?P=apart)?"
_DOTTED_RUN = re.compile(
    rf"(?<![\w./-]){_DOTTED_WORD}(?:[ \t]+{_DOTTED_WORD.replace('apart', 'then')})+(?![\w/-])"
)
# What either disguise needs, found quicker than either: most messages have neither.
_MAY_BE_DISGUISED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]|(?<![\w./-])[^\W\d_]([./-])[^\W\d_]\1")


def _spelt_with_digits(word: str) -> bool:
    """Whether every digit of ``word`` looks like a letter."""
    return set(filter(str.isdigit, word)) <= _LETTER_DIGITS


def undisguised(text: str) -> str:
    """``text`` with words spelt in leetspeak or dotted apart read as the words they spell."""
    if not _MAY_BE_DISGUISED.search(text):
        return text
    words = [word[0] for word in _MIXED.finditer(text) if _spelt_with_digits(word[0])]
    if any(not _QUANTITY.fullmatch(word) for word in words):
        # Leetspeak shown by a word no number writes: its quantities ("700k", "53b") are
        # leetspeak too ("t00k", "seb").
        text = _MIXED.sub(
            lambda word: word[0].translate(_AS_LETTER) if _spelt_with_digits(word[0]) else word[0],
            text,
        )
    text = _DOTTED_RUN.sub(_sentence_dotted, text)
    return _DOTTED.sub(lambda run: run[0].replace(run[1], ""), text)


def _sentence_dotted(run: re.Match[str]) -> str:
    """A run of dotted words joined word by word when one has three letters or more: a
    sentence dotted apart. Abbreviations alone ("p.s. i.e.") are left."""
    if not any(len(_joined(word)) >= 3 for word in run[0].split()):
        return run[0]
    return " ".join(_joined(word) for word in run[0].split())


def _joined(word: str) -> str:
    """A dotted word's letters (its dots, slashes or hyphens gone)."""
    return word.rstrip(_APART).translate(_NOT_LETTERS)


_NOT_LETTERS = str.maketrans("", "", _APART)
