"""Director and cast, when the article states them in the usual encyclopaedic phrasing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importer.blocks import Block
from bot.importer.sources import NAME

_FULL_NAME = rf"(?:{NAME})"
_NAME_LIST = rf"{_FULL_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_FULL_NAME})*"
_DIRECTOR = re.compile(rf"\b(?:written and directed|directed|helmed) by (?P<name>{NAME})")
_CAST = re.compile(
    rf"\b(?:stars|starring|co-stars|supporting cast (?:includes|features)) (?P<names>{_NAME_LIST})"
)


@dataclass(frozen=True)
class Credits:
    director: str | None = None
    cast: list[str] = field(default_factory=list)

    @property
    def people(self) -> list[str]:
        return [self.director, *self.cast] if self.director else list(self.cast)


def find_credits(blocks: list[Block]) -> Credits:
    director: str | None = None
    cast: list[str] = []
    for block in blocks:
        if director is None:
            match = _DIRECTOR.search(block.text)
            if match and len(match["name"].split()) >= 2:
                director = match["name"]
        for match in _CAST.finditer(block.text):
            for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", match["names"]):
                # One capitalised word is a character ("stars Mia"), not an actor's full name.
                if len(name.split()) >= 2 and name not in cast:
                    cast.append(name.strip())
    return Credits(director, cast[:50])
