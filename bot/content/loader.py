"""Load validated film files into the database: idempotent by hash, each file all or nothing."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.film_file import ContentError, FilmFile, Problem, read_film_file
from bot.content.schema import FilmDoc
from bot.db.models import GLOBAL_SCOPE, Film, Item, Section, Source, utcnow

log = logging.getLogger(__name__)

CONTENT_SUFFIXES = {".yaml", ".yml"}


def slugify(title: str, year: int) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return f"{words or 'film'}-{year}"


def find_content_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their content files, sorted; report paths that do not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in CONTENT_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, "", "no such file or folder"))
    return files, problems


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ContentLoader:
    """Writes films into the database for one scope: global content or one server's."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def load_paths(
        self,
        paths: Sequence[Path],
        *,
        guild_id: int = GLOBAL_SCOPE,
        progress: Callable[[int, int], None] | None = None,
    ) -> LoadReport:
        files, missing = find_content_files(paths)
        report = LoadReport(problems=list(missing))
        valid: list[FilmFile] = []
        for index, path in enumerate(files, start=1):
            try:
                valid.append(read_film_file(path))
            except ContentError as exc:
                report.problems.extend(exc.problems)
            if progress:
                progress(index, len(files) * 2)
        await self.store(valid, guild_id=guild_id, report=report, progress=progress)
        return report

    async def store(
        self,
        films: Sequence[FilmFile],
        *,
        guild_id: int = GLOBAL_SCOPE,
        report: LoadReport | None = None,
        progress: Callable[[int, int], None] | None = None,
        session: AsyncSession | None = None,
        batch_size: int = 200,
    ) -> LoadReport:
        """Insert or replace each film. Files are validated already, so none is half-written.

        With ``session``, the writes join the caller's transaction (an audit entry, say) and the
        caller commits; otherwise they are committed here in batches.
        """
        report = report or LoadReport()
        if session is not None:
            await self._store_in(session, films, guild_id, report, progress, batch_size=None)
            return report
        async with self._sessions() as own:
            await self._store_in(own, films, guild_id, report, progress, batch_size=batch_size)
            await own.commit()
        return report

    async def _store_in(
        self,
        session: AsyncSession,
        films: Sequence[FilmFile],
        guild_id: int,
        report: LoadReport,
        progress: Callable[[int, int], None] | None,
        *,
        batch_size: int | None,
    ) -> None:
        existing = {
            slug: (film_id, digest)
            for film_id, slug, digest in await session.execute(
                select(Film.id, Film.slug, Film.content_hash).where(Film.guild_id == guild_id)
            )
        }
        for index, film_file in enumerate(films, start=1):
            slug = slugify(film_file.doc.title, film_file.doc.year)
            known = existing.get(slug)
            if known and known[1] == film_file.content_hash:
                report.unchanged.append(film_file.origin)
            else:
                film_id = await _write_film(session, film_file, slug, guild_id, known)
                existing[slug] = (film_id, film_file.content_hash)
                report.loaded.append(film_file.origin)
            if batch_size and index % batch_size == 0:
                await session.commit()
            if progress:
                progress(len(films) + index, len(films) * 2)


async def _write_film(
    session: AsyncSession,
    film_file: FilmFile,
    slug: str,
    guild_id: int,
    known: tuple[int, str] | None,
) -> int:
    doc = film_file.doc
    if known is not None:
        # Replace the old version in place: the film keeps its id, so opt-ins and embargoes
        # that point at it survive an edit.
        film = await session.get_one(Film, known[0])
        await session.execute(delete(Section).where(Section.film_id == film.id))
        await session.execute(delete(Source).where(Source.film_id == film.id))
    else:
        film = Film(guild_id=guild_id, slug=slug)
        session.add(film)
    film.title = doc.title
    film.year = doc.year
    film.aliases = list(doc.aliases)
    film.release_date = doc.release_date
    film.director = doc.director
    film.cast = list(doc.cast)
    film.synopsis = doc.synopsis
    film.origin = film_file.origin
    film.content_hash = film_file.content_hash
    film.loaded_at = utcnow()
    await session.flush()
    session.add_all(_rows_for(doc, film.id))
    await session.flush()
    return film.id


def _rows_for(doc: FilmDoc, film_id: int) -> list[Source | Section]:
    rows: list[Source | Section] = [
        Source(
            film_id=film_id,
            number=s.id,
            author=s.author,
            outlet=s.outlet,
            title=s.title,
            url=s.url,
        )
        for s in doc.sources
    ]
    for position, section in enumerate(doc.sections):
        level = section.effective_level
        rows.append(
            Section(
                film_id=film_id,
                position=position,
                kind=section.kind.value,
                level=level.value,
                heading=section.heading,
                heading_level=(section.heading_level or level).value,
                body=section.body,
                items=[
                    Item(
                        position=i,
                        heading=item.heading,
                        level=(item.level or level).value,
                        heading_level=(item.heading_level or item.level or level).value,
                        body=item.body,
                    )
                    for i, item in enumerate(section.items)
                ],
            )
        )
    return rows
