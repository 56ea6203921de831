"""Cyrillic, Greek and Hangul written in Latin letters, so a title spelt in them is found.

Members writing Russian, Greek or Korean spell a foreign film's title as it sounds in their
script ("Ла-Ла Ленд", "메리디안 스테이션"). Written back in Latin letters (Russian's common
transliteration, Greek's plain one, Korean's Revised Romanization) it comes out close to the
title ("la-la lend", "meridian seuteisyeon"), and film names are found with a typo's allowance
(``mentions``). Only for finding names: the guard reads no words of these languages.
"""

from __future__ import annotations

import re


def _sounds(text: str) -> list[str]:
    """A table's Latin spellings, one a letter, written as text ("-": no letter, as
    Cyrillic's hard and soft signs and Hangul's silent initial or missing final are)."""
    return text.split()


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        _sounds(
            "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i i ye g"
        ),
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
        _sounds("a v g d e z i th i k l m n x o p r s s t y f ch ps o a e i i o y o i y i y"),
        strict=True,
    )
)
_INITIALS = _sounds("g kk n d tt r m b pp s ss - j jj ch k t p h")
_VOWELS = _sounds("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
_FINALS = _sounds("- k k k n n n t l k m l l l p l m p p t t ng t t k t p t")
_HANGUL = range(0xAC00, 0xD7A4)
_OTHER_SCRIPT = re.compile("[\u0370-\u03ff\u0400-\u04ff\uac00-\ud7a3]")


def _hangul(syllable: int) -> str:
    code = syllable - _HANGUL.start
    initial, vowel, final = code // 588, code % 588 // 28, code % 28
    return "".join(part.strip("-") for part in (_INITIALS[initial], _VOWELS[vowel], _FINALS[final]))


def _letter(char: str) -> str:
    if ord(char) in _HANGUL:
        return _hangul(ord(char))
    lower = char.lower()
    latin = _CYRILLIC.get(lower) or _GREEK.get(lower)
    return char if latin is None else latin.strip("-")


def in_latin(text: str) -> str | None:
    """``text`` with its Cyrillic, Greek and Hangul letters in Latin ones; None when it has
    none (most messages), so a caller does no second pass."""
    if text.isascii() or not _OTHER_SCRIPT.search(text):
        return None
    return "".join(map(_letter, text))
