"""Each film's ending vocabulary, kept in memory, and the catalog-wide frequencies it is built with.

A word's weight depends on the films around it. Each server's catalog gives document frequencies
(``CatalogTerms``: how many films use each stem, over a sample of at most ``FREQUENCY_SAMPLE``
films): a stem used by a quarter of the films or more ("dies", "married", "burns") says little
about any one of them (``bot.features.spoiler.vocabulary`` says how such a term is weighed). The
frequencies follow the catalog: vocabularies are kept per film revision *and* catalog sample
(``Vocabularies``), so a film added, changed or removed gives new frequencies and new
vocabularies. A film's texts are read as plain values (``bot.features.film.film_text``, two
statements however many films) and split by spoiler level; reading and stemming a whole sample,
and building a long explainer's vocabulary, happen in worker threads.
"""

from __future__ import annotations

import asyncio
import functools
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

from bot.catalog import FilmEntry
from bot.db.reads import Reads
from bot.features.film.film_text import FilmText, read_film_texts
from bot.features.spoiler.vocabulary import EMPTY, EndingVocabulary
from bot.features.spoiler.vocabulary_build import build, split_levels
from bot.features.spoiler.words import FILM_TALK, canonical, skipped, stem, words
from bot.levels import SectionKind, SpoilerLevel

__all__ = ["FREQUENCY_SAMPLE", "NO_CATALOG", "CatalogTerms", "Vocabularies", "sample"]


FREQUENCY_SAMPLE = 128
"""Films whose words the catalog-wide frequencies are counted over, at most: a share of a
quarter is estimated from a hundred films within a few points, and reading them stays cheap
(about a quarter of a second for explainers as long as La La Land's, once per process; after
that only films that changed are read)."""
FREQUENT_SHARE = 0.25
"""A stem used by this share of the films (or more) says little about any one of them."""
FREQUENT_FILMS = 3
"""...and by this many films at least: in a catalog of two films, every shared word is not
"frequent"."""


@dataclass(frozen=True)
class CatalogTerms:
    """How many films of a catalog use each stem (in any of their text), over a sample of
    ``FREQUENCY_SAMPLE`` films; ``key`` names the sample (films and their revisions)."""

    films: int
    counts: Mapping[str, int]
    key: int

    @functools.cached_property
    def frequent(self) -> frozenset[str]:
        """Stems used by at least ``FREQUENT_SHARE`` of the films and ``FREQUENT_FILMS``."""
        least = max(FREQUENT_FILMS, math.ceil(FREQUENT_SHARE * self.films))
        return frozenset(term for term, count in self.counts.items() if count >= least)


NO_CATALOG = CatalogTerms(0, MappingProxyType({}), 0)


def sample(films: Iterable[FilmEntry]) -> list[FilmEntry]:
    """The films the frequencies are counted over: ``FREQUENCY_SAMPLE`` of them, chosen by
    content revision (a hash, so as good as random) and the same whoever asks."""
    # The smallest few without sorting them all: 10 ms at 100k films, where sorting took 100.
    return heapq.nsmallest(FREQUENCY_SAMPLE, films, key=lambda entry: (entry.revision, entry.id))


@dataclass(frozen=True)
class FilmTexts:
    ending: list[str]
    other: list[str]
    summary: list[str]
    people: list[str]

    def stems(self) -> frozenset[str]:
        """Every stem the film's text uses, at any level, as ``terms`` reads one-stem terms
        (without its pairs, which frequencies do not need)."""
        found: set[str] = set()
        for text in (*self.ending, *self.other):
            for word in {canonical(word) for word in words(text) if word}:
                if not skipped(word):
                    found.add(stem(word))
        return frozenset(found - FILM_TALK)


class Vocabularies:
    """Each film's ending vocabulary, built once per content revision and catalog, in memory.

    A vocabulary depends on the film and on the catalog around it (``CatalogTerms``): it is
    kept under the film's id and revision and the catalog sample's key, so a film added,
    changed or removed anywhere in the sample gives new frequencies, and the vocabularies built
    with the old ones are no longer used. Each film's stems are kept by id and revision, so
    new frequencies read only the films that changed.
    """

    def __init__(self) -> None:
        self._built: dict[tuple[int, str, int], EndingVocabulary] = {}
        self._stems: dict[tuple[int, str], frozenset[str]] = {}
        # Per server: (the catalog generation, its films' frequencies).
        self._catalogs: dict[int | None, tuple[int, CatalogTerms]] = {}

    def catalog(self, guild_id: int | None, generation: int) -> CatalogTerms | None:
        """The frequencies worked out for the server's films at ``generation``, if they were."""
        known = self._catalogs.get(guild_id)
        return known[1] if known is not None and known[0] == generation else None

    def cached(
        self, entry: FilmEntry, catalog: CatalogTerms = NO_CATALOG
    ) -> EndingVocabulary | None:
        return self._built.get((entry.id, entry.revision, catalog.key))

    async def frequencies(
        self,
        reads: Reads,
        guild_id: int | None,
        generation: int,
        films: Iterable[FilmEntry],
    ) -> CatalogTerms:
        """How many of the server's ``films`` (at catalog ``generation``) use each stem."""
        known = self.catalog(guild_id, generation)
        if known is not None:
            return known
        chosen = sample(films)
        key = hash(tuple((entry.id, entry.revision) for entry in chosen))
        shared = next((c for _g, c in self._catalogs.values() if c.key == key), None)
        if shared is None:
            counts: Counter[str] = Counter()
            for stems in await self._stems_of(reads, chosen):
                counts.update(stems)
            shared = CatalogTerms(len(chosen), MappingProxyType(dict(counts)), key)
            live = {(entry.id, entry.revision) for entry in chosen}
            if len(self._stems) > 4 * FREQUENCY_SAMPLE:
                self._stems = {k: v for k, v in self._stems.items() if k in live}
        if len(self._catalogs) > 1000:
            self._catalogs.clear()
        self._catalogs[guild_id] = (generation, shared)
        return shared

    async def get(
        self, reads: Reads, entry: FilmEntry, catalog: CatalogTerms = NO_CATALOG
    ) -> EndingVocabulary:
        key = (entry.id, entry.revision, catalog.key)
        built = self._built.get(key)
        if built is None:
            film = (await reads(partial(read_film_texts, film_ids=[entry.id]))).get(entry.id)
            if film is None or not film.is_version(entry.guild_id, entry.slug):
                return EMPTY  # removed since the catalog named it: nothing of it to guard
            # A long explainer takes tens of milliseconds to read through: off the event loop.
            built = await asyncio.to_thread(_build, film, entry, catalog)
            if len(self._built) > 20_000:
                self._built.clear()
            self._built[key] = built
        return built

    async def _stems_of(self, reads: Reads, entries: list[FilmEntry]) -> list[frozenset[str]]:
        """Each film's stems, read from the database only for films not read before (in one
        go: two statements however many films)."""
        missing = [entry for entry in entries if (entry.id, entry.revision) not in self._stems]
        if missing:
            # Reading and stemming a sample of long explainers takes a good part of a second:
            # in worker threads, so answers and other messages are not held up behind it.
            read = await reads.in_thread(
                partial(read_film_texts, film_ids=[entry.id for entry in missing])
            )
            stems = await asyncio.to_thread(
                lambda: {film_id: texts_by_level(film).stems() for film_id, film in read.items()}
            )
            for entry in missing:
                self._stems[(entry.id, entry.revision)] = stems.get(entry.id, frozenset())
        return [self._stems[(entry.id, entry.revision)] for entry in entries]


def _build(film: FilmText, entry: FilmEntry, catalog: CatalogTerms) -> EndingVocabulary:
    texts = texts_by_level(film)
    return build(
        texts.ending,
        texts.other,
        (entry.title, *entry.aliases),
        texts.summary,
        texts.people,
        catalog.frequent,
    )


def texts_by_level(film: FilmText) -> FilmTexts:
    """A film's texts split by spoiler level: its ending-level text (inline ``||spans||``
    included, and each who/what/why question joined to the first sentence of its ending-level
    answer), the rest, the ending-level quick answer, and the people it credits."""
    texts = FilmTexts([], [film.synopsis], [], [*filter(None, [film.director]), *film.cast])
    texts.people.extend(source.author for source in film.sources)

    def add(text: str | None, level: str) -> list[str]:
        if not text:
            return []
        end, rest = split_levels(text, SpoilerLevel(level))
        texts.ending.extend(end)
        texts.other.extend(rest)
        return end

    for section in film.sections:
        add(section.heading, section.heading_level)
        ended = add(section.body, section.level)
        if section.kind == SectionKind.QUICK_ANSWER:
            texts.summary.extend(ended)
        for item in section.items:
            add(item.heading, item.heading_level)
            answer = add(item.body, item.level)
            if answer and item.heading and _WH_QUESTION.match(item.heading):
                # "Who betrays the crew?" "Both Wes and Nico.": the question with its answer
                # is one sentence of the ending ("Wes and Nico betray the crew").
                first = _FIRST_SENTENCE.match(answer[0])
                texts.ending.append(f"{item.heading.rstrip(' ?')} {first.group() if first else ''}")
    return texts


_WH_QUESTION = re.compile(r"\s*(?:who|what|why|how|where|which)\b[^?]*\?\s*$", re.IGNORECASE)
"""A question its answer completes into a statement; "Is June dead?" may be answered "No"."""
_FIRST_SENTENCE = re.compile(r"[^.!?\n]*")
