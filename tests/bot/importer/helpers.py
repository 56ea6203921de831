"""Helpers for the importer tests: load a fixture article, inspect an imported film."""

from __future__ import annotations

import re
from pathlib import Path

from bot.content.schema import FilmDoc, SourceDoc
from bot.importer import ImportResult, import_article

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
