"""Load validated film files into the database: idempotent by hash, each file all or nothing.

A file whose bytes are stored already (same hash) is not parsed again, so a start over a large
unchanged content folder only reads and hashes it. Films are written a batch at a time with bulk
statements (a few multi-row INSERTs per batch for films, sections, sources and items), which
costs a fraction of the ORM's unit of work per film.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from bot.content.film_file import (
    MAX_FILE_BYTES,
    ContentError,
    FilmFile,
    Problem,
    content_hash,
    looks_like_content_file,
    path_name,
    read_content_bytes,
    read_film_file_off_loop,
)
from bot.content.renames import Given, Renamed, follow_renames, stale_origins
from bot.content.schema import FilmDoc
from bot.content.works import work_slug
from bot.db import upsert
from bot.db.models import GLOBAL_SCOPE, Film, Item, Section, Source, utcnow
from bot.features.film.stored_renders import store_renders
from bot.levels import SectionKind

log = logging.getLogger(__name__)

CONTENT_SUFFIXES = {".yaml", ".yml"}
ARTICLE_SUFFIXES = (
    *(".txt", ".md", ".markdown", ".mdown", ".mkd", ".mdx", ".qmd", ".html", ".htm", ".xhtml"),
    *(".mhtml", ".mht", ".eml", ".xml", ".rss", ".atom", ".opml", ".srt", ".vtt", ".json"),
    *(".wiki", ".mediawiki", ".org", ".rst", ".adoc", ".asciidoc", ".tex", ".textile"),
    *(".gmi", ".rtf", ".enex"),
)
"""Explainer articles, in every format the importer reads (README, Importing an article):
drafted into content by it, never read as content (unless a content file was saved so)."""
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".odt", ".epub", ".pages")
"""Documents an article is often saved as, which the importer names with how to save it as
text instead."""

BATCH = 200
"""Films parsed, written and committed together: bounds memory and the work a failure undoes."""

Row = dict[str, Any]
FILMS = Film.__table__
StoredFilms = dict[str, tuple[int, str]]
"""Slug → (film id, content hash) of the films stored in one scope."""


def find_content_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their content files, sorted; report paths that do not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            # Any case of suffix ("Film.YAML" from Windows tools), and only files.
            found = path.rglob("*")
            inside = sorted(
                p for p in found if p.suffix.lower() in CONTENT_SUFFIXES and p.is_file()
            )
            # Notepad saves a content file as .txt, a tool as .json: a folder loads its .yaml
            # files alone, so each such file is named, never left out without a word.
            saved_as_other = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file() and _content(p)
            )
            if not inside:  # a wrong folder, or one of articles: not "0 problems"
                problems.append(
                    Problem(path_name(path), None, "", "has no content files (.yaml or .yml) in it")
                )
            problems.extend(
                Problem(
                    path_name(other),
                    None,
                    "",
                    f"is a content file saved as {other.suffix}, which a folder does not load:"
                    f" rename it to .yaml",
                )
                for other in saved_as_other
            )
            files.extend(inside)
        elif path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES and not _content(path):
            # Read as YAML, an article gives "is not a known field" for its first "word:".
            problems.append(
                Problem(
                    path_name(path),
                    None,
                    "",
                    f"is an article, not a content file: draft one with epilogue import-article"
                    f" {path_name(path)} --out FILE.yaml, review it, then load that",
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            missing = "no such file or folder"
            if not path.is_absolute():
                # A relative path (config.example.yaml's data/films) starts from the working
                # folder, not from the config file or the checkout: say which folder that was.
                missing += f" (relative to {Path.cwd()}, where Epilogue was started)"
            problems.append(Problem(path_name(path), None, "", missing))
    return files, problems


def _content(path: Path) -> bool:
    """Whether a file named as an article is a content file (Notepad saves one as .txt)."""
    try:
        with path.open("rb") as file:
            return looks_like_content_file(file.read(MAX_FILE_BYTES))
    except OSError:
        return False  # reported as unreadable where it is read


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Films a file replaced that another file had given: (title and year, that file, this one).
    replaced: list[tuple[str, str, str]] = field(default_factory=list)
    # Films a file now names otherwise (a year or title fixed): the old version removed, its
    # servers' embargoes and hides carried to the new name (``bot.content.renames``).
    renamed: list[Renamed] = field(default_factory=list)
    # Films a file replaced with fewer sections than they had (a partial update): (title and
    # year, the file, the labels of the sections members no longer read). Labels only: no text.
    dropped: list[tuple[str, str, list[str]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def _note_dropped_sections(
    connection: AsyncConnection,
    fresh: dict[str, FilmFile],
    film_ids: dict[str, int],
    replaced: list[int],
    report: LoadReport,
) -> None:
    """Note each replaced film whose new file lacks sections the stored version had: a file is
    the film's whole content, so a file holding only the part changed takes the rest away."""
    had: dict[int, set[str]] = {}
    rows = await connection.execute(
        select(Section.film_id, Section.kind).where(Section.film_id.in_(replaced))
    )
    for film_id, kind in rows:
        had.setdefault(film_id, set()).add(kind)
    for slug, film_file in fresh.items():
        if (film_id := film_ids.get(slug)) not in had:
            continue
        kept = {section.kind.value for section in film_file.doc.sections}
        lost = [kind.label for kind in SectionKind if kind.value in had[film_id] - kept]
        if lost:
            label = f"{film_file.doc.title} ({film_file.doc.year})"
            report.dropped.append((label, film_file.origin, lost))


def dropped_note(label: str, origin: str, lost: list[str]) -> str:
    """What a partial update took away, and how to keep it (``LoadReport.dropped``)."""
    return (
        f"{label} no longer has {', '.join(lost)}: {origin} leaves them out, and a content file"
        " is the film's whole content, so members are no longer answered them (to keep them,"
        " put them back in the file and load it again)"
    )


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
        batch_size: int = BATCH,
        digests: dict[Path, str] | None = None,
    ) -> LoadReport:
        """Load every content file under ``paths``; each batch of films is committed.

        One film (title and year) comes from one file: a second file with other content for it
        is reported and the first one kept, in the same way at every load. An unchanged file
        comes first, so the film does not flip between two files from one start to the next.
        ``digests``: the content hashes ``unchanged`` found, so no file is read twice.
        """
        files, missing = find_content_files(paths)
        report = LoadReport(problems=list(missing))
        if not files:
            return report  # nothing to compare: skip reading every stored film (0.1 s at 100k)
        async with self._sessions() as session:
            stored = await _stored_films(session, guild_id)
            # Slug → (file, content hash) of the file this load takes each film from.
            providers: dict[str, tuple[str, str]] = {}
            changed: list[Path] = []
            unchanged: dict[str, str] = {}  # file → the work it gives
            for path, slug, digest in _compare(files, stored, report, digests):
                if slug is None:
                    changed.append(path)
                else:
                    providers.setdefault(slug, (path_name(path), digest))
                    unchanged[path_name(path)] = slug
            # An unchanged file may still have left a version under its former name (renamed
            # before renames were followed, or by a load that crashed): its rules follow now.
            if stale := await stale_origins(session, guild_id, unchanged):
                given = {o: await _given(session, guild_id, unchanged[o]) for o in stale}
                await _follow(session, guild_id, given, set(providers), stored, report)
                await session.commit()
            done = len(files) - len(changed)
            if progress and files:
                progress(done, len(files))
            for start in range(0, len(changed), batch_size):
                batch = changed[start : start + batch_size]
                films = [film for path in batch if (film := await _read(path, providers, report))]
                await _store_batch(session, films, guild_id, stored, report, taken=providers)
                await session.commit()
                done += len(batch)
                if progress:
                    progress(done, len(files))
        return report

    async def unchanged(
        self,
        paths: Sequence[Path],
        *,
        guild_id: int = GLOBAL_SCOPE,
        progress: Callable[[int, int], None] | None = None,
        digests: dict[Path, str] | None = None,
    ) -> LoadReport | None:
        """``load_paths``'s report when it would write nothing (every file's film stored with
        these bytes, no version left under a former name), found by reading alone; else None,
        as soon as one file is new or changed. The hashes read are noted in ``digests``.

        A start over unchanged content (nearly every start) then neither waits for the
        database's write lock nor opens the connection that holds it."""
        files, missing = find_content_files(paths)
        if not files:
            return None  # nothing found to compare: ``load_paths`` reports it as ever
        report = LoadReport(problems=list(missing))
        async with self._sessions() as session:
            stored = await _stored_films(session, guild_id)
            unchanged: dict[str, str] = {}
            for path, slug, digest in _compare(files, stored, report, digests):
                if digests is not None:
                    digests[path] = digest
                if slug is None:
                    return None
                unchanged[path_name(path)] = slug
            if await stale_origins(session, guild_id, unchanged):
                return None
        if progress:
            progress(len(files), len(files))
        return report

    async def store(
        self,
        films: Sequence[FilmFile],
        *,
        guild_id: int = GLOBAL_SCOPE,
        report: LoadReport | None = None,
        progress: Callable[[int, int], None] | None = None,
        session: AsyncSession | None = None,
        batch_size: int = BATCH,
    ) -> LoadReport:
        """Insert or replace each film. Files are validated already, so none is half-written.

        With ``session``, the writes join the caller's transaction (an audit entry, say) and the
        caller commits; otherwise they are committed here in batches.
        """
        report = report or LoadReport()
        if session is not None:
            await _store_in(session, films, guild_id, report, progress, batch_size, commit=False)
            return report
        async with self._sessions() as own:
            await _store_in(own, films, guild_id, report, progress, batch_size, commit=True)
        return report


def _compare(
    files: list[Path], stored: StoredFilms, report: LoadReport, digests: dict[Path, str] | None
) -> Iterator[tuple[Path, str | None, str]]:
    """Each readable file with the stored work its bytes are (None: new or changed) and their
    hash; an unreadable one goes to ``report.problems``, a stored one to ``report.unchanged``."""
    slug_of_hash = {digest: slug for slug, (_film_id, digest) in stored.items()}
    for path in files:
        digest = digests.get(path) if digests else None
        if digest is None:
            try:
                digest = content_hash(read_content_bytes(path, path_name(path)))
            except ContentError as exc:
                report.problems.extend(exc.problems)
                continue
        slug = slug_of_hash.get(digest)
        if slug is not None:
            report.unchanged.append(path_name(path))
        yield path, slug, digest


async def _read(
    path: Path, providers: dict[str, tuple[str, str]], report: LoadReport
) -> FilmFile | None:
    """The film of a changed file, or None with the reason in ``report``.

    Parsed off the event loop; one bad file, whatever is wrong with it, is reported and skipped.
    """
    try:
        film_file = await read_film_file_off_loop(path)
    except ContentError as exc:
        report.problems.extend(exc.problems)
        return None
    except Exception as exc:  # a bug must not stop start-up: report it against this file
        log.exception("%s: could not be read", path_name(path))
        report.problems.append(
            Problem(path_name(path), None, "", f"could not be read ({type(exc).__name__}); skipped")
        )
        return None
    duplicate = another_file(film_file, providers)
    if duplicate is None:
        return film_file
    if duplicate is COPY:
        report.unchanged.append(film_file.origin)  # a copy of the file the film comes from
    else:
        report.problems.append(duplicate)
    return None


COPY = Problem("", None, "", "a byte-for-byte copy of the file the film comes from")


def another_file(film_file: FilmFile, providers: dict[str, tuple[str, str]]) -> Problem | None:
    """None if ``film_file`` is the first file read for its film (noted in ``providers``);
    ``COPY`` if an identical file came first; else the problem of two files for one film.
    Shared by loading and ``epilogue check``, so a check finds what a load would refuse."""
    doc = film_file.doc
    provider, digest = providers.setdefault(
        work_slug(doc.title, doc.year), (film_file.origin, film_file.content_hash)
    )
    if provider == film_file.origin:
        return None
    if digest == film_file.content_hash:
        return COPY
    return Problem(
        film_file.origin,
        None,
        "",
        f"is another file for {doc.title} ({doc.year}), which {provider} already has:"
        " keep one file per film, or change the title or year",
    )


async def _given(session: AsyncSession, guild_id: int, slug: str) -> Given:
    """The stored film of ``slug`` as the work a file gives."""
    row = (
        await session.execute(
            select(Film.title, Film.year).where(Film.guild_id == guild_id, Film.slug == slug)
        )
    ).one()
    return Given(slug, row.title, row.year)


async def _follow(
    session: AsyncSession,
    guild_id: int,
    given: dict[str, Given],
    taken: set[str],
    stored: StoredFilms,
    report: LoadReport,
) -> None:
    """Rename the works whose file now gives another (``bot.content.renames``)."""
    renamed = await follow_renames(session, guild_id, given, taken)
    for rename in renamed:
        stored.pop(rename.work, None)  # removed: a later file giving it stores it anew
        log.info("%s now names %s, not %s: its rules follow", rename.origin, rename.new, rename.old)
    report.renamed.extend(renamed)


async def _stored_films(session: AsyncSession, guild_id: int) -> StoredFilms:
    rows = await session.execute(
        select(Film.slug, Film.id, Film.content_hash).where(Film.guild_id == guild_id)
    )
    return {slug: (film_id, digest) for slug, film_id, digest in rows}


async def _store_in(
    session: AsyncSession,
    films: Sequence[FilmFile],
    guild_id: int,
    report: LoadReport,
    progress: Callable[[int, int], None] | None,
    batch_size: int,
    *,
    commit: bool,
) -> None:
    stored = await _stored_films(session, guild_id)
    for start in range(0, len(films), batch_size):
        await _store_batch(session, films[start : start + batch_size], guild_id, stored, report)
        if commit:
            await session.commit()
        if progress:
            progress(min(start + batch_size, len(films)), len(films))


async def _store_batch(
    session: AsyncSession,
    films: Sequence[FilmFile],
    guild_id: int,
    stored: StoredFilms,
    report: LoadReport,
    *,
    taken: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Write the films whose content is not stored yet, and note them in ``stored``.

    With ``taken`` (a load of files: the works each file read so far gives), a stored film
    whose file now gives another work is that work renamed (``bot.content.renames``).

    ``stored`` is what this load read before writing; another store (``/film-admin``, a second
    import) may have written the same films since. So a film is inserted only if absent
    (``ON CONFLICT DO NOTHING``), else replaced only where its stored content differs: the
    database decides, and a film that a concurrent store wrote first is reported unchanged.
    """
    fresh: dict[str, FilmFile] = {}
    origins: dict[str, list[str]] = {}
    for film_file in films:
        slug = work_slug(film_file.doc.title, film_file.doc.year)
        current = fresh[slug].content_hash if slug in fresh else stored.get(slug, (0, ""))[1]
        if film_file.content_hash == current:
            report.unchanged.append(film_file.origin)
        else:
            fresh[slug] = film_file  # of two versions of one film, the later one wins
            origins.setdefault(slug, []).append(film_file.origin)
    if not fresh:
        return
    if taken is not None:
        given = {
            film_file.origin: Given(slug, film_file.doc.title, film_file.doc.year)
            for slug, film_file in fresh.items()
        }
        await _follow(session, guild_id, given, set(taken) | set(fresh), stored, report)
    now = utcnow()
    # Core statements on the session's connection: the ORM's bulk path splits a batch wherever
    # a value is None. Generated ids come back by key (slug; film and position), not in
    # parameter order, which SQLAlchemy can promise on SQLite only one row per statement.
    connection = await session.connection()
    new = [
        {"guild_id": guild_id, "slug": slug, **_film_row(film_file, now)}
        for slug, film_file in fresh.items()
        if slug not in stored
    ]
    film_ids: dict[str, int] = {}  # the films this store writes, by slug
    if new:
        inserted = await connection.execute(
            upsert.insert(connection, FILMS)
            .on_conflict_do_nothing(index_elements=[FILMS.c.guild_id, FILMS.c.slug])
            .returning(FILMS.c.slug, FILMS.c.id),
            new,
        )
        film_ids.update((slug, film_id) for slug, film_id in inserted)
    replaced: list[int] = []
    given_by = await _origins(
        connection, guild_id, [slug for slug in fresh if slug not in film_ids]
    )
    for slug, film_file in fresh.items():
        if slug in film_ids:
            continue
        film_id = await _replace(connection, guild_id, slug, film_file, now)
        if film_id is not None:
            replaced.append(film_id)
            film_ids[slug] = film_id
            if given_by.get(slug, film_file.origin) != film_file.origin:
                label = f"{film_file.doc.title} ({film_file.doc.year})"
                report.replaced.append((label, given_by[slug], film_file.origin))
            continue
        current_row = (
            await connection.execute(
                select(FILMS.c.id, FILMS.c.content_hash).where(
                    FILMS.c.guild_id == guild_id, FILMS.c.slug == slug
                )
            )
        ).first()
        if current_row is None:  # removed since this load read it: store it anew
            row = {"guild_id": guild_id, "slug": slug, **_film_row(film_file, now)}
            added = await connection.execute(insert(FILMS).returning(FILMS.c.id), row)
            film_ids[slug] = added.scalar_one()
        else:  # a concurrent store wrote this very content first
            stored[slug] = (current_row.id, current_row.content_hash)
            report.unchanged.extend(origins[slug])
    if replaced:
        await _note_dropped_sections(connection, fresh, film_ids, replaced, report)
        # Deleting a section deletes its items (ON DELETE CASCADE).
        await connection.execute(delete(Section).where(Section.film_id.in_(replaced)))
        await connection.execute(delete(Source).where(Source.film_id.in_(replaced)))
    sources: list[Row] = []
    sections: list[Row] = []
    items_of_section: dict[tuple[int, int], list[Row]] = {}
    for slug, film_file in fresh.items():
        if slug not in film_ids:
            continue
        film_id = film_ids[slug]
        report.loaded.extend(origins[slug])
        stored[slug] = (film_id, film_file.content_hash)
        film_sources, film_sections = _rows_for(film_file.doc, film_id)
        sources.extend(film_sources)
        for section, items in film_sections:
            sections.append(section)
            items_of_section[film_id, section["position"]] = items
    if sources:
        await connection.execute(insert(Source), sources)
    if sections:
        inserted = await connection.execute(
            insert(Section).returning(Section.film_id, Section.position, Section.id), sections
        )
        items = [
            item | {"section_id": section_id}
            for film_id, position, section_id in inserted
            for item in items_of_section[film_id, position]
        ]
        if items:
            await connection.execute(insert(Item), items)
    # What answers render of these films, rendered once now (read back in this transaction).
    await connection.run_sync(store_renders, film_ids.values())


async def _origins(connection: AsyncConnection, guild_id: int, slugs: list[str]) -> dict[str, str]:
    """The file each of these stored films came from: a film another file replaces is named
    with it, since the next load of that file would put it back."""
    if not slugs:
        return {}
    rows = await connection.execute(
        select(FILMS.c.slug, FILMS.c.origin).where(
            FILMS.c.guild_id == guild_id, FILMS.c.slug.in_(slugs)
        )
    )
    return {slug: _reported(origin) for slug, origin in rows}


UPLOAD_ORIGIN = "/film-admin import (a file a server admin uploaded)"
"""Where a film loaded through ``/film-admin import`` came from, as stored and reported: never
the upload's name (an explainer saved from the web is named by its headline, often the twist),
which whoever runs ``epilogue import`` would read."""


def _reported(origin: str) -> str:
    """A stored origin as a report names it: an upload stored with its name (before
    ``UPLOAD_ORIGIN``) by what it was, not that name."""
    return UPLOAD_ORIGIN if origin.startswith("/film-admin import") else origin


async def _replace(
    connection: AsyncConnection, guild_id: int, slug: str, film_file: FilmFile, now: dt.datetime
) -> int | None:
    """Replace a stored film in place if its content differs; its id, or None if not written.

    The film keeps its id, so whatever points at it survives an edit. On PostgreSQL the UPDATE
    waits for a concurrent store of the same film and then sees that store's content.
    """
    updated = await connection.execute(
        update(FILMS)
        .where(
            FILMS.c.guild_id == guild_id,
            FILMS.c.slug == slug,
            FILMS.c.content_hash != film_file.content_hash,
        )
        .values(_film_row(film_file, now))
        .returning(FILMS.c.id)
    )
    return updated.scalar()


def _film_row(film_file: FilmFile, now: dt.datetime) -> Row:
    doc = film_file.doc
    return {
        "title": doc.title,
        "year": doc.year,
        "aliases": list(doc.aliases),
        "release_date": doc.release_date,
        "director": doc.director,
        "cast": list(doc.cast),
        "synopsis": doc.synopsis,
        "origin": film_file.origin,
        "content_hash": film_file.content_hash,
        "loaded_at": now,
    }


def _rows_for(doc: FilmDoc, film_id: int) -> tuple[list[Row], list[tuple[Row, list[Row]]]]:
    """The film's sources, and its sections each with their items (no section id yet)."""
    sources = [
        {
            "film_id": film_id,
            "number": s.id,
            "author": s.author,
            "outlet": s.outlet,
            "title": s.title,
            "url": s.url,
        }
        for s in doc.sources
    ]
    sections: list[tuple[Row, list[Row]]] = []
    for position, section in enumerate(doc.sections):
        level = section.effective_level
        row = {
            "film_id": film_id,
            "position": position,
            "kind": section.kind.value,
            "level": level.value,
            "heading": section.heading,
            "heading_level": (section.heading_level or level).value,
            "body": section.body,
        }
        items = [
            {
                "position": i,
                "heading": item.heading,
                "level": (item.level or level).value,
                "heading_level": (item.heading_level or item.level or level).value,
                "body": item.body,
            }
            for i, item in enumerate(section.items)
        ]
        sections.append((row, items))
    return sources, sections
