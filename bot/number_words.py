"""Numbers written in words, read as the digits a title may write them in, past twenty too.

"anchor seventy three" for Anchor 73, "two thousand and one" for 2001, "twenty one" for 21,
"nineteen eighty four" for 1984: the catalog reads sequel numbers up to twenty itself; this
reads the rest, both in what members type and in titles that write a number in words.
"""

from __future__ import annotations

_UNIT_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEEN_WORDS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
_TEEN_WORDS += ["seventeen", "eighteen", "nineteen"]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNITS = {word: n for n, word in enumerate(_UNIT_WORDS, 1)}
_TEENS = {word: n for n, word in enumerate(_TEEN_WORDS, 10)}
_TENS = {word: n for n, word in enumerate(_TENS_WORDS, 2)}
_TENS = {word: 10 * n for word, n in _TENS.items()}
_VALUES = _UNITS | _TEENS | _TENS
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TEENS) | frozenset(_TENS) | {"hundred", "thousand"}
"""Every word a number past twenty may be written with ("and" aside)."""

# Which kind of word may follow which in one number: "seventy three", "two thousand and one",
# "nineteen hundred"; a unit never follows a unit, nor a tens word a teen ("nineteen eighty"
# is two numbers, read as a year below).
_FOLLOWS = {
    "unit": {None, "tens", "hundred", "thousand"},
    "teen": {None, "hundred", "thousand"},
    "tens": {None, "hundred", "thousand"},
    "hundred": {"unit", "teen"},
    "thousand": {"unit", "teen", "tens", "hundred"},
}


def _kind(word: str) -> str | None:
    if word in _UNITS:
        return "unit"
    if word in _TEENS:
        return "teen"
    if word in _TENS:
        return "tens"
    return word if word in ("hundred", "thousand") else None


def _number_at(words: list[str], at: int) -> tuple[int, int, int]:
    """The number written from ``words[at]`` on: its value, the place after it, and how many
    of its words are number words (0 where none starts there)."""
    total = current = 0
    last: str | None = None
    place = at
    used = 0
    while place < len(words):
        word = words[place]
        if word == "and" and last in ("hundred", "thousand") and place + 1 < len(words):
            following = _kind(words[place + 1])
            if following not in ("unit", "teen", "tens"):
                break
            place += 1
            continue
        kind = _kind(word)
        if kind is None or last not in _FOLLOWS[kind]:
            break
        if kind == "hundred":
            current *= 100
        elif kind == "thousand":
            if total:
                break
            total, current = (current or 1) * 1000, 0
        else:
            current += _VALUES[word]
        last = kind
        place += 1
        used += 1
    if words[place - 1 : place] == ["and"]:
        place -= 1
    return total + current, place, used


def digits_of_number_words(key: str) -> str | None:
    """``key`` (normalised: lower case, words one space apart) with each number past twenty
    written in words, or in several ("twenty one"), as its digits; None where it has none.
    Numbers of one word up to twenty are left as written: a sequel's number, read elsewhere."""
    words = key.split()
    if NUMBER_WORDS.isdisjoint(words):
        return None  # most texts: found at C speed
    read: list[str] = []
    changed = False
    at = 0
    while at < len(words):
        value, after, used = _number_at(words, at)
        if not used:
            read.append(words[at])
            at += 1
            continue
        if 10 <= value < 100 and after < len(words):
            # "nineteen eighty four": a year said as two two-digit numbers.
            second, beyond, _ = _number_at(words, after)
            if 10 <= second < 100 and words[after] not in _UNITS:
                value, after, used = value * 100 + second, beyond, used + 2
        if used > 1 or value > 20:
            read.append(str(value))
            changed = True
        else:
            read += words[at:after]
        at = after
    return " ".join(read) if changed else None
