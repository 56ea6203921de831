"""Which films a server can see, found by title: lookup, fuzzy suggestions and autocomplete.

Titles live in memory (a few hundred bytes a film) so autocomplete never waits on the database.
What a keystroke needs is worked out once per scope (the global catalogue, each server's own
films) when content changes: the films in title order, and every film's keys (normalised title,
"title year", aliases) sorted for exact and prefix lookups by binary search. Which films hold each
character trigram, so the fuzzy scorer sees only the few hundred films that resemble the query
instead of every title, is worked out in a thread after each refresh, with a large catalog's
arranging and keys; lookups answer from the films before until the refresh shows the new ones
(``FilmCatalog._show_newest``), so the event loop never waits for that thread.
"""

from __future__ import annotations

import asyncio
import bisect
import functools
import itertools
import json
import operator
import os
import re
import sys
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Awaitable, Callable, Container, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rapidfuzz import fuzz, process
from sqlalchemy import Select, Text, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from bot.cache import LruCache
from bot.command_table import Choice
from bot.content.works import REVISION_CHARS, film_key
from bot.db.models import GLOBAL_SCOPE, ContentRevision, Film, HiddenWork, Section
from bot.errors import NotFound, SeveralFilms
from bot.everyday_words import COMMON_ENGLISH
from bot.labels import plain_label
from bot.lookalikes import as_latin
from bot.memory import collector_paused, release_free_memory
from bot.number_words import digits_of_number_words
from bot.shelf_order import shelf_key
from bot.spoiler_policy.markup import escape_text
from bot.web_addresses import words_of_web_address

if TYPE_CHECKING:
    import aiosqlite

MAX_CHOICES = 25
CHOICE_TEXT_LIMIT = 100
"""Characters of an autocomplete choice's name, as Discord takes them."""
MAX_AMBIGUOUS = 5
"""Films named when a typed title could be several."""
FILM_ID_VALUE = re.compile(r"^film-id:(\d+)(?::([a-z2-7]{1,16}))?$")
"""An autocomplete choice's value: a row id to find the film fast, and the version's stable
name (``FilmEntry.key``), which says which film it is. A row id alone (a value from before the
name was added) names nothing: SQLite gives a removed film's id to the next film stored."""
FUZZY_CANDIDATES = 150
"""Films the fuzzy scorer sees per query and scope: those sharing the most trigrams with it.
Over 1,500 typed queries of 3-7 characters (typos, swapped words), 150 found the intended film
first and in the top five as often as 200 did, and left it out of the list 3 times more, at
10,000 films (none at 100,000), in three quarters of the time."""
LONG_QUERY = 8
LONG_QUERY_CANDIDATES = 100
"""Films the fuzzy scorer sees for a query of ``LONG_QUERY`` characters or more. So many
trigrams pick out the film it means among the first hundred; past them, WRatio's partial
matching lets long titles that merely contain a few of its words crowd the list. Over 1,500
typed queries that long (typos, swapped and reordered words), the intended film came first as
often or more often with 100 as with 200 candidates, at 10,000 and at 100,000 films, in 0.6-0.9
of the time."""
FILL_CANDIDATES = 10
"""Films the fuzzy scorer sees when the text already starts a title (as typed, or with two
letters swapped back): those matches lead the list, and fuzzy ones only fill it. Over 6,000
texts of twelve kinds at 10,000 films (``benchmarks.search_quality``: prefixes, whole titles,
typos, aliases, articles, numbers, swapped words, other scripts), the film meant came first,
in the top five and in the list as often as with 50 candidates (and 50 as with 100-150); 10
as 20 (``perfac21``, with ``FILL_TELLING_TRIGRAMS``)."""
TYPO_CANDIDATES = 100
LONG_TYPO_CANDIDATES = 70
"""``FUZZY_CANDIDATES`` and ``LONG_QUERY_CANDIDATES`` for autocomplete's list where no film
starts with the text (a typo): Enter's thorough list (``_respaced``'s) still scores 150 and 100.
Over 6,000 texts of twelve kinds at 10,000 films, the film meant was first, in the top five and
in the list as often or more often (``docs/performance.md``, ``perfac21``)."""
THOROUGH_FILL_CANDIDATES = 50
"""``FILL_CANDIDATES`` for ``FilmCatalog._ranked``'s thorough list (``_respaced``'s)."""
FILL_TELLING_TRIGRAMS = 4
"""The text's rarest trigrams that pick ``FILL_CANDIDATES`` (``TELLING_TRIGRAMS`` pick the
others): the fill's films share the text's rarest few, and counting eight was most of a fill's
search. With the article left out looked up as a prefix (``ARTICLE_LEFT_OUT_SCORE``), 3,600
texts of twelve kinds at 10,000 films found the film meant as often or more often than eight
with 20 candidates (``docs/performance.md``, ``perfac21``)."""
ARTICLE_LEFT_OUT_SCORE = 99.2
"""The score of a film starting with the text without its leading article ("the witness":
Witness) where other films start with the text as typed: after those, ahead of every fuzzy
match of another key. (Swapped letters, 99.5, are undone only where no film starts so.)"""
COMMON_TRIGRAM_SHARE = 10
"""A trigram in over a tenth of the films (" th", "the") says little and costs much to count."""
TELLING_TRIGRAMS = 8
"""Trigrams counted per fuzzy lookup, the query's rarest: a whole title typed has twenty, and
counting each film of every one was over half of its lookup. Over 2,500 typed queries at
10,000 films the intended film came first, in the top five and in the list as often as with
all of them counted (0.518 / 0.665 / 0.849), in 0.76 of the time."""
TRIGRAM_BUDGET = 50_000
"""Films counted per fuzzy lookup and scope, over the query's trigrams taken rarest first."""
KEY_GAP = "  "
"""Joins a film's keys before taking trigrams: a query never holds two spaces, so the trigrams
spanning two keys never match one."""
SEARCH_CACHE_SIZE = 4096
"""Title searches remembered until the films change (each a list of at most 25 films)."""
RESPACED_MIN_LETTERS = 6
RESPACED_CANDIDATES = 10
"""Films a typed title with its spaces moved is compared with: fuzzy search's best."""
TRAILING_YEAR = re.compile(
    r"^(?P<name>.*?\w)(?:[\s,]*\(?(?P<year>\d{4})|(?:[\s,]+\(?'?|')(?P<short>\d{2}))\)?\s*$"
)
"""A typed name followed by a year: "lll 2016", "solar (1972)", or as said, "halloween '78"."""
DATED_CANDIDATES = 100
"""Films starting with a typed name that its year is checked against."""
WORD_CANDIDATES = 2_000
"""Films checked against every typed word (``_Scope.with_words``), from its rarest: past
them, the text is too common to name one film, and suggestions answer instead."""
WORDS_BUILT_INLINE = 2_000
"""A scope of more films has its word postings built in a thread (0.2-0.5 s at 100k films, a
few milliseconds at this size): the event loop is never held for them."""
WORDS_WAIT_S = 5.0
"""How long a command whose film was not found waits for the words inside titles to be read
(``FilmCatalog.read_words``; 0.2-0.5 s at 100k films): past it, it is told to send it again."""
KEYS_BUILT_INLINE = 2_000
"""A scope of more films has its keys worked out in the index thread once the catalog is
ready (0.5 s at 100k films, a few milliseconds at this size), before lookups are given them."""
COMMON_WORDS = frozenset(
    {"the", "and", "for", "from", "with", "his", "her", "not", "you", "who", "its", "our"}
    | {"les", "los", "las", "del", "des", "der", "die", "das", "den", "une", "una", "uno"}
)
"""Common words of three letters or more in titles (English, French, Spanish, German): a
member's text of these alone ("the", "les") names no film by them, however few a server has."""
TELLING_WORD_LETTERS = 3
"""A typed word this long, not all digits, not in COMMON_WORDS, can name a film by itself
from inside its title; shorter ones ("of", "la", "wa") start too many words in a large
catalogue to mean one, and only narrow what a telling word finds."""
PREFIX_SCORE = 100.0
SWAPPED_PREFIX_SCORE = 99.5
"""A film whose key the text starts with two neighbouring letters swapped back
(``_swaps_undone``: "teh nort", "lal la"): after those it starts as typed, before every fuzzy
match (WRatio scores under 99.5 a key other than the text, but for texts hundreds of letters
long). Members' commonest slip: the fuzzy scorer put the film meant first for 32 of 300 such
texts drawn as ``benchmarks.e2e`` draws them, this for 64 (``benchmarks.search_quality``)."""
SWAPPED_MIN_LETTERS = 4
"""Letters a text needs before its swaps are undone: in a shorter one, they start too many
titles to tell anything ("ti" for "it")."""
FUZZY_CUTOFF = 60

T = TypeVar("T")

_FilmRow = tuple[int, int, str, str, int, str | list[str] | None, str, str | None]
"""id, guild, slug, title, year, aliases (JSON text; a list from asyncpg), revision, director."""

_NON_WORD = re.compile(r"[\W_]+")
_LAST_CHARACTER = chr(0x10FFFF)


@dataclass(frozen=True)
class FilmEntry:
    """One stored version of a film, as a server sees it in lists and lookups."""

    id: int
    guild_id: int
    # The work this is a version of (``bot.content.works``): opt-ins and embargoes name it.
    slug: str
    title: str
    year: int
    aliases: tuple[str, ...]
    # The kinds of section it has (``SectionKind`` values): which answers exist, from memory.
    kinds: frozenset[str] = frozenset()
    # The content revision: a button made from another revision shows nothing.
    revision: str = ""
    # Who directed it, as its content says (empty if it says nothing): members name a film by
    # its director too ("chazelle's musical"), and the spoiler guard reads them so.
    director: str = ""

    @property
    def work(self) -> str:
        return self.slug

    @cached_property
    def key(self) -> str:
        """This version's stable name on buttons (server and work, never a row id)."""
        return film_key(self.guild_id, self.slug)

    @cached_property
    def label(self) -> str:
        """Title and year as plain text (``bot.labels.plain_label``); kept, as autocomplete
        shows the same films' labels again and again."""
        return plain_label(self)

    @cached_property
    def choice_value(self) -> str:
        """Kept with the label, for the same reason. A member may send it long after picking
        it, so it names the version (``key``) too: the row id may be another film's by then."""
        return _choice_value(self.id, self.key)

    def choice_texts(self) -> tuple[str, str]:
        """``as_choice``'s name and value, made without keeping anything on the film: for an
        adapter that keeps its own form of each film's choice (``client.options``). Reading
        ``label``, ``key`` and ``choice_value`` for the first time (``cached_property``'s lock
        and instance-dictionary writes) cost more than making the three strings."""
        key = self.__dict__.get("key") or film_key(self.guild_id, self.slug)
        return plain_label(self)[:CHOICE_TEXT_LIMIT], _choice_value(self.id, key)

    def as_choice(self) -> Choice:
        """This film as an autocomplete choice: title and year (plain text, which Discord
        cannot hide), its id as the value. Made anew: ``choice`` keeps it."""
        return Choice(self.label[:CHOICE_TEXT_LIMIT], self.choice_value)

    @cached_property
    def choice(self) -> Choice:
        """``as_choice``, kept: a keystroke's 25 choices took longer to build than a remembered
        search to find."""
        return self.as_choice()

    @cached_property
    def written_names(self) -> frozenset[str]:
        """Title and aliases as written (``_written_names``), kept: Enter and every
        keystroke's clear film look at them."""
        return frozenset(_written_names(self))

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of the film's names (``_name_words``), kept as ``written_names``."""
        return frozenset(_name_words(self))

    @cached_property
    def spaceless_names(self) -> frozenset[str]:
        """Title, "title year" and aliases, normalised, spaces left out (``_respaced``)."""
        names = {_norm(name) for name in (self.title, self.label, *self.aliases)}
        names.update(*map(_read_numbers, names))  # "seven", "5thelement"
        names.update(*map(_numbered, names))  # "rockyii", "rocky2", "rockytwo"
        return frozenset(name.replace(" ", "") for name in names)


def _choice_value(film_id: int, key: str) -> str:
    """A film's autocomplete value: its row id and its version's key (``FilmEntry.key``)."""
    return f"film-id:{film_id}:{key}"


SPELT_LIKE = 75
"""How close (0-100) a film's name must be to a text naming no film to be offered for it."""


def _spelt_like(wanted: str, entry: FilmEntry) -> bool:
    """Whether ``wanted`` (normalised) reads as a misspelling of one of the film's names: the
    whole name, its spaces aside ("amelei", "lalalnd"); the name's words among others typed
    ("the la la land movie"); or a longer name's start or words, reordered or not ("glass
    onoin"). A name shorter than the text is never matched inside it by parts, nor is a
    year: a label's ("1918" is not 2001: A Space Odyssey (1968))."""
    joined = wanted.replace(" ", "")
    for name in {_norm(name) for name in (entry.title, *entry.aliases)}:
        if fuzz.ratio(joined, name.replace(" ", "")) >= SPELT_LIKE:
            return True
        if _spaceless_start(joined, name):
            return True
        if len(name) < len(wanted):
            if fuzz.token_set_ratio(wanted, name) >= SPELT_LIKE:
                return True
        elif fuzz.token_sort_ratio(wanted, name) >= SPELT_LIKE or _run_spelt_like(wanted, name):
            # Not WRatio nor partial_ratio: they score any one word shared ("a", a year) or
            # any letters alike inside a word ("se7ven" in "oceans eleven") as close.
            return True
    return False


def _spaceless_start(joined: str, name: str) -> bool:
    """Whether ``joined`` is the start of ``name`` typed with its spaces left out, past its
    first word ("lala" of "la la land"): a start within the first word is the usual start of
    a title, which lists the films it could be, and a short word alone names none."""
    first = name.split(" ", 1)[0]
    return len(joined) > len(first) and name.replace(" ", "").startswith(joined)


def _run_spelt_like(wanted: str, name: str) -> bool:
    """Whether ``wanted`` reads as a misspelling of a run of as many consecutive words of
    ``name`` ("glass onoin" of "glass onion a knives out mystery"). A run shorter than the text
    by more than a slipped key is compared with the name's whole words from it that the text
    reaches into, spaces left out: "knivesou" goes on into "out", but "tenat" is neither "ten"
    of Ten Islands misspelt nor "ten stars", only a text that starts like them."""
    words = name.split()
    count = wanted.count(" ") + 1
    joined = wanted.replace(" ", "")
    for at in range(len(words) - count + 1):
        run = " ".join(words[at : at + count])
        if len(run) < len(wanted) - 1:
            text, run, end = joined, run.replace(" ", ""), at + count
            while len(run) < len(joined) and end < len(words):
                run, end = run + words[end], end + 1
        else:
            text = wanted
        if fuzz.ratio(text, run) >= SPELT_LIKE:
            return True
    return False


GIVE_YEAR = "Give its year as shown, or leave the year out."
"""What a member who typed a film's name with a year none of its films has is told to do."""


def _named(entry: FilmEntry) -> str:
    """A film named in an error's markdown: its title is untrusted text (a server's upload
    could title a film with a masked link), so it is escaped like every other title."""
    return f"**{escape_text(entry.title)} ({entry.year})**"


def _norm(text: str, *, joined: bool = False) -> str:
    """``text`` as titles are compared: case, accents, ligatures, full-width letters and
    punctuation folded away, words one space apart. ``joined``: punctuation inside a word
    (WALL·E, M*A*S*H, S.W.A.T., Spider-Man, don't) is left out instead of parting the word,
    as members type it ("walle", "mash", "swat", "spiderman", "dont")."""
    folded = text.casefold()
    if not folded.isascii():
        # "amelie" names Amélie, "aeon" Æon Flux, "akira" ＡＫＩＲＡ: members type neither
        # accents nor ligatures, and a Japanese keyboard types full-width letters.
        folded = _unaccented(folded)
    if folded.replace(" ", "").isalnum():
        # Letters and digits alone (three titles in four): ``\w`` is exactly ``isalnum`` or
        # "_", so the pattern would only merge spaces. A third faster, over every title at start.
        return _ands(" ".join(folded.split()))
    if "&" in folded or "+" in folded:
        # "fast and furious" names Fast & Furious, "romeo & juliet" Romeo + Juliet.
        folded = _AMPERSAND.sub(" and ", folded)
    if "'" in folded:
        # "oceans" names Ocean's Eleven, "schindlers list" Schindler's List.
        folded = _POSSESSIVE.sub("s", folded)
    if joined:
        folded = _INSIDE_WORD.sub("", folded)
    return _ands(" ".join(_NON_WORD.sub(" ", folded).split()))


def shelf_order(title: str, year: int) -> tuple[str, str, int]:
    """Where a film stands in every list members read: ``/film list``'s order (the catalog's
    title order), for lists read from elsewhere (the films a member marked seen, the films
    hidden in a server)."""
    key = _norm(title)
    return shelved_key(key, title), key, year


def _ands(key: str) -> str:
    """``key`` (normalised) with a lone "n" between two words read as "and": "fast n furious"
    names Fast & Furious, "rock and roll" Rock 'n' Roll (its apostrophes are gone by now)."""
    return _LONE_N.sub("and", key) if " n " in key else key


def typed_form(text: str) -> str:
    """``text`` in the form titles and what members type are compared in (``_norm``)."""
    return _norm(text)


_LONE_DIGIT_END = re.compile(r"(?:^|\s)\d$")
"""A typed text ending in a word of one digit ("avatar 2"): a sequel's number."""
_AMPERSAND = re.compile(r"(?<=\w)[^\w&+]*[&+][^\w&+]*(?=\w)")
"""'&' or '+' between two words: what members type as "and" (alone, it names nothing)."""
_LONE_N = re.compile(r"(?<= )n(?= )")
"""A word "n" between two others: "and" as said ("rock 'n' roll", "fast n furious")."""
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
"""A possessive's "'s", typed without its apostrophe as often as with it ("oceans 11")."""
_INSIDE_WORD = re.compile(r"(?<=[^\W_])[^\w\s]+(?=[^\W_])")
"""Punctuation between two letters or digits, with no space: WALL·E, M*A*S*H, Spider-Man."""
_SPELLED_OUT = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
    # Apostrophes as keyboards and word processors type them: one, so "'s" reads alike.
    # U+02BC is a letter to Unicode, and would join the words it stands between.
    | dict.fromkeys(["\u2019", "\u2018", "\u201b", "\u02bc", "\u2032", "\u00b4", "`"], "'")
)
"""Letters no decomposition takes apart, written as members type them."""
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_ROMAN += tuple(f"x{numeral}" for numeral in _ROMAN)
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_NUMBER_WORDS += ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
_NUMBER_WORDS += ["eighteen", "nineteen", "twenty"]
_NUMBERS = (
    {str(n): n for n in range(1, 21)}
    | {numeral: n for n, numeral in enumerate(_ROMAN, 1)}
    | {word: n for n, word in enumerate(_NUMBER_WORDS, 1)}
)
"""A sequel's number as titles and members write it: 2, II or two (1 to 20)."""
_LONE_LETTERS = frozenset({"i", "v", "x"})
"""Numerals that are words too ("I, Robot", "V for Vendetta", "X-Men"): read as a number
only as a title's last word ("Rocky V"), after at least one other, or after a sequel's mark
("Star Wars: Episode V – The Empire Strikes Back")."""
_SEQUEL_MARKS = frozenset({"part", "pt", "chapter", "episode", "vol", "volume"})
"""Words a sequel's number follows ("Part II", "Vol. 2"), left out by members as often as
typed ("godfather 2", "kill bill 2")."""


_MARKED = re.compile(rf"\b(?:{'|'.join(_SEQUEL_MARKS)}) ")
"""A sequel's mark with a word after it, where a number may stand ("Part II – …")."""


def _numbered(key: str) -> tuple[str, ...]:
    """``key`` (normalised) with its numbers written the other ways members type them: "rocky
    ii" as "rocky 2" and "rocky two", "toy story 3" as "toy story iii", "oceans eleven" as
    "oceans 11"; and each of these without the sequel's mark before a number ("godfather part
    ii" as "godfather 2"). A first word becomes digits or a word only ("Seven" as "7"), never
    a numeral. Empty for a key without numbers (most)."""
    words = key.split()
    if _NUMBERS.keys().isdisjoint(words):
        return ()
    last = len(words) - 1
    digits, numerals, spelled = list(words), list(words), list(words)
    marks: set[int] = set()  # where a sequel's mark stands before a number
    for at, word in enumerate(words):
        number = _NUMBERS.get(word)
        if number is None:
            continue
        marked = at > 0 and words[at - 1] in _SEQUEL_MARKS
        if word in _LONE_LETTERS and not (0 < at == last or marked):
            continue
        if at == 0 and word in _ROMAN:
            continue  # "II" opening a title is no sequel's number
        digits[at], spelled[at] = str(number), _NUMBER_WORDS[number - 1]
        if at:
            numerals[at] = _ROMAN[number - 1]
        if marked:
            marks.add(at - 1)
    forms = {" ".join(form) for form in (digits, numerals, spelled)}
    if marks:
        for form in (words, digits, numerals, spelled):
            forms.add(" ".join(word for at, word in enumerate(form) if at not in marks))
    return tuple(forms - {key})


def series_place(title: str) -> tuple[str, int]:
    """Which series a title belongs to and where in it: the name its sequel's number follows
    and that number ("The Godfather Part III": "godfather", 3; "Kill Bill: Vol. 1": "kill
    bill", 1; "Ocean's Twelve": "oceans", 12; "Shrek the Third": "shrek", 3), or the title
    itself and 1 for a title without one ("The Godfather", first of its series)."""
    key = _norm(title)
    if key.startswith(_ARTICLES):
        key = key.split(" ", 1)[1]
    return _place_in_series(key)


def _place_in_series(key: str) -> tuple[str, int]:
    """``series_place`` of a normalised title."""
    last = key.rpartition(" ")[2]
    if (
        last not in _NUMBERS
        and last not in _ORDINALS
        and (last.isdigit() or _DIGIT.search(last) is None)
        and _MARKED.search(key) is None
    ):
        # Most titles, each at every refresh: their last word no number nor one to read
        # ("se7en", "the third"), and no sequel's mark for one to follow.
        return key, 1
    for read in (key, *_read_numbers(key)):
        words = read.split()
        if _NUMBERS.keys().isdisjoint(words):
            continue  # most titles: no number to look at, found at C speed
        for at in range(len(words) - 1, 0, -1):
            number = _NUMBERS.get(words[at])
            marked = words[at - 1] in _SEQUEL_MARKS
            # The last word, or one after a sequel's mark ("Episode IV – A New Hope"); "i",
            # "v" and "x" only there, where they are no words ("V for Vendetta").
            if number is None or not (at == len(words) - 1 or marked):
                continue
            stem = words[: at - 1] if marked and at > 1 else words[:at]
            return " ".join(stem), number
    return key, 1


def shelved_key(key: str, title: str) -> str:
    """Where a title is shelved (``shelf_key``) from its normalised form, a film of a series
    by its number however the title writes it, so the series stands in its order: "Ocean's
    Twelve" before "Ocean's Thirteen", "Episode V" before "Episode IX", "Shrek the Third"
    after "Shrek 2" (letter by letter each went the other way)."""
    stem, number = _place_in_series(key)
    if stem != key:
        key = f"{stem} {number}"
    return shelf_key(key, title)


SERIES_KEPT = 8192
"""Titles whose series (``series_of``) is remembered: every list naming several films sorts
them by series, at each keystroke that asks which film (five titles read anew each time)."""


@functools.lru_cache(maxsize=SERIES_KEPT)
def series_of(title: str) -> tuple[str, int | None]:
    """The series a title belongs to and its number in it (``series_place``), or, for a
    title told from its series' others by a subtitle after the series' name, no number before
    it ("The Lord of the Rings: The Two Towers", "Pirates of the Caribbean: Dead Man's
    Chest"), that name and None: such a series runs as its films came out."""
    name, number = series_place(title)
    parts = _SUBTITLE.split(title, 1)
    whole = _norm(title)
    if whole.startswith(_ARTICLES):
        whole = whole.split(" ", 1)[1]
    if name != whole or len(parts) == 1 or not parts[0].strip():
        return name, number  # numbered ("Star Wars: Episode I – ..."), or no subtitle
    head, head_number = series_place(parts[0])
    # "Star Trek II: The Wrath of Khan": the number is the series name's.
    return head, head_number if head_number != 1 else None


_Entry = TypeVar("_Entry", bound="FilmEntry")


def series_sorted(
    entries: Sequence[_Entry], alike: Callable[[_Entry], object] = lambda entry: None
) -> list[_Entry]:
    """``entries`` with the films of each series (``series_of``; among those ``alike`` gives
    one value) in the series' order, at the places its films had, every other film keeping
    its own: by their numbers (a film and its remake, one place, keep their order: Dune
    2021 before 1984), or as they came out where subtitles tell them apart. Every list that
    names several films of a series at once (search, "which one?", autocomplete) runs so."""
    places: dict[tuple[object, str], list[int]] = {}
    for at, entry in enumerate(entries):
        places.setdefault((alike(entry), series_of(entry.title)[0]), []).append(at)
    arranged = list(entries)
    for taken in places.values():
        if len(taken) < 2:
            continue
        members = [entries[at] for at in taken]
        if any(series_of(entry.title)[1] is None for entry in members):
            # A title's first film's year for each of its films: a remake keeps its place.
            first: dict[str, int] = {}
            for entry in members:
                title = _norm(entry.title)
                first[title] = min(first.get(title, entry.year), entry.year)
            members.sort(key=lambda entry: first[_norm(entry.title)])
        else:
            members.sort(key=lambda entry: series_place(entry.title)[1])
        for at, entry in zip(taken, members, strict=True):
            arranged[at] = entry
    return arranged


INITIALS_WORDS = 3
"""Words a title, or its part before a colon or dash, needs for its initials to name it:
"eeaao" (Everything Everywhere All at Once), "lotr" (The Lord of the Rings: …). Fewer give
initials of two letters, which name no film ("up", "it")."""
INITIALS_LETTERS = (3, 12)
"""How many letters typed initials may have: the words ``INITIALS_WORDS`` asks for, and no
more than titles have."""
_SUBTITLE = re.compile(r"\s*:|\s[-\u2013\u2014]\s")
"""Where a title's main part ends: a colon, or a dash between spaces ("Mission: Impossible –
Fallout", "Star Wars: Episode IV — A New Hope")."""


def _initials_of(key: str) -> list[str]:
    """The initials of ``key`` (normalised), and of it without its leading article."""
    words = key.split()
    found = []
    for named in (words, words[1:] if key.startswith(_ARTICLES) else []):
        if len(named) >= INITIALS_WORDS:
            found.append("".join(word[0] for word in named))
    return found


def title_initials(title: str) -> set[str]:
    """The initials a title is known by: its words' first letters, with or without its leading
    article, of the whole title and of its main part ("lotr" and "lotrtttt" of The Lord of
    the Rings: The Two Towers). Empty for a title of fewer than ``INITIALS_WORDS`` words."""
    if title.count(" ") < INITIALS_WORDS - 1:
        return set()  # most titles: one split, no normalising
    found = set(_initials_of(_norm(title)))
    if (cut := _SUBTITLE.search(title)) is not None and cut.start() > 0:
        found.update(_initials_of(_norm(title[: cut.start()])))
    return found


_INITIALS_PLACE_BITS = 24
"""Bits of an initials' number (``_Scope._build_initials``) for the film's place: 16 million
films a scope; the 39 above them are its hash's, which the film's own initials confirm."""


_INITIALS_PLACES = (1 << _INITIALS_PLACE_BITS) - 1


def _initials_entry(initials: str, place: int) -> int:
    """An initials' number in ``_Scope._build_initials``'s table: its top bit set (a slot in
    use), 39 bits of its hash, then its film's place."""
    return 1 << 63 | (hash(initials) & ((1 << 39) - 1)) << _INITIALS_PLACE_BITS | place


def _initials_slot(entry: int, size: int) -> int:
    """Where an initials' number is first looked for in a table of ``size`` slots: by its
    hash alone, so every film with those initials is found from there."""
    return (entry >> _INITIALS_PLACE_BITS) % size


_INITIALS_YEAR = re.compile(
    r"^(?P<name>\D*?[^\W\d_][^\w]*?)[\s,(]*(?:(?P<year>\d{4})|'?(?P<short>\d{2}))\)?\s*$"
)
"""Initials and a year, spaced or not, the initials' own dots kept ("L.O.T.R. (2001)",
"lotr2001", "eeaao '22"); ``TRAILING_YEAR`` wants a title's last letter before the year."""


def _undated(text: str) -> str:
    """``text`` without a year typed after initials ("lotr 2001": "lotr")."""
    match = _INITIALS_YEAR.match(text.strip())
    return text if match is None else match["name"]


def typed_initials(text: str) -> str | None:
    """``text`` as initials a member may have typed ("EEAAO", "e.e.a.a.o."), or None when it
    cannot be: more than one word, a digit, too few or too many letters."""
    typed = _norm(text, joined=True)
    low, high = INITIALS_LETTERS
    return typed if low <= len(typed) <= high and typed.isalpha() and typed.isascii() else None


_ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
_ORDINAL_WORDS += ["ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth"]
_ORDINAL_WORDS += ["fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
_ORDINALS = {
    word: f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
    for n, word in enumerate(_ORDINAL_WORDS, 1)
}
_ORDINALS |= {digits: word for word, digits in _ORDINALS.items()}
"""An ordinal as titles and members write it, either way: "fifth" and "5th" (1 to 20)."""
_DIGIT = re.compile(r"\d")
_DIGITS_IN_WORD = re.compile(r"^([a-z]+)(\d+)([a-z]+)$")
"""A word with a number's digits standing inside it ("se7en", "thir13en")."""


def _read_numbers(key: str) -> tuple[str, ...]:
    """``key`` (normalised) with its ordinals written the other way ("the fifth element" as
    "the 5th element", "the 6th day" as "the sixth day") and a word whose digits stand inside
    their own number word read as that word ("se7en" as "seven", "thir13en ghosts" as
    "thirteen ghosts"), and an ordinal after "the" ending it as a sequel's number ("shrek the
    third" as "shrek 3"). Empty for a key with none of these (most)."""
    worded = digits_of_number_words(key)
    if worded is not None:
        # "Twenty-One Pilots" as "21 pilots", "2001" typed for it (and "anchor seventy three"
        # as "anchor 73"): a number past twenty, in words, as digits.
        return (*_read_numbers(worded), worded)
    words = key.split()
    if _ORDINALS.keys().isdisjoint(words) and _DIGIT.search(key) is None:
        return ()  # most titles: no word to read again, found at C speed
    numbered: tuple[str, ...] = ()
    if len(words) > 2 and words[-2] == "the" and (ordinal := words[-1]) in _ORDINALS:
        # "Shrek the Third", "Friday the 13th": a sequel's number as its title ends, typed
        # as any other's ("shrek 3", and so "shrek iii", ``_numbered``).
        digits = ordinal if ordinal[0].isdigit() else _ORDINALS[ordinal]
        numbered = (" ".join([*words[:-2], digits[:-2]]),)
    read = list(words)
    for at, word in enumerate(words):
        if (other := _ORDINALS.get(word)) is not None:
            read[at] = other
        elif (inside := _DIGITS_IN_WORD.match(word)) is not None:
            before, digits, after = inside.groups()
            spelt = _NUMBER_WORDS[int(digits) - 1] if 0 < int(digits) <= 20 else ""
            # Only where the letters around the digits are that word's own, the digits in
            # the place of some of its letters: "se7en" reads "seven", but "m3gan" is no
            # number, nor "b2b" one, and "se7ven" (the word whole, a digit slipped in) a typo.
            if (
                spelt.startswith(before)
                and spelt.endswith(after)
                and len(before) + len(after) < len(spelt)
            ):
                read[at] = spelt
    return numbered if read == words else (" ".join(read), *numbered)


_ARTICLES = ("the ", "a ", "an ")
"""English leading articles, left out by members typing a title ("godfather")."""
_ACCENTS = re.compile("[\u0300-\u036f]+")
"""Combining diacritical marks: a Latin, Greek or Cyrillic letter's accents. Marks of other
scripts (Japanese dakuten, Indic vowel signs) change the letter, and are kept."""


def _own_names(entry: FilmEntry) -> set[str]:
    """The film's names members type (``_other_names``), its year not among them."""
    return _other_names(entry, _norm(entry.title))


def _title_starts(entry: FilmEntry, wanted: str) -> bool:
    """Whether a name of the film's title itself (not an alias) starts with ``wanted``."""
    if not entry.aliases:
        return True  # its every name is its title's
    # The title's names from the title alone: a copy of the entry without its aliases
    # (``dataclasses.replace``) cost more than the names, for each film a keystroke sorts.
    title = entry.title
    if (title_key := _norm(title)).startswith(wanted):
        return True  # the first of its names
    return any(name.startswith(wanted) for name in _names_of(title, (), title_key))


def typed_words(title: str, aliases: Sequence[str]) -> set[str]:
    """Every word of the names members type for a film (its title and aliases folded as
    every film command reads them): "walle" of WALL·E, "oceans" and "11" of Ocean’s Eleven,
    "2" of The Godfather Part II. Full-text search indexes those its own words lack beside
    the title, so a film is found by its name typed as every film command takes it."""
    entry = FilmEntry(0, 0, "", title, 0, tuple(aliases))
    return {word for name in _other_names(entry, _norm(title)) for word in name.split()}


def _fits_numerals(entry: FilmEntry, numerals: list[str]) -> bool:
    """Whether each roman numeral typed is a word of the film's names, or starts one that is
    no numeral ("i" of "impossible"): never only the start of another number ("i" of "ii")."""
    words = {word for name in _own_names(entry) for word in name.split()}
    return all(
        any(word == typed or (word.startswith(typed) and word not in _ROMAN) for word in words)
        for typed in numerals
    )


def _named_so(entry: FilmEntry, wanted: str) -> list[str]:
    """The film's names (with its year after them too) that start with ``wanted``."""
    names = _own_names(entry)
    names |= {f"{name} {entry.year}" for name in names}
    return [name for name in names if name.startswith(wanted)]


_SEQUEL_NUMBERS = frozenset(_ROMAN) | {str(n) for n in range(1, 21)}
"""A sequel's number written in one word of numerals or digits (1 to 20)."""


def _another_number(name: str, wanted: str) -> bool:
    """Whether ``name`` goes on from ``wanted``'s last word, a sequel's number, into a longer
    one: another sequel's number ("rocky iii" after "rocky ii", "oceans 11" after "oceans 1"),
    not more of one word ("impossible" after "i") nor a title's own longer number ("2049")."""
    typed_last = wanted.rpartition(" ")[2]
    word = name[len(wanted) - len(typed_last) :].split(" ", 1)[0]
    return word != typed_last and word in _SEQUEL_NUMBERS


SHORTEST_START = 3
"""Letters a title's start needs to answer for the film on its own: "ak" and Enter, or a slip
of the key, is too little to send Akira's ending; "aki" is a start a member meant."""


def _names_enough(entry: FilmEntry, text: str) -> bool:
    """Whether ``text``, the start of one of ``entry``'s names, is enough to answer with it:
    ``SHORTEST_START`` characters, or whole words of a name ("la" of "La La Land", "up")."""
    wanted = _norm(text)
    # An ideograph, kana or hangul syllable says as much as a word's few letters: two count.
    if len(wanted) + sum(ch >= "\u2e80" for ch in wanted) >= SHORTEST_START:
        return True
    return any(name == wanted or name.startswith(f"{wanted} ") for name in _own_names(entry))


_NUMBER_WORD = re.compile(r"\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)))
"""A number as a title's word: digits of any length (Blade Runner 2049), a sequel's numeral
or number word (II, two)."""


def _goes_on_to_a_number(name: str, wanted: str) -> bool:
    """Whether ``name`` goes on from the whole words ``wanted`` to a sequel's number: digits
    or a numeral, or a number word after a sequel's mark ("toy story 3" from "toy story",
    "godfather part ii" from "godfather", "blade runner 2049" from "blade runner"). A number
    word alone is a title's own ("The Hateful Eight"), and a lone I, V or X a word
    ("Malcolm X" is no tenth film) unless it ends the title or follows a mark (``_numbered``)."""
    if not name.startswith(f"{wanted} "):
        return False
    rest = name[len(wanted) + 1 :].split()
    marked = bool(rest) and rest[0] in _SEQUEL_MARKS
    number = rest[1] if marked and len(rest) > 1 else rest[0] if rest and not marked else ""
    if number.isdigit():
        return True
    if number in _ROMAN and (number not in _LONE_LETTERS or marked or len(rest) == 1):
        return True
    return marked and number in _NUMBERS


@functools.lru_cache(maxsize=4096)
def _typed_forms(text: str) -> tuple[str, ...]:
    """``text`` normalised, and without a leading article when it has one (never empty ones;
    the first is the whole text's): the checks below read each, on Enter and per keystroke."""
    return tuple(wanted for wanted in (_norm(text), _without_article(text)) if wanted) or ("",)


def _before_its_number(entry: FilmEntry, text: str) -> bool:
    """Whether ``text`` names ``entry`` only as the title its number follows ("toy story" of
    Toy Story 3): the whole title of the film before it, which is the one meant when it is
    not here. Answering the sequel would show its ending to a member who asked about
    another film, so Enter asks instead, as for a start too short to tell."""
    typed = _typed_forms(text)
    if any(_NUMBER_WORD.fullmatch(wanted.rpartition(" ")[2]) for wanted in typed):
        return False  # a number typed: "blade runner 2", "rocky 2" name the sequel
    return any(
        _goes_on_to_a_number(name, wanted) for name in entry.written_names for wanted in typed
    )


def _written_names(entry: FilmEntry) -> set[str]:
    """The film's title and aliases as written (normalised, and without a leading article),
    not their numbers written the other ways: "Ocean's Eleven" is not "oceans 11" here, as
    its number is a title's own word, no sequel's."""
    names = {_norm(entry.title), *map(_norm, entry.aliases)}
    return names | {name.split(" ", 1)[1] for name in names if name.startswith(_ARTICLES)}


def _cuts_a_word(entry: FilmEntry, text: str) -> bool:
    """Whether ``text`` holds an everyday word typed whole ("alien", "her", "saw") that is no
    word of the film's names, only the start of one (Aliens, Hereditary, Sawdust): a title
    of its own, which may be the film meant when it is not here. A start that is no word
    ("aki", "heredi") is a title being typed, and names the film."""
    words = entry.name_words
    return any(
        len(typed) >= SHORTEST_START
        and typed in COMMON_ENGLISH
        and typed not in words
        and any(word.startswith(typed) for word in words)
        for typed in _typed_forms(text)[0].split()
    )


def _one_word_of_more(entry: FilmEntry, text: str) -> bool:
    """Whether ``text`` is one everyday word alone ("heat", "the speed") that a longer name of
    the film opens with (Heat Wave, Speed Racer), none of them that word alone: a title of its
    own, as one-word titles so often are, which may be the film meant when it is not here.
    Shorter words ("la", "up") answer as before: they are too short to be read so."""
    typed = _typed_forms(text)
    written = entry.written_names
    return any(
        " " not in wanted
        and len(wanted) >= SHORTEST_START
        and wanted in COMMON_ENGLISH
        and wanted not in written
        and any(name.startswith(f"{wanted} ") for name in written)
        for wanted in typed
    )


def _name_words(entry: FilmEntry) -> set[str]:
    """Every word of the film's names as members type them, and of its title and aliases
    with their possessives' "'s" left out ("ted" of "Bill & Ted's": the word, owned)."""
    words = {word for name in _own_names(entry) for word in name.split()}
    for name in (entry.title, *entry.aliases):
        words.update(_norm(_POSSESSIVE.sub("", name.translate(_SPELLED_OUT))).split())
    return words


def _names_it(entry: FilmEntry, text: str) -> bool:
    """Whether ``text``, found to start one of ``entry``'s names, is enough to answer with the
    film: long enough (``_names_enough``), no everyday word cut short (``_cuts_a_word``) nor
    typed alone before more of the title (``_one_word_of_more``), and not the title a sequel's
    number goes on from (``_before_its_number``). Otherwise Enter
    asks "did you mean": answering would show that film's ending to a member who may have
    asked about another."""
    return (
        _names_enough(entry, text)
        and not _cuts_a_word(entry, text)
        and not _one_word_of_more(entry, text)
        and not _before_its_number(entry, text)
    )


def _sequel_marks_dropped(key: str) -> str | None:
    """``key`` (normalised) without the sequel's marks before its numbers ("whale pt 2" as
    "whale 2"), or None when it has none."""
    words = key.split()
    kept = [
        word
        for at, word in enumerate(words)
        if not (word in _SEQUEL_MARKS and words[at + 1 : at + 2] and words[at + 1] in _NUMBERS)
    ]
    return " ".join(kept) if kept and len(kept) < len(words) else None


def _holds_numbers(entry: FilmEntry, numbers: list[str]) -> bool:
    """Whether every one of ``numbers`` is a word of one of the film's own names."""
    words = {word for name in _own_names(entry) for word in name.split()}
    return all(number in words for number in numbers)


def _without_article(text: str) -> str | None:
    """``text`` normalised, without a leading article it opens with ("the la la land"), or
    None when it has none (or nothing after it)."""
    wanted = _norm(text)
    for article in _ARTICLES:
        if wanted.startswith(article) and len(wanted) > len(article):
            return wanted[len(article) :]
    return None


_MOVED_ARTICLE = re.compile(
    r"^(?P<name>.*\w)\s*,\s*(?P<article>the|a|an)(?P<year>\s*\(?\d{4}\)?)?\s*$", re.IGNORECASE
)
"""A title typed as catalogues list it, its article after a comma at its end (and the year
after that: "Lighthouse, The (2019)")."""


def _article_moved_back(text: str) -> tuple[str, str] | None:
    """``text`` normalised with an article moved to its end put back before it ("Godfather,
    The" as "the godfather"), and without it (a title listed so that has none: "La La Land,
    The"), or None when it ends in none."""
    match = _MOVED_ARTICLE.match(text.strip()) if "," in text else None
    if match is None or not (name := _norm(f"{match['name']} {match['year'] or ''}")):
        return None
    return _norm(f"{match['article']} {match['name']} {match['year'] or ''}"), name


def _read_again(text: str) -> str | None:
    """``text`` read again where, as typed, it names no film, or None where it reads the
    same: letters of another script drawn as Latin ones as those ("lа lа lаnd" with Cyrillic
    "а", "Ιnception" with a Greek "Ι"), and numbers past twenty in words as digits ("anchor
    seventy three", "two thousand and one"). Only then, so a film's own title in another
    script ("Брат", "Ζορμπάς") or in words is found as typed."""
    latin = as_latin(text)
    worded = digits_of_number_words(_norm(latin))
    again = latin if worded is None else worded
    return None if again == text else again


_FIRST_NUMBERS = frozenset({"1", "i", "one"})
"""A first film's number, typed after a title that has none ("rocky 1", "godfather part i")."""


def _without_first_number(text: str) -> str | None:
    """``text`` normalised without a first film's number at its end (and the sequel's mark
    before it: "godfather part 1"), or None when it ends in none or is nothing else."""
    words = _norm(text).split()
    if len(words) < 2 or words[-1] not in _FIRST_NUMBERS:
        return None
    words.pop()
    if len(words) > 1 and words[-1] in _SEQUEL_MARKS:
        words.pop()
    return " ".join(words)


IMDB_ID = re.compile(r"^tt\d{7,8}$", re.IGNORECASE)
"""An IMDb title id ("tt3783958"), typed where a title goes."""


SEARCH_WORDS = frozenset(
    {"movie", "film", "ending", "explained", "explanation", "spoiler", "spoilers"}
)
"""Words members add to a title as they would in a web search ("la la land movie")."""
_SEARCH_ALTERNATION = "|".join(sorted(SEARCH_WORDS))
_SEARCH_POSSESSIVE = re.compile(rf"(?<=\w)['’ʼ]s(?=\s+(?:{_SEARCH_ALTERNATION})\b)", re.IGNORECASE)
"""A title's possessive before a search word: "la la land's ending"."""
_SEARCH_LEAD = re.compile(
    rf"^(?:(?:whats|what is|the|an?) )*(?:(?:{_SEARCH_ALTERNATION}) )+(?:of|for|to|in) "
)
"""Search words before a title, with the words tying them to it: "the ending of la la land"."""


def _without_search_words(text: str) -> str | None:
    """``text`` normalised without SEARCH_WORDS (and the possessive or the "the ... of" that
    ties them to the title), or None when it has none (or only them)."""
    words = _norm(_SEARCH_POSSESSIVE.sub("", text)).split()
    typed = len(words)
    if (lead := _SEARCH_LEAD.match(" ".join(words))) is not None:
        words = words[len(lead[0].split()) :]
    rest = [word for word in words if word not in SEARCH_WORDS]
    return " ".join(rest) if rest and len(rest) < typed else None


def _only_the_start(
    shown: str, entry: FilmEntry, text: str, also: Sequence[FilmEntry] = ()
) -> NotFound:
    """Enter on a text that starts ``entry``'s title without naming it enough to answer;
    ``also``: other films whose titles hold the typed words (from their middle), offered
    with it, at most MAX_AMBIGUOUS in all ("empire": Empire of the Sun, Inland Empire)."""
    if _before_its_number(entry, text):
        return NotFound(
            f"No film here is called just '{shown}': did you mean {_named(entry)}? Pick it"
            " from the list, or type its number (a sequel never answers for the film"
            " before it)."
        )
    others = [other for other in also if other.id != entry.id]
    offered = [entry, *others][:MAX_AMBIGUOUS]
    names = ", ".join(_named(film) for film in offered[:-1])
    names = f"{names} or {_named(offered[-1])}" if names else _named(entry)
    more = " (or another: more films hold these words)" if len(others) + 1 > len(offered) else ""
    pick = "Pick it" if len(offered) == 1 else "Pick one"
    return NotFound(
        f"'{shown}' is only the start of a title or of its words: did you mean"
        f" {names}{more}? {pick} from the list, or type more of the title."
    )


def _several_fit(
    shown: str, films: Sequence[FilmEntry], *, how: str = "fit", hint: str = " (or its year)"
) -> SeveralFilms:
    """Enter on a text several films fit (``how``: "start with"): the member picks, rather
    than reads about a film they did not mean; the films listed are offered as buttons when
    the list is whole."""
    films = series_sorted(films)
    names = ", ".join(_named(e) for e in films[:MAX_AMBIGUOUS])
    more = " and more" if len(films) > MAX_AMBIGUOUS else ""
    return SeveralFilms(
        f"Several films {how} '{shown}': {names}{more}. Pick one from the list, or type"
        f" more of the title{hint}.",
        tuple(films) if len(films) <= MAX_AMBIGUOUS else (),  # only a whole list
    )


class _NoMatch(NotFound):
    """``find`` found nothing the text could name (suggestions at most)."""


def _unaccented(text: str) -> str:
    """``text`` (casefolded) without accents, ligatures or full-width forms (compatibility
    decomposition), and with its apostrophes one ("'")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    if decomposed.isascii():
        return decomposed.casefold()  # "™" decomposes to capitals
    stripped = _ACCENTS.sub("", decomposed)
    # Marks of other scripts go back on their letters (a Japanese dakuten, a Hangul syllable).
    return unicodedata.normalize("NFC", stripped).translate(_SPELLED_OUT).casefold()


def _trigrams(text: str) -> dict[str, None]:
    """The text's trigrams once each, in the text's order: a set's order follows string
    hashes, which differ between processes, and ties among candidates were broken by it, so
    the same typed text listed other films after a restart or on another shard."""
    padded = f" {text} "  # so word starts and ends count too, and short keys have one
    return dict.fromkeys(padded[at : at + 3] for at in range(len(padded) - 2))


def _other_names(entry: FilmEntry, title_key: str) -> set[str]:
    """Every name of the film members type, normalised: its title and aliases with the
    punctuation inside their words left out ("walle", "spiderman"), without a leading article
    ("prestige" names The Prestige), and with their numbers written every way ("rocky 2",
    "godfather two", "mad max 2" for the alias "Mad Max II")."""
    return _names_of(entry.title, entry.aliases, title_key)


def _names_of(title: str, aliases: Sequence[str], title_key: str) -> set[str]:
    """``_other_names`` of a film so titled and aliased (``title_key``: ``_norm(title)``)."""
    names = {title_key}
    if not title.replace(" ", "").isalnum():
        names.add(_norm(title, joined=True))
    for alias in aliases:
        names.add(_norm(alias))
        if not alias.replace(" ", "").isalnum():  # letters and digits alone join nothing
            names.add(_norm(alias, joined=True))
    names.update(*[_read_numbers(name) for name in names])
    names.update([name.split(" ", 1)[1] for name in names if name.startswith(_ARTICLES)])
    names.update(*[_numbered(name) for name in names])
    return names


class _Once(Generic[T]):
    """A value worked out once, by whichever thread asks for it first; others asking meanwhile
    wait for it, so no one sees it half done. Lookups ask only for what is worked out already
    or what no other thread works out (``FilmCatalog._shown``): the event loop never waits."""

    def __init__(self, work_out: Callable[[], T]) -> None:
        self._work_out: Callable[[], T] | None = work_out
        self._lock = threading.Lock()
        self.value: T | None = None

    def get(self) -> T:
        if (value := self.value) is not None:
            return value
        with self._lock:
            if self.value is None:
                assert self._work_out is not None
                self.value = self._work_out()
                self._work_out = None  # and what it was worked out from
            return self.value


class _Keys:
    """Every key of a scope's films (normalised title, other names, "title year": last, so a
    text without a digit is scored without it), film after film, and the same keys sorted,
    for exact and prefix lookups by binary search."""

    __slots__ = ("first_key", "keys", "sorted_keys", "sorted_owner")

    def __init__(self, titles: list[str], films: list[FilmEntry]) -> None:
        """``titles``: each film's normalised title, in the order of ``films``."""
        keys: list[str] = []  # every film's keys, film after film
        owner: list[int] = []  # the film (place in films) of each key
        first_key = [0]  # where each film's keys start in keys
        for place, (title_key, entry) in enumerate(zip(titles, films, strict=True)):
            # What _norm makes of the label "Title (Year)", without running the regex again.
            label_key = f"{title_key} {entry.year}".lstrip()
            if title_key:
                keys.append(title_key)
            # Most films have no other name: skip the set work for them.
            if (
                entry.aliases
                or title_key.startswith(_ARTICLES)
                or not entry.title.replace(" ", "").isalnum()
                or _numbered(title_key)
                or _read_numbers(title_key)
            ):
                keys += sorted(_other_names(entry, title_key) - {"", title_key, label_key})
            keys.append(label_key)  # last: a text without digits is scored without it
            owner += itertools.repeat(place, len(keys) - first_key[-1])
            first_key.append(len(keys))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self.keys = keys
        self.first_key = array("I", first_key)
        self.sorted_keys = [keys[at] for at in order]
        self.sorted_owner = array("I", [owner[at] for at in order])


class _Scope:
    """The films of one scope, indexed for exact, prefix and fuzzy lookups by title.

    A large scope's keys and trigram postings are worked out in the index thread (``build``)
    before lookups are given the scope: half a second at 100k films that would otherwise
    hold up the event loop.
    """

    def __init__(self, films: list[tuple[str, FilmEntry]]) -> None:
        """``films``: (normalised title, film), in title order."""
        self.films = [entry for _title, entry in films]
        # Every key with its spaces left out (``may_name_spaceless``).
        self.spaceless: _NameFilter | None = None
        self._building_words: Future[tuple[list[str], dict[str, array[int]]]] | None = None
        self._keys = _Once(partial(_Keys, [title for title, _entry in films], self.films))
        if len(self.films) <= KEYS_BUILT_INLINE:
            self._keys.get()

    def _key_index(self) -> _Keys:
        """The keys, worked out here unless done already (``build``)."""
        return self._keys.get()

    def build(self) -> None:
        """Work out what a lookup would otherwise work out on the event loop: the keys and, for
        a large scope, the trigram postings. In the index thread, before lookups use it."""
        self._key_index()
        if len(self.films) > FUZZY_CANDIDATES:
            self._postings  # noqa: B018 - worked out and kept

    @cached_property
    def places(self) -> dict[str, int]:
        """Each film's place by slug; worked out when first needed (servers' own films)."""
        return {entry.slug: place for place, entry in enumerate(self.films)}

    def exact(self, wanted: str) -> list[FilmEntry]:
        """The films with ``wanted`` (normalised) as their title, "title year" or an alias."""
        found = []
        index = self._key_index()
        keys, owner = index.sorted_keys, index.sorted_owner
        at = bisect.bisect_left(keys, wanted)
        while at < len(keys) and keys[at] == wanted:
            found.append(self.films[owner[at]])
            at += 1
        return found

    def starting(self, wanted: str, limit: int) -> list[FilmEntry]:
        """Films with a key that starts with ``wanted`` (a film once per key), up to ``limit``."""
        index = self._key_index()
        keys = index.sorted_keys
        start = bisect.bisect_left(keys, wanted)
        # Every key starting with ``wanted`` sorts before ``wanted`` + the last code point.
        end = bisect.bisect_left(
            keys, wanted + _LAST_CHARACTER, start, min(start + limit, len(keys))
        )
        films = self.films
        return [films[place] for place in index.sorted_owner[start:end]]

    def starting_swapped(self, wanted: str, limit: int) -> list[FilmEntry]:
        """Films with a key that starts with ``wanted`` with two neighbouring letters swapped
        back (``_swaps_undone``), a film once per key, up to ``limit`` keys a swap."""
        found: list[FilmEntry] = []
        for undone in _swaps_undone(wanted):
            found += self.starting(undone, limit)
        return found

    def resembling(
        self,
        wanted: str,
        limit: int,
        candidates: int | None = None,
        *,
        labels: bool = False,
        telling: int = TELLING_TRIGRAMS,
    ) -> list[tuple[float, FilmEntry]]:
        """(score, film) for up to ``limit`` keys that resemble ``wanted``, among ``candidates``
        films (by default as many as the query's length calls for). WRatio (in C) forgives
        typos and word order, but costs too much to run on every key; it scores 100 only a key
        equal to ``wanted``, which is a prefix match too. ``labels``: "title year" keys scored
        even for a text without a digit. ``telling``: how many of the text's rarest trigrams
        pick the candidates (``_candidates``)."""
        places = self._candidates(wanted, candidates, telling)
        index = self._key_index()
        all_keys, first_key = index.keys, index.first_key
        # Each candidate's keys, in one list for the scorer; which film a scored key belongs
        # to is looked up only for the few kept (``ends``: where each film's keys end), not
        # written out for every key.
        # A film's last key is "title year": a text without a digit is scored without it
        # (a third to half of the keys): its title key names it already.
        label = not labels and _DIGIT.search(wanted) is None
        spans = [all_keys[first_key[place] : first_key[place + 1] - label] for place in places]
        ends = list(itertools.accumulate(map(len, spans)))
        films = self.films
        keys = list(itertools.chain.from_iterable(spans))
        found = process.extract(
            wanted, keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=FUZZY_CUTOFF
        )
        if found and (filler := _filler_words(wanted)) is not None:
            found = _without_filler_matches(wanted, filler, found)
        return [(score, films[places[bisect.bisect_right(ends, at)]]) for _key, score, at in found]

    def _candidates(
        self, wanted: str, films: int | None = None, telling_trigrams: int = TELLING_TRIGRAMS
    ) -> Sequence[int]:
        """Places of the films sharing the most trigrams with ``wanted`` (all, if few).

        The rarest ``telling_trigrams`` trigrams are counted, rarest first, up to
        TRIGRAM_BUDGET films in all: a film like the query shares its rarer trigrams too, and
        counting every film with a common one (then ranking tens of thousands of counts) was
        most of a fuzzy lookup's time at 100k films.
        """
        wanted_films = films or (
            LONG_QUERY_CANDIDATES if len(wanted) >= LONG_QUERY else FUZZY_CANDIDATES
        )
        if len(self.films) <= wanted_films:
            return range(len(self.films))
        postings = self._postings
        found = sorted((postings[gram] for gram in _trigrams(wanted) if gram in postings), key=len)
        common = max(500, len(self.films) // COMMON_TRIGRAM_SHARE)
        telling = [places for places in found if len(places) <= common] or found[:1]
        del telling[telling_trigrams:]
        counted = 0
        for taken, places in enumerate(telling):
            if counted and counted + len(places) > TRIGRAM_BUDGET:
                del telling[taken:]
                break
            counted += len(places)
        # One count over them all, in C: a ``Counter.update`` per trigram cost a Python call each.
        return _most_shared(Counter(itertools.chain.from_iterable(telling)), wanted_films)

    def with_words(
        self,
        typed: list[str],
        telling: list[str],
        limit: int,
        hidden: Container[str] = (),
        keep: Callable[[FilmEntry], bool] = lambda entry: True,
    ) -> list[FilmEntry] | None:
        """Up to ``limit`` films, in title order (slugs in ``hidden`` left out), with a word
        starting with each of ``typed`` (normalised words) among their keys' words, in any
        order. The films checked
        are those with a word starting with the rarest of ``telling`` (some of ``typed``),
        found in the sorted words. Past WORD_CANDIDATES checked, only two or more found tell
        anything ("several"): None otherwise. Only films ``keep`` takes count toward
        ``limit``: those it leaves out never stand in for a film further on."""
        words, postings = self._word_postings

        def holding(part: str) -> list[array[int]]:
            start = bisect.bisect_left(words, part)
            end = bisect.bisect_left(words, part + _LAST_CHARACTER, start)
            return [postings[word] for word in words[start:end]]

        rarest = min((holding(part) for part in telling), key=lambda held: sum(map(len, held)))
        index = self._key_index()
        keys, first_key, films = index.keys, index.first_key, self.films
        # A word of the keys starts with a typed part (no spaces in it) exactly where the part
        # follows a space in " key key …": keys are normalised, one space between words. One
        # substring test a part, where splitting each film's keys into words and testing each
        # word took most of a typed typo's lookup (0.5-0.9 ms at 10,000 films).
        word_starts = [f" {part}" for part in typed]
        found: list[FilmEntry] = []
        for checked, place in enumerate(sorted(set(itertools.chain.from_iterable(rarest)))):
            if checked == WORD_CANDIDATES:
                return found if len(found) > 1 else None
            if films[place].slug in hidden:
                continue
            names = " " + " ".join(keys[first_key[place] : first_key[place + 1]])
            if all(start in names for start in word_starts) and keep(films[place]):
                found.append(films[place])
                if len(found) == limit:
                    break
        return found

    def words_ready(self) -> bool:
        """Whether ``with_words`` can look now. A large scope's word postings are built in a
        thread, started by the first look that needs them: until they are, a word from inside
        a title finds nothing (the usual suggestions answer that member) rather than holding
        the event loop for everyone. Only needed once typed text matched nothing else, and
        never built otherwise (they would add to every large server's memory)."""
        if "_word_postings" in self.__dict__ or len(self.films) <= WORDS_BUILT_INLINE:
            return True
        if self._building_words is None:
            self._building_words = _background().submit(self._build_word_postings)
        return self._building_words.done() and not self._building_words.cancelled()

    def words_building(self) -> Future[Any] | None:
        """The thread's build of the word postings while it runs (``words_ready`` starts it),
        None once they can be looked at or when it will not finish (this scope replaced)."""
        building = self._building_words
        if self.words_ready() or building is None or building.cancelled():
            return None
        return building

    @cached_property
    def _word_postings(self) -> tuple[list[str], dict[str, array[int]]]:
        if self._building_words is not None and not self._building_words.cancelled():
            return self._building_words.result()  # waits for the rest of the build, if running
        return self._build_word_postings()

    def _build_word_postings(self) -> tuple[list[str], dict[str, array[int]]]:
        """Every word of the films' keys, sorted, and the places of the films holding each."""
        postings: dict[str, array[int]] = {}
        index = self._key_index()
        keys, first_key = index.keys, index.first_key
        for place in range(len(self.films)):
            for word in set(" ".join(keys[first_key[place] : first_key[place + 1]]).split()):
                if (places := postings.get(word)) is None:
                    postings[word] = array("I", [place])
                else:
                    places.append(place)
        self._initials = self._build_initials()
        return sorted(postings), postings

    def _build_initials(self) -> array[int]:
        """Each film's initials (``title_initials``) as one number (``_initials_entry``), in
        an open-addressing table twice their count: eight bytes a slot and nothing else, where
        a dict of the strings took some hundred bytes an initials, and sorting the numbers a
        Python int each for the while (a peak at 100,000 films a large server may not have)."""
        codes: array[int] = array("Q")
        for place, entry in enumerate(self.films):
            for initials in title_initials(entry.title):
                codes.append(_initials_entry(initials, place))
        size = 8
        while size < 2 * len(codes):
            size *= 2
        table = array("Q", [0]) * size
        for code in codes:
            slot = _initials_slot(code, size)
            while table[slot]:
                slot = (slot + 1) % size
            table[slot] = code
        return table

    def with_initials(self, typed: str, hidden: Container[str] = ()) -> list[FilmEntry]:
        """The films (slugs in ``hidden`` left out) whose title has the initials ``typed``
        (``typed_initials``). Only once ``words_ready``: they are worked out with the words."""
        self._word_postings  # noqa: B018 - built, with the initials (waits if building)
        table, wanted = self._initials, _initials_entry(typed, 0)
        slot = _initials_slot(wanted, len(table))
        found: dict[int, FilmEntry] = {}
        while code := table[slot]:
            if code & ~_INITIALS_PLACES == wanted:
                place = code & _INITIALS_PLACES
                entry = self.films[place]
                # Another text's hash, now and then: the film's own initials decide.
                if entry.slug not in hidden and typed in title_initials(entry.title):
                    found[place] = entry
            slot = (slot + 1) % len(table)
        return list(found.values())

    def drop_fuzzy(self) -> None:
        """This scope is replaced: its word postings are not built if still queued."""
        if self._building_words is not None:
            self._building_words.cancel()

    @cached_property
    def _postings(self) -> dict[str, array[int]]:
        """Trigram -> places of the films with it in a key (``build``)."""
        return self._build_postings()

    def _build_postings(self) -> dict[str, array[int]]:
        # Straight into 4-byte arrays: lists of int objects took three times the memory.
        postings: dict[str, array[int]] = {}
        index = self._key_index()
        keys, first_key = index.keys, index.first_key
        spaceless = _NameFilter(2 * len(keys))
        for place, entry in enumerate(self.films):
            own_keys = keys[first_key[place] : first_key[place + 1]]
            for gram in _trigrams(KEY_GAP.join(own_keys)):
                if (places := postings.get(gram)) is None:
                    postings[gram] = array("I", [place])
                else:
                    places.append(place)
            year = str(entry.year)
            for key in own_keys:
                joined = key.replace(" ", "")
                spaceless.add(joined)
                spaceless.add(joined + year)
        self.spaceless = spaceless
        return {gram: places for gram, places in postings.items() if KEY_GAP not in gram}

    def may_name_spaceless(self, wanted: str) -> bool:
        """False when no film here has a name that is ``wanted`` with its spaces left out
        (``FilmEntry.spaceless_names``), as every key, alone and with the film's year, tells;
        True when one may, or before the keys are worked out (with the trigram postings, in a
        thread). Saves ``_respaced`` a fuzzy search for a text that is no film's name."""
        return self.spaceless is None or wanted in self.spaceless


ONE_WORD_SHARED = fuzz.WRatio("ab cd", "cd efghij")
"""WRatio's score for a key of different length sharing one whole word with the text, however
little else (its partial token set ratio: 100, scaled): "harry potter and the sorcerers stone"
scored Fast & Furious (by "and") above Harry Potter and the Philosopher's Stone."""


PARTIAL_SCALE = 0.9
"""WRatio's weight of a partial match (a key of another length than the text)."""
PARTIAL_CUTOFF = FUZZY_CUTOFF / PARTIAL_SCALE


def _swaps_undone(wanted: str) -> list[str]:
    """``wanted`` (normalised, ``SWAPPED_MIN_LETTERS`` or more) with two neighbouring
    characters swapped back, every way that is itself normalised ("teh" for "the", "th enorth"
    for "the north"), in order of where the swap is; none for a shorter text."""
    if len(wanted) < SWAPPED_MIN_LETTERS:
        return []
    undone = []
    for at in range(len(wanted) - 1):
        first, second = wanted[at], wanted[at + 1]
        if first == second:
            continue
        swapped = wanted[:at] + second + first + wanted[at + 2 :]
        # A space moved to either end, or beside another, is no key's start.
        if swapped[0] != " " and swapped[-1] != " " and "  " not in swapped:
            undone.append(swapped)
    return undone


def _filler_words(wanted: str) -> frozenset[str] | None:
    """The words of ``wanted`` that tell nothing alone (common, short or digits), or None
    when it has no telling word beside them: then a shared word is all a key can share."""
    words = set(wanted.split())
    filler = {
        word
        for word in words
        if len(word) < TELLING_WORD_LETTERS or word in COMMON_WORDS or word.isdigit()
    }
    return frozenset(filler) if len(filler) < len(words) else None


_SCORE = operator.itemgetter(1)
"""A match's score, of rapidfuzz's (key, score, place)."""


def _without_filler_matches(
    wanted: str, filler: frozenset[str], found: list[tuple[str, float, int]]
) -> list[tuple[str, float, int]]:
    """``found`` (best first) with each key scored ``ONE_WORD_SHARED`` for filler words alone
    ("and", "the", a year) scored again without that, by its letters alone; left out when
    that is under the cutoff."""
    if ONE_WORD_SHARED not in map(_SCORE, found):  # in C: most lists have none
        return found
    telling = set(wanted.split()) - filler
    kept = []
    rescored = False
    for match in found:
        if match[1] == ONE_WORD_SHARED and telling.isdisjoint((key := match[0]).split()):
            # As WRatio scores a key of another length by its letters: the best-matching
            # part of the longer, scaled (the one shared word aside).
            score = fuzz.partial_ratio(wanted, key, score_cutoff=PARTIAL_CUTOFF) * PARTIAL_SCALE
            if score < FUZZY_CUTOFF:
                continue  # left out: the others keep their order
            match = (key, score, match[2])
            rescored = True
        kept.append(match)
    if rescored:
        kept.sort(key=_SCORE, reverse=True)  # stable, reversed too: equal scores keep their order
    return kept


class _NameFilter:
    """Names, kept as a Bloom filter: "not here" is certain, "here" only likely (a name not
    added is taken for one about one time in seventy). Two bytes a name, where a set of the
    names (or of their hashes) would take tens: a large scope has hundreds of thousands."""

    BITS_PER_NAME = 16

    def __init__(self, names: int) -> None:
        self._size = max(64, names * self.BITS_PER_NAME)
        self._bits = bytearray(self._size // 8 + 1)

    def _places(self, name: str) -> tuple[int, int]:
        # Two places from one 64-bit hash: its low bits and its high bits.
        code = hash(name)
        return code % self._size, (code >> 32) % self._size

    def add(self, name: str) -> None:
        for place in self._places(name):
            self._bits[place >> 3] |= 1 << (place & 7)

    def __contains__(self, name: str) -> bool:
        return all(self._bits[place >> 3] >> (place & 7) & 1 for place in self._places(name))


def _typo_candidates(wanted: str) -> int:
    """Films the fuzzy scorer sees for autocomplete's list of a text no film starts."""
    return LONG_TYPO_CANDIDATES if len(wanted) >= LONG_QUERY else TYPO_CANDIDATES


def _most_shared(shared: Counter[int], wanted: int) -> list[int]:
    """The ``wanted`` places with the highest counts, highest first, ties in counting order:
    what ``shared.most_common(wanted)`` gives. One stable sort of the places, in C:
    ``most_common`` pushed each of a thousand or more places through a heap in Python, and
    picking the lowest count kept from a tally, then the places reaching it, walked them all
    in Python twice (over 40% of the candidates' instructions at 10,000 films, callgrind)."""
    return sorted(shared, key=shared.__getitem__, reverse=True)[:wanted]


_Maps = tuple[dict[int, FilmEntry], dict[int, int]]


def _maps_of(ordered: list[FilmEntry]) -> _Maps:
    """Each film by id, and each film's place in ``ordered`` (title order) by id."""
    return {entry.id: entry for entry in ordered}, {
        entry.id: rank for rank, entry in enumerate(ordered)
    }


@dataclass
class _Arrangement:
    """One refresh's films as lookups use them: in title order by scope, and (``maps``) by
    id and by place in title order over every scope."""

    scopes: dict[int, _Scope]
    maps: _Once[_Maps]
    by_key: _Once[dict[str, FilmEntry]] = field(init=False)

    def __post_init__(self) -> None:
        # Every film's button key is hashed (0.3 s at 100k films, 50 ms at 10k): worked out
        # in the index thread after the lookups' own work, so that the first press after a
        # start or a content change does not hold the event loop for it.
        self.by_key = _Once(self._keyed)

    def _keyed(self) -> dict[str, FilmEntry]:
        # ``film_key`` as ``FilmEntry.key`` has it, without keeping it on every entry.
        return {film_key(e.guild_id, e.slug): e for e in self.maps.get()[0].values()}

    def give_up(self) -> None:
        """Replaced, or the catalog closed: its index work still queued is not started."""
        for scope in self.scopes.values():
            scope.drop_fuzzy()


def _arrange(
    rows: Iterable[_FilmRow], read_kinds: _Kinds, kept: _Arrangement | None
) -> _Arrangement:
    """The films of ``rows`` arranged for lookups; the scopes of ``kept`` (the arrangement
    this one replaces, if it was made) that hold the same films are kept as they are."""
    no_kinds: frozenset[str] = frozenset()
    kinds = read_kinds()
    # Hundreds of thousands of objects that live until the next refresh: no collection walks
    # them while they are being made (``collector_paused``). A director is kept once, however
    # many films they made (100,000 films have a few thousand: 6 MB at 100k as copies).
    with collector_paused():
        named = [
            (
                _norm(title),
                FilmEntry(
                    id,
                    guild,
                    slug,
                    title,
                    year,
                    _aliases(aliases),
                    kinds.get(id, no_kinds),
                    digest,
                    sys.intern(director) if director else "",
                ),
            )
            for id, guild, slug, title, year, aliases, digest, director in rows
        ]
        # Title order, as a shelf holds them (``shelved_key``); a server's own film goes before
        # a global one of the same title and year.
        named.sort(
            key=lambda n: (
                shelved_key(n[0], n[1].title),
                n[0],
                n[1].year,
                n[1].guild_id == GLOBAL_SCOPE,
                n[1].id,
            )
        )
        by_scope: dict[int, list[tuple[str, FilmEntry]]] = {}
        for title_key, entry in named:
            by_scope.setdefault(entry.guild_id, []).append((title_key, entry))
        scopes = {}
        kept_scopes = kept.scopes if kept is not None else {}
        for guild_id, films in by_scope.items():
            # A server's upload leaves the global catalogue as it was: keep its index.
            same_scope = kept_scopes.get(guild_id)
            same = same_scope is not None and same_scope.films == [e for _title, e in films]
            scopes[guild_id] = same_scope if same else _Scope(films)
        for guild_id, replaced in kept_scopes.items():
            if scopes.get(guild_id) is not replaced:
                replaced.drop_fuzzy()  # refreshes in a row: only the newest build is waited for
        # Like a large scope's keys, worked out in the index thread (0.13 s at 100k films).
        maps = _Once(partial(_maps_of, [entry for _title, entry in named]))
        if len(named) <= KEYS_BUILT_INLINE:
            maps.get()
    return _Arrangement(scopes, maps)


@dataclass(frozen=True)
class _Coming:
    """A refresh's arrangement, being made, with what is shown with it."""

    arranged: _Once[_Arrangement]
    hidden: dict[int, dict[str, tuple[str, int]]]
    films: int
    # Set once the films are arranged with their maps (or the work is given up): a start
    # shows them then, before their keys and postings are worked out.
    mapped: threading.Event = field(default_factory=threading.Event)


_BACKGROUND: list[ThreadPoolExecutor] = []


def _background() -> ThreadPoolExecutor:
    """One thread for index work off the event loop, started when first needed."""
    if not _BACKGROUND:
        _BACKGROUND.append(ThreadPoolExecutor(1, thread_name_prefix="catalog-index"))
    return _BACKGROUND[0]


# A forked process has none of its parent's threads, but would keep its executor, which counts
# the parent's thread as its own and never starts one: work queued there never ran, and a
# refresh waiting for it (a forked worker's start) waited for good.
os.register_at_fork(after_in_child=_BACKGROUND.clear)


_NO_FILMS = _Scope([])


async def content_stamp(connection: AsyncConnection) -> tuple[object, ...]:
    """What moves whenever a film is stored, replaced or removed, by any process: the content
    revision the films' triggers move in the writing transaction (``ContentRevision``)."""
    revision = await connection.scalar(select(ContentRevision.revision))
    return (revision,)


async def _all_rows(connection: AsyncConnection, query: Select[Any]) -> Sequence[Any]:
    """Every row of ``query``, as tuples. On SQLite, straight from the driver, on the same
    connection and in the same transaction: SQLAlchemy's result rows (and a second hand-off to
    the driver's thread, to fetch) cost a third again of SQLite's own reading at 100k films.
    These columns are integers and text, which the SQLite dialect hands over as the driver
    reads them."""
    if connection.dialect.driver != "aiosqlite":
        return (await connection.execute(query)).all()
    compiled = query.compile(dialect=connection.dialect)
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    raw = await connection.get_raw_connection()
    driver: aiosqlite.Connection = raw.driver_connection  # type: ignore[assignment]
    return await driver.execute_fetchall(str(compiled), parameters)


ROWS_PER_FETCH = 5_000
"""Films' rows fetched at a time (``_film_rows``)."""


class _FilmColumns:
    """The films' rows, kept as one list per column until they are arranged (``_film_rows``)."""

    __slots__ = ("columns",)

    def __init__(self) -> None:
        self.columns: tuple[list[Any], ...] = tuple([] for _ in range(8))

    def __len__(self) -> int:
        return len(self.columns[0])

    def __iter__(self) -> Iterator[_FilmRow]:
        return zip(*self.columns, strict=True)


async def _film_rows(
    connection: AsyncConnection, query: Select[Any]
) -> Sequence[_FilmRow] | _FilmColumns:
    """Every film's row of ``query`` (the columns of ``_FilmRow``, the director never NULL).

    On SQLite, a few thousand rows at a time, each batch's row tuples let go before the next is
    fetched, which then takes their place, and the values films share (a director, a year, the
    empty aliases) kept once as they come. All 100k rows held at once left their tuples' and
    the repeated values' blocks free but held apart, among the titles and names the films keep
    (pymalloc frees a pool only when all of it is free): some 20 MB at 100k films, resident
    for as long as the bot runs.
    """
    if connection.dialect.driver != "aiosqlite":
        return (await connection.execute(query)).all()
    compiled = query.compile(dialect=connection.dialect)
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    raw = await connection.get_raw_connection()
    driver: aiosqlite.Connection = raw.driver_connection  # type: ignore[assignment]
    films = _FilmColumns()
    ids, guilds, slugs, titles, years, aliases, revisions, directors = films.columns
    shared: dict[object, Any] = {}
    async with driver.execute(str(compiled), parameters) as cursor:
        while batch := await cursor.fetchmany(ROWS_PER_FETCH):
            columns = list(zip(*batch, strict=True))
            del batch  # its tuples: the next batch's take their place
            ids += columns[0]
            guilds += map(shared.setdefault, columns[1], columns[1])
            slugs += columns[2]
            titles += columns[3]
            years += map(shared.setdefault, columns[4], columns[4])
            aliases += map(shared.setdefault, columns[5], columns[5])
            revisions += columns[6]
            directors += map(sys.intern, columns[7])
    return films


_Kinds = Callable[[], dict[int, frozenset[str]]]
"""Each film's kinds of section, as read (``_section_kinds``): worked out where the films are
arranged, which for a large catalog is the index thread."""


async def _section_kinds(connection: AsyncConnection) -> _Kinds:
    """Each film's kinds of section, read from the ``(film_id, kind)`` index alone.

    Films share a handful of combinations: one frozenset per combination, not per film (at 100k
    films, separate sets of separate strings held over 100 MB).
    """
    if connection.dialect.name == "sqlite":
        # One row per film instead of one per section: 0.04 s instead of 0.3 s at 10k films.
        # Without DISTINCT (a quarter of the query's time): the set drops a repeated kind.
        joined = select(Section.film_id, func.group_concat(Section.kind))
        rows = await _all_rows(connection, joined.group_by(Section.film_id))
        return partial(_kinds_by_film, rows)
    pairs: dict[int, set[str]] = {}
    for film_id, kind in await connection.execute(select(Section.film_id, Section.kind).distinct()):
        pairs.setdefault(film_id, set()).add(kind)
    return partial(_kinds_by_film, [(film_id, kinds) for film_id, kinds in pairs.items()])


def _kinds_by_film(rows: Iterable[tuple[int, str | set[str]]]) -> dict[int, frozenset[str]]:
    """``rows``: (film id, its kinds joined by commas, or as a set)."""
    shared: dict[frozenset[str], frozenset[str]] = {}
    by_text: dict[str, frozenset[str]] = {}
    found: dict[int, frozenset[str]] = {}
    for film_id, listed in rows:
        if isinstance(listed, str):
            if (kinds := by_text.get(listed)) is None:
                kinds = frozenset(listed.split(","))
                kinds = by_text[listed] = shared.setdefault(kinds, kinds)
        else:
            kinds = frozenset(listed)
            kinds = shared.setdefault(kinds, kinds)
        found[film_id] = kinds
    return found


def _aliases(stored: str | list[str] | None) -> tuple[str, ...]:
    """A film's aliases as read raw: JSON text from SQLite, already a list from asyncpg (which
    decodes JSON itself). Most films have none, and JSON-decoding every row's empty list was a
    tenth of start time at 100k films."""
    if not stored or stored == "[]":
        return ()
    return tuple((json.loads(stored) if isinstance(stored, str) else stored) or ())


class FilmCatalog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        # The films arranged for lookups (``_scopes``, ``_maps``): ``_shown``, made whole. The
        # newest refresh's (``_arranged``) is worked out in the index thread (``_prepare``)
        # while lookups keep answering from the one before; the refresh awaits it and shows it
        # (``_show_newest``). The event loop never waits for the index thread's lock.
        self._arranged: _Once[_Arrangement] = _Once(partial(_arrange, (), dict, None))
        self._shown: _Arrangement = self._arranged.get()
        self._arranging: Future[None] | None = None
        # The refresh's arrangement not shown yet, with what is shown with it.
        self._coming: _Coming | None = None
        # What the arrangement queued or being worked out keeps scopes from, until it is made.
        self._kept_from: _Once[_Arrangement] | None = None
        self._closed = False
        self._count = 0
        # Autocomplete results: many members type the same few titles, letter by letter.
        self._searches: LruCache[tuple[int, str, int, bool], list[FilmEntry]] = LruCache(
            SEARCH_CACHE_SIZE
        )
        # What _reading found per typed text (the film, or those Enter asks about); every
        # keystroke into a film option asks it, and members type the same few titles.
        self._clearly: LruCache[tuple[int, str], tuple[FilmEntry | None, tuple[FilmEntry, ...]]] = (
            LruCache(SEARCH_CACHE_SIZE)
        )
        # The global films each server's admins hid there (``/film-admin hide``), by work, with
        # the title and year they were hidden as; and, for a server that also has films of its
        # own, every global work it does not see (``_unseen``), worked out when first needed.
        self._hidden: dict[int, dict[str, tuple[str, int]]] = {}
        self._unseen_of: dict[int, frozenset[str]] = {}
        # Counts refreshes: whatever was worked out from the films table is stale once it moves.
        self.generation = 0
        # Called (on the event loop) after each refresh is shown to lookups: what was read
        # against the films before (the guard's messages naming none) may read otherwise now.
        self.on_refresh: list[Callable[[], None]] = []
        # The films table's stamp when last read (``content_stamp``): another process's change
        # shows as a different stamp (``bot.cache_sync.WriteWatch``, SQLite).
        self.stamp: tuple[object, ...] | None = None
        # Called after a refresh that follows a write here, to tell other processes (change_feed).
        self.announce: Callable[[], Awaitable[None]] | None = None

    async def refresh(self, *, announce: bool = True) -> None:
        """Re-read the films; ``announce=False`` when another process's change is the cause."""
        await self._reload()
        if announce and self.announce is not None:
            await self.announce()

    async def _reload(self) -> None:
        # Core rows, not ORM ones, and aliases as text: the ORM's per-row work and the JSON
        # type's decoding took twice as long as SQLite's own reading at 100k films.
        # No cyclic collections while reading either: each read makes 100k rows, and every
        # collection they set off walks everything made so far.
        with collector_paused():
            async with self._sessions() as session:
                connection = await session.connection()
                # Before the films: a change landing in between then shows as a new stamp, and
                # the next look reads again; taken after, it would pass for one already read.
                stamp = await content_stamp(connection)
                rows = await _film_rows(
                    connection,
                    select(
                        Film.id,
                        Film.guild_id,
                        Film.slug,
                        Film.title,
                        Film.year,
                        type_coerce(Film.aliases, Text),
                        func.substr(Film.content_hash, 1, REVISION_CHARS),
                        func.coalesce(Film.director, ""),
                    ),
                )
                kinds = await _section_kinds(connection)
                hidden: dict[int, dict[str, tuple[str, int]]] = {}
                for guild_id, work, title, year in await connection.execute(
                    select(HiddenWork.guild_id, HiddenWork.work, HiddenWork.title, HiddenWork.year)
                ):
                    hidden.setdefault(guild_id, {})[work] = (title, year)
            self._index(rows, kinds, hidden)
        del rows
        release_free_memory()  # what reading every film left behind (15 MB at 100k films)
        await self._show_newest()
        self.stamp = stamp

    def _index(
        self,
        rows: Sequence[_FilmRow] | _FilmColumns,
        kinds: _Kinds,
        hidden: dict[int, dict[str, tuple[str, int]]],
    ) -> None:
        """Queue the arranging of ``rows`` and its index work in the index thread (a small
        catalog's films are arranged here: a few milliseconds)."""
        previous = self._arranged
        cancelled = self._arranging is not None and self._arranging.cancel()
        if cancelled and self._coming is not None:
            self._coming.mapped.set()  # never to be made: nothing waits for it
        if cancelled and previous.value is None:
            # Refreshes in a row: the arrangement never made keeps nothing; this one keeps
            # the scopes of the one before it, as that one would have.
            previous = self._kept_from or previous
        arranged = _Once(partial(self._arrange, rows, kinds, previous))
        self._arranged, self._kept_from = arranged, previous
        self._coming = coming = _Coming(arranged, hidden, len(rows))
        large = len(rows) > KEYS_BUILT_INLINE
        if not large:
            arranged.get()
        # A large catalog's kinds, normalising, sorting and grouping its titles (0.5 s of a
        # start's CPU at 100k films), then every scope's keys and postings, in the thread.
        self._arranging = _background().submit(self._prepare, arranged, coming.mapped, large=large)

    async def _show_newest(self) -> None:
        """Wait, without holding the event loop, until the newest refresh's arrangement is
        made whole in the index thread, then give it to lookups: a refresh returns once its
        films are what lookups see (an admin's change shows in the next lookup). A refresh
        replaced meanwhile waits for the newer one, which read its change too."""
        while (coming := self._coming) is not None:
            arranging = self._arranging
            if arranging is not None and not arranging.done():
                if self.generation == 0 and not self._closed:
                    # At start no films are shown yet, so none can be answered from an older
                    # arrangement: the films are shown once arranged, their keys and postings
                    # still worked out in the index thread (a lookup needing them in the first
                    # seconds waits for them there), or a start at 100k films would wait
                    # seconds more for them before connecting.
                    await asyncio.to_thread(coming.mapped.wait)
                    if self._closed:  # closed meanwhile: its work given up, not left running
                        await asyncio.wait([asyncio.wrap_future(arranging)])
                else:
                    await asyncio.wait([asyncio.wrap_future(arranging)])  # no raise if cancelled
            if self._coming is not coming:
                continue
            self._coming = None
            if arranging is not None and arranging.done() and not arranging.cancelled():
                arranging.result()  # raises what went wrong in the index thread, if anything
            if (arrangement := coming.arranged.value) is None or self._closed:
                return
            self._shown, self._hidden, self._count = arrangement, coming.hidden, coming.films
            self._unseen_of = {}
            self._searches.clear()
            self._clearly.clear()
            self.generation += 1
            for refreshed in self.on_refresh:
                refreshed()

    def _arrange(
        self,
        rows: Sequence[_FilmRow] | _FilmColumns,
        kinds: _Kinds,
        previous: _Once[_Arrangement],
    ) -> _Arrangement:
        arrangement = _arrange(rows, kinds, previous.value)
        if self._kept_from is previous:
            self._kept_from = None  # nothing more to keep from it: let it go
        return arrangement

    def _prepare(
        self, arranged: _Once[_Arrangement], mapped: threading.Event, *, large: bool
    ) -> None:
        """In the index thread: arrange the films (unless done already), then work out what
        lookups would otherwise work out on the event loop: the films by id and rank, each
        scope's keys and postings and, for a ``large`` catalog, the films by button key.
        Stops when a newer refresh replaced it meanwhile, or the catalog is closed."""
        try:
            arrangement = arranged.get()
            if large:
                release_free_memory()  # once the rows it arranged are let go
            if self._arranged is not arranged or self._closed:
                return
            arrangement.maps.get()
        finally:
            mapped.set()
        work = [scope.build for scope in arrangement.scopes.values()]
        if large:
            work.append(arrangement.by_key.get)
        for step in work:
            if self._arranged is not arranged or self._closed:
                return
            step()

    def close(self) -> None:
        """Give up the index work still queued: a process on its way out (a CLI command, the
        benchmark's start) would otherwise wait for it before it exits."""
        self._closed = True
        if self._arranging is not None and self._arranging.cancel() and self._coming:
            self._coming.mapped.set()  # never to be made: nothing waits for it
        self._shown.give_up()
        if (arrangement := self._arranged.value) is not None:
            arrangement.give_up()

    @property
    def _scopes(self) -> dict[int, _Scope]:
        return self._shown.scopes

    @property
    def _maps(self) -> _Once[_Maps]:
        """Each film by id, and its place in title order over every scope."""
        return self._shown.maps

    @property
    def _by_id(self) -> dict[int, FilmEntry]:
        return self._maps.get()[0]

    @property
    def _by_key(self) -> dict[str, FilmEntry]:
        """Each film by its button key (``FilmEntry.key``)."""
        return self._shown.by_key.get()

    @property
    def _rank(self) -> dict[int, int]:
        """Film id -> place in title order, over every scope."""
        return self._maps.get()[1]

    def __len__(self) -> int:
        return self._count

    def get(self, film_id: int) -> FilmEntry | None:
        return self._by_id.get(film_id)

    def by_key(self, guild_id: int | None, key: str) -> FilmEntry | None:
        """The version a button names (``FilmEntry.key``), if this server may see it."""
        entry = self._by_key.get(key)
        return None if entry is None else self.visible(guild_id, entry.id)

    def copy_of(self, guild_id: int | None, key: str) -> FilmEntry | None:
        """The server's own copy of the global version ``key`` names, made since that key was
        handed out (``/film-admin edit`` of a global film): the same film, changed, not gone."""
        entry = self._by_key.get(key)
        if entry is None or entry.guild_id != GLOBAL_SCOPE:
            return None
        own = self._own(guild_id)
        place = own.places.get(entry.slug)
        return None if place is None else own.films[place]

    def visible(self, guild_id: int | None, film_id: int) -> FilmEntry | None:
        """The film if this server may see it (global and not shadowed, or its own)."""
        entry = self._by_id.get(film_id)
        if entry is None:
            return None
        if entry.guild_id == GLOBAL_SCOPE:
            return None if entry.slug in self._unseen(guild_id) else entry
        return entry if entry.guild_id == guild_id else None

    def own_films(self, guild_id: int | None) -> list[FilmEntry]:
        """The server's own films (uploads, copies of global films), in title order."""
        return self._own(guild_id).films

    def global_version(self, work: str) -> FilmEntry | None:
        """The global film of ``work`` (a slug), shown or hidden anywhere; None if there is none."""
        place = self._global.places.get(work)
        return None if place is None else self._global.films[place]

    def hidden(self, guild_id: int | None) -> dict[str, tuple[str, int]]:
        """The global works this server's admins hid in it, with their title and year as when
        hidden (``/film-admin hide``)."""
        return self._hidden.get(guild_id, {}) if guild_id else {}

    def hidden_named(self, guild_id: int | None, text: str) -> tuple[str, int] | None:
        """The film hidden in this server (title and year) whose whole title, or "title year",
        ``text`` is, compared as typed titles are; None if it names no hidden film."""
        wanted = _norm(text)
        for title, year in self.hidden(guild_id).values() if wanted else ():
            if wanted in (_norm(title), _norm(f"{title} {year}")):
                return title, year
        return None

    def _unseen(self, guild_id: int | None) -> Container[str]:
        """The global works this server does not see: those it has its own version of (which
        stands in for the global one) and those its admins hid."""
        own, hidden = self._own(guild_id), self.hidden(guild_id)
        if not hidden:
            return own.places if own.films else ()
        if not own.films:
            return hidden
        if (both := self._unseen_of.get(guild_id or 0)) is None:
            both = self._unseen_of[guild_id or 0] = frozenset(hidden) | own.places.keys()
        return both

    def _view(self, guild_id: int | None) -> int:
        """Whose films ``guild_id`` sees, for remembered lookups: servers with no films of their
        own and none hidden all see the global films alone, and share one memory of them."""
        if self._own(guild_id) is _NO_FILMS and not self.hidden(guild_id):
            return GLOBAL_SCOPE
        return guild_id or GLOBAL_SCOPE

    def films(self, guild_id: int | None, *, hidden_too: bool = False) -> list[FilmEntry]:
        """Every film the server sees, sorted by title; a server's own film wins a clash.
        ``hidden_too``: and the global films its admins hid there (what the spoiler guard
        watches for: hiding a film from the lists does not make its spoilers harmless)."""
        own, shared = self._own(guild_id), self._global
        unseen = own.places if hidden_too else self._unseen(guild_id)
        if not own.films:
            if not unseen:
                return list(shared.films)
            return [entry for entry in shared.films if entry.slug not in unseen]
        # Both lists are in title order: copy the global one run by run, cut where a server's
        # film goes in (before the film at that place) and where a film it shadows comes out.
        place_of = partial(bisect.bisect_left, shared.films, key=self._title_order)
        arriving = [(place_of(self._rank[entry.id]), 0, n) for n, entry in enumerate(own.films)]
        shared_places = shared.places
        leaving = [(shared_places[slug], 1, 0) for slug in unseen if slug in shared_places]
        merged: list[FilmEntry] = []
        start = 0
        for place, shadowed, n in sorted(arriving + leaving):
            merged += shared.films[start:place]
            if shadowed:
                start = place + 1
            else:
                merged.append(own.films[n])
                start = place
        return merged + shared.films[start:]

    def resolve(self, guild_id: int | None, text: str) -> FilmEntry | None:
        """The film ``text`` names exactly: autocomplete value, title, "Title (Year)" or alias.
        Of a title shared by a film and its remake, the newest (``find`` asks instead)."""
        named = self._exactly(guild_id, text)
        return named[0] if named else None

    def _exactly(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        """Every film ``text`` names exactly, newest first: several only for a title (or
        alias) that a film shares with its remake."""
        text = text.strip()
        if match := FILM_ID_VALUE.match(text):
            picked = None if match[2] is None else self._picked(guild_id, int(match[1]), match[2])
            return [picked] if picked is not None else []
        wanted = _norm(text)
        if not wanted:
            return []
        own, unseen = self._own(guild_id), self._unseen(guild_id)
        shared = [entry for entry in self._global.exact(wanted) if entry.slug not in unseen]
        exact = own.exact(wanted) + shared
        if not exact and _DIGIT.search(wanted) and (read := _read_numbers(wanted)):
            # "se7en" typed for a film titled "Seven": the reading titles get, the other way
            # round (a whole title so, before the start of a longer one, "thir13en ghosts").
            wanted = read[0]
            shared = [entry for entry in self._global.exact(wanted) if entry.slug not in unseen]
            exact = own.exact(wanted) + shared
        if not exact and (unmarked := _sequel_marks_dropped(wanted)) is not None:
            # "whale pt 2", "kill bill volume 1": a sequel's mark as the member abbreviates it,
            # or another than the title's; its number alone names the film, as "whale 2" does.
            wanted = unmarked
            shared = [entry for entry in self._global.exact(wanted) if entry.slug not in unseen]
            exact = own.exact(wanted) + shared
        for wanted_so in [] if exact else _article_moved_back(text) or ():
            # "Godfather, The": a title as catalogues list it, its article moved to its end;
            # of a title without it, the article passed over, as one typed before it is.
            wanted = wanted_so
            shared = [entry for entry in self._global.exact(wanted) if entry.slug not in unseen]
            exact = own.exact(wanted) + shared
            if exact:
                break
        # A film's own title (or "title year") outranks another film's alias of the same words.
        titled = [e for e in exact if wanted in (_norm(e.title), _norm(e.label))] or exact
        return self._newest_first(titled)

    def _newest_first(self, entries: list[FilmEntry]) -> list[FilmEntry]:
        return sorted(entries, key=lambda e: (-e.year, self._title_order(e)))

    def _picked(self, guild_id: int | None, film_id: int, key: str) -> FilmEntry | None:
        """The film of a choice picked from autocomplete: the version ``key`` names, found by
        its row id while that row is still this version. A global film the server has made
        its own copy of since (``/film-admin edit``) means that copy: the same work."""
        entry = self._by_id.get(film_id)
        if entry is None or entry.key != key:
            # Removed since, and its row id perhaps another film's: the version by its name
            # (loaded again under a new id), else nothing, never the film in its old row.
            entry = self._by_key.get(key)
            if entry is None:
                return None
        if (visible := self.visible(guild_id, entry.id)) is not None:
            return visible
        if entry.guild_id != GLOBAL_SCOPE:
            return None
        own = self._own(guild_id)
        place = own.places.get(entry.slug)
        return None if place is None else own.films[place]

    def search(self, guild_id: int | None, query: str, limit: int = MAX_CHOICES) -> list[FilmEntry]:
        """Best matches for a partial, misspelt or aliased title, best first, one per film.
        The film Enter would answer with (``named_clearly``) comes first: a member who sees it
        there and presses Enter gets that film ("godfather 2": The Godfather Part II, never
        The Godfather the fuzzy score puts higher). Where Enter would ask which film instead
        ("dune": a film and its remake), the films it names come first, in its order."""
        found = self._ranked(guild_id, query, limit)
        if not query.strip():
            return found
        named, asked = self._reading(guild_id, query)
        first = (named,) if named is not None else asked
        if not first or [entry.id for entry in found[: len(first)]] == [e.id for e in first]:
            return found
        ids = {entry.id for entry in first}
        return [*first, *[entry for entry in found if entry.id not in ids]][:limit]

    def _ranked(
        self, guild_id: int | None, query: str, limit: int, *, thorough: bool = False
    ) -> list[FilmEntry]:
        """``search``'s list as prefix and fuzzy matches rank it, remembered. ``thorough``:
        the list as it was before swapped letters were undone and fewer keys scored (more
        fuzzy candidates to fill, every "title year" key): what ``_respaced`` reads, so that
        Enter names the same films for the same texts."""
        wanted = _norm(query)
        own, view = self._own(guild_id), self._view(guild_id)
        if not wanted:
            # A server that sees the global list as it is: no copy of it all.
            return (self._global.films if view == GLOBAL_SCOPE else self.films(guild_id))[:limit]
        cache_key = (view, wanted, limit, thorough)
        if (found := self._searches.get(cache_key)) is not None:
            return found
        films: dict[int, FilmEntry] = {}  # by id, as first found
        shared = self._global
        # The server's own version of a work stands in for the global one; a hidden one is gone.
        shadowed = self._unseen(guild_id) or None
        # Prefix matches feel right while typing; fuzzy ones catch typos and word order.
        for scope in (shared, own):
            hidden = shadowed if scope is shared else None
            for entry in scope.starting(wanted, limit * 3):
                if not (hidden and entry.slug in hidden):
                    films.setdefault(entry.id, entry)
        matched = PREFIX_SCORE
        if not films and not thorough:
            # Nothing starts so as typed: what starts so with two letters swapped back is what
            # the member most likely meant, ahead of the fuzzy matches (a few lookups in the
            # sorted keys).
            matched = SWAPPED_PREFIX_SCORE
            for scope in (shared, own):
                hidden = shadowed if scope is shared else None
                for entry in scope.starting_swapped(wanted, limit * 3):
                    if not (hidden and entry.slug in hidden):
                        films.setdefault(entry.id, entry)
        bare: dict[int, FilmEntry] = {}
        # "the silent wolf" where other titles start so as typed: the titles starting so
        # without the article ("Silent Wolf"), after those (a few lookups in the sorted keys),
        # where the fuzzy fill found them only from more of the text's trigrams. Not in the
        # thorough list: Enter reads the text as before.
        as_typed = films and matched == PREFIX_SCORE and not thorough
        without = _without_article(wanted) if as_typed else None
        if without is not None and len(films) < limit:
            for scope in (shared, own):
                hidden = shadowed if scope is shared else None
                for entry in scope.starting(without, limit * 3):
                    if entry.id not in films and not (hidden and entry.slug in hidden):
                        bare.setdefault(entry.id, entry)
        rank = self._rank
        if len(films) >= limit:
            # With the list full of prefix matches (no score is higher), no fuzzy one (scoring
            # under 99.5) gets in: title order decides.
            order = sorted(films, key=rank.__getitem__)
        elif len(films) + len(bare) >= limit:
            # Full with those and the article-less ones: each in title order, no fuzzy one.
            order = [*sorted(films, key=rank.__getitem__), *sorted(bare, key=rank.__getitem__)]
            films |= bare
        else:
            scores = dict.fromkeys(films, matched)  # each film's best score
            scores.update(dict.fromkeys(bare, ARTICLE_LEFT_OUT_SCORE))
            films |= bare
            fill = THOROUGH_FILL_CANDIDATES if thorough else FILL_CANDIDATES
            # No film starts so (a typo): as many as the text's length calls for, fewer but
            # for Enter's thorough list.
            typo = None if thorough else _typo_candidates(wanted)
            candidates = fill if films else typo
            telling = FILL_TELLING_TRIGRAMS if films and not thorough else TELLING_TRIGRAMS
            for scope in (shared, own) if own.films else (shared,):
                hidden = shadowed if scope is shared else None
                # Best score first: a film's first is its best (a prefix match's 100 beats all).
                for score, entry in scope.resembling(
                    wanted, limit * 3, candidates, labels=thorough, telling=telling
                ):
                    if (film_id := entry.id) in scores or (hidden and entry.slug in hidden):
                        continue
                    scores[film_id] = score
                    films[film_id] = entry
            # Best score first, title order among equal ones: sorted by title, then stably
            # by score (the methods as keys, where a key function made a pair per film).
            order = sorted(scores, key=rank.__getitem__)
            order.sort(key=scores.__getitem__, reverse=True)
        found = [films[film_id] for film_id in order[:limit]]
        self._searches.put(cache_key, found)
        return list(found)

    def suggestions(self, guild_id: int | None, text: str, limit: int = 3) -> list[FilmEntry]:
        """Films "Did you mean" offers for a text that names none: of autocomplete's list,
        those whose name is spelt like the text (``_spelt_like``). That list is padded with
        weak matches a choice list may show, which a suggestion may not: a short title found
        inside the text ("9" in "1918", "It" in "amelei") or a year inside a label."""
        typed = {_norm(text)}
        if (dated := TRAILING_YEAR.match(text.strip())) is not None:
            typed.add(_norm(dated["name"]))  # "la la lnd 2017": the name, its year aside
        found = self.search(guild_id, text, limit=MAX_CHOICES)
        return [e for e in found if any(_spelt_like(w, e) for w in typed)][:limit]

    def find(self, guild_id: int | None, text: str) -> FilmEntry:
        """The film a member named: exactly, or by the start of its title or an alias when only
        one film starts that way (members often press Enter without picking from autocomplete).
        Otherwise a NotFound that lists the films it could be, or suggests close titles."""
        try:
            return self._find(guild_id, text)
        except _NoMatch:
            if (again := _read_again(text)) is None:
                raise
        return self._find(guild_id, again)

    def _find(self, guild_id: int | None, text: str) -> FilmEntry:
        """``find``, of ``text`` as typed."""
        named = self._exactly(guild_id, text)
        if len(named) > 1:
            raise self._which(text, named)
        if named:
            return named[0]
        if FILM_ID_VALUE.match(text.strip()):
            # A choice picked from the list, and the film gone since: its value means nothing
            # to a person, so the film is not named and no title is suggested for it.
            raise NotFound(
                "The film you picked is no longer here (removed, or hidden in this server,"
                " meanwhile): pick it again from the list, or type its title."
            )
        shown = escape_text(text.strip()[:80]) or "(empty)"
        if (spelt := words_of_web_address(text)) is not None:
            return self._film_of_web_address(guild_id, shown, spelt)
        if not _norm(text):
            # Emoji or punctuation alone: every film "resembles" nothing, so any suggestion
            # would be the first films in the list, offered as if they were close.
            raise NotFound(
                f"'{shown}' has no letters or digits, so it names no film: type a title, or"
                " pick one from the list (/film list shows them all)."
            )
        starting = self.starting_with(guild_id, text, limit=MAX_AMBIGUOUS + 1)
        if len(starting) == 1:
            # The word may open one title and sit inside others: each may be the one meant.
            inside = self._inside_others(guild_id, text, starting[0])
            if not _names_it(starting[0], text):
                raise _only_the_start(shown, starting[0], text, inside)
            if not inside:
                return starting[0]
            # Named enough, were it the only film that fits ("emp": Empire of the Sun, and
            # Inland Empire, which autocomplete offers too): answering one would show its
            # ending to a member who meant another.
            raise _several_fit(shown, [starting[0], *inside])
        respaced = [] if starting else self._respaced(guild_id, text)
        if len(respaced) > 1:
            raise self._which(text, respaced)
        if respaced:
            return respaced[0]
        if not starting and (dated := self._dated(guild_id, text)) is not None:
            return dated
        worded = [] if starting else self._with_words(guild_id, text, MAX_AMBIGUOUS + 1)
        if len(worded) == 1:
            if _cuts_a_word(worded[0], text):
                raise _only_the_start(shown, worded[0], text)
            return worded[0]
        if worded:
            raise _several_fit(shown, worded)
        if starting:
            raise _several_fit(shown, starting, how="start with", hint="")
        if not starting and (years := self._titles_years(guild_id, text)):
            raise NotFound(f"No film here matches '{shown}' with that year: {years}. {GIVE_YEAR}")
        for rest in (_without_article(text), _without_search_words(text)):
            # "the la la land": an article the title does not have; "la la land movie": words
            # typed as into a web search. What the rest names answers, or asks which; only its
            # own "no film matches" gives way to this one.
            if rest is None:
                continue
            try:
                return self.find(guild_id, rest)
            except _NoMatch:
                pass
        if first := self._first_of(guild_id, text):
            # "rocky 1": the film the sequels go on from, its title numberless; never a film
            # the rest only starts (a sequel), and asked which of a film and its remake.
            if len(first) > 1:  # named by the name before the number: "it", not "it 1"
                raise self._which(_without_first_number(text) or text, first)
            return first[0]
        if initials := self._by_initials(guild_id, text):
            # "eeaao", "lotr": a title by its initials, as film communities write it. Last,
            # as nothing else named a film; several are asked about, and a word of everyday
            # English ("cat") is asked about too, as it may be a film's title not here.
            if len(initials) > 1:
                raise _several_fit(shown, initials, how="have the initials", hint="")
            if _norm(_undated(text), joined=True) in COMMON_ENGLISH:
                raise _NoMatch(
                    f"No film is titled '{shown}': did you mean {_named(initials[0])}, whose"
                    " initials it is? Pick it from the list, or type more of the title."
                )
            return initials[0]
        if years := self._initials_years(guild_id, text):
            # "lotr 1999": the initials right, the year wrong, as for a title.
            raise NotFound(f"No film here matches '{shown}' with that year: {years}. {GIVE_YEAR}")
        if IMDB_ID.match(text.strip()):
            # Copied from IMDb's address bar: an id, which names no film here by its letters.
            raise _NoMatch(
                f"'{shown}' is an IMDb id: Epilogue knows films by their titles, not by other"
                " sites' ids. Type the film's title instead, or pick it from the list (/film"
                " list shows them all)."
            )
        suggestions = self.suggestions(guild_id, text)
        hint = (
            " Did you mean " + ", ".join(_named(e) for e in suggestions) + "?"
            if suggestions
            else " Use /film list to see every film."
        )
        if not self._words_ready(guild_id):
            # Words from inside titles were not looked at (``_with_words``): saying no film
            # matches would be false of "frozen passage manila" for the minute after a start.
            raise _NoMatch(
                f"No title starts with '{shown}', and Epilogue is still reading the words"
                " inside titles (as it does once after a start or new films): send it again"
                " in a few seconds, when a word from inside a title finds its film too."
                f"{hint}"
            )
        raise _NoMatch(f"No film matches '{shown}'.{hint}")

    def _film_of_web_address(self, guild_id: int | None, shown: str, spelt: str) -> FilmEntry:
        """A page about a film pasted for its title: the film its address spells (asking
        which, as typed, when several fit). Epilogue opens no page, so an address that spells
        none, or spells a film not here, is told it is one, not matched as typed letters."""
        if spelt:
            try:
                return self.find(guild_id, spelt)
            except _NoMatch:
                pass
        spells = (
            f"spells '{escape_text(spelt[:80])}', and no film here is named so"
            if spelt
            else ("names no film by its words (an id such as IMDb's means nothing here)")
        )
        raise _NoMatch(
            f"'{shown}' is a web address: Epilogue opens no pages, and its address {spells}."
            " Type the film's title instead, or pick it from the list (/film list shows them"
            " all)."
        )

    def _inside_others(self, guild_id: int | None, text: str, entry: FilmEntry) -> list[FilmEntry]:
        """Films other than ``entry`` (the one film ``text`` starts) whose words ``text``
        starts from their middle ("emp": Inland Empire beside Empire of the Sun)."""
        found = self._with_words(guild_id, text, MAX_AMBIGUOUS + 1)
        return [other for other in found if other.id != entry.id]

    def _which(self, text: str, named: list[FilmEntry]) -> NotFound:
        """A name several films share (a film and its remake): the member says which, by
        picking or by the year, rather than read about the film they did not mean."""
        shown = escape_text(text.strip()[:80])
        names = ", ".join(_named(e) for e in named[:MAX_AMBIGUOUS])
        more = " and more" if len(named) > MAX_AMBIGUOUS else ""
        return SeveralFilms(
            f"Several films are called '{shown}': {names}{more}. Pick one from the list, or"
            f" add its year (e.g. '{shown} {named[0].year}').",
            tuple(named),
        )

    def _respaced(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        """The films whose title, "title year" or alias is ``text`` with its spaces moved
        ("lala land", "lalaland"), newest first, when that is a film's name alone. Fuzzy
        search finds the films it could be; their names decide, spaces left out."""
        wanted = _norm(text).replace(" ", "")
        if len(wanted) < RESPACED_MIN_LETTERS:
            return []  # "upin" is not "Up In": too short to tell from a word
        scopes = (self._own(guild_id), self._global)
        if not any(scope.may_name_spaceless(wanted) for scope in scopes if scope.films):
            return []  # a typo, most often: no fuzzy search to find what is not there
        named = [
            # The autocomplete's own search (remembered), its best few.
            entry
            for entry in self._ranked(guild_id, text, MAX_CHOICES, thorough=True)[
                :RESPACED_CANDIDATES
            ]
            if wanted in entry.spaceless_names
        ]
        return self._newest_first(named)

    def _with_words(self, guild_id: int | None, text: str, limit: int) -> list[FilmEntry]:
        """Up to ``limit`` films, in title order, whose title or alias words start with every
        word typed, in any order ("land", "men children", "snatchers 1956"): members type
        the word of a title they remember, from its middle. At least one typed word must tell
        (``TELLING_WORD_LETTERS``, not in COMMON_WORDS): "of" or "la" alone names nothing.
        None found when too many films hold the words to tell whether one or several fit."""
        typed = _norm(text).split()
        # "godfather pt 2", "kill bill volume 1": a sequel's mark as the title has it or not.
        typed = [
            word
            for at, word in enumerate(typed)
            if not (word in _SEQUEL_MARKS and typed[at + 1 : at + 2] and typed[at + 1] in _NUMBERS)
        ]
        telling = [
            part
            for part in typed
            if len(part) >= TELLING_WORD_LETTERS and part not in COMMON_WORDS and not part.isdigit()
        ]
        if not telling:
            return []
        own = self._own(guild_id)
        if not self._words_ready(guild_id):
            return []
        numbers = [word for word in typed if len(word) == 1 and word.isdecimal()]
        numerals = [word for word in typed if word in _ROMAN]

        def keep(entry: FilmEntry) -> bool:
            # "avatar 2": the "2" starts the word "2009" of Avatar's "title year", but a lone
            # digit is a sequel's number, so it must be a word of the film's own names; and
            # "rocky i" starts the word "ii" of Rocky II: another sequel's number. Left out
            # as the films are looked through, not after: the first few holding the words
            # would otherwise be all that is looked at, the sequel meant never among them.
            return (not numbers or _holds_numbers(entry, numbers)) and (
                not numerals or _fits_numerals(entry, numerals)
            )

        found: list[FilmEntry] = []
        for scope in (own, self._global):
            if not scope.films:
                continue
            hidden = self._unseen(guild_id) if scope is self._global else ()
            held = scope.with_words(typed, telling, limit, hidden, keep)
            if held is None:
                return []
            found += held
        return sorted(found, key=self._title_order)[:limit]

    def _by_initials(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        """The films, in title order, whose title has ``text`` for its initials ("eeaao",
        "lotr": ``title_initials``), or, dated as a title may be ("lotr 2001", "eeaao '22"),
        those of them of that year; none while the words are still being worked out."""
        typed = typed_initials(text)
        if typed is None:
            dated = self._initials_dated(guild_id, text)
            return dated[1] if dated is not None else []
        if not self._words_ready(guild_id):
            return []
        found: list[FilmEntry] = []
        for scope in (self._own(guild_id), self._global):
            if scope.films:
                hidden = self._unseen(guild_id) if scope is self._global else ()
                found += scope.with_initials(typed, hidden)
        return sorted(found, key=self._title_order)

    def _initials_dated(
        self, guild_id: int | None, text: str
    ) -> tuple[str, list[FilmEntry], list[FilmEntry]] | None:
        """For initials typed with a year after them ("lotr 2001", "L.O.T.R. (2001)", "eeaao
        '22"): the initials, the films they name of that year, and every film they name;
        None when ``text`` is not initials and a year."""
        match = _INITIALS_YEAR.match(text.strip())
        if match is None or typed_initials(match["name"]) is None:
            return None
        named = self._by_initials(guild_id, match["name"])
        if match["year"] is not None:
            dated = [entry for entry in named if entry.year == int(match["year"])]
        else:  # "eeaao '22": the year's last two digits
            dated = [entry for entry in named if entry.year % 100 == int(match["short"])]
        return match["name"], dated, named

    def named_by(self, guild_id: int | None, text: str) -> tuple[FilmEntry, ...]:
        """The films a film option takes ``text`` for: the one Enter answers with, or those
        it asks about, in the order it names them; none where it suggests or finds nothing.
        Search lists them first, so a title typed for it is read as every command reads it."""
        film, asked = self._reading(guild_id, text)
        return (film,) if film is not None else asked

    def named_clearly(self, guild_id: int | None, text: str) -> FilmEntry | None:
        """The film ``find`` would answer with for ``text``, or None where it would ask or
        suggest: named exactly, the only film starting that way, or named with its spaces
        moved."""
        return self._reading(guild_id, text)[0]

    def _reading(
        self, guild_id: int | None, text: str
    ) -> tuple[FilmEntry | None, tuple[FilmEntry, ...]]:
        """What ``find`` makes of ``text``: the film it answers with, or (None and) the films
        it asks about, in the order it names them (none where it suggests or finds nothing).
        Remembered until the films change: every keystroke into a film option asks."""
        # Servers that see the global films alone share one memory (as search).
        scope = self._view(guild_id)
        if (kept := self._clearly.get((scope, text))) is not None:
            return kept
        read = self._read(guild_id, text)
        if read == (None, ()) and (again := _read_again(text)) is not None:
            read = self._read(guild_id, again)  # as ``find`` reads it again
        if len(read[1]) > 1:
            read = (None, tuple(series_sorted(read[1])))  # as find asks (``_several_fit``)
        if read[0] is not None or self._words_ready(guild_id):
            # Not kept while word postings are still being built: words may name it then.
            self._clearly.put((scope, text), read)
        return read

    async def read_words(self, guild_id: int | None) -> bool:
        """Waits, the event loop running on, for the words inside the titles the server sees
        to be read (``words_ready``: once after a start or new films, in a thread, on a large
        catalogue), at most ``WORDS_WAIT_S``. Whether it waited for them and they are read
        now: a lookup that found nothing meanwhile may find its film by them."""
        scopes = (self._own(guild_id), self._global)
        building = [b for s in scopes if s.films and (b := s.words_building()) is not None]
        if not building:
            return False
        await asyncio.wait([asyncio.wrap_future(b) for b in building], timeout=WORDS_WAIT_S)
        return self._words_ready(guild_id)

    def _words_ready(self, guild_id: int | None) -> bool:
        """Whether every scope the server sees can be looked at by word (``words_ready``)."""
        scopes = (self._own(guild_id), self._global)
        return all([scope.words_ready() for scope in scopes if scope.films])

    def _read(
        self, guild_id: int | None, text: str
    ) -> tuple[FilmEntry | None, tuple[FilmEntry, ...]]:
        """``_reading``, worked out: each step as ``find`` takes it."""
        nothing: tuple[FilmEntry | None, tuple[FilmEntry, ...]] = (None, ())
        named = self._exactly(guild_id, text)
        if named:
            return (named[0], ()) if len(named) == 1 else (None, tuple(named[:MAX_AMBIGUOUS]))
        if (spelt := words_of_web_address(text)) is not None:
            return self._read(guild_id, spelt) if spelt else nothing
        starting = self.starting_with(guild_id, text, limit=MAX_AMBIGUOUS + 1)
        if len(starting) > 1:
            return None, tuple(starting[:MAX_AMBIGUOUS])
        if starting:
            if not _names_it(starting[0], text):
                return nothing
            if inside := self._inside_others(guild_id, text, starting[0]):
                return None, (starting[0], *inside)[:MAX_AMBIGUOUS]
            return starting[0], ()
        respaced = self._respaced(guild_id, text)
        if respaced:
            several = tuple(respaced[:MAX_AMBIGUOUS])
            return (respaced[0], ()) if len(respaced) == 1 else (None, several)
        if (dated := self._dated(guild_id, text)) is not None:
            return dated, ()
        worded = self._with_words(guild_id, text, limit=2)
        if len(worded) > 1:
            worded = self._with_words(guild_id, text, MAX_AMBIGUOUS + 1)
            return None, tuple(worded[:MAX_AMBIGUOUS])
        if worded:
            return (worded[0], ()) if not _cuts_a_word(worded[0], text) else nothing
        if self._other_years(guild_id, text)[1]:
            return nothing  # find says which year the title has
        for rest in (_without_article(text), _without_search_words(text)):
            if rest is not None and (read := self._read(guild_id, rest)) != nothing:
                return read
        if first := self._first_of(guild_id, text):
            return (first[0], ()) if len(first) == 1 else (None, tuple(first[:MAX_AMBIGUOUS]))
        if initials := self._by_initials(guild_id, text):
            if len(initials) > 1:
                return None, tuple(initials[:MAX_AMBIGUOUS])
            if _norm(_undated(text), joined=True) not in COMMON_ENGLISH:
                return initials[0], ()
        return nothing

    def _first_of(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        """The films ``text`` names as the first of a series: its name whole, without a first
        film's number typed after it ("rocky 1", "toy story one"), newest first; only where
        a film here goes on from that name to a sequel's number (Rocky II). Without one, the
        film may not be the first meant ("dune 1" for Part One, with the 1984 film alone
        here): it is suggested, not answered."""
        rest = _without_first_number(text)
        if not rest or not (named := self._exactly(guild_id, rest)):
            return []
        ids = {entry.id for entry in named}
        following = self.starting_with(guild_id, rest, limit=DATED_CANDIDATES)
        if not any(entry.id not in ids and _before_its_number(entry, rest) for entry in following):
            return []
        return named

    def _dated(self, guild_id: int | None, text: str) -> FilmEntry | None:
        """The one film of the typed year whose title or alias starts with the name typed
        before it ("lll 2016", "solar 1972"): "title year" is a key of every film, but members
        date an alias or a title's start too, and the year tells a film from its remake."""
        match = TRAILING_YEAR.match(text.strip())
        if match is None:
            return None
        starting = self.starting_with(guild_id, match["name"], limit=DATED_CANDIDATES)
        if match["year"] is not None:
            dated = [entry for entry in starting if entry.year == int(match["year"])]
        else:  # "halloween 78": the year's last two digits
            dated = [entry for entry in starting if entry.year % 100 == int(match["short"])]
        return dated[0] if len(dated) == 1 else None

    def other_years(self, guild_id: int | None, text: str) -> str | None:
        """For a title, an alias or initials typed with a year none of its films has ("la la
        land 2017", "lotr 1999"): which films it names, with their years ("'la la land' is
        **La La Land (2016)**"), as a film option tells it (before ``GIVE_YEAR``); else None.
        Search says it where it finds nothing, as the film option does, of the rest of the
        text too where an article or a web search's words are passed over ("the la la land
        2017", "la la land movie 2017"), as ``find`` does."""
        for typed in (text, _without_article(text), _without_search_words(text)):
            if typed is not None and (
                told := self._titles_years(guild_id, typed) or self._initials_years(guild_id, typed)
            ):
                return told
        return None

    def _titles_years(self, guild_id: int | None, text: str) -> str | None:
        name, named = self._other_years(guild_id, text)
        if not named:
            return None
        names = ", ".join(_named(e) for e in series_sorted(named)[:MAX_AMBIGUOUS])
        return f"'{escape_text(name[:80])}' is {names}"

    def _initials_years(self, guild_id: int | None, text: str) -> str | None:
        dated = self._initials_dated(guild_id, text)
        if dated is None or not dated[2]:
            return None
        names = ", ".join(_named(e) for e in series_sorted(dated[2])[:MAX_AMBIGUOUS])
        return f"'{escape_text(dated[0][:80])}' are the initials of {names}"

    def _other_years(self, guild_id: int | None, text: str) -> tuple[str, list[FilmEntry]]:
        """The name typed before a trailing year, and the films it names exactly, none of
        them of that year ("la la land 2017"): the title right, the year wrong."""
        match = TRAILING_YEAR.match(text.strip())
        if match is None:
            return "", []
        return match["name"], self._exactly(guild_id, match["name"])

    def starting_with(self, guild_id: int | None, text: str, limit: int) -> list[FilmEntry]:
        """Up to ``limit`` films, in title order, with a title, "title year" or alias that starts
        with ``text`` (normalised)."""
        wanted = _norm(text)
        if not wanted:
            return []
        own, shared, unseen = self._own(guild_id), self._global, self._unseen(guild_id)
        found: dict[int, FilmEntry] = {}
        for scope in (own, shared):
            hidden = unseen if scope is shared else ()
            for entry in scope.starting(wanted, limit * 4):
                if not (hidden and entry.slug in hidden):
                    found.setdefault(entry.id, entry)
        if _LONE_DIGIT_END.search(wanted):
            # "avatar 2" starts "avatar 2009", its "title year": a sequel's number, not a year
            # being typed (two digits or more), so only a film a name of which starts so is
            # named by it (Frozen II by "frozen 2"), never the first film by its year.
            # A digit typed whole is no more the start of another sequel's number than a
            # numeral is ("oceans 1" of "oceans 11"), only of a title's own ("blade runner 2").
            found = {
                film_id: entry
                for film_id, entry in found.items()
                if any(
                    name.startswith(wanted) and not _another_number(name, wanted)
                    for name in _own_names(entry)
                )
            }
        if wanted.rpartition(" ")[2] in _ROMAN:
            # "rocky ii" starts "rocky iii", "episode i" "episode iv": a sequel's number typed
            # whole, not the start of another's, which would answer (its ending included)
            # a film the member did not name when theirs is not here.
            found = {
                film_id: entry
                for film_id, entry in found.items()
                if not all(_another_number(name, wanted) for name in _named_so(entry, wanted))
            }
        # A film whose own title starts so before one named so only by an alias: asked
        # which, the member sees first the films they most likely meant. In title order
        # (ids by rank, in C), each film asked whether its title starts so only until
        # ``limit`` have said yes: what sorting by (not title_starts, rank) keeps, where that
        # worked out every film's names (up to 48 films a keystroke for ``limit`` 6).
        titled: list[FilmEntry] = []
        named_otherwise: list[FilmEntry] = []
        for film_id in sorted(found, key=self._rank.__getitem__):
            entry = found[film_id]
            (titled if _title_starts(entry, wanted) else named_otherwise).append(entry)
            if len(titled) == limit:
                return titled
        return (titled + named_otherwise)[:limit]

    @property
    def _global(self) -> _Scope:
        return self._scopes.get(GLOBAL_SCOPE, _NO_FILMS)

    def _own(self, guild_id: int | None) -> _Scope:
        """The server's own films; none outside a server."""
        return self._scopes.get(guild_id, _NO_FILMS) if guild_id else _NO_FILMS

    def _title_order(self, entry: FilmEntry) -> int:
        return self._rank[entry.id]
