"""A film's *ending vocabulary*: the terms distinctive of its ``ending``-level text.

Built from the film's own content, with no word list about any film: a term (a word stem, or
two stems in a row) belongs to the vocabulary when it occurs in the film's ending-level text
(ending sections and items, FAQ answers, the final shot, inline ``||spans||``) and not in its
``none``/``plot`` text, and is not part of the film's title or aliases. So "Mia" (in the recap
too) is not a spoiler term, while "married" or "jazz club", said only where the ending is
explained, are.

A chat message about the film spoils its ending when it uses enough of those terms: one
two-stem term, one term of the ending's summary (the ending-level quick answer), or two other
distinctive terms that one sentence of the ending says together. Both sides are read the same
way (``bot.features.spoiler.words``): stems, British/American spelling, everyday synonyms ("dad"
is "father") and counts ("5 yrs" is "five years"), so a member's paraphrase meets the
explainer's wording.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import FilmEntry
from bot.db.models import Film, Item, Section
from bot.features.spoiler.words import (
    FILM_TALK,
    FUNCTION_WORDS,
    NUMBER_WORDS,
    canonical,
    skipped,
    stem,
    words,
)
from bot.levels import SectionKind, SpoilerLevel

__all__ = ["EndingVocabulary", "Vocabularies", "build", "stem", "terms"]

_INLINE = re.compile(r"\|\|(.+?)\|\|", re.DOTALL)
_CITATION = re.compile(r"\[\^\w+\]")
# Terms pair only within a sentence: across a full stop two words are not one statement.
_SENTENCE = re.compile(r"[.!?;:\n]+")
PAIR_WINDOW = 1
"""Stems this far apart, or closer, in a sentence (other words left out) make a two-stem term."""
_OWNER = frozenset({"my", "our"})


def terms(text: str) -> tuple[set[str], set[str]]:
    """The one-stem and two-stem terms of ``text``.

    Function and everyday words are left out (pairs are kept across them); a count and the
    word after it ("five years") make a two-stem term even when both are everyday words. The
    first word that counts after "my" or "our" is the writer's own life ("my dad"), not the
    film's, and is left out.
    """
    singles: set[str] = set()
    pairs: set[str] = set()
    for sentence in _SENTENCE.split(text):
        stems: list[str] = []
        owned = False
        counted: str | None = None
        for word in words(sentence):
            if not word:
                continue
            word = canonical(word)
            if counted is not None and word not in FUNCTION_WORDS:
                pairs.add(f"{counted} {stem(word)}")
                counted = None
            if word in NUMBER_WORDS:
                counted = word
                continue
            if word in _OWNER:
                owned = True
            if skipped(word):
                continue
            if owned:
                owned = False
                continue
            term = stem(word)
            if term not in FILM_TALK:
                singles.add(term)
            pairs.update(f"{before} {term}" for before in stems[-PAIR_WINDOW:] if before != term)
            stems.append(term)
    return singles, pairs


@dataclass(frozen=True)
class EndingVocabulary:
    """Each distinctive one-stem term with its weight, and the distinctive two-stem terms.

    A term of the film's ending summary (its ending-level quick answer) is central to the ending
    and weighs 2: alone it gives the ending away. Another distinctive term weighs 1 and needs a
    second from the same sentence of the ending; a two-stem term weighs 2.
    """

    singles: Mapping[str, int]
    pairs: frozenset[str]
    # Where each one-stem term is said: the numbers of the ending sentences using it.
    sentences: Mapping[str, frozenset[int]] = field(default_factory=dict)

    def matches(self, text: str) -> tuple[str, ...]:
        """The vocabulary's terms ``text`` uses, when they add up to an ending spoiler."""
        singles, pairs = terms(text)
        hit_pairs = sorted(pairs & self.pairs)
        hit_singles = sorted(term for term in singles if term in self.singles)
        score = 2 * len(hit_pairs) + sum(
            self.singles[term] for term in hit_singles if self.singles[term] >= SPOILS_AT
        )
        # Weak terms add up only where one sentence of the ending says them together: in a long
        # explainer, two words each said once somewhere are a coincidence; one fact restated
        # is not.
        weak = [
            self.sentences.get(term, frozenset())
            for term in hit_singles
            if self.singles[term] < SPOILS_AT
        ]
        if any(a & b for a, b in itertools.combinations(weak, 2)):
            score += SPOILS_AT
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
    where: dict[str, set[int]] = {}
    sentences = [sentence for text in ending for sentence in _SENTENCE.split(text)]
    for number, sentence in enumerate(sentences):
        singles, pairs = terms(sentence)
        pieces.update(singles)
        end_pairs |= pairs
        for term in singles:
            where.setdefault(term, set()).add(number)
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
    # stems is itself distinctive, or it is a count ("five years") the other text never gives.
    pairs = {
        pair
        for pair in end_pairs - seen_pairs
        if any(part in weights for part in pair.split(" ")) or pair.split(" ")[0] in NUMBER_WORDS
    }
    return EndingVocabulary(
        MappingProxyType(weights),
        frozenset(pairs),
        MappingProxyType({term: frozenset(where[term]) for term in weights}),
    )


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
