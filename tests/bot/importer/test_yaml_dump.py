"""dump_film_yaml: a reviewable content file that loads back to the very same film."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.content.film_file import parse_film_bytes
from bot.content.schema import FilmDoc, ItemDoc, SectionDoc, SourceDoc
from bot.content.yaml_dump import dump_film_yaml
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import import_fixture
from tests.support.hypothesis_profiles import examples

FIXTURES = ["la_la_land_site.txt", "inception_news.txt", "arrival.md", "the_prestige.html"]


@pytest.mark.parametrize("fixture", FIXTURES)
def test_imported_films_round_trip_and_validate(fixture: str) -> None:
    doc = import_fixture(fixture).doc
    text = dump_film_yaml(doc)
    assert FilmDoc.model_validate(yaml.safe_load(text)) == doc
    assert parse_film_bytes(text.encode(), "x.yaml").doc == doc


def test_layout_is_readable() -> None:
    doc = import_fixture("la_la_land_site.txt").doc
    text = dump_film_yaml(doc)
    top_keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    # An imported synopsis is empty, and an empty field is left out.
    assert top_keys == ["title", "year", "director", "cast", "sources", "sections"]
    # Long texts are literal blocks, levels are explicit, and nothing empty is written.
    assert "  - kind: quick_answer\n    level: ending\n" in text
    assert "    body: |" in text
    assert "heading_level: none" in text
    assert "null" not in text
    assert "aliases" not in text and "url:" not in text
    first_item = text.index("      - heading: The primary-colour dress code")
    item_keys = [line.strip().split(":")[0] for line in text[first_item:].splitlines()[:4]]
    assert item_keys == ["- heading", "heading_level", "level", "body"]


def test_every_field_in_order_when_all_are_set() -> None:
    doc = FilmDoc(
        title="Arrival",
        year=2016,
        aliases=["Story of Your Life"],
        release_date=dt.date(2016, 11, 11),
        director="Denis Villeneuve",
        cast=["Amy Adams"],
        synopsis="A linguist meets the visitors.",
        sources=[
            SourceDoc(
                id=1, author="Ted Chiang", outlet="Starlight 2", title="Story", url="https://e.x/a"
            )
        ],
        sections=[SectionDoc(kind=SectionKind.RECAP, body="Shells arrive.[^1]")],
    )
    text = dump_film_yaml(doc)
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == [
        "title",
        "year",
        "aliases",
        "release_date",
        "director",
        "cast",
        "synopsis",
        "sources",
        "sections",
    ]
    assert "release_date: 2016-11-11" in text
    assert FilmDoc.model_validate(yaml.safe_load(text)) == doc


# Text as people write it, plus what trips YAML up: quotes, colons, "#", "- ", leading symbols,
# tabs, trailing spaces on inner lines, blank lines, non-Latin scripts and odd line breaks.
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_TEXT = (
    st.lists(
        st.one_of(
            st.text(_CHARS, min_size=1, max_size=40),
            st.sampled_from(
                [
                    "\n",
                    "\n\n",
                    ": ",
                    " #",
                    "- ",
                    '"',
                    "'",
                    "|",
                    ">",
                    "  ",
                    "\t",
                    "\r\n",
                    "…",
                    "\x85",
                ]
            ),
        ),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .map(str.strip)
    .filter(bool)
)
_SHORT = _TEXT.map(lambda text: text[:100].strip()).filter(bool)
# Titles and aliases cannot hide text, so the schema refuses spoiler bars in them.
_UNHIDEABLE = _SHORT.filter(lambda text: "||" not in text)
_LEVEL = st.one_of(st.none(), st.sampled_from(list(SpoilerLevel)))


# Made once, not inside each draw (each new strategy was validated again): the same examples.
_MAYBE_SHORT = st.one_of(st.none(), _SHORT)
_ITEMS = st.lists(
    st.builds(ItemDoc, heading=_SHORT, body=_TEXT, level=_LEVEL, heading_level=_LEVEL),
    max_size=2,
)
_KINDS = st.lists(st.sampled_from(list(SectionKind)), min_size=1, unique=True)
_ALIASES = st.lists(_UNHIDEABLE, max_size=2)


@st.composite
def _films(draw: st.DrawFn) -> FilmDoc:
    sections = [
        SectionDoc(
            kind=kind,
            level=draw(_LEVEL),
            heading=draw(_MAYBE_SHORT),
            heading_level=draw(_LEVEL),
            body=draw(_TEXT),
            items=draw(_ITEMS),
        )
        for kind in draw(_KINDS)
    ]
    return FilmDoc(
        title=draw(_UNHIDEABLE),
        year=draw(st.integers(1870, 2100)),
        aliases=draw(_ALIASES),
        director=draw(_MAYBE_SHORT),
        synopsis=draw(_TEXT),
        sections=sections,
    )


def test_unicode_line_breaks_survive() -> None:
    # PyYAML itself loses a NEL (U+0085) inside a single-quoted scalar.
    doc = FilmDoc(
        title="0",
        year=1870,
        synopsis="0\x850 and a line\u2028separator",
        sections=[SectionDoc(kind=SectionKind.NOTES, body="0")],
    )
    assert FilmDoc.model_validate(yaml.safe_load(dump_film_yaml(doc))) == doc


@examples(100)
@given(_films())
def test_any_film_round_trips(doc: FilmDoc) -> None:
    assert FilmDoc.model_validate(yaml.safe_load(dump_film_yaml(doc))) == doc
