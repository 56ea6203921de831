"""Write a FilmDoc as a content file a person can review and edit.

Keys follow the content format's reading order, empty fields are left out, and any text longer
than a line is a literal block scalar (``|``): one paragraph per line, a blank line between
paragraphs, exactly as stored. Levels are written wherever the document sets them; the importer
sets every one, so a reviewer sees each decision. Loading the output gives the same document.
"""

from __future__ import annotations

from typing import Any

import yaml

from bot.content.schema import FilmDoc

_FILM_KEYS = (
    "title",
    "year",
    "aliases",
    "release_date",
    "director",
    "cast",
    "synopsis",
    "sources",
    "sections",
)
_SOURCE_KEYS = ("id", "author", "outlet", "title", "url")
_SECTION_KEYS = ("kind", "level", "heading", "heading_level", "body", "items")
_ITEM_KEYS = ("heading", "heading_level", "level", "body")
_BLOCK_OVER = 80


class _Dumper(yaml.SafeDumper):
    """Block scalars for long or multi-line text, and lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# Unicode line breaks other than "\n". PyYAML writes them raw inside single quotes and reads
# them back as folded spaces, so text holding one is written double-quoted, where it is escaped.
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted scalar by itself when a block cannot hold the text exactly
    # (trailing spaces, control characters), so asking for "|" never loses anything.
    if any(mark in value for mark in _UNICODE_BREAKS):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value or len(value) > _BLOCK_OVER else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: data[key] for key in keys if data.get(key) not in (None, [], "")}


def film_to_data(doc: FilmDoc) -> dict[str, Any]:
    """The document as plain YAML-ready data in content-file key order."""
    data = doc.model_dump(mode="python")
    data["sources"] = [_ordered(source, _SOURCE_KEYS) for source in data["sources"]]
    sections = []
    for section in data["sections"]:
        section["items"] = [_ordered(item, _ITEM_KEYS) for item in section["items"]]
        sections.append(_ordered(section, _SECTION_KEYS))
    data["sections"] = sections
    return _ordered(data, _FILM_KEYS)


def dump_film_yaml(doc: FilmDoc) -> str:
    return yaml.dump(
        _plain(film_to_data(doc)),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def _plain(value: Any) -> Any:
    """Enum members as their string values, so the dumper sees only YAML-native types."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value
