"""Write a film as a content file that loads back to the same film.

Used by ``/film-admin export`` and by every admin change (add, edit), which goes through the same
YAML validation as a file on disk. Long texts become literal blocks (``|``) so paragraphs read as
they were written; PyYAML falls back to a quoted style whenever a block could not round-trip.
"""

from __future__ import annotations

from typing import Any

import yaml

from bot.content.schema import FilmDoc, ItemDoc, SectionDoc, SourceDoc
from bot.levels import SpoilerLevel

HEADER = (
    "# Epilogue content file: one film. The format is described in README.md (Content format).\n"
    "# Edit it, then load it with /film-admin import or `epilogue import`.\n"
)


class _FilmDumper(yaml.SafeDumper):
    """Block style for multi-line text; everything else as PyYAML would write it."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_FilmDumper.add_representer(str, _represent_str)


def dump_film_yaml(doc: FilmDoc) -> str:
    """``doc`` as a content file. Levels are written out even where they are the default."""
    data = _film(doc)
    body = yaml.dump(
        data, Dumper=_FilmDumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return HEADER + "\n" + body


def _film(doc: FilmDoc) -> dict[str, Any]:
    return _compact(
        {
            "title": doc.title,
            "year": doc.year,
            "aliases": list(doc.aliases),
            "release_date": doc.release_date,
            "director": doc.director,
            "cast": list(doc.cast),
            "synopsis": doc.synopsis,
            "sources": [_source(source) for source in doc.sources],
            "sections": [_section(section) for section in doc.sections],
        }
    )


def _source(source: SourceDoc) -> dict[str, Any]:
    return _compact(
        {
            "id": source.id,
            "author": source.author,
            "outlet": source.outlet,
            "title": source.title,
            "url": source.url,
        }
    )


def _section(section: SectionDoc) -> dict[str, Any]:
    level = section.effective_level
    heading_level = section.heading_level if section.heading else None
    return _compact(
        {
            "kind": section.kind.value,
            "level": level.value,
            "heading": section.heading,
            # Only where it differs: a missing heading_level means "like the section".
            "heading_level": heading_level.value
            if heading_level and heading_level != level
            else None,
            "body": section.body,
            "items": [_item(item, level) for item in section.items],
        }
    )


def _item(item: ItemDoc, section_level: SpoilerLevel) -> dict[str, Any]:
    level = item.level or section_level
    heading_level = item.heading_level or level
    return _compact(
        {
            "heading": item.heading,
            "heading_level": heading_level.value if heading_level != level else None,
            "level": level.value,
            "body": item.body,
        }
    )


def _compact(fields: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional fields, as a person writing the file would."""
    return {key: value for key, value in fields.items() if value is not None and value != []}
