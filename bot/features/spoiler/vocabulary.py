"""A film's *ending vocabulary*: the terms distinctive of its ``ending``-level text.

Built from the film's own content, with no word list about any film: a term (a word stem, or
two stems in a row) belongs to the vocabulary when it occurs in the film's ending-level text
(ending sections and items, inline ``||spans||``) and not in its ``none``/``plot`` text, and is
not part of the film's title or aliases. So "Mia" (in the recap too) is not a spoiler term, while
"married" or "jazz club", said only where the ending is explained, are.

A chat message about the film spoils its ending when it uses enough of those terms: one
two-stem term, one term of the ending's summary (the ending-level quick answer), or two
other distinctive terms. Stems make "marries", "married" and "marrying"
one term. Common English function words never count (they carry no detail).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import FilmEntry
from bot.db.models import Film, Item, Section
from bot.levels import SectionKind, SpoilerLevel

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_INLINE = re.compile(r"\|\|(.+?)\|\|", re.DOTALL)
_CITATION = re.compile(r"\[\^\w+\]")
MIN_STEM = 3

# English function words: they occur in any text, so they never tell an ending apart. A
# property of the language, not of any film or corpus.
FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each else
    even ever every few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just me more most much my myself no nor
    not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under whether
    until up upon very was we were what when where which while who whom whose why will with
    would you your yours yet one ones thing things way get gets got go goes going gone make
    makes made still really""".split()  # noqa: SIM905 -- a word list reads better as text
)
# The most common English content words (everyday verbs, adjectives, adverbs and nouns): they
# are in every kind of text, so two of them in a message say nothing about an ending. Again a
# property of English, chosen without looking at any film or chat message.
COMMON_WORDS = frozenset(
    """able across actually ago ahead allow almost alone along already always another answer
    anyone anything anyway around ask asked away back bad became become becomes begin best
    better big bit came can't case certain change clear close come comes coming couldn't cry
    day days didn't different doesn't don't done each early easy either else enough entire
    entirely especially exactly fact far feel feeling feels felt find first five four friend
    friends full gave give given gives good great guess guy hand happen happened happens
    hard help hold home hope idea important instead isn't keep kind knew know known later
    least leave left less let lets life like line little live lives long longer look looked
    looks lot love main man many matter maybe mean meant might mind minute miss moment money
    month months move much music name need needs never new next nice night nothing notice
    number often old open order part people perhaps person place play point possible pretty
    put question quite rather read real reason right room run said say says second see seem
    seemed seems seen set several show side since small someone something sometimes soon
    sort start stay stop sure take taken takes talk tell thank think third though thought
    three time times today together told took toward try trying turn turned turns two
    understand used want wanted wants wasn't watch week well went whole without woman word
    words work world worth wrong year years yes young""".split()  # noqa: SIM905 -- a word list reads better as text
)
# Words about films in general: every explainer says them about every film.
FILM_TALK_WORDS = frozenset(
    """film films movie movies scene scenes ending end ends ended final finale last shot shots
    story character characters plot twist director audience viewer viewers watch watched
    explained explain means meaning""".split()  # noqa: SIM905 -- a word list reads better as text
)


def stem(word: str) -> str:
    """A light suffix-stripping stem: enough that inflections of a word meet."""
    word = word.casefold().replace("'", "")
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    for suffix in ("ingly", "edly", "ing", "ied", "ed", "er", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)] + ("y" if suffix == "ied" else "")
            break
    if word.endswith("e") and len(word) > MIN_STEM + 1:
        word = word[:-1]
    if word.endswith("y") and len(word) > MIN_STEM:
        word = word[:-1] + "i"
    # A doubled final consonant from an inflection ("stopped" -> "stopp") meets the base.
    if len(word) > MIN_STEM + 1 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]
    return word


def terms(text: str) -> tuple[set[str], set[str]]:
    """The one-stem and two-stem terms of ``text`` (function words dropped, pairs kept across)."""
    stems = [
        stem(word)
        for word in _WORD.findall(text)
        if word.casefold() not in _SKIPPED and len(word) >= MIN_STEM
    ]
    singles = {s for s in stems if s not in FILM_TALK_STEMS}
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(stems) if a != b}
    return singles, pairs


_SKIPPED = FUNCTION_WORDS | COMMON_WORDS
FILM_TALK_STEMS = frozenset(stem(word) for word in FILM_TALK_WORDS | COMMON_WORDS)


@dataclass(frozen=True)
class EndingVocabulary:
    """Each distinctive one-stem term with its weight, and the distinctive two-stem terms.

    A term of the film's ending summary (its ending-level quick answer) is central to the ending
    and weighs 2: alone it gives the ending away. Another distinctive term weighs 1 and needs a
    second; a two-stem term weighs 2.
    """

    singles: Mapping[str, int]
    pairs: frozenset[str]

    def matches(self, text: str) -> tuple[str, ...]:
        """The vocabulary's terms ``text`` uses, when they add up to an ending spoiler."""
        singles, pairs = terms(text)
        hit_pairs = sorted(pairs & self.pairs)
        hit_singles = sorted(term for term in singles if term in self.singles)
        score = 2 * len(hit_pairs) + sum(self.singles[term] for term in hit_singles)

        return (*hit_pairs, *hit_singles) if score >= SPOILS_AT else ()


SPOILS_AT = 2
EMPTY = EndingVocabulary({}, frozenset())


def build(
    ending: Iterable[str],
    other: Iterable[str],
    names: Iterable[str],
    summary: Iterable[str] = (),
) -> EndingVocabulary:
    """The terms of the ``ending`` texts found in none of the ``other`` texts or the names.

    ``summary``: the ending-level quick answer, the film's ending in a few sentences; its
    distinctive terms are the ending's central facts and weigh 2.
    """
    pieces: Counter[str] = Counter()
    end_pairs: set[str] = set()
    for text in ending:
        singles, pairs = terms(text)
        pieces.update(singles)
        end_pairs |= pairs
    central: set[str] = set()
    for text in summary:
        central |= terms(text)[0]
    seen_singles: set[str] = set()
    seen_pairs: set[str] = set()
    for text in (*other, *names):
        singles, pairs = terms(text)
        seen_singles |= singles
        seen_pairs |= pairs
    weights = {term: 2 if term in central else 1 for term in pieces if term not in seen_singles}
    # A pair counts only if it says something the other text does not: at least one of its
    # stems is itself distinctive.
    pairs = {
        pair for pair in end_pairs - seen_pairs if any(part in weights for part in pair.split(" "))
    }
    return EndingVocabulary(MappingProxyType(weights), frozenset(pairs))


def split_levels(text: str, level: SpoilerLevel) -> tuple[list[str], list[str]]:
    """(ending-level pieces, other pieces) of one text: inline spans count as ending."""
    text = _CITATION.sub(" ", text)
    spans = _INLINE.findall(text)
    rest = _INLINE.sub(" ", text)
    if level is SpoilerLevel.ENDING:
        return [rest, *spans], []
    return spans, [rest]


class Vocabularies:
    """Each film's ending vocabulary, built once per content revision and kept in memory."""

    def __init__(self) -> None:
        self._built: dict[tuple[int, str], EndingVocabulary] = {}

    def cached(self, entry: FilmEntry) -> EndingVocabulary | None:
        return self._built.get((entry.id, entry.revision))

    async def get(self, session: AsyncSession, entry: FilmEntry) -> EndingVocabulary:
        key = (entry.id, entry.revision)
        built = self._built.get(key)
        if built is None:
            built = await self._build(session, entry)
            if len(self._built) > 20_000:
                self._built.clear()
            self._built[key] = built
        return built

    async def _build(self, session: AsyncSession, entry: FilmEntry) -> EndingVocabulary:
        ending: list[str] = []
        other: list[str] = []
        summary: list[str] = []

        def add(text: str | None, level: str) -> list[str]:
            if not text:
                return []
            end, rest = split_levels(text, SpoilerLevel(level))
            ending.extend(end)
            other.extend(rest)
            return end

        film = await session.get(Film, entry.id)
        if film is not None:
            other.append(film.synopsis or "")
        sections = await session.scalars(select(Section).where(Section.film_id == entry.id))
        by_id = {}
        for section in sections:
            by_id[section.id] = section
            add(section.heading, section.heading_level)
            ended = add(section.body, section.level)
            if section.kind == SectionKind.QUICK_ANSWER:
                summary.extend(ended)
        items = await session.scalars(select(Item).where(Item.section_id.in_(list(by_id))))
        for item in items:
            add(item.heading, item.heading_level)
            add(item.body, item.level)
        return build(ending, other, (entry.title, *entry.aliases), summary)
