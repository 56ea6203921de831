"""A source's level read off a film's stored texts is the level its citing blocks give it.

``film_citation_levels`` looks only at texts holding a footnote marker and builds no block; here
it is checked against the definition it stands in for: ``citation_levels`` over a block for
every text of the film, each block's level raised by any inline spoiler in it.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.features.film.documents import (
    Block,
    Topic,
    citation_levels,
    effective_level,
    film_citation_levels,
    section_blocks,
    topic_document,
)
from bot.features.film.film_text import FilmText, ItemText, SectionText, SourceText
from bot.levels import SectionKind, SpoilerLevel
from bot.spoiler_policy.markup import bars_as_meant, has_unpaired_bars, parse_spans
from tests.support.discord_markdown import author_text
from tests.support.hypothesis_profiles import examples

CASES = examples(1000)
FILM_CASES = examples(600)
"""Whole generated films (sections, items, author text) cost about 40 ms an example: CI's half
keeps the two film-wide properties at about 12 s each, where 1,000 took 40 s each."""
levels = st.sampled_from([level.value for level in SpoilerLevel])
SOURCES = (1, 2, 3, 12)
footnotes = st.sampled_from(["[^1]", "[^2]", "[^12]", "[^ 3]", "[^x]", "[^", "[1]"])


# Strategies made once, not inside each draw (each new one was validated again): the same
# strategies, so the same examples.
_pieces = st.lists(st.one_of(author_text(max_parts=2), footnotes), max_size=5)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Author text (spans, unpaired bars, noise) with footnote markers, real or not, in it."""
    pieces = draw(_pieces)
    return " ".join(pieces)


_kinds = st.sampled_from(list(SectionKind))
_maybe_texts = st.one_of(st.none(), st.just(""), texts())
_item_counts = st.integers(0, 3)
_section_counts = st.integers(0, 4)
_texts = texts()


@st.composite
def films(draw: st.DrawFn) -> FilmText:
    sections = tuple(
        SectionText(
            kind=draw(_kinds).value,
            level=draw(levels),
            heading=draw(_maybe_texts),
            heading_level=draw(levels),
            body=draw(_maybe_texts),
            items=tuple(
                ItemText(draw(_texts), draw(levels), draw(levels), draw(_texts))
                for _ in range(draw(_item_counts))
            ),
        )
        for _ in range(draw(_section_counts))
    )
    return FilmText(
        id=1,
        slug="film",
        title="Film",
        year=2000,
        aliases=(),
        director=None,
        cast=(),
        content_hash="0",
        synopsis=draw(_texts),
        sections=sections,
        sources=tuple(SourceText(n, f"Critic {n}", None, f"Essay {n}", None) for n in SOURCES),
    )


def every_block(film: FilmText) -> list[Block]:
    """A block for every text of the film, as answers show them: the synopsis, then each
    section's heading, body and items."""
    blocks = [Block(film.synopsis, SpoilerLevel.NONE)]
    for section in film.sections:
        blocks += section_blocks(section, with_kind_heading=False)
    return blocks


def level_by_definition(text: str, level: SpoilerLevel) -> SpoilerLevel:
    """Inline spans and unpaired bars count as ending, whatever the text's own level, read as
    the author meant them (``bars_as_meant``: other markup, look-alike or escaped bars, such as
    ``|%7C``, are bars too)."""
    meant = bars_as_meant(text)
    inline = any(s.inline_spoiler for s in parse_spans(meant)) or has_unpaired_bars(meant)
    return SpoilerLevel.highest(level, SpoilerLevel.ENDING if inline else SpoilerLevel.NONE)


@FILM_CASES
@given(films())
def test_levels_read_off_the_texts_are_those_of_every_block(film: FilmText) -> None:
    assert film_citation_levels(film) == citation_levels(every_block(film))
    assert film.citation_levels == citation_levels(every_block(film))


@CASES
@given(texts(), levels)
def test_a_texts_level_skips_reading_only_where_nothing_could_raise_it(
    text: str, level: str
) -> None:
    assert effective_level(text, SpoilerLevel(level)) == level_by_definition(
        text, SpoilerLevel(level)
    )


@FILM_CASES
@given(films(), st.sampled_from(list(Topic)))
def test_a_source_is_as_revealing_as_its_most_revealing_citation_in_the_film(
    film: FilmText, topic: Topic
) -> None:
    # The definition, worked out eagerly: the level cited here, raised by the whole film's.
    everywhere = citation_levels(every_block(film))
    asked: list[bool] = []

    def film_levels() -> dict[int, SpoilerLevel]:
        asked.append(True)
        return everywhere

    document = topic_document(film, topic, film_levels=film_levels)
    here = citation_levels(document.blocks)
    expected = {
        number: SpoilerLevel.highest(level, everywhere.get(number, SpoilerLevel.ENDING))
        for number, level in here.items()
        if number in SOURCES
    }
    assert {s.number: s.level for s in document.sources} == expected
    assert topic_document(film, topic) == document
    # Asked for only when a source here is below ending: nothing can raise an ending source.
    below = [here[number] is not SpoilerLevel.ENDING for number in expected]
    assert bool(asked) == any(below)


def test_an_inline_spoiler_raises_a_citation_in_a_plain_text() -> None:
    section = SectionText(
        kind="recap",
        level="plot",
        heading=None,
        heading_level="none",
        body="The ||twist|| is explained [^2].",
        items=(ItemText("Who?", "none", "none", "Nobody [^1] [^2]"),),
    )
    film = FilmText(1, "f", "F", 2000, (), None, (), "0", "Cited [^1]", (section,), ())
    assert film_citation_levels(film) == {1: SpoilerLevel.NONE, 2: SpoilerLevel.ENDING}
