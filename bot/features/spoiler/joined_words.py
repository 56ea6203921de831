"""Words written so that a filter reading word by word misses them, read as a reader reads them.

- Upside down: letters turned (``ɐ``, ``ǝ``, ``ɹ``, ``ʇ``, ...) and the text read backwards, as
  upside-down text generators write it ("uɐɯ ɹǝɥʇouɐ sǝᴉɹɹɐɯ ɐᴉɯ"): each clause holding two
  turned letters or more is turned back, from its first turned word to its last, when most of
  the words between are turned (a schwa or two among upright words is phonetics).
- Run together: a hashtag or camelCase run of capitalised words ("#MiaMarriesAnotherMan",
  "sebEndsUpAlone") parted into its words, when most parts are three letters or more: names
  ("McDonald", "DeNiro") and alternating caps ("MaRrIeS") stay as they are.
- Stretched: a letter typed three times or more ("marrriesss", "Nnnniiiicoooo") as the word
  read with it once or twice, the longest everyday word spelt so ("marries", "all"), else
  once ("mia", "nico"). Roman numerals ("III") stay.
"""

from __future__ import annotations

import itertools
import re

from bot.features.spoiler.words import common_stems, stem

# Turned letters as upside-down text writes them, and the plain ones each stands for. Letters
# that are other letters turned (b and q, d and p, n and u) swap back only inside a clause
# that has turned ones.
_TURNED = "ɐqɔpǝɟƃɥᴉıɾʞlɯuodbɹsʇnʌʍxʎzᵷɓʃ∩"
_UPRIGHT = "abcdefghiijklmnopqrstuvwxyzggju"
_TURN_BACK = str.maketrans(_TURNED, _UPRIGHT)
# Characters only a turned letter is written with (not a Latin letter, nor a Turkish dotless i,
# which Turkish writes upright).
_TURNED_ONLY = "ɐɔǝɟƃɥᴉɾʞɯɹʇʌʍʎᵷ"
_MAY_BE_TURNED = re.compile(f"[{_TURNED_ONLY}]")
# A clause: the text between the punctuation that parts a sentence (not the apostrophes and
# commas an upside-down generator turns with the letters).
_CLAUSE = re.compile(r"[^:;!?()\[\]{}<>|\n→←=\"“”«»]+")
_TURNED_WORD = re.compile(rf"\S*[{_TURNED_ONLY}]\S*")
_TURNED_AT_LEAST = 2
"""Turned letters a clause needs: one alone is phonetics (the schwa ``ǝ``) or a name."""

# A word of letters with a capital inside it after a small letter: words run together.
_RUN_TOGETHER = re.compile(r"#?[^\W\d_]*[a-z][A-Z][^\W\d_]*")
_PART = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]")
_LONG_PART = 3

# A letter typed three times or more in a row (any case: "Nnnn").
_STRETCH = re.compile(r"([^\W\d_])(?i:\1){2,}")
_STRETCHED_WORD = re.compile(r"[^\W\d_]*([^\W\d_])(?i:\1){2,}[^\W\d_]*")
_ROMAN = re.compile(r"[IVXLCDM]+")
_MOST_STRETCHES = 4
"""Stretches in one word tried once and twice each (2^4 spellings); past that, once each."""


def turned_right_way_up(text: str) -> str:
    """``text`` with its upside-down clauses turned back and read the right way round."""
    if text.isascii() or not _MAY_BE_TURNED.search(text):
        return text
    return _CLAUSE.sub(_clause_turned_back, text)


def _clause_turned_back(clause: re.Match[str]) -> str:
    text = clause[0]
    if len(_MAY_BE_TURNED.findall(text)) < _TURNED_AT_LEAST:
        return text
    words = list(_TURNED_WORD.finditer(text))
    start, end = words[0].start(), words[-1].end()
    if len(words) * 2 < len(text[start:end].split()):
        return text  # a few turned letters among upright words: phonetics, names
    turned = text[start:end].translate(_TURN_BACK)[::-1]
    return text[:start] + turned + text[end:]


def parted(text: str) -> str:
    """``text`` with its hashtags and camelCase runs of words parted into their words."""
    if text.islower() or not _RUN_TOGETHER.search(text):
        return text
    return _RUN_TOGETHER.sub(_parted_run, text)


def _parted_run(run: re.Match[str]) -> str:
    word = run[0].lstrip("#")
    parts = _PART.findall(word)
    if "".join(parts) != word or min(map(len, parts)) < 2:
        return run[0]
    if sum(len(part) >= _LONG_PART for part in parts) * 2 <= len(parts):
        return run[0]
    return run[0][: len(run[0]) - len(word)] + " ".join(parts)


def unstretched(text: str) -> str:
    """``text`` with its stretched words read as the words they stretch."""
    if not _STRETCH.search(text):
        return text
    return _STRETCHED_WORD.sub(_unstretched_word, text)


def _unstretched_word(found: re.Match[str]) -> str:
    word = found[0]
    if _ROMAN.fullmatch(word):
        return word
    pieces = _STRETCH.split(word)
    # ``split`` keeps each stretch's letter: text, letter, text, letter, ..., text.
    texts, letters = pieces[0::2], pieces[1::2]
    once = _spelt(texts, letters, [1] * len(letters))
    if len(letters) > _MOST_STRETCHES:
        return once
    common = common_stems()
    spellings = (
        _spelt(texts, letters, counts) for counts in itertools.product((1, 2), repeat=len(letters))
    )
    # The longest everyday one: "marries" and "all", though "maries" and "al" stem as some.
    everyday = [spelling for spelling in spellings if stem(spelling.lower()) in common]
    return max(everyday, key=len) if everyday else once


def _spelt(texts: list[str], letters: list[str], counts: tuple[int, ...] | list[int]) -> str:
    out = [texts[0]]
    for letter, count, after in zip(letters, counts, texts[1:], strict=True):
        out.append(letter * count + after)
    return "".join(out)
