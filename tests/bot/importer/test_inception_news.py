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


def test_question_headings_are_an_faq_unless_they_name_a_section(
    inception: ImportResult,
) -> None:
    doc = inception.doc
    assert [section.kind for section in doc.sections] == [
        SectionKind.RECAP,
        SectionKind.ENDING,
        SectionKind.THEMES,
        SectionKind.SYMBOLISM,
        SectionKind.FAQ,
    ]
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and recap.heading == "What happens in Inception?"
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and ending.body is not None
    assert ending.heading == "What happens at the end of Inception?"
    assert ending.body.startswith("The job works.")
    # A question is filed by its own words, never by its answer's: one that asks what a thing
    # symbolises is a symbol, one that asks what the film is really about is a theme, and any
    # other is a reader's question.
    symbolism = doc.section(SectionKind.SYMBOLISM)
    assert symbolism is not None
    assert [item.heading for item in symbolism.items] == [
        "What does Cobb's wedding ring symbolise?"
    ]
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["What is Inception really about?"]
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    assert [item.heading for item in faq.items] == [
        "Is Cobb still dreaming at the end?",
        "What does the spinning top mean?",
    ]


def test_levels(inception: ImportResult) -> None:
    doc = inception.doc
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None
    assert (ending.level, ending.heading_level) == (SpoilerLevel.ENDING, SpoilerLevel.NONE)
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    # The question names the detail it asks about: the heading is a spoiler too.
    assert faq.items[0].heading_level is SpoilerLevel.ENDING
    assert {item.level for item in faq.items} == {SpoilerLevel.ENDING}
    symbolism = doc.section(SectionKind.SYMBOLISM)
    assert symbolism is not None
    # "His hand is bare in the kitchen at the end": the ring's meaning gives the ending away.
    assert symbolism.items[0].level is SpoilerLevel.ENDING


def test_synopsis_is_empty_and_the_year_guess_is_a_review_note(
    inception: ImportResult,
) -> None:
    assert inception.doc.synopsis == ""
    # No "(2010)" anywhere: the year is a guess, and the YAML says so above the year.
    note = next(w for w in inception.warnings if w.startswith("year 2010 is a guess"))
    assert f"# {note[:60]}" in inception.yaml
    assert inception.yaml.index(note[:40]) < inception.yaml.index("\nyear: 2010\n")


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
