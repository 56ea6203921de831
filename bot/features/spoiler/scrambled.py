"""Text written backwards or in ROT13, as chat hides a spoiler from a glance ("for the
spoiler-shy: zvn zneevrf nabgure zna", "salt road: rehtaf reh si reyub eht"), read as it reads
decoded.

A clause (the text between punctuation that parts a sentence: ``:``, brackets, arrows, line
breaks, ``|``, ``;``, ``.``, ``!``, ``?``) is decoded when it has three words or more, few of
them everyday English words, and decoded most of them are: gibberish that reads as English once
turned round or rotated is a message written to be decoded. Everyday English, names, other
languages and slang stay as they are, as do their decodings, which read as no English; so a
harmless message written backwards is read as the harmless message it is.
"""

from __future__ import annotations

import codecs
import re

from bot.features.spoiler.words import common_stems, stem

_CLAUSE = re.compile(r"[^:;.!?()\[\]{}<>|\n→←=\"“”«»]+")
# A word of two letters or more: "a" and "i" read the same backwards and tell nothing.
_WORD = re.compile(r"[a-z]{2,}")
_MIN_WORDS = 3
_PLAIN_AT_MOST = 0.25
"""The share of everyday words above which a clause is taken as written plainly."""
_DECODED_AT_LEAST = 0.5
"""The share of everyday words a decoding needs to be taken as what the clause says: names
("mia", "sami") are not everyday words, and a spoiler is full of them."""
_GAIN_AT_LEAST = 0.5
"""How much more of the decoding than of the clause must be everyday words: a clause in
another language has a few ("war", "die"), and so, by chance, may its decoding."""
_LONG_EVERYDAY_AT_LEAST = 2
"""Everyday words of three letters or more a decoding needs: two-letter ones ("al", "se")
turn up by chance in any language turned round."""
# What a scrambled clause needs, found quicker than counting: three words of letters in a row.
_MAY_BE_SCRAMBLED = re.compile(r"[a-z]+ [a-z]+ [a-z]+", re.IGNORECASE)


def _everyday_share(words: list[str]) -> float:
    """The share of ``words`` whose stem is an everyday English word's ("marries", "kisses")."""
    common = common_stems()
    return sum(stem(word) in common for word in words) / len(words)


def _backwards(clause: str) -> str:
    return clause[::-1]


def _rot13(clause: str) -> str:
    return codecs.encode(clause, "rot13")


def _decoded(found: re.Match[str]) -> str:
    clause = found[0]
    words = _WORD.findall(clause.lower())
    if len(words) < _MIN_WORDS or _everyday_share(words) > _PLAIN_AT_MOST:
        return clause
    plain = _everyday_share(words)
    readings = [decode(clause) for decode in (_backwards, _rot13)]
    best = max(readings, key=lambda reading: _everyday_share(_WORD.findall(reading.lower())))
    decoded = _WORD.findall(best.lower())
    share = _everyday_share(decoded)
    long_everyday = sum(len(word) > 2 and stem(word) in common_stems() for word in decoded)
    if (
        share < _DECODED_AT_LEAST
        or share - plain < _GAIN_AT_LEAST
        or long_everyday < _LONG_EVERYDAY_AT_LEAST
    ):
        return clause
    # Spaces around the clause kept where they were: a reversed one has them the other way.
    stripped = best.strip()
    start = clause[: len(clause) - len(clause.lstrip())]
    end = clause[len(clause.rstrip()) :]
    return f"{start}{stripped}{end}"


def unscrambled(text: str) -> str:
    """``text`` with its clauses written backwards or in ROT13 read as they read decoded."""
    if not _MAY_BE_SCRAMBLED.search(text):
        return text
    return _CLAUSE.sub(_decoded, text)
