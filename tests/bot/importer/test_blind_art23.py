"""The art23 blind set (``fixtures/blind_art23``): pages of kinds no earlier set had, written
before the importer saw them: an IndieWeb h-entry with webmentions, an Indonesian news portal
with inline "Baca Juga" links, a Douban review in Chinese, a Turkish post whose capitals carry the
dotted İ, a GitHub blob view of a Markdown file, a rentry.co paste in rentry's own Markdown, a
pandoc + citeproc handout, and a Facebook group post saved logged out. Every page's safety is
asserted, then each class of defect the set found, on a small page."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures
from bot.levels import SectionKind
from tests.bot.importer.helpers import (
    all_text,
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    below_the_ending,
    import_page,
    kinds_of,
    with_known_misses,
)

SET = FIXTURES.parent / "blind_art23"
BLIND = fixtures(SET)


def test_the_set_has_eight_scored_pages() -> None:
    assert len(BLIND) == 8


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {
    "facebook_group_post_old.html": "emoji-labelled lines in capitals head no sections",
    "github_blob_details_the_butterfly_effect.html": "GitHub's [!NOTE] alert is kept",
    "id_baca_juga_pengabdi_setan.html": "'Penjelasan Ending X' gives no title",
    "indieweb_webmentions_phantom_thread.html": "'The last scene' heads the ending",
    "pandoc_citeproc_rashomon.html": "numbered headings and CSL references unread",
    "rentry_markup_paprika.md": "the paste's byline and greeting are kept",
    "tr_dotted_caps_bir_zamanlar_anadoluda.html": "capitals with İ give no title or sections",
    "zh_douban_review_black_coal_thin_ice.html": "'一、剧情回顾' headings name no sections",
}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


FIRST_CONTACT_LOW: dict[str, str] = {
    "id_baca_juga_pengabdi_setan.html": "refused for want of a title and year",
    "tr_dotted_caps_bir_zamanlar_anadoluda.html": "refused for want of a year",
}


@pytest.mark.parametrize("article", with_known_misses(BLIND, FIRST_CONTACT_LOW))
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


_RECAP = (
    "Anna moves to the coast after her divorce and takes a job at the lighthouse keeper's cottage"
    " for a year, cataloguing the logbooks and painting the rooms the owners want to rent out."
)
_TWIST = "Tobias drowned years before she ever arrived, and the bread was always hers."


# --- rentry.co's Markdown: colour spans, centred lines, one-line admonitions, [TOC2] ----------


def test_rentry_colour_spans_are_markup_and_keep_the_text_between_them() -> None:
    page = (
        "-> # The Keeper (2019) — ending explained <-\n-> *a rentry by lamplight* <-\n\n***\n\n"
        "[TOC2]\n\n!!! info Hi! Spoiler-free notes are on the main page, feel free to copy.\n\n"
        f"## %#e85d75% What happens %%\n\n{_RECAP}\n\n"
        "!!! danger SPOILERS FROM HERE ON. Turn back now!\n\n"
        f"## %red% The ending %%\n\n=={_TWIST}==\n\n"
        "## %#e85d75% Themes %%\n\n### Guilt\n\nEach night she chooses the same thing.\n\n"
        "### The sea\n\nIt takes what the keeper will not give up.\n"
    )
    doc = import_page(page, "paste.md")
    text = all_text(doc)
    assert (doc.title, doc.year) == ("The Keeper", 2019)
    assert "cataloguing the logbooks" in text
    for markup in ("%#e85d75%", "%red%", "%%", "[TOC2]", "!!!", "->", "<-", "=="):
        assert markup not in text, markup
    assert {SectionKind.RECAP, SectionKind.ENDING, SectionKind.THEMES} <= kinds_of(doc)
    assert "drowned years before" not in below_the_ending(doc)


def test_an_obsidian_comment_is_still_hidden_outside_rentry() -> None:
    page = (
        f"# The Keeper (2019) explained\n\n## What happens\n\n{_RECAP} %% check the year %%\n\n"
        f"## The ending\n\n{_TWIST}\n"
    )
    assert "check the year" not in all_text(import_page(page, "note.md"))
