"""Helpers for the importer tests: load a fixture article, inspect an imported film."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from benchmarks.articles import plot_level_texts, public_texts, score_fixture
from bot.content.schema import FilmDoc, SourceDoc
from bot.importer import ImportResult, import_article
from bot.levels import SectionKind

FIXTURES = Path(__file__).parent / "fixtures"


def import_fixture(name: str, *, title: str | None = None, year: int | None = None) -> ImportResult:
    return import_article((FIXTURES / name).read_bytes(), name=name, title=title, year=year)


def all_text(doc: FilmDoc) -> str:
    """Every string a reader or reviewer could see, sources included."""
    parts = [text for _, text in doc.texts()]
    for source in doc.sources:
        parts.extend(filter(None, [source.author, source.outlet, source.title, source.url]))
    return "\n".join(parts)


def cited_source(doc: FilmDoc, phrase: str) -> SourceDoc:
    """The source cited by the first footnote marker after ``phrase`` in the text holding it."""
    for _, text in doc.texts():
        position = text.find(phrase)
        if position >= 0:
            marker = re.compile(r"\[\^(\d+)\]").search(text, position)
            assert marker, f"no footnote after {phrase!r}"
            assert marker.start() - position < 400, f"the footnote after {phrase!r} is too far"
            by_id = {source.id: source for source in doc.sources}
            return by_id[int(marker.group(1))]
    raise AssertionError(f"{phrase!r} is not in the imported text")


def with_known_misses(paths: Sequence[Path], known_misses: Mapping[str, str]) -> list[Any]:
    """``paths`` as test parameters named by file, each known miss a strict xfail with its why:
    once one imports right, its test fails until the miss is taken off the list."""
    return [
        pytest.param(
            path,
            id=path.name,
            marks=[pytest.mark.xfail(strict=True, reason=known_misses[path.name])]
            if path.name in known_misses
            else [],
        )
        for path in paths
    ]


def assert_imported_as_a_person_would(article: Path) -> None:
    """Film and year right, no chrome or bogus text kept, every expected section, item, FAQ
    question and source found (the fixture's ``.expected.yaml``)."""
    score = score_fixture(article)
    assert score.error is None, score.error
    assert score.identity, score.details
    assert (score.chrome, score.bogus) == (0, 0), score.details
    assert (score.sections, score.items, score.faq, score.sources) == (
        score.sections_total,
        score.items_total,
        score.faq_total,
        score.sources_total,
    ), score.details


def assert_no_ending_detail_below_its_level(article: Path) -> None:
    """No ending detail public, and none at the plot level outside bars."""
    score = score_fixture(article)
    assert score.error is None, score.error
    assert score.identity, score.details
    assert score.leaks == 0, score.details
    assert score.low == 0, score.details


def import_page(data: str | bytes, name: str = "page.html", **options: Any) -> FilmDoc:
    """The film a page (text or its bytes) imports as; it must import."""
    raw = data.encode() if isinstance(data, str) else data
    doc = import_article(raw, name=name, **options).doc
    assert doc is not None
    return doc


def below_the_ending(doc: FilmDoc) -> str:
    """Everything of ``doc`` a member may read without asking for its ending, lower-cased."""
    return "\n".join([*plot_level_texts(doc), *public_texts(doc)]).lower()


def kinds_of(doc: FilmDoc) -> set[SectionKind]:
    return {section.kind for section in doc.sections}


@dataclass(frozen=True)
class SmallPages:
    """Small pages about one film, from a test file's own texts: ``page`` puts a body in a page
    whose head holds ``title`` (or the ``head`` given); ``article`` is the usual explainer, its
    ``headline``, the ``recap`` paragraphs under "What happens", then the ending (by default the
    ``twist`` in a paragraph) and whatever follows it under "The ending"."""

    title: str
    headline: str = ""
    recap: Sequence[str] = ()
    twist: str = ""

    def page(self, body: str, head: str | None = None) -> str:
        head = self.title if head is None else head
        return f"<html><head>{head}</head><body>{body}</body></html>"

    def article(self, after_ending: str = "", ending: str | None = None) -> str:
        ending = f"<p>{self.twist}</p>" if ending is None else ending
        recap = "".join(f"<p>{paragraph}</p>" for paragraph in self.recap)
        return self.page(
            f"{self.headline}<h2>What happens</h2>{recap}<h2>The ending</h2>{ending}{after_ending}"
        )
