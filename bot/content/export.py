"""A stored film back as a content document: what ``/film-admin export`` and edits start from."""

from __future__ import annotations

from typing import Any

from bot.content.schema import FilmDoc
from bot.db.models import Film, Item, Section, Source


def film_doc(film: Film) -> FilmDoc:
    """The film as a validated ``FilmDoc``; ``film`` needs its sections, items and sources loaded.

    Stored levels are the effective ones, so the document states every level explicitly; it
    loads back to exactly the rows it came from.
    """
    return FilmDoc.model_validate(
        {
            "title": film.title,
            "year": film.year,
            "aliases": list(film.aliases or ()),
            "release_date": film.release_date,
            "director": film.director,
            "cast": list(film.cast or ()),
            "synopsis": film.synopsis,
            "sources": [_source(source) for source in film.sources],
            "sections": [_section(section) for section in film.sections],
        }
    )


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.number,
        "author": source.author,
        "outlet": source.outlet,
        "title": source.title,
        "url": source.url,
    }


def _section(section: Section) -> dict[str, Any]:
    return {
        "kind": section.kind,
        "level": section.level,
        "heading": section.heading,
        "heading_level": section.heading_level if section.heading else None,
        "body": section.body,
        "items": [_item(item) for item in section.items],
    }


def _item(item: Item) -> dict[str, Any]:
    return {
        "heading": item.heading,
        "heading_level": item.heading_level,
        "level": item.level,
        "body": item.body,
    }
