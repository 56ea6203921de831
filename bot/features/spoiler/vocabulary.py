"""A film's *ending vocabulary*: the terms distinctive of its ``ending``-level text.

Built from the film's own content, with no word list about any film: a term (a word stem, or
two stems in a row) belongs to the vocabulary when it occurs in the film's ending-level text
(ending sections and items, FAQ answers, the final shot, inline ``||spans||``) and not in its
``none``/``plot`` text, and is not part of the film's title or aliases. So "Mia" (in the recap
too) is not a spoiler term, while "married" or "jazz club", said only where the ending is
explained, are.

A chat message about the film spoils its ending when it uses enough of those terms: one
two-stem term, one term of the ending's summary (the ending-level quick answer), or two other
distinctive terms that one sentence of the ending says together.

Twists are often told with words the plot already uses ("the housekeeper IS edith"): the spoiler
is a *relation*. So the vocabulary also keeps the pairs of plot-level words that one sentence of
the ending says together and no sentence of the other text does. A message saying such a pair
close together spoils when a link joins them ("is", "was", "=", "turns out"); said close together
without one, it counts as one weak term. A message that asks, guesses or says it won't tell
(``words.hedged``) needs twice the evidence: "who is the killer?" uses the ending's word without
giving the ending, while "wait so the housekeeper was edith??" still states the relation.

Some ending text is no event of the film: a sentence naming the director, the cast or a cited
author is commentary ("Chazelle has said this bittersweet ending...") and gives no terms, as its
words are those of reviews. And two everyday words in a row ("jazz club": both among the 5,000
commonest English words, ``words.COMMON_STEMS``) are said in any chat, so such a pair is one weak
term: it needs another word of the same ending sentence, with no stem in common.

Both sides are read the same way (``bot.features.spoiler.words``): stems, British/American
spelling, everyday synonyms ("dad" is "father") and counts ("5 yrs" is "five years"), so a
member's paraphrase meets the explainer's wording.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import FilmEntry
from bot.db.models import Film, Item, Section, Source
from bot.features.spoiler.words import (
    COMMON_ENGLISH,
    COMMON_STEMS,
    FILM_TALK,
    FUNCTION_WORDS,
    MIN_LENGTH,
    NUMBER_WORDS,
    WORD,
    canonical,
    hedged,
    skipped,
    spoken,
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
RELATION_GAP = 4
"""Words between the two words of a relation in a message, at most: further apart, they are
two remarks, not one statement."""
# English words that state identity or what something turned out to be: "X is Y", "X was Y all
# along", "X turns out to be Y", "X = Y". Negated forms too: "her husband isn't seb" states a
# relation as surely.
LINKS = frozenset(
    """is was were are be been being became become becomes isnt wasnt arent werent aint
    turns turned turn actually really""".split()  # noqa: SIM905 -- a word list reads better as text
)
_LINK_SIGNS = ("=", "->", "→")


def _content(sentence: str) -> list[tuple[int, str, str, int, int]]:
    """(word number, stem, spoken word, start, end) of each word of ``sentence``; the stem is
    empty for words that carry no detail."""
    out = []
    for number, match in enumerate(WORD.finditer(sentence)):
        word = spoken(match.group())
        canon = canonical(word) if word else ""
        term = "" if not canon or skipped(canon) else stem(canon)
        out.append((number, term, word, match.start(), match.end()))
    return out


def _cooccurring(sentence: str) -> set[tuple[str, str]]:
    present = sorted({term for _, term, *_ in _content(sentence) if term and term not in FILM_TALK})
    return set(itertools.combinations(present, 2))


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
    # Plot-level stems (sorted pairs) only the ending says in one sentence: its relations.
    relations: frozenset[tuple[str, str]] = frozenset()

    def related(self, text: str) -> tuple[list[str], list[str]]:
        """The ending's relations ``text`` states: (linked "a = b", said together "a ~ b")."""
        linked: list[str] = []
        near: list[str] = []
        if not self.relations:
            return linked, near
        for sentence in _SENTENCE.split(text):
            tokens = _content(sentence)
            said = [token for token in tokens if token[1]]
            for i, first in enumerate(said):
                for second in said[i + 1 :]:
                    if second[0] - first[0] > RELATION_GAP + 1:
                        break
                    a, b = sorted((first[1], second[1]))
                    if (a, b) not in self.relations:
                        continue
                    between = tokens[first[0] + 1 : second[0]]
                    if any(token[2] in LINKS for token in between) or any(
                        sign in sentence[first[4] : second[3]] for sign in _LINK_SIGNS
                    ):
                        linked.append(f"{a} = {b}")
                    else:
                        near.append(f"{a} ~ {b}")
        return linked, near

    def matches(self, text: str) -> tuple[str, ...]:
        """The vocabulary's terms ``text`` uses, when they add up to an ending spoiler."""
        singles, pairs = terms(text)
        hit_pairs = sorted(pairs & self.pairs)
        # Two everyday words in a row ("jazz club") are said in any chat: such a pair is one weak
        # term, not an ending on its own. A count ("five years") is a detail however common.
        everyday = [pair for pair in hit_pairs if _everyday(pair)]
        hit_pairs = [pair for pair in hit_pairs if pair not in everyday]
        hit_singles = sorted(term for term in singles if term in self.singles)
        score = 2 * len(hit_pairs) + sum(
            self.singles[term] for term in hit_singles if self.singles[term] >= SPOILS_AT
        )
        # Weak terms add up only where one sentence of the ending says them together: in a long
        # explainer, two words each said once somewhere are a coincidence; one fact restated
        # is not.
        # Each weak item: (its stems, the ending sentences saying it). Two of them add up when
        # one sentence says both and they share no stem: "jazz club" and "club" are one word
        # said twice, not two facts.
        weak = [
            ({term}, self.sentences.get(term, frozenset()))
            for term in hit_singles
            if self.singles[term] < SPOILS_AT
        ] + [(set(pair.split(" ")), self.sentences.get(pair, frozenset())) for pair in everyday]
        if any(a[1] & b[1] and not a[0] & b[0] for a, b in itertools.combinations(weak, 2)):
            score += SPOILS_AT
        linked, near = self.related(text)
        # A stated relation is a fact of the ending; two related words said together are one
        # weak term, which any other term of the ending completes.
        score += SPOILS_AT * len(linked)
        if near:
            score += 1 + bool(weak or hit_pairs or len(near) > 1)
        needed = 2 * SPOILS_AT if hedged(text) else SPOILS_AT
        found = (*hit_pairs, *everyday, *hit_singles, *linked, *near)
        return found if score >= needed else ()


def _everyday(pair: str) -> bool:
    first, second = pair.split(" ")
    return first not in NUMBER_WORDS and first in COMMON_STEMS and second in COMMON_STEMS


SPOILS_AT = 2
EMPTY = EndingVocabulary({}, frozenset())


def _credited(people: Iterable[str]) -> Callable[[str], bool]:
    """Whether a sentence names one of ``people`` (director, cast, cited authors): by surname
    when it is no everyday word ("Chazelle"), else by the whole name ("Emma Stone")."""
    surnames: set[str] = set()
    full: list[list[str]] = []
    for person in people:
        parts = [word for word in words(person) if word]
        if not parts:
            continue
        if len(parts[-1]) >= MIN_LENGTH and parts[-1] not in COMMON_ENGLISH:
            surnames.add(parts[-1])
        else:
            full.append(parts)

    def names(sentence: str) -> bool:
        said = [word for word in words(sentence) if word]
        if surnames.intersection(said):
            return True
        return any(
            said[at : at + len(parts)] == parts
            for parts in full
            for at in range(len(said) - len(parts) + 1)
        )

    return names


def build(
    ending: Iterable[str],
    other: Iterable[str],
    names: Iterable[str],
    summary: Iterable[str] = (),
    people: Iterable[str] = (),
) -> EndingVocabulary:
    """The terms of the ``ending`` texts found in none of the ``other`` texts or the names.

    ``summary``: the ending-level quick answer, the film's ending in a few sentences; its
    distinctive terms are the ending's central facts and weigh 2. ``people``: the film's
    director, cast and cited authors; an ending sentence naming one of them is commentary on
    the film ("Chazelle has said this bittersweet ending..."), not an event of it, and its
    words are left out: they are the words of reviews and reactions, not of spoilers.
    """
    pieces: Counter[str] = Counter()
    end_pairs: set[str] = set()
    where: dict[str, set[int]] = {}
    commentary = _credited(people)
    sentences = [
        sentence
        for text in ending
        for sentence in _SENTENCE.split(text)
        if not commentary(sentence)
    ]
    for number, sentence in enumerate(sentences):
        singles, pairs = terms(sentence)
        pieces.update(singles)
        end_pairs |= pairs
        for term in singles | pairs:
            where.setdefault(term, set()).add(number)
    central: set[str] = set()
    for text in summary:
        for sentence in _SENTENCE.split(text):
            if not commentary(sentence):
                central |= terms(sentence)[0]
    seen_singles: set[str] = set()
    seen_pairs: set[str] = set()
    said_together: set[tuple[str, str]] = set()
    for text in (*other, *names):
        singles, pairs = terms(text)
        seen_singles |= singles
        seen_pairs |= pairs
        for sentence in _SENTENCE.split(text):
            said_together |= _cooccurring(sentence)
    named = {term for name in names for _, term, *_ in _content(name) if term}
    # Relations: plot-level words (not the title's) that the ending says in one sentence and
    # the rest of the text never does.
    relations = {
        pair
        for sentence in sentences
        for pair in _cooccurring(sentence)
        if pair not in said_together
        and all(part in seen_singles and part not in named for part in pair)
    }
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
        MappingProxyType({term: frozenset(where[term]) for term in (*weights, *pairs)}),
        frozenset(relations),
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
        people: list[str] = []
        if film is not None:
            other.append(film.synopsis or "")
            people = [*filter(None, [film.director]), *film.cast]
            sources = await session.scalars(select(Source.author).where(Source.film_id == film.id))
            people.extend(sources)
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
        return build(ending, other, (entry.title, *entry.aliases), summary, people)
