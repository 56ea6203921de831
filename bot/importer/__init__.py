"""Import "ending explained" articles (plain text, Markdown or HTML) as films for review."""

from __future__ import annotations

from bot.importer.article import ImportResult, import_article

__all__ = ["ImportResult", "import_article"]
