"""The art16 blind set (``fixtures/blind_art16``): ten pages written before the importer's code
was read, shaped like the seed page (a mainstream film site's "ending explained", saved by a
browser) with what another writer or site would vary: the order (the ending first, the FAQ
first, themes before the ending), question or statement headings, the quick answer as a bold
"TL;DR:" paragraph, a bordered box, a blockquote or missing, an "Update:" note above the intro
that tells the ending, no warning at all or only a divider image's alt text, symbols as a list,
as H3s or as a table, sources inline, listed, as footnotes or only in the author bio, titles
with colons, numerals, accents, an alternate Spanish title, remakes. Every page's safety is
asserted, then each class of defect the set found, on the smallest page that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures
from bot.levels import SectionKind
from tests.bot.importer.helpers import (
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    below_the_ending,
    import_page,
    with_known_misses,
)

SET = FIXTURES.parent / "blind_art16"
BLIND = fixtures(SET)


def test_the_set_has_ten_scored_pages() -> None:
    assert len(BLIND) == 10


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {
    "remake_bio_sources_suspiria.html": (
        "sources named only in the author bio box are not read (the box is dropped as chrome);"
        " the ending asked as an unlabelled question H2 ('So how does it end?') is kept as a"
        " reader's question (FAQ, ending level: safe, but not the ending section)"
    ),
}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


_RECAP = (
    "McCauley runs a crew of thieves, and Hanna chases it through the whole city of Los Angeles"
    " for months, one robbery after another."
)
_ENDING = "Hanna shoots McCauley by the runway lights and holds his hand as he dies."


# --- a table of symbols in short sentences is the article's, not the site's -------------------


def test_a_table_of_short_sentences_is_read_as_items() -> None:
    page = (
        "<h1>Heat (1995) ending explained</h1>"
        f"<h2>The setup</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_ENDING}</p>"
        "<h2>Symbolism</h2><table><tr><th>Symbol</th><th>What it means</th></tr>"
        "<tr><td>The ocean</td><td>The freedom McCauley never reaches in time.</td></tr>"
        "<tr><td>The runway lights</td><td>A stage for the last meeting of equals.</td></tr>"
        "</table>"
    )
    symbols = [s for s in import_page(page).sections if s.kind is SectionKind.SYMBOLISM]
    assert [item.heading for item in symbols[0].items] == ["The ocean", "The runway lights"]


def test_a_table_of_names_and_figures_is_still_dropped() -> None:
    page = (
        "<h1>Heat (1995) ending explained</h1>"
        "<table><tr><td>Director</td><td>Michael Mann</td></tr>"
        "<tr><td>Runtime</td><td>170 minutes</td></tr></table>"
        f"<h2>The setup</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_ENDING}</p>"
    )
    assert "170 minutes" not in str(import_page(page).model_dump())


# --- a warning sentence glued to the intro does not hide the film's year ------------------------


def test_an_intro_ending_in_a_warning_still_dates_the_film() -> None:
    page = (
        "<h1>Heat ending explained</h1><p>Michael Mann's 1995 crime drama is still copied today."
        f" Major spoilers below.</p><h2>The setup</h2><p>{_RECAP}</p>"
        f"<h2>The ending</h2><p>{_ENDING}</p>"
    )
    assert import_page(page).year == 1995


@pytest.mark.parametrize("noun", ["dark fairy tale", "space parable", "war allegory"])
def test_a_story_noun_after_the_year_dates_the_film(noun: str) -> None:
    page = (
        f"<h1>Heat ending explained</h1><p>Michael Mann's 1995 {noun} is still copied.</p>"
        f"<h2>The setup</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_ENDING}</p>"
    )
    assert import_page(page).year == 1995


# --- recap names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["The story, briefly", "The plot in brief", "What you need to remember"]
)
def test_a_brief_story_heading_names_the_recap(name: str) -> None:
    page = (
        f"<h1>Heat (1995) ending explained</h1><h2>{name}</h2><p>{_RECAP}</p>"
        f"<h2>The ending</h2><p>{_ENDING}</p>"
    )
    doc = import_page(page)
    assert SectionKind.RECAP in {section.kind for section in doc.sections}
    assert "runway" not in below_the_ending(doc)


# --- an ending told above the intro never lands public ------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "<p><em><strong>Update (May 2, 2025):</strong> we added the last scene: Hanna shoots"
        " McCauley by the runway lights.</em></p>",
        "<p><strong>TL;DR: Hanna shoots McCauley by the runway lights and holds his hand.</strong>"
        "</p>",
        '<blockquote class="summary"><p><strong>In short:</strong> Hanna shoots McCauley by the'
        " runway lights.</p></blockquote>",
    ],
)
def test_an_update_note_or_tldr_above_the_intro_is_never_public(lead: str) -> None:
    page = (
        f"<h1>Heat (1995) ending explained</h1>{lead}<p>Michael Mann's crime saga, explained.</p>"
        f"<h2>The setup</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_ENDING}</p>"
    )
    assert "runway" not in below_the_ending(import_page(page))


# --- "the final act" names the ending, not the recap ---------------------------------------------


@pytest.mark.parametrize(
    "name", ["What happens in the final act", "What happens in the end", "The third act"]
)
def test_the_films_last_part_names_the_ending_not_the_recap(name: str) -> None:
    page = (
        f"<h1>Heat (1995) ending explained</h1><h2>What happens in Heat</h2><p>{_RECAP}</p>"
        f"<h2>{name}</h2><p>{_ENDING}</p>"
    )
    doc = import_page(page)
    assert SectionKind.ENDING in {section.kind for section in doc.sections}
    assert "runway" not in below_the_ending(doc)


# --- "discussed the ending with <outlet>" is an interview ------------------------------------


def test_discussing_the_ending_with_a_publication_names_it_as_a_source() -> None:
    page = (
        f"<h1>Heat (1995) ending explained</h1><h2>The setup</h2><p>{_RECAP}</p>"
        f"<h2>The ending</h2><p>{_ENDING}</p>"
        "<p>Michael Mann discussed the ending with Sight and Sound in 1996.</p>"
    )
    sources = import_page(page).sources
    assert [(s.author, s.outlet) for s in sources] == [("Michael Mann", "Sight and Sound")]
