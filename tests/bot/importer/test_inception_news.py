"""A news-style article in plain text: question headings, inline attributions, ads, promos."""

from __future__ import annotations

import pytest

from bot.importer import ImportResult
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import all_text, cited_source


def test_title_and_year_from_headline_and_prose(inception: ImportResult) -> None:
    doc = inception.doc
    # No "(2010)" anywhere: the year comes from "Christopher Nolan's 2010 heist thriller".
    assert (doc.title, doc.year) == ("Inception", 2010)
    assert doc.director == "Christopher Nolan"
    assert doc.cast == ["Leonardo DiCaprio"]


def test_question_headings_are_filed_by_what_they_ask(inception: ImportResult) -> None:
    doc = inception.doc
    assert [section.kind for section in doc.sections] == [
        SectionKind.RECAP,
        SectionKind.ENDING,
        SectionKind.THEMES,
        SectionKind.SYMBOLISM,
    ]
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and recap.heading == "What happens in Inception?"
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and ending.body is not None
    assert ending.heading == "What happens at the end of Inception?"
    assert ending.body.startswith("The job works.")
    assert [item.heading for item in ending.items] == ["Is Cobb still dreaming at the end?"]
    symbolism = doc.section(SectionKind.SYMBOLISM)
    assert symbolism is not None
    assert [item.heading for item in symbolism.items] == [
        "What does the spinning top mean?",
        "What does Cobb's wedding ring symbolise?",
    ]
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["What is Inception really about?"]


def test_levels(inception: ImportResult) -> None:
    doc = inception.doc
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None
    assert (ending.level, ending.heading_level) == (SpoilerLevel.ENDING, SpoilerLevel.NONE)
    # The question names the detail it asks about: the heading is a spoiler too.
    assert ending.items[0].heading_level is SpoilerLevel.ENDING
    symbolism = doc.section(SectionKind.SYMBOLISM)
    assert symbolism is not None
    ring = symbolism.items[1]
    # "His hand is bare in the kitchen at the end": the ring's meaning gives the ending away.
    assert ring.level is SpoilerLevel.ENDING
    assert symbolism.items[0].level is SpoilerLevel.PLOT


def test_synopsis_is_a_neutral_placeholder_when_the_article_has_none(
    inception: ImportResult,
) -> None:
    assert inception.doc.synopsis == "Inception (2010)."
    assert any("synopsis is a placeholder" in warning for warning in inception.warnings)


def test_inline_attributions_become_sources(inception: ImportResult) -> None:
    doc = inception.doc
    assert [(s.id, s.author, s.outlet) for s in doc.sources] == [
        (1, "Christopher Nolan", "Wired"),
        (2, "Christopher Nolan", "Entertainment Weekly"),
        (3, "Michael Caine", "The Telegraph"),
    ]
    assert cited_source(doc, "more times than any other question").outlet == "Wired"
    assert cited_source(doc, "He’s moved on").outlet == "Entertainment Weekly"
    assert cited_source(doc, "I’m never in the dream").author == "Michael Caine"


@pytest.mark.parametrize(
    "chrome",
    [
        "Photograph",
        "Warner Bros/Allstar",
        "Advertisement",
        "Story continues below",
        "- - -",
        "Read more",
        "The Reel Thing",
        "newsletter",
        "Hannah Reeve",
        "09.00 BST",
        "Tenet",
        "our guide",
        "We look at the evidence",
        "still starts arguments",
        "is Cobb still dreaming when the top spins",
    ],
)
def test_no_site_chrome_survives(inception: ImportResult, chrome: str) -> None:
    assert chrome not in all_text(inception.doc)


def test_site_label_above_the_headline_is_not_a_heading(inception: ImportResult) -> None:
    headings = [section.heading for section in inception.doc.sections]
    headings += [item.heading for section in inception.doc.sections for item in section.items]
    assert "Film" not in headings
