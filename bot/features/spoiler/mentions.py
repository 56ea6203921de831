"""Which films a chat message names, by title or alias (``bot.catalog``), found in one pass.

Titles and messages are read the same way (``name_word``): case, diacritics, apostrophes,
British/American spelling, stretched letters ("moooons") and a few standard abbreviations
("rd") do not matter, and neither does spacing inside a name: "lala land", "lalaland" and
"la-la land" all name La La Land. A name of three or more words is also named by its initials
written in capitals ("LLL"), and a long enough name by a near spelling ("quite harbour", "la la
lnad": a small edit distance, growing with the name's length). Exact names win over near ones.

A message is split into words once; each place in it looks up the few names that could start
there (by their first letters and length), so the cost follows the message's length, not the
catalog's size.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from bot.catalog import FilmCatalog, FilmEntry
from bot.features.spoiler.leetspeak import undisguised
from bot.features.spoiler.transliteration import OTHER_SCRIPT as _OTHER_SCRIPT_WORD
from bot.features.spoiler.transliteration import has_hangul, in_latin
from bot.features.spoiler.words import COMMON_ENGLISH, american, skipped

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")
_SCRIPT_WORD = re.compile(r"(?:[^\W_]|[\u0900-\u097f])+")
"""A word, Devanagari's vowel signs included (marks, not letters, to ``\\w``)."""
_STRETCHED = re.compile(r"(.)\1{2,}")
# Standard English abbreviations of words titles use: "salt rd" is "salt road" in any chat.
_ABBREVIATIONS = {"rd": "road", "st": "street", "mt": "mount", "ft": "fort", "pt": "part"}
_ARTICLES = frozenset({"the", "a", "an"})
_CASE_ENDING = re.compile(r"([^\W\d_]{2,})['’]([^\W\d_]{1,4})")
"""A name with a case ending joined by an apostrophe, as Turkish writes one ("Salt Road'un",
"Dead Air'de", "La La Land'in"): the name is the part before it."""
_CONTRACTED = frozenset({"s", "t", "ll", "re", "ve", "d", "m", "em"})
"""English endings after an apostrophe, no case ending: "'s" is read as before, "can't" stays."""

SHORT_NAME = 5
"""One-word names shorter than this are everyday words too often ("Her", "Up", "Nope")."""
JOINED_MIN = 8
"""A name written with its spacing changed ("lalaland") counts from this many letters: shorter
joined names ("Up In" -> "upin") are too often a word of their own."""
INITIALS_MIN_WORDS = 3
"""Initials name a film of this many words or more ("LLL"); two letters are anyone's ("QH")."""


def _fuzzy_allowance(length: int) -> int:
    """Edits allowed in a name of ``length`` letters (spacing left out): none under 8, where
    one letter turns a name into another word; then one; two from 12."""
    return 0 if length < 8 else 1 if length < 12 else 2


SOUNDED_MIN = 5
"""Consonants a title needs to be found by them alone in another script ("Paper Moons",
"pprmns"): fewer are shared by too many words."""
_VOWELS = str.maketrans("", "", "aeiouyw")
_DOUBLED = re.compile(r"(.)\1")


def consonants(key: str) -> str:
    """A joined name's consonants, doubled letters written once, "h" after a consonant and
    "v" and "w" left out, "q" as "k" and Russian's "kh" and "dzh" as the "h" and "j" English
    loans give them ("papermoons" -> "pprmns", "kingfishershield" -> "kngfsrsld"): what stays
    of a title spelt as it sounds in another script and written back in Latin letters, whose
    vowels ("पेपर मून्स", "pepar muns") and digraphs ("sh", "th") come out otherwise."""
    key = _DOUBLED.sub(r"\1", key.replace("kh", "h").replace("dzh", "j").replace("dz", "j"))
    key = re.sub(r"(?<=[^aeiou])h", "", key)
    return key.replace("q", "k").replace("v", "w").translate(_VOWELS)


def without_case_ending(word: str) -> str:
    """``word`` without a case ending joined by an apostrophe ("Land'in" -> "Land")."""
    ending = _CASE_ENDING.fullmatch(word)
    return ending[1] if ending and ending[2].casefold() not in _CONTRACTED else word


@functools.lru_cache(maxsize=50_000)
def name_word(token: str) -> str:
    """One word of a title or message in the form both are compared in."""
    word = unicodedata.normalize("NFKD", token)
    word = "".join(ch for ch in word if not unicodedata.combining(ch)).casefold()
    word = without_case_ending(word)
    word = word.removesuffix("'s").removesuffix("’s").replace("'", "").replace("’", "")
    word = _STRETCHED.sub(r"\1\1", word)  # "moooons": chat stretches letters, titles don't
    return american(_ABBREVIATIONS.get(word, word))


def name_words(text: str) -> list[str]:
    return [name_word(match.group()) for match in _WORD.finditer(text)]


@dataclass(frozen=True)
class _Name:
    key: str  # the name's words joined: "lalaland"
    size: int  # how many words it has
    # One-word names that are everyday words ("Her", "Up", "Us") are matched only when written
    # with the capital the title has: "her" in a sentence names nothing.
    written: str | None
    entry: FilmEntry
    loose: bool = True  # may be respaced or misspelt


@dataclass
class _Index:
    exact: dict[str, list[_Name]]
    # Names a near spelling may name, by (first two letters, length): the letters a typo rarely
    # touches, so a message's word looks at a handful of names, not the catalog.
    near: dict[tuple[str, int], list[_Name]]
    initials: dict[str, list[_Name]]
    longest: int  # letters in the longest joined name, plus the allowance: windows stop there
    most_words: int
    # The first two letters of every name: most words of a message start no name, and are
    # passed over at one set lookup.
    starts: set[str] = field(default_factory=set)
    # Directors' names by surname (as ``name_word`` writes it): the whole name, its films.
    directors: dict[str, dict[tuple[str, ...], list[FilmEntry]]] = field(default_factory=dict)
    # Names by their consonants (``consonants``), for titles spelt in another script.
    sounded: dict[str, list[_Name]] = field(default_factory=dict)


def _build(entries: list[FilmEntry]) -> _Index:
    index = _Index({}, {}, {}, 0, 1)
    for entry in entries:
        names = (entry.title, *entry.aliases)
        # Messages are read with leetspeak undone (``guard.as_read``): a title spelt with digits
        # ("Se7en") is named as readers say it too, as the guard then reads "se7en".
        for name in dict.fromkeys((*names, *map(undisguised, names))):
            words = name_words(name)
            if not words:
                continue
            written = name.strip() if len(words) == 1 else None
            # A name made only of everyday words ("Every Day", "Up In The Air") is matched as
            # written: respaced or misspelt it is ordinary chat ("everyday", "up in their").
            loose = not all(skipped(word) for word in words)
            # "The Marigold Job" is also "marigold job", as people say it; a one-word rest
            # ("The Thing" -> "thing") is an everyday word, so the article stays there.
            variants = [words]
            if words[0] in _ARTICLES and len(words) >= 3:
                variants.append(words[1:])
            for variant in variants:
                key = "".join(variant)
                entry_name = _Name(key, len(variant), written, entry, loose)
                index.exact.setdefault(key, []).append(entry_name)
                index.starts.add(key[:2])
                allowed = _fuzzy_allowance(len(key))
                if loose and allowed and (len(variant) > 1 or len(key) > JOINED_MIN):
                    index.near.setdefault((key[:2], len(key)), []).append(entry_name)
                index.longest = max(index.longest, len(key) + allowed)
                if loose and len(sound := consonants(key)) >= SOUNDED_MIN:
                    index.sounded.setdefault(sound, []).append(entry_name)
                index.most_words = max(index.most_words, len(variant))
            if len(words) >= INITIALS_MIN_WORDS:
                initials = "".join(word[0] for word in words)
                index.initials.setdefault(initials, []).append(_Name(initials, 1, None, entry))
        director = name_words(entry.director)
        if director:
            films = index.directors.setdefault(director[-1], {}).setdefault(tuple(director), [])
            films.append(entry)
    for names in index.exact.values():
        names.sort(key=lambda n: -n.size)
    return index


FILM_NOUNS = frozenset(
    """movie movies film films flick flicks pic one thriller musical drama comedy horror
    romcom doc documentary joint picture""".split()  # noqa: SIM905 -- a word list reads better as text
)
"""What a member calls a film after its director's name ("the castellanos jury movie")."""
OTHER_WORK = frozenset(
    """next new newest latest upcoming other short shorts debut previous earlier first last
    series show episode book""".split()  # noqa: SIM905 -- a word list reads better as text
)
"""Words after a director's name that point at another of their works ("chazelle's first man",
"halabi's short about her brother", "ferris's next film"): the name names no film of ours."""
NOUN_REACH = 4
"""Words a film noun may come after a director's surname: "the okabe space station one"."""
MOST_FILMS_NAMED = 3
"""A director with more films than this in a server names none of them by surname: which of
them a message means is anyone's guess."""


class FilmMentions:
    """Film names in text, for one server's view of the catalog (rebuilt when it changes)."""

    def __init__(self, catalog: FilmCatalog) -> None:
        self._catalog = catalog
        self._indexes: dict[int | None, tuple[int, _Index]] = {}

    def _index(self, guild_id: int | None) -> _Index:
        cached = self._indexes.get(guild_id)
        if cached is not None and cached[0] == self._catalog.generation:
            return cached[1]
        # Films its admins hid there too: hiding a film from the lists leaves its spoilers
        # as telling as they were, and the guard watches for them still.
        index = _build(self._catalog.films(guild_id, hidden_too=True))
        if len(self._indexes) > 1000:
            self._indexes.clear()
        self._indexes[guild_id] = (self._catalog.generation, index)
        return index

    def named(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        """The films ``text`` names, in the order it names them, each once; then those it
        names in Cyrillic, Greek or Hangul letters ("Ла-Ла Ленд", ``transliteration``)."""
        found = self._named(guild_id, text)
        if (latin := in_latin(text)) is not None:
            found += [entry for entry in self._named(guild_id, latin) if entry not in found]
            if has_hangul(text) and (loan := in_latin(text, loan=True)) is not None:
                # Korean's spelling of an English title ("라라랜드"), which letter by letter
                # is too far from it for a typo's allowance.
                found += [entry for entry in self._named(guild_id, loan) if entry not in found]
            found += [entry for entry in self._sounded(guild_id, text) if entry not in found]
        return found

    def _sounded(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        """The films named by a run of words written in another script whose consonants are a
        title's (``consonants``: "पेपर मून्स" is "pepar muns", Paper Moons), where vowels
        differ too much for a typo's allowance. Only words of another script: in Latin letters
        a title's consonants are any misspelling's."""
        index = self._index(guild_id)
        if not index.sounded:
            return []
        runs: list[list[str]] = [[]]
        for match in _SCRIPT_WORD.finditer(text):
            word = match.group()
            if _OTHER_SCRIPT_WORD.search(word):
                runs[-1].append(name_word(in_latin(word) or word))
            elif runs[-1]:
                runs.append([])
        found: dict[str, FilmEntry] = {}
        for run in runs:
            for at in range(len(run)):
                joined = ""
                for word in run[at : at + index.most_words]:
                    joined += word
                    for name in index.sounded.get(consonants(joined), ()):
                        found.setdefault(name.entry.work, name.entry)
        return list(found.values())

    def _named(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        index = self._index(guild_id)
        matches = list(_WORD.finditer(text))
        words = [name_word(match.group()) for match in matches]
        found: dict[str, FilmEntry] = {}
        at = 0
        while at < len(words):
            hit = None
            if words[at][:2] in index.starts or len(words[at]) == 1:
                hit = self._exact(index, matches, words, at) or self._near(index, words, at)
            if hit is None:
                raw = matches[at].group()  # as written: "LLL" is not a stretched "ll"
                if raw.isupper() and len(raw) >= INITIALS_MIN_WORDS:
                    for name in index.initials.get(raw.casefold(), ()):
                        found.setdefault(name.entry.work, name.entry)
                at += 1
                continue
            entry, step = hit
            found.setdefault(entry.work, entry)
            at += step
        return list(found.values())

    def by_director(self, guild_id: int | None, text: str) -> tuple[list[FilmEntry], str]:
        """The films ``text`` names by their director, and ``text`` with each such name
        written as the film's title; ``([], text)`` if it names none. A director names their
        film by their whole name ("colm ferris really made ..."), or by a surname no everyday
        word said as a film's ("chazelle's musical", "the castellanos jury movie"), unless what
        follows points at another of their works ("chazelle's first man"); as the title, so
        the name is read as the film, not as talk of its making."""
        index = self._index(guild_id)
        if not index.directors:
            return [], text
        matches = list(_WORD.finditer(text))
        words = [name_word(match.group()) for match in matches]
        found: dict[str, FilmEntry] = {}
        spans: list[tuple[int, int, str]] = []
        for at, word in enumerate(words):
            for name, films in index.directors.get(word, {}).items():
                first = at - len(name) + 1
                whole = first >= 0 and tuple(words[first : at + 1]) == name and len(name) > 1
                if not whole and not self._said_as_film(name, matches, words, at):
                    continue
                if not whole and len(films) > MOST_FILMS_NAMED:
                    continue
                if not OTHER_WORK.isdisjoint(words[at + 1 : at + 1 + NOUN_REACH]):
                    continue  # "chazelle's first man": another of their films
                for entry in films:
                    found.setdefault(entry.work, entry)
                start = matches[first if whole else at].start()
                stop = matches[at].end()
                raw = matches[at].group()
                if raw.endswith(("'s", "’s")):
                    stop -= 2
                spans.append((start, stop, films[0].title))
        if not found:
            return [], text
        out, end = [], 0
        for start, stop, title in spans:
            out += [text[end:start], title]
            end = stop
        return list(found.values()), "".join([*out, text[end:]])

    @staticmethod
    def _said_as_film(
        name: tuple[str, ...], matches: list[re.Match[str]], words: list[str], at: int
    ) -> bool:
        """Whether a director's surname alone, at ``at``, stands for a film: an uncommon
        surname, possessive ("okabe's time loop movie") or after "the" ("the castellanos jury
        movie"), with a film noun within reach."""
        surname = name[-1]
        if len(surname) < SHORT_NAME - 1 or surname in COMMON_ENGLISH:
            return False
        if FILM_NOUNS.isdisjoint(words[at + 1 : at + 1 + NOUN_REACH]):
            return False
        return matches[at].group().casefold().endswith(("'s", "’s")) or (
            at > 0 and words[at - 1] == "the"
        )

    @staticmethod
    def _windows(index: _Index, words: list[str], at: int) -> list[tuple[int, str]]:
        """(words taken, joined letters) of the word runs starting at ``at``, longest first."""
        windows = []
        joined = ""
        for end in range(at, min(len(words), at + index.most_words + 1)):
            joined += words[end]
            if len(joined) > index.longest:
                break
            windows.append((end - at + 1, joined))
        return windows[::-1]

    def _exact(
        self, index: _Index, matches: list[re.Match[str]], words: list[str], at: int
    ) -> tuple[FilmEntry, int] | None:
        for taken, joined in self._windows(index, words, at):
            for name in index.exact.get(joined, ()):
                if name.written is not None:
                    written = without_case_ending(matches[at].group())
                    if taken != 1 or not _written_as_title(written, name.written):
                        continue
                elif taken != name.size and (len(joined) < JOINED_MIN or not name.loose):
                    continue  # "upin" is not "Up In": respacing needs a long, unusual name
                return name.entry, taken
        return None

    def _near(self, index: _Index, words: list[str], at: int) -> tuple[FilmEntry, int] | None:
        for taken, joined in self._windows(index, words, at):
            if len(joined) < JOINED_MIN:
                break
            for length in range(len(joined) - 2, len(joined) + 3):
                for name in index.near.get((joined[:2], length), ()):
                    allowed = _fuzzy_allowance(len(name.key))
                    if OSA.distance(joined, name.key, score_cutoff=allowed) <= allowed:
                        return name.entry, taken
        return None


def _written_as_title(word: str, title: str) -> bool:
    """A one-word name counts when written as the title is (same capitals) or all capitals;
    a longer one also in lower case, as people type in chat."""
    if word == title or (word.isupper() and len(word) > 1):
        return True
    return len(word) >= SHORT_NAME and word.islower()
