"""Which films a server can see, found by title: lookup, fuzzy suggestions and autocomplete.

Titles live in memory (a few hundred bytes a film) so autocomplete never waits on the database;
the index is rebuilt when content changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import GLOBAL_SCOPE, Film

MAX_CHOICES = 25
FILM_ID_VALUE = re.compile(r"^film-id:(\d+)$")


@dataclass(frozen=True)
class FilmEntry:
    id: int
    guild_id: int
    slug: str
    title: str
    year: int
    aliases: tuple[str, ...]

    @property
    def label(self) -> str:
        """Title and year: spoiler-free, and tells remakes apart (at most 107 characters)."""
        return f"{self.title} ({self.year})"

    @property
    def choice_value(self) -> str:
        return f"film-id:{self.id}"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


class FilmCatalog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._by_id: dict[int, FilmEntry] = {}
        self._by_scope: dict[int, list[FilmEntry]] = {}
        # Parallel lists for rapidfuzz: one searchable key per title, title+year and alias.
        self._keys: dict[int, list[str]] = {}
        self._key_film: dict[int, list[FilmEntry]] = {}

    async def refresh(self) -> None:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Film.id, Film.guild_id, Film.slug, Film.title, Film.year, Film.aliases)
            )
            entries = [
                FilmEntry(id, guild, slug, title, year, tuple(aliases or ()))
                for id, guild, slug, title, year, aliases in rows
            ]
        by_scope: dict[int, list[FilmEntry]] = {}
        keys: dict[int, list[str]] = {}
        key_film: dict[int, list[FilmEntry]] = {}
        for entry in sorted(entries, key=lambda e: (_norm(e.title), e.year)):
            by_scope.setdefault(entry.guild_id, []).append(entry)
            for key in {_norm(entry.title), _norm(entry.label), *map(_norm, entry.aliases)}:
                keys.setdefault(entry.guild_id, []).append(key)
                key_film.setdefault(entry.guild_id, []).append(entry)
        self._by_id = {e.id: e for e in entries}
        self._by_scope, self._keys, self._key_film = by_scope, keys, key_film

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, film_id: int) -> FilmEntry | None:
        return self._by_id.get(film_id)

    def visible(self, guild_id: int | None, film_id: int) -> FilmEntry | None:
        """The film if this server may see it (global and not shadowed, or its own)."""
        entry = self._by_id.get(film_id)
        if entry is None:
            return None
        if entry.guild_id == GLOBAL_SCOPE:
            return None if self._shadowed(guild_id, entry) else entry
        return entry if entry.guild_id == guild_id else None

    def films(self, guild_id: int | None) -> list[FilmEntry]:
        """Every film the server sees, sorted by title; a server's own film wins a clash."""
        own = self._by_scope.get(guild_id, []) if guild_id else []
        own_slugs = {e.slug for e in own}
        merged = own + [e for e in self._by_scope.get(GLOBAL_SCOPE, []) if e.slug not in own_slugs]
        return sorted(merged, key=lambda e: (_norm(e.title), e.year))

    def _shadowed(self, guild_id: int | None, entry: FilmEntry) -> bool:
        if not guild_id:
            return False
        return any(e.slug == entry.slug for e in self._by_scope.get(guild_id, []))

    def resolve(self, guild_id: int | None, text: str) -> FilmEntry | None:
        """The film ``text`` names exactly: autocomplete value, title, "Title (Year)" or alias."""
        text = text.strip()
        if match := FILM_ID_VALUE.match(text):
            return self.visible(guild_id, int(match[1]))
        wanted = _norm(text)
        if not wanted:
            return None
        exact = [
            e
            for e in self.films(guild_id)
            if wanted in {_norm(e.title), _norm(e.label), *map(_norm, e.aliases)}
        ]
        # A bare title shared by a film and its remake is ambiguous: the newest is the usual wish.
        return max(exact, key=lambda e: e.year) if exact else None

    def search(self, guild_id: int | None, query: str, limit: int = MAX_CHOICES) -> list[FilmEntry]:
        """Best matches for a partial, misspelt or aliased title, best first, one per film."""
        wanted = _norm(query)
        if not wanted:
            return self.films(guild_id)[:limit]
        scored: dict[int, tuple[float, FilmEntry]] = {}
        scopes = [GLOBAL_SCOPE] + ([guild_id] if guild_id else [])
        own_slugs = {e.slug for e in self._by_scope.get(guild_id, [])} if guild_id else set()
        for scope in scopes:
            keys = self._keys.get(scope, [])
            owners = self._key_film.get(scope, [])
            # Prefix matches feel right while typing; WRatio (in C) forgives typos and word order.
            prefix = [(100.0, i) for i, key in enumerate(keys) if key.startswith(wanted)]
            fuzzy = [
                (score, index)
                for _key, score, index in process.extract(
                    wanted, keys, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60
                )
            ]
            for score, index in prefix[: limit * 3] + fuzzy:
                entry = owners[index]
                if scope == GLOBAL_SCOPE and entry.slug in own_slugs:
                    continue
                if entry.id not in scored or scored[entry.id][0] < score:
                    scored[entry.id] = (score, entry)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], _norm(pair[1].title)))
        return [entry for _score_value, entry in ranked[:limit]]

    def suggestions(self, guild_id: int | None, text: str, limit: int = 3) -> list[FilmEntry]:
        return self.search(guild_id, text, limit=limit)
