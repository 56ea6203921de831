"""Which films a chat message names, by title or alias (``bot.catalog``), found in one pass.

A message is split into words once; each word that starts some film's name looks only at the
names starting with it, so the cost follows the message's length, not the catalog's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.catalog import FilmCatalog, FilmEntry

_WORD = re.compile(r"\w+")
# A longer name wins over a shorter one inside it ("Alien" in "Aliens"): names are matched
# on whole words, longest first at each place.


def _words(text: str) -> list[str]:
    return [match.group().casefold() for match in _WORD.finditer(text)]


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]
    # One-word names that are everyday words ("Her", "Up", "Us") are matched only when written
    # with the capital the title has: "her" in a sentence names nothing.
    written: str | None
    entry: FilmEntry


class FilmMentions:
    """Film names in text, for one server's view of the catalog (rebuilt when it changes)."""

    def __init__(self, catalog: FilmCatalog) -> None:
        self._catalog = catalog
        self._indexes: dict[int | None, tuple[int, dict[str, list[_Name]]]] = {}

    def _index(self, guild_id: int | None) -> dict[str, list[_Name]]:
        cached = self._indexes.get(guild_id)
        if cached is not None and cached[0] == self._catalog.generation:
            return cached[1]
        index: dict[str, list[_Name]] = {}
        for entry in self._catalog.films(guild_id):
            for name in (entry.title, *entry.aliases):
                words = tuple(_words(name))
                if not words:
                    continue
                written = name.strip() if len(words) == 1 else None
                index.setdefault(words[0], []).append(_Name(words, written, entry))
        for names in index.values():
            names.sort(key=lambda n: -len(n.words))
        if len(self._indexes) > 1000:
            self._indexes.clear()
        self._indexes[guild_id] = (self._catalog.generation, index)
        return index

    def named(self, guild_id: int | None, text: str) -> list[FilmEntry]:
        """The films ``text`` names, in the order it names them, each once."""
        index = self._index(guild_id)
        matches = list(_WORD.finditer(text))
        words = [match.group().casefold() for match in matches]
        found: dict[str, FilmEntry] = {}
        at = 0
        while at < len(words):
            step = 1
            for name in index.get(words[at], ()):
                end = at + len(name.words)
                if tuple(words[at:end]) != name.words:
                    continue
                if name.written is not None and not _written_as_title(
                    matches[at].group(), name.written
                ):
                    continue
                found.setdefault(name.entry.work, name.entry)
                step = len(name.words)
                break
            at += step
        return list(found.values())


SHORT_NAME = 5
"""One-word names shorter than this are everyday words too often ("Her", "Up", "Nope")."""


def _written_as_title(word: str, title: str) -> bool:
    """A one-word name counts when written as the title is (same capitals) or all capitals;
    a longer one also in lower case, as people type in chat."""
    if word == title or (word.isupper() and len(word) > 1):
        return True
    return len(word) >= SHORT_NAME and word.islower()
