"""The art6 blind set (``fixtures/blind_art6``): eighteen pages written before the importer's
code was read (Notion and Ghost e-mail exports, Tumblr "Keep reading", Blogger jump breaks,
Discourse, AMP accordions, printer-friendly and paged articles, lazy <noscript> paragraphs,
paywall overlays, <details> spoiler boxes, CJK and RTL titles, a film named only in meta tags,
two pages comparing two films). Every page's safety is asserted: nothing of the ending public,
nothing of it below the ending level, a two-film page refused until one film is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures, score_fixture

BLIND = fixtures(FIXTURES.parent / "blind_art6")


def test_the_set_has_at_least_sixteen_pages() -> None:
    assert len(BLIND) >= 16


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    score = score_fixture(article)
    assert score.leaks == 0, score.details
    assert score.low == 0, score.details
