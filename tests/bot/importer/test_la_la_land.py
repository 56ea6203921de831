"""The seed article: an editorial "ending explained" page exported as plain text."""

from __future__ import annotations

import hashlib

import pytest

from bot.importer import ImportResult
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import FIXTURES, all_text, cited_source

SEED_SHA256 = "1cd81bd8b4c7ecfd2d5438a1c08927c690a153703c43f4b6d5b3ed471bcec864"


def test_fixture_is_the_seed_article_verbatim() -> None:
    # The fixture is a copy of the shared seed article, so the tests need nothing outside the
    # repository; its checksum (the shared seed's) proves the copy has not drifted.
    digest = hashlib.sha256((FIXTURES / "la_la_land_site.txt").read_bytes()).hexdigest()
    assert digest == SEED_SHA256


def test_title_year_and_credits(la_la_land: ImportResult) -> None:
    doc = la_la_land.doc
    assert (doc.title, doc.year) == ("La La Land", 2016)
    assert doc.director == "Damien Chazelle"
    assert doc.cast[:2] == ["Ryan Gosling", "Emma Stone"]
    assert "J. K. Simmons" in doc.cast


def test_sections_by_kind_with_nothing_left_unclassified(la_la_land: ImportResult) -> None:
    kinds = [section.kind for section in la_la_land.doc.sections]
    assert kinds == [
        SectionKind.QUICK_ANSWER,
        SectionKind.RECAP,
        SectionKind.FINAL_SHOT,
        SectionKind.THEMES,
        SectionKind.SYMBOLISM,
        SectionKind.FAQ,
    ]
    assert not any("could not classify" in warning for warning in la_la_land.warnings)


def test_quick_answer_and_recap(la_la_land: ImportResult) -> None:
    doc = la_la_land.doc
    quick = doc.section(SectionKind.QUICK_ANSWER)
    assert quick is not None and quick.body is not None
    assert quick.body.startswith("La La Land (2016) ends with a five-year-later epilogue")
    assert quick.level is SpoilerLevel.ENDING
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and recap.body is not None
    assert recap.body.startswith("La La Land is a 2016 American musical")
    assert recap.level is SpoilerLevel.PLOT


def test_symbolism_has_the_three_symbols(la_la_land: ImportResult) -> None:
    symbolism = la_la_land.doc.section(SectionKind.SYMBOLISM)
    assert symbolism is not None
    headings = [item.heading for item in symbolism.items]
    assert headings == [
        "The primary-colour dress code",
        "The Griffith Observatory planetarium",
        "The sunset bench",
    ]
    assert all(item.heading_level is SpoilerLevel.PLOT for item in symbolism.items)
    levels = {item.heading: item.level for item in symbolism.items}
    # The planetarium is mid-film; the bench's third visit is in the epilogue.
    assert levels["The Griffith Observatory planetarium"] is SpoilerLevel.PLOT
    assert levels["The sunset bench"] is SpoilerLevel.ENDING
    # The closing summary paragraph stays with the last symbol, not lost.
    assert "The three symbols share an architectural logic." in symbolism.items[2].body


def test_themes_and_final_shot(la_la_land: ImportResult) -> None:
    doc = la_la_land.doc
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == [
        "The old musical, grounded",
        "Dreams versus love, as arithmetic",
        "Why the ending earns trust",
    ]
    # Each theme says how the romance ends, so each is hidden as an ending spoiler.
    assert {item.level for item in themes.items} == {SpoilerLevel.ENDING}
    final = doc.section(SectionKind.FINAL_SHOT)
    assert final is not None and final.body is not None
    assert final.level is SpoilerLevel.ENDING
    assert len(final.items) == 3
    assert {item.level for item in final.items} == {SpoilerLevel.ENDING}


def test_faq_keeps_two_real_questions(la_la_land: ImportResult) -> None:
    faq = la_la_land.doc.section(SectionKind.FAQ)
    assert faq is not None
    # "Where can I watch La La Land?" only points at the site's own page: it is chrome. The
    # quick answer's question takes its place as the question readers ask most.
    assert [item.heading for item in faq.items] == [
        "So what actually happens at the end?",
        "What is La La Land about?",
    ]
    about = faq.items[1]
    # The question names nothing; the article's answer to it is never public on its own.
    assert (about.level, about.heading_level) == (SpoilerLevel.PLOT, SpoilerLevel.NONE)
    assert faq.items[0].level is SpoilerLevel.ENDING


def test_synopsis_is_left_for_a_person_to_write(la_la_land: ImportResult) -> None:
    # The article's own premise answer stays where it was, at level plot; nothing the article
    # says becomes public text on its own.
    assert la_la_land.doc.synopsis == ""
    faq = la_la_land.doc.section(SectionKind.FAQ)
    assert faq is not None
    about = next(item for item in faq.items if item.heading == "What is La La Land about?")
    assert about.body.startswith("Mia, an aspiring actress, serves lattes to movie stars")
    assert about.level is SpoilerLevel.PLOT
    assert '\nsynopsis: ""\n' in la_la_land.yaml
    assert "# synopsis: left empty on purpose" in la_la_land.yaml


def test_five_sources_derived_from_the_drawing_on_lines(la_la_land: ImportResult) -> None:
    sources = {s.id: (s.author, s.outlet) for s in la_la_land.doc.sources}
    assert sources == {
        1: ("Sean O'Connell", "Cinemablend"),
        2: ("Scott W. Smith", "Screenwriting from Iowa"),
        3: ("J.V. Hart", "Hart Chart"),
        4: ("Lexy Perez", "The Hollywood Reporter"),
        5: ("Owen Gleiberman", "Variety"),
    }
    titles = {s.id: s.title for s in la_la_land.doc.sources}
    # A title containing commas and "and" survives the list splitting in one piece.
    assert titles[4] == "Feature with Chazelle, Berger, and Stone"
    assert titles[1] == "Interview with Damien Chazelle"


@pytest.mark.parametrize(
    ("quotation", "author"),
    [
        ("two ships passing in the night", "Scott W. Smith"),
        ("This wouldn't be an honest movie if every dream came true", "Scott W. Smith"),
        ("I wanted there to be a real hope to the ending", "Scott W. Smith"),
        ("create a teasing erotic connection", "Owen Gleiberman"),
        ("a transcendently goofy, gorgeously blissed-out moment", "Owen Gleiberman"),
        ("calm logic of devotion", "Owen Gleiberman"),
        ("heart and soul are rooted in the past", "Owen Gleiberman"),
        ("from magical to ugly and garish", "J.V. Hart"),
        ("Sometimes we don't get what we want", "J.V. Hart"),
        ("The audience missed a main romantic character", "J.V. Hart"),
        ("ground it in real life where things don't always exactly work out", "Lexy Perez"),
        ("They'll always have each other", "Lexy Perez"),
        ("Their love isn't any less important", "Lexy Perez"),
        ("nothing can taint that memory", "Lexy Perez"),
        ("gets rewritten a ton", "Sean O'Connell"),
        ("It's just nice to know what your destination is", "Sean O'Connell"),
        ("The ending was the first thing we cut in the cutting room", "Sean O'Connell"),
    ],
)
def test_each_quotation_cites_its_source(
    la_la_land: ImportResult, quotation: str, author: str
) -> None:
    assert cited_source(la_la_land.doc, quotation).author == author


def test_quotations_are_verbatim(la_la_land: ImportResult) -> None:
    text = all_text(la_la_land.doc)
    assert (
        "\"I knew I wanted to tell a story about a romance that doesn't last forever... "
        'two ships passing in the night."[^2]'
    ) in text
    assert '"a transcendently goofy, gorgeously blissed-out moment"[^5] —' in text


@pytest.mark.parametrize(
    "chrome",
    [
        "Search movies",
        "⌘K",
        "12 min read",
        "Updated May 2026",
        "By Simon",
        "Staff Writer",
        "Reviewed by",
        "Published May 18",
        "Spoiler Warning",
        "This article contains major spoilers",
        "Continue reading",
        "Back to the full movie guide",
        "similar films — without spoilers",
        "Open guide",
        "Where can I watch",
        "Where to Watch",
        "scene-by-scene breakdown",
        "Drawing on",
        "●",
        "La La Land: the twist, final scene",
    ],
)
def test_no_site_chrome_survives(la_la_land: ImportResult, chrome: str) -> None:
    assert chrome not in all_text(la_la_land.doc)
