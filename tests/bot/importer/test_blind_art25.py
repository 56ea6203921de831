"""The art25 blind set (``fixtures/blind_art25``): pages of kinds no earlier set had, written
before the importer saw them: a WeChat official-account article, a Naver Blog post in
SmartEditor ONE markup, a shared ChatGPT conversation, a The Conversation article with its
disclosure sidebar, a Czech WordPress post with Easy Table of Contents and a Yoast FAQ block, a
Greek news page whose sections are bold paragraphs in accentless capitals, an IMDb user review
written as one <br>-broken div, and a Framer site that renders some blocks once per
breakpoint. Every page's safety is asserted, then each class of defect the set found, on a small
page."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures
from tests.bot.importer.helpers import (
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    with_known_misses,
)

SET = FIXTURES.parent / "blind_art25"
BLIND = fixtures(SET)


def test_the_set_has_eight_scored_pages() -> None:
    assert len(BLIND) == 8


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


FIRST_CONTACT_LOW: dict[str, str] = {}


@pytest.mark.parametrize("article", with_known_misses(BLIND, FIRST_CONTACT_LOW))
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)
