"""A stored film exported as YAML loads back to the same film, defaults made explicit."""

from __future__ import annotations

from pathlib import Path

from bot.content.export import film_doc
from bot.content.film_file import parse_film_bytes, read_film_file
from bot.content.schema import FilmDoc
from bot.content.yaml_dump import dump_film_yaml

ROOT = Path(__file__).resolve().parents[3]
LA_LA_LAND = ROOT / "data" / "films" / "la-la-land.yaml"

TRICKY = """\
title: "Tricky: the *film*"
year: 1999
aliases: ["#1 Tricky", "@everyone"]
release_date: 1999-01-02
synopsis: "Line one.\\n\\n  Indented line with trailing spaces   \\nand a ||hidden|| bar"
sources:
  - id: 1
    author: "O'Brien"
    title: "Quotes \\" and 'both'"
    url: https://example.com/a?b=c|d
sections:
  - kind: ending
    heading: "The ||secret|| ending"
    heading_level: none
    body: "yes: no\\n- not a list\\n# not a comment[^1]"
  - kind: faq
    level: plot
    items:
      - heading: "Q?"
        body: "true"
      - heading: "null"
        level: none
        heading_level: ending
        body: "123"
"""


def explicit(doc: FilmDoc) -> FilmDoc:
    """``doc`` with every level stated, as stored (and so as exported)."""
    data = doc.model_dump()
    for section, raw in zip(doc.sections, data["sections"], strict=True):
        level = section.effective_level
        raw["level"] = level
        raw["heading_level"] = (section.heading_level or level) if section.heading else None
        for item, raw_item in zip(section.items, raw["items"], strict=True):
            raw_item["level"] = item.level or level
            raw_item["heading_level"] = item.heading_level or item.level or level
    return FilmDoc.model_validate(data)


async def exported(app, title: str) -> str:  # type: ignore[no-untyped-def]
    entry = app.catalog.resolve(None, title)
    async with app.sessions() as session:
        return dump_film_yaml(film_doc(await app.film.load(session, entry)))


async def test_shipped_film_round_trips(app) -> None:  # type: ignore[no-untyped-def]
    original = read_film_file(LA_LA_LAND).doc
    text = await exported(app, "La La Land")
    assert parse_film_bytes(text.encode(), "export.yaml").doc == explicit(original)


async def test_awkward_text_round_trips_exactly(app) -> None:  # type: ignore[no-untyped-def]
    original = parse_film_bytes(TRICKY.encode(), "tricky.yaml")
    await app.loader.store([original])
    await app.catalog.refresh()
    text = await exported(app, "Tricky: the *film*")
    again = parse_film_bytes(text.encode(), "export.yaml").doc
    assert again == explicit(original.doc)
    assert (
        again.synopsis
        == "Line one.\n\n  Indented line with trailing spaces   \nand a ||hidden|| bar"
    )


async def test_reloading_an_export_changes_nothing(app) -> None:  # type: ignore[no-untyped-def]
    text = await exported(app, "La La Land")
    reloaded = parse_film_bytes(text.encode(), "export.yaml")
    await app.loader.store([reloaded])
    await app.catalog.refresh()
    assert await exported(app, "La La Land") == text
