"""Import "ending explained" articles (plain text, Markdown or HTML) as films for review."""

from __future__ import annotations

from bot.importer.article import ImportResult, import_article
from bot.importer.yaml_dump import dump_film_yaml

__all__ = ["ImportResult", "dump_film_yaml", "import_article"]
