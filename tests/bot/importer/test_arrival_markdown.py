"""A Markdown article: # headings, a bold-led symbol list and [^N] footnote definitions."""

from __future__ import annotations

import pytest

from bot.importer import ImportResult
from bot.importer.formats import Format, detect_format
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import FIXTURES, all_text, cited_source


def test_detected_as_markdown() -> None:
    assert detect_format((FIXTURES / "arrival.md").read_text()) is Format.MARKDOWN


def test_title_year_credits_and_synopsis(arrival: ImportResult) -> None:
    doc = arrival.doc
    assert (doc.title, doc.year) == ("Arrival", 2016)
    assert doc.director == "Denis Villeneuve"
    assert doc.cast == ["Amy Adams", "Jeremy Renner", "Forest Whitaker"]
    # Only a person writes public text: the italic standfirst waits in notes, and the review
    # warnings say where it went.
    assert doc.synopsis == ""
    notes = doc.section(SectionKind.NOTES)
    assert notes is not None and notes.body is not None
    assert notes.body.startswith("A linguist is recruited to talk to the visitors")
    assert any("'A linguist is recruited" in warning for warning in arrival.warnings)


def test_sections_and_items(arrival: ImportResult) -> None:
    doc = arrival.doc
    assert [section.kind for section in doc.sections] == [
        SectionKind.QUICK_ANSWER,
        SectionKind.RECAP,
        SectionKind.ENDING,
        SectionKind.FINAL_SHOT,
        SectionKind.THEMES,
        SectionKind.SYMBOLISM,
        SectionKind.FAQ,
        SectionKind.NOTES,
    ]
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and ending.body is None
    assert [item.heading for item in ending.items] == [
        "The flashes are flash-forwards",
        "General Shang's phone call",
    ]
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and recap.body is not None
    assert recap.body.count("\n\n") == 1  # two paragraphs, kept apart


def test_bold_led_list_items_are_symbols(arrival: ImportResult) -> None:
    symbolism = arrival.doc.section(SectionKind.SYMBOLISM)
    assert symbolism is not None
    assert [item.heading for item in symbolism.items] == [
        "The circular logograms",
        "Hannah's name",
        "The shells",
    ]
    assert symbolism.items[0].body == (
        "Heptapod sentences are rings written all at once, with no start and no finish, which "
        "is exactly how Louise comes to see time."
    )
    levels = {item.heading: item.level for item in symbolism.items}
    # Mentioning the flash-forwards gives away the twist.
    assert levels["Hannah's name"] is SpoilerLevel.ENDING
    assert levels["The shells"] is SpoilerLevel.PLOT


def test_theme_levels(arrival: ImportResult) -> None:
    themes = arrival.doc.section(SectionKind.THEMES)
    assert themes is not None
    levels = {item.heading: item.level for item in themes.items}
    assert levels == {
        "Language shapes thought": SpoilerLevel.PLOT,
        "Choosing a known future": SpoilerLevel.ENDING,
    }
    # A theme's name is the article's text, not a section name: plot at least.
    assert {item.heading_level for item in themes.items} == {SpoilerLevel.PLOT}


def test_faq_levels(arrival: ImportResult) -> None:
    faq = arrival.doc.section(SectionKind.FAQ)
    assert faq is not None
    levels = {item.heading: (item.heading_level, item.level) for item in faq.items}
    assert levels == {
        # A question that names no detail may show; the article's answer is never public.
        "What is Arrival based on?": (SpoilerLevel.NONE, SpoilerLevel.PLOT),
        "Does Hannah die?": (SpoilerLevel.ENDING, SpoilerLevel.ENDING),
        "Who directed Arrival?": (SpoilerLevel.NONE, SpoilerLevel.PLOT),
    }


def test_footnote_definitions_are_the_sources(arrival: ImportResult) -> None:
    doc = arrival.doc
    assert [(s.id, s.author, s.outlet, s.title) for s in doc.sources] == [
        (
            1,
            "Jen Yamato",
            "The Daily Beast",
            "Denis Villeneuve on the time loop at the heart of Arrival",
        ),
        (2, "Eric Heisserer", "Script Magazine", "Writing Arrival: grammar as a twist"),
        (3, "Ted Chiang", "Starlight 2", "Story of Your Life"),
    ]
    assert cited_source(doc, "We assume a story is told in the past tense").author == (
        "Eric Heisserer"
    )
    assert cited_source(doc, "It is a loop with no beginning").author == "Jen Yamato"
    assert cited_source(doc, "makes the same move in prose").author == "Ted Chiang"


@pytest.mark.parametrize(
    "chrome",
    ["Priya Nair", "9 min read", "Spoiler warning", "[^1]:", "what Louise knows, and when"],
)
def test_no_site_chrome_survives(arrival: ImportResult, chrome: str) -> None:
    assert chrome not in all_text(arrival.doc)
