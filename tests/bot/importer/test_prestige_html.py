"""An HTML page: site header, nav, aside, figure, ads, <sup> footnotes and a Sources list."""

from __future__ import annotations

import pytest

from bot.importer import ImportResult
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import all_text, cited_source


def test_title_year_credits_and_synopsis(prestige: ImportResult) -> None:
    doc = prestige.doc
    assert (doc.title, doc.year) == ("The Prestige", 2006)
    assert doc.director == "Christopher Nolan"
    assert doc.cast == ["Hugh Jackman", "Christian Bale", "Michael Caine", "Scarlett Johansson"]
    assert doc.synopsis == ""  # only a person writes public text


def test_sections(prestige: ImportResult) -> None:
    doc = prestige.doc
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
    levels = {section.kind: section.level for section in doc.sections}
    assert levels[SectionKind.RECAP] is SpoilerLevel.PLOT
    assert levels[SectionKind.ENDING] is SpoilerLevel.ENDING
    assert levels[SectionKind.FINAL_SHOT] is SpoilerLevel.ENDING


def test_themes_from_a_bold_led_list(prestige: ImportResult) -> None:
    themes = prestige.doc.section(SectionKind.THEMES)
    assert themes is not None
    levels = {item.heading: item.level for item in themes.items}
    assert levels == {
        "Obsession": SpoilerLevel.ENDING,  # "finally their lives"
        "Sacrifice": SpoilerLevel.ENDING,  # "it turns out"
        "Showmanship versus truth": SpoilerLevel.PLOT,
    }


def test_symbolism_items(prestige: ImportResult) -> None:
    symbolism = prestige.doc.section(SectionKind.SYMBOLISM)
    assert symbolism is not None
    assert [item.heading for item in symbolism.items] == ["The birdcage trick", "Top hats"]


def test_faq_without_where_to_watch(prestige: ImportResult) -> None:
    faq = prestige.doc.section(SectionKind.FAQ)
    assert faq is not None
    levels = {item.heading: (item.heading_level, item.level) for item in faq.items}
    assert levels == {
        "Who directed The Prestige?": (SpoilerLevel.NONE, SpoilerLevel.PLOT),
        "Which Borden was hanged?": (SpoilerLevel.ENDING, SpoilerLevel.ENDING),
    }


def test_unclassifiable_text_is_kept_in_notes(prestige: ImportResult) -> None:
    notes = prestige.doc.section(SectionKind.NOTES)
    assert notes is not None
    assert notes.level is SpoilerLevel.ENDING
    assert [item.heading for item in notes.items] == ["The novel's different frame"]
    assert notes.items[0].body.startswith("Christopher Priest's 1995 novel")
    # The warning says which passages, by their first words, so a reviewer can find them.
    unplaced = [w for w in prestige.warnings if w.startswith("could not classify")]
    assert len(unplaced) == 1
    assert "'Two rival stage magicians in Victorian…'" in unplaced[0]
    assert '"The novel\'s different frame"' in unplaced[0]


def test_numbered_sources_with_links(prestige: ImportResult) -> None:
    doc = prestige.doc
    assert [(s.id, s.author, s.outlet, s.url) for s in doc.sources] == [
        (1, "Ian Freer", "Empire", "https://www.example.com/empire/nolan-prestige"),
        (2, "Jonathan Nolan", "Creative Screenwriting", None),
    ]
    assert cited_source(doc, "chooses not to see it").author == "Ian Freer"
    assert cited_source(doc, "paid for the applause").author == "Jonathan Nolan"


@pytest.mark.parametrize(
    "chrome",
    [
        "Reel Reckoning",
        "Reviews",
        "Search films",
        "Tomás Ferreira",
        "Updated 2 March",
        "8 min read",
        "Spoiler warning",
        "Advertisement",
        "Photograph",
        "Get the Reckoning",
        "Sign up",
        "More endings explained",
        "Memento",
        "Privacy",
        "©",
        "Where can I watch",
        "streaming guide",
        "dataLayer",
        "font-family",
        "who really drowned",
        "Link",
    ],
)
def test_no_site_chrome_survives(prestige: ImportResult, chrome: str) -> None:
    assert chrome not in all_text(prestige.doc)
