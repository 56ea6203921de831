"""Messages in other languages read as English: the words of what happened, in English words.

The spoiler guard reads a film's ending vocabulary and English outcome words. Members write in
their own languages too ("en Glass Orchard Daniel se muere envenenado", "Bolt stirbt am Ende",
"paper moons mein end pe choti behen theatre ko aag laga deti hai"): the film's people and
places are written as in English, the outcome words are not. ``in_english`` rewrites those
outcome and ending words, from a small lexicon of Spanish, Portuguese, French, German, Italian,
romanised Hindi-English, Dutch, Swedish, Polish, Turkish, Indonesian and romanised Japanese
(``other_languages.txt``, which says how to extend it), into the
English the guard already reads ("se muere" -> "dies", "am Ende" -> "in the end", "aag laga deti
hai" -> "sets fire"), so the English vocabulary, rules and learned reading apply as they are.

How it reads:
- Words are compared with accents folded ("murio" is "murió"), except one-letter words
  (Portuguese "é" is "is", "e" is "and") and forms marked to be read only with their accents
  (Turkish "öldü", died, folds to "oldu", happened). The longest form found at a place is
  read first ("se casa" before "casa", which is a house).
- A form that is also an English word or name ("war", "die", "era", "no", "Mae") is read only
  when the message shows its language by a word that is no English word ("der Angeklagte war
  schuldig": "der", "schuldig"); "the war ends" stays English. A form two languages read
  differently ("no": Spanish "not", Portuguese "in the") is read in the language the message
  shows most.
- A question asked as the language asks it reads as English asks it, opening with "does":
  Spanish "¿...?", a question opening with one of the lexicon's verbs ("Stirbt jemand am
  Ende?", "Muere alguien en X?"), Hindi "... kya?". The guard takes a question for asking, as
  it does in English.
- Someone's family member is said as English says it: "la madre de Nell", "Nell ki maa" read
  "Nell's mother".
- Everything else is left as written: names, places, English words, words of no meaning listed.

A message with none of the lexicon's words (most messages) is returned as it was, after one
pass over its words.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.features.spoiler.words import (
    COMMON_ENGLISH,
    COMMON_WORDS,
    FILM_TALK_WORDS,
    FUNCTION_WORDS,
    QUESTION_OPENERS,
)

LEXICON = Path(__file__).with_name("other_languages.txt")
LANGUAGES = {
    "es": "Spanish",
    "pt": "Portuguese",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "hi": "Hindi-English (romanised)",
    "nl": "Dutch",
    "sv": "Swedish",
    "pl": "Polish",
    "tr": "Turkish",
    "id": "Indonesian",
    "ja": "Japanese (romanised)",
}
MARKER = "-"
"""The English of a form that only shows the message's language: read as written."""
ENGLISH_TOO = "~"
"""The mark of a form that is also an English word or name (``other_languages.txt``)."""
AS_ACCENTED = "="
"""The mark of a form read only with its accents, as folding them makes it another word of
its language (Turkish "öldü", died, and "oldu", happened)."""

_WORD = re.compile(r"[^\W\d_]+")
_JOINED = re.compile(r"[ \t'’\-]*")
"""What may stand between two words of one form: spaces, an apostrophe ("c'est"), a hyphen;
not a clause's end."""


@functools.lru_cache(maxsize=50_000)
def fold(word: str) -> str:
    """``word`` lower case with its accents folded ("Murió" -> "murio", "ß" -> "ss"); a
    one-letter word keeps its accent ("é" stays "é")."""
    word = word.casefold()
    if len(word) == 1:
        return word
    decomposed = unicodedata.normalize("NFD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters no accent makes, which members who type without them write plain too: Turkish
    # "ı" ("yakıyor", "yakiyor"), Polish "ł" ("wrobił", "wrobil").
    return plain.replace("œ", "oe").replace("ı", "i").replace("ł", "l")


@dataclass(frozen=True)
class Reading:
    """One way of reading a form: its language, its English (``MARKER``: none), and whether
    it is also an English word (read only when the message shows the language)."""

    language: str
    english: str
    english_too: bool
    accented: tuple[str, ...] | None = None
    """The form's words with their accents (lower case), for a form read only as written
    with them (``=form``): Turkish "öldü" (died) folds to "oldu" (happened)."""


@dataclass(frozen=True)
class Lexicon:
    forms: dict[tuple[str, ...], tuple[Reading, ...]]
    """Each form, as its folded words, with its readings in the file's order."""
    lengths: dict[str, tuple[int, ...]]
    """For each first word of a form, the lengths of its forms, longest first."""
    signs: frozenset[str]
    """Words that are no English word, in forms no English word: a message with none of them
    shows no other language, and is read as written."""


_ENGLISH = COMMON_ENGLISH | FUNCTION_WORDS | COMMON_WORDS | FILM_TALK_WORDS
_ENGLISH |= {"spoiler", "spoilers", "spoil", "breakup", "papa", "uber"}
"""English words, as English film chat writes them: a form of nothing else is read only when
the message shows its language by other words."""


def parse(text: str, source: str = LEXICON.name) -> Lexicon:
    """The lexicon written in ``text`` (the format ``other_languages.txt`` describes); a line
    that does not follow it is an error saying where and how to write it."""
    forms: dict[tuple[str, ...], list[Reading]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or parts[0] not in LANGUAGES or not parts[1] or not parts[2]:
            raise ValueError(
                f"{source}:{number}: expected 'LANG | ENGLISH | form, form, ...' with LANG one"
                f" of {', '.join(LANGUAGES)}; got {line.strip()!r}"
            )
        language, english, written = parts
        for form in (form.strip() for form in written.split(",")):
            accented = form.startswith(AS_ACCENTED)
            form = form.removeprefix(AS_ACCENTED)
            marked = form.startswith(ENGLISH_TOO)
            raw = _WORD.findall(form.removeprefix(ENGLISH_TOO))
            said = tuple(fold(word) for word in raw)
            if not said:
                raise ValueError(f"{source}:{number}: an empty form in {line.strip()!r}")
            # A form all of English words ("end me", "war") is English too.
            english_too = marked or all(word in _ENGLISH or len(word) == 1 for word in said)
            readings = forms.setdefault(said, [])
            if english == MARKER and any(r.language == language for r in readings):
                continue  # a word with a meaning in its language is read as that meaning
            readings[:] = [
                r for r in readings if not (r.language == language and r.english == MARKER)
            ]
            as_written = tuple(word.casefold() for word in raw) if accented else None
            readings.append(Reading(language, english.lower(), english_too, as_written))
    lengths: dict[str, set[int]] = {}
    for form in forms:
        lengths.setdefault(form[0], set()).add(len(form))
    signs = {
        word
        for form, readings in forms.items()
        if any(not reading.english_too for reading in readings)
        for word in form
        if word not in _ENGLISH and len(word) > 1
    }
    return Lexicon(
        {form: tuple(readings) for form, readings in forms.items()},
        {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()},
        frozenset(signs),
    )


@functools.cache
def lexicon() -> Lexicon:
    """The shipped lexicon (``other_languages.txt``), read once."""
    return parse(LEXICON.read_text(encoding="utf-8"))


def in_english(text: str, words: Lexicon | None = None) -> str:
    """``text`` with the lexicon's words of other languages written in English ("Bolt stirbt am
    Ende" -> "Bolt dies in the end"); unchanged if it has none."""
    words = words or lexicon()
    found = [(match.start(), match.end(), fold(match.group())) for match in _WORD.finditer(text)]
    if words.signs.isdisjoint(word for _, _, word in found):
        return text
    # First which languages the message shows (words of no English), then what each form is.
    spans = _forms(text, found, words, None)
    shown = Counter(
        reading.language
        for _, _, readings in spans
        for reading in readings
        if not reading.english_too
    )
    if any(len(_readable(readings, shown)) < len(readings) for _, _, readings in spans):
        spans = _forms(text, found, words, shown)  # a form not read may leave a shorter one
    ends = [found.start() for found in _SENTENCE_END.finditer(text)]
    out: list[str] = []
    end = 0
    for start, stop, readings in spans:
        english = _chosen(_readable(readings, shown), shown)
        if english is None or english == MARKER:
            continue
        if _opens_question(text, start, stop, ends) and english.split()[0] not in QUESTION_OPENERS:
            # "Muere alguien en X?", "Stirbt jemand am Ende?": asked verb first, as English
            # asks with "does".
            english = f"does {english}"
        out += [text[end:start], english]
        end = stop
    read = "".join([*out, text[end:]]) if out else text
    return _asked(_possessed(read), shown)


_KIN = r"(?:father|mother|sister|brother|daughter|son|husband|wife|twin)"
_OF_NAMED = re.compile(rf"\b(?P<kin>{_KIN})\s+(?:de|da|do|del|di|du|von)\s+(?P<name>[A-Z][\w’']*)")
_NAMED_KI = re.compile(rf"\b(?P<name>[A-Z][\w’']*)\s+(?:ki|ka|ke)\s+(?P<kin>{_KIN})\b")
"""Someone's family as other languages say it, after its words are read in English: "la madre
de Nell", "a mãe da Nell", "die Mutter von Nell" ("mother de Nell") and Hindi "Nell ki maa"
("Nell ki mother"): in English, "Nell's mother"."""


_KIN_OF_HERS = re.compile(
    rf"\b(?:(?:o|a|os|as)\s+)?(?P<kin>{_KIN})\s+(?P<whose>dela|dele|deles|delas)\b"
)
"""Portuguese says whose after the family member: "o pai dela" is "her father"."""
_WHOSE = {"dela": "her", "dele": "his", "deles": "their", "delas": "their"}


def _possessed(text: str) -> str:
    """``text`` with a named person's family member said as English says it ("Nell's
    mother", "her father"), as the guard reads whose family is told of."""
    if not re.search(_KIN, text):
        return text
    text = _OF_NAMED.sub(lambda found: f"{found['name']}'s {found['kin']}", text)
    text = _KIN_OF_HERS.sub(lambda found: f"{_WHOSE[found['whose']]} {found['kin']}", text)
    return _NAMED_KI.sub(lambda found: f"{found['name']}'s {found['kin']}", text)


_SENTENCE_END = re.compile(r"[.!?\n]")
_BEFORE_OPENING = " \t\"'“”«»("
_OPENERS = ".!?\n¿¡:;"
"""What ends the sentence before one, or opens a question or exclamation."""


def _opens_question(text: str, start: int, stop: int, ends: list[int]) -> bool:
    """Whether the words from ``start`` to ``stop`` open a sentence that ends in a question
    mark (``ends``: where the text's sentences end): a question that opens with a verb of the
    lexicon asks, as English asks with "does" ("Muere alguien en X?", "Stirbt jemand am
    Ende?", "Morre alguém?")."""
    at = start
    while at > 0 and text[at - 1] in _BEFORE_OPENING:
        at -= 1
    if at > 0 and text[at - 1] not in _OPENERS:
        return False
    after = bisect.bisect_left(ends, stop)
    return after < len(ends) and text[ends[after]] == "?"


_OPENED = re.compile(r"¿\s*(?P<first>[^\W\d_]*)")
"""Spanish opens a question with "¿", and a yes/no question often with its verb ("¿muere
alguien al final?"), where English opens with "does"."""
_KYA = re.compile(r"(?P<open>^|[.!?\n]\s*)(?P<asked>[^.!?\n]*\bkya\s*\?)", re.IGNORECASE)
"""Hindi asks yes or no with "kya" at the start or end of the question ("X mein koi mar jaata
hai kya?")."""


def _asked(text: str, shown: Counter[str]) -> str:
    """``text`` with a question asked the way its language asks written as English asks it
    (opening with "does" unless it opens with a question word already): English marks a
    question by its first word, and the guard reads a question so."""
    if "¿" in text:
        text = _OPENED.sub(
            lambda found: (
                found["first"]
                if found["first"].lower() in QUESTION_OPENERS
                else f"does {found['first']}"
            ),
            text,
        )
    if shown["hi"] and "kya" in text.lower():
        text = _KYA.sub(
            lambda found: (
                found["open"]
                + ("" if _first_word(found["asked"]) in QUESTION_OPENERS else "does ")
                + found["asked"]
            ),
            text,
        )
    return text


def _first_word(text: str) -> str:
    found = _WORD.search(text)
    return found.group().lower() if found else ""


def _readable(readings: tuple[Reading, ...], shown: Counter[str] | None) -> tuple[Reading, ...]:
    """The readings of a form that apply: all while finding the languages shown (``shown`` is
    None), else those not English too or of a language the message shows."""
    if shown is None:
        return readings
    return tuple(r for r in readings if not r.english_too or shown[r.language])


Span = tuple[int, int, tuple[Reading, ...]]
"""A form found: where it starts and stops in the text, and its readings."""


def _forms(
    text: str, found: list[tuple[int, int, str]], words: Lexicon, shown: Counter[str] | None
) -> list[Span]:
    """The forms in ``text``, longest first at each place, left to right, each once."""
    folded = [word for _, _, word in found]
    spans = []
    at, count = 0, len(folded)
    while at < count:
        for length in words.lengths.get(folded[at], ()):
            if at + length > count:
                continue
            readings = words.forms.get(tuple(folded[at : at + length]))
            if readings is None:
                continue
            readings = _readable(readings, shown)
            if any(reading.accented for reading in readings):
                written = tuple(text[s:e].casefold() for s, e, _ in found[at : at + length])
                readings = tuple(r for r in readings if r.accented in (None, written))
            if readings and (length == 1 or _joined(text, found, at, length)):
                spans.append((found[at][0], found[at + length - 1][1], readings))
                at += length
                break
        else:
            at += 1
    return spans


def _joined(text: str, found: list[tuple[int, int, str]], at: int, length: int) -> bool:
    """Whether the ``length`` words from ``at`` are written as one form: nothing but spaces,
    apostrophes or hyphens between them."""
    return all(
        _JOINED.fullmatch(text, found[i][1], found[i + 1][0]) is not None
        for i in range(at, at + length - 1)
    )


def _chosen(readings: tuple[Reading, ...], shown: Counter[str]) -> str | None:
    """The English of a form: the reading of the language the message shows most (the file's
    first on a tie)."""
    if not readings:
        return None
    best = max(readings, key=lambda reading: shown[reading.language])
    return best.english
