"""The art8 blind set (``fixtures/blind_art8``): eight pages written before the importer's code
was read, each with furniture that states the ending before any spoiler warning (a newspaper
dek, a lead image's alt text and caption, a "Key Takeaways" box, a table of contents whose
entries name the reveal, meta/og/JSON-LD descriptions, FAQ questions that state the ending, a
recap that runs into the ending, related-article boxes titled with other films' twists).
Every page's safety is asserted: nothing of the ending public, nothing of it below the ending
level."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures, plot_level_texts, public_texts
from bot.importer import import_article
from bot.importer.classify import named_kind
from bot.importer.level_guesses import item_heading_level
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import (
    all_text,
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    with_known_misses,
)

BLIND = fixtures(FIXTURES.parent / "blind_art8")


def test_the_set_has_eight_pages() -> None:
    assert len(BLIND) == 8


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
# None now: the one on first contact ("The final line" named no final shot) was fixed. Still
# short of a person (not measured): Skin I Live In's "The escape" waits in notes, at the
# ending level.
KNOWN_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


# --- a recap that runs into the ending ----------------------------------------------------------


@pytest.mark.parametrize(
    "article",
    [
        # Markdown, the last paragraph announced by "In the final minutes".
        b"# Heat (1995) ending explained\n\n## Plot summary\n\nNeil McCauley leads a crew.\n\n"
        b"Hanna closes in after a bank job goes wrong.\n\nIn the final minutes, Hanna shoots"
        b" McCauley on the runway and holds his hand.\n\n## What the ending means\n\n"
        b"Two professionals, one left standing.\n",
        # HTML, the last paragraph telling the death with no word of "the end" about it.
        b"<html><body><h1>Heat (1995) ending explained</h1><h2>Recap</h2>"
        b"<p>Neil McCauley leads a crew of professional thieves in Los Angeles.</p>"
        b"<p>Vincent Hanna closes in on the crew after a bank job goes wrong.</p>"
        b"<p>McCauley turns back to kill Waingro, and Hanna shoots McCauley dead on the"
        b" runway.</p><h2>The ending explained</h2><p>Two professionals, one left standing.</p>"
        b"</body></html>",
    ],
    ids=["markdown", "html"],
)
def test_a_recap_whose_last_paragraph_tells_the_ending_files_it_with_the_ending(
    article: bytes,
) -> None:
    name = "heat.md" if article.startswith(b"#") else "heat.html"
    doc = import_article(article, name=name).doc
    assert doc is not None
    recap, ending = doc.section(SectionKind.RECAP), doc.section(SectionKind.ENDING)
    assert recap is not None and "closes in" in (recap.body or "")
    assert ending is not None and "shoots McCauley" in all_text(doc)
    assert "shoots mccauley" not in "\n".join(plot_level_texts(doc)).lower()
    assert "shoots mccauley" not in "\n".join(public_texts(doc)).lower()


def test_a_recap_beside_an_ending_keeps_a_last_paragraph_that_tells_no_ending() -> None:
    article = (
        b"# Heat (1995) ending explained\n\n## Plot recap\n\nA crew robs an armored car.\n\n"
        b"Hanna closes in on the crew.\n\n## The ending\n\nMcCauley dies on the runway.\n"
    )
    doc = import_article(article, name="heat.md").doc
    assert doc is not None
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and "closes in" in (recap.body or "")


# --- a question heading outside the FAQ -------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "question"),
    [
        ("Plot recap", "Why does Hanna shoot McCauley on the runway?"),
        ("Themes", "Why does Hanna hold McCauley's hand at the airport?"),
    ],
)
def test_a_question_heading_in_a_recap_or_theme_is_read_like_an_faq_question(
    section: str, question: str
) -> None:
    page = (
        "<html><body><h1>Heat (1995) ending explained</h1>"
        f"<h2>{section}</h2><p>A crew robs an armored car.</p><p>Hanna closes in.</p>"
        f"<h3>{question}</h3><p>Because it is his job, and the job is all either has.</p>"
        "<h2>The ending</h2><p>The film ends on the airfield.</p></body></html>"
    ).encode()
    doc = import_article(page, name="h.html").doc
    assert doc is not None
    plot_and_public = "\n".join([*plot_level_texts(doc), *public_texts(doc)]).lower()
    assert question.lower() in all_text(doc).lower()
    assert question.lower() not in plot_and_public
    assert "all either has" not in plot_and_public


def test_a_premise_question_in_a_recap_stays_at_the_plot_level() -> None:
    page = (
        b"<html><body><h1>Heat (1995) ending explained</h1><h2>Plot recap</h2>"
        b"<h3>What is Heat about?</h3><p>A crew robs an armored car, and a detective hunts"
        b" them.</p><h2>The ending</h2><p>The film ends on the airfield.</p></body></html>"
    )
    doc = import_article(page, name="h.html").doc
    assert doc is not None
    assert "hunts them" in "\n".join(plot_level_texts(doc))


@pytest.mark.parametrize(
    "question",
    ["What does the comet symbolise?", "What is the film's main theme?", "What makes us human?"],
)
def test_a_theme_posed_as_a_question_stays_at_the_plot_level(question: str) -> None:
    assert item_heading_level(SectionKind.THEMES, question, "Heat") is SpoilerLevel.PLOT


def test_a_theme_question_that_names_an_event_is_at_the_ending_level() -> None:
    question = "What does Hanna mean when he holds McCauley's hand on the runway?"
    assert item_heading_level(SectionKind.THEMES, "Whose body is it?", "Heat") is (
        SpoilerLevel.ENDING
    )
    assert item_heading_level(SectionKind.RECAP, question, "Heat") is SpoilerLevel.ENDING


# --- section names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["The final line", "The last words", "The closing lines", "That last line"]
)
def test_the_films_last_words_name_the_final_shot(heading: str) -> None:
    assert named_kind(heading, "Heat") is SectionKind.FINAL_SHOT
