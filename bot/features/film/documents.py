"""Turn stored film content into documents: ordered blocks of text, each with its spoiler level."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from typing import TYPE_CHECKING

from bot.content.schema import FOOTNOTE
from bot.db.models import Film, Section, Source
from bot.labels import film_label
from bot.levels import SectionKind, SpoilerLevel
from bot.spoiler_policy.markup import (
    BARS,
    Treatment,
    bars_as_meant,
    has_bar_lookalikes,
    has_unpaired_bars,
    parse_spans,
    render_text,
)

if TYPE_CHECKING:
    from bot.features.film.film_text import FilmText, SectionText, SourceText

    StoredFilm = Film | FilmText
    """A film's texts: ORM rows, or the plain values answers read (``film_text``)."""


class Topic(enum.StrEnum):
    """What a command shows of a film; the value is also stored with persistent buttons."""

    QUICK = "quick"
    ENDING = "ending"
    RECAP = "recap"
    THEMES = "themes"
    SYMBOLISM = "symbolism"
    FAQ = "faq"

    @property
    def kinds(self) -> tuple[SectionKind, ...]:
        return _TOPIC_KINDS[self]

    @property
    def label(self) -> str:
        return _TOPIC_LABELS[self]


_TOPIC_KINDS = {
    Topic.QUICK: (SectionKind.QUICK_ANSWER,),
    Topic.ENDING: (SectionKind.ENDING, SectionKind.FINAL_SHOT, SectionKind.NOTES),
    Topic.RECAP: (SectionKind.RECAP,),
    Topic.THEMES: (SectionKind.THEMES,),
    Topic.SYMBOLISM: (SectionKind.SYMBOLISM,),
    Topic.FAQ: (SectionKind.FAQ,),
}
_TOPIC_NOUNS = {
    Topic.QUICK: "quick answer",
    Topic.ENDING: "explanation of its ending",
    Topic.RECAP: "plot recap",
    Topic.THEMES: "themes",
    Topic.SYMBOLISM: "symbolism",
    Topic.FAQ: "FAQ",
}
"""Each topic as the object of a sentence ("… has no plot recap yet"); its label is a heading."""
_TOPIC_LABELS = {
    Topic.QUICK: "Quick answer",
    Topic.ENDING: "The ending explained",
    Topic.RECAP: "Plot recap",
    Topic.THEMES: "Themes",
    Topic.SYMBOLISM: "Symbolism",
    Topic.FAQ: "FAQ",
}


@dataclass(frozen=True)
class Block:
    text: str
    level: SpoilerLevel
    heading: bool = False

    @cached_property
    def effective_level(self) -> SpoilerLevel:
        """Inline ``||spans||`` count as ending, so a plain block with one still has spoilers.
        (Kept: a block's level is asked for by its document, its citations and its render.)"""
        return effective_level(self.text, self.level)


def effective_level(text: str, level: SpoilerLevel) -> SpoilerLevel:
    """``level``, raised to ending by inline ``||spans||`` (or unpaired bars) in ``text``."""
    if level is SpoilerLevel.ENDING or (BARS not in text and not has_bar_lookalikes(text)):
        # Nothing is above ending, and text without bars has no span: most texts are read no
        # further.
        return level
    return SpoilerLevel.highest(level, _inline_level(bars_as_meant(text)))


def _inline_level(text: str) -> SpoilerLevel:
    if any(segment.inline_spoiler for segment in parse_spans(text)) or has_unpaired_bars(text):
        # Unclosed bars count too: stored before content files refused them, they still mean
        # the author wanted something hidden (``render_text`` hides the whole text).
        return SpoilerLevel.ENDING
    return SpoilerLevel.NONE


@dataclass(frozen=True)
class CitedSource:
    number: int
    author: str
    outlet: str | None
    title: str
    url: str | None
    # The most a text citing it gives away: a source is hidden like the text it supports.
    level: SpoilerLevel = SpoilerLevel.NONE

    # A source's words (author, outlet, title, URL) are text no level governs, whoever cites
    # it: an "ending explained" article's headline or slug states the twist ("Why Mia marries
    # Greg"), and an importer's misread can put a headline's words in its author or outlet,
    # even when only a spoiler-free synopsis cites it. They are shown as an ending is (open
    # only to a reader who may read it, else behind bars or withheld: ``rendered``); its
    # number, as the citing text.

    @cached_property
    def effective_level(self) -> SpoilerLevel:
        """Where the source is listed at all: as the most revealing text citing it."""
        return effective_level(self.line, self.level)

    @property
    def words(self) -> str:
        outlet = f", {self.outlet}" if self.outlet else ""
        url = f" {self.url}" if self.url else ""
        return f"{self.author}{outlet}: {self.title}{url}"

    @property
    def line(self) -> str:
        return f"[{self.number}] {self.words}"

    def rendered(self, treatment: Treatment, *, inline: Treatment, pointer: str) -> str:
        """The source's line at ``treatment`` (where it is listed), its words at ``inline``
        (the ending's treatment) or more hidden; withheld, only its number is left."""
        number = _rendered_number(self.number, treatment, inline)
        words_treatment = inline.at_least(treatment)
        if words_treatment is Treatment.WITHHOLD:
            return f"{number} {render_text('…', treatment, inline_treatment=inline, pointer='')}"
        words = render_text(self.words, words_treatment, inline_treatment=inline, pointer=pointer)
        return f"{number} {words}"


@lru_cache(maxsize=1024)
def _rendered_number(number: int, treatment: Treatment, inline: Treatment) -> str:
    """A source's number as its line shows it: the same few numbers and treatments come with
    every answer's sources, and a render is a pure function of them."""
    return render_text(f"[{number}]", treatment, inline_treatment=inline, pointer="")


@dataclass(frozen=True)
class Document:
    """A titled answer; the title is shown where Discord cannot hide text, so it is safe."""

    title: str
    blocks: tuple[Block, ...]
    sources: tuple[CitedSource, ...] = ()

    @property
    def has_spoilers(self) -> bool:
        # A listed source's words are shown as an ending is (``CitedSource.rendered``).
        return bool(self.sources) or any(
            b.effective_level is not SpoilerLevel.NONE for b in self.blocks
        )

    @property
    def empty(self) -> bool:
        return not self.blocks

    @property
    def size(self) -> int:
        """Characters of text, sources included: what rendering it costs grows with."""
        return sum(len(block.text) for block in self.blocks) + sum(
            len(source.line) for source in self.sources
        )


def section_blocks(section: Section | SectionText, *, with_kind_heading: bool) -> list[Block]:
    level = _level(section.level)
    blocks: list[Block] = []
    if section.heading:
        blocks.append(Block(section.heading, _level(section.heading_level), heading=True))
    elif with_kind_heading:
        blocks.append(Block(SectionKind(section.kind).label, SpoilerLevel.NONE, heading=True))
    if section.body:
        blocks.append(Block(section.body, level))
    for item in section.items:
        blocks.append(Block(item.heading, _level(item.heading_level), heading=True))
        blocks.append(Block(item.body, _level(item.level)))
    return blocks


def _level(stored: str) -> SpoilerLevel:
    """A stored level, by a table lookup (an enum call costs several times more); a value
    that is no level is refused as ``SpoilerLevel(stored)`` refuses it."""
    return _LEVELS.get(stored) or SpoilerLevel(stored)


def citation_levels(blocks: Iterable[Block]) -> dict[int, SpoilerLevel]:
    """Each cited source number, at the highest level of a block that cites it."""
    ranks: dict[int, int] = {}
    for block in blocks:
        if "[^" not in block.text:  # in every footnote marker: most blocks cite nothing
            continue
        numbers = FOOTNOTE.findall(block.text)
        if not numbers:
            continue
        # Ranks compared, not levels (``SpoilerLevel.highest`` per marker was a fifth of a
        # first answer's document).
        rank = block.effective_level.rank
        for number in numbers:
            if ranks.get(cited := int(number), -1) < rank:
                ranks[cited] = rank
    return {number: _BY_RANK[rank] for number, rank in ranks.items()}


def film_citation_levels(film: StoredFilm) -> dict[int, SpoilerLevel]:
    """``citation_levels`` of every text of a fully loaded film (its synopsis, and each
    section's heading, body and items), read off the stored texts: only a text with a footnote
    marker cites, and few do, so no block is built for the rest."""
    ranks: dict[int, int] = {}
    for text, stored in _citing_texts(film):
        numbers = FOOTNOTE.findall(text)
        if not numbers:
            continue
        level = _LEVELS.get(stored) or SpoilerLevel(stored)  # a level not stored is refused
        rank = effective_level(text, level).rank
        for number in set(numbers):
            if ranks.get(int(number), -1) < rank:
                ranks[int(number)] = rank
    return {number: _BY_RANK[rank] for number, rank in ranks.items()}


def _kind(stored: str) -> SectionKind:
    """A stored section kind, as ``_level`` reads a level: by a table lookup, refusing a value
    that is no kind as ``SectionKind(stored)`` refuses it."""
    return _KINDS.get(stored) or SectionKind(stored)


_KINDS = {kind.value: kind for kind in SectionKind}
_LEVELS = {level.value: level for level in SpoilerLevel}
_BY_RANK = {level.rank: level for level in SpoilerLevel}


def _citing_texts(film: StoredFilm) -> Iterator[tuple[str, str]]:
    """The film's texts that hold a footnote marker (``[^``), each with its stored level."""
    if film.synopsis and "[^" in film.synopsis:
        yield film.synopsis, SpoilerLevel.NONE
    for section in film.sections:
        if section.heading and "[^" in section.heading:
            yield section.heading, section.heading_level
        if section.body and "[^" in section.body:
            yield section.body, section.level
        for item in section.items:
            if "[^" in item.heading:
                yield item.heading, item.heading_level
            if "[^" in item.body:
                yield item.body, item.level


def cited_sources(
    blocks: Iterable[Block],
    sources: Iterable[Source | SourceText],
    film_levels: Callable[[], Mapping[int, SpoilerLevel]],
) -> tuple[CitedSource, ...]:
    """The sources the blocks cite, each as revealing as the most revealing text *anywhere in the
    film* that cites it (``film_levels``, from ``film_citation_levels``): a source cited once by
    the ending names an article that may state the twist, whichever answer lists it.

    ``film_levels`` is asked for only when a source cited here is below ending here: an ending's
    sources are all ending already, and nothing elsewhere can make them more revealing."""
    cited = citation_levels(blocks)
    whole_film: Mapping[int, SpoilerLevel] | None = None
    listed: list[CitedSource] = []
    for s in sources:
        if (level := cited.get(s.number)) is None:
            continue
        if level is not SpoilerLevel.ENDING:
            if whole_film is None:
                whole_film = film_levels()
            level = SpoilerLevel.highest(level, whole_film.get(s.number, SpoilerLevel.ENDING))
        listed.append(CitedSource(s.number, s.author, s.outlet, s.title, s.url, level))
    return tuple(listed)


def topic_document(
    film: StoredFilm,
    topic: Topic,
    question: int | None = None,
    *,
    film_levels: Callable[[], Mapping[int, SpoilerLevel]] | None = None,
) -> Document:
    """The document for ``topic``; for the FAQ, one question (0-based) or all of them.

    ``film_levels``: gives the citation levels of the whole film (``film_citation_levels``),
    when the caller keeps them (``FilmText.citation_levels``); by default they are worked out
    from ``film`` itself, if a source needs them (``cited_sources``).
    """
    sections = [s for s in film.sections if _kind(s.kind) in topic.kinds]
    blocks: list[Block] = []
    if topic is Topic.FAQ and question is not None:
        for section in sections:
            if 0 <= question < len(section.items):
                item = section.items[question]
                blocks.append(Block(item.heading, SpoilerLevel(item.heading_level), heading=True))
                blocks.append(Block(item.body, SpoilerLevel(item.level)))
    else:
        several = len(sections) > 1
        for section in sections:
            blocks.extend(section_blocks(section, with_kind_heading=several))
    return Document(
        title=f"{film_label(film)} · {topic.label}",
        blocks=tuple(blocks),
        sources=cited_sources(
            blocks,
            film.sources,
            partial(film_citation_levels, film) if film_levels is None else film_levels,
        ),
    )


def available_topics(film: StoredFilm) -> list[Topic]:
    return topics_of(s.kind for s in film.sections)


def topics_of(kinds: Iterable[str]) -> list[Topic]:
    """The topics a film with sections of ``kinds`` (``SectionKind`` values) answers."""
    present = {SectionKind(kind) for kind in kinds}
    return [topic for topic in Topic if present & set(topic.kinds)]


def missing_topic(label: str, topic: Topic, present: Iterable[Topic]) -> str:
    """Why ``topic`` cannot be answered for the film ``label`` (markdown), and what can."""
    others = [f"`/film {other.value}`" for other in present if other is not topic]
    offer = (
        f" Explained so far: {', '.join(others)}." if others else " Nothing else is explained yet."
    )
    return f"{label} has no {_TOPIC_NOUNS[topic]} yet.{offer}"
