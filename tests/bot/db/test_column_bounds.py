"""What the content format lets through, every database stores: PostgreSQL enforces the
columns' lengths and refuses what is not UTF-8, where SQLite ignores lengths, so each test runs
on both."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.film_file import FilmFile, content_hash, validate_film
from bot.content.loader import ContentLoader
from bot.db.engine import create_engine, session_factory
from bot.db.models import Film, Source
from tests.e2e.paper_moons import PAPER_MOONS


@pytest.fixture
async def sessions(
    database_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a database at the newest schema (SQLite: a copy of the one migrated)."""
    if database_url.startswith("sqlite"):
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), tmp_path / "epilogue.db")
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


def _at(limit: int, letter: str = "é") -> str:
    # Not ASCII: a column counting bytes would be shorter than one counting characters.
    return (letter * limit)[:limit]


def _fullest_film() -> dict[str, object]:
    """A film whose every bounded field is at the content format's limit."""
    return {
        "title": _at(100, "Ti"),
        "year": 2001,
        "aliases": [_at(100, f"A{n}") for n in range(20)],
        "director": _at(100),
        "cast": [_at(100, f"C{n}") for n in range(3)],
        "synopsis": _at(20_000),
        "sources": [
            {
                "id": 1,
                "author": _at(100),
                "outlet": _at(100),
                "title": _at(200),
                "url": "https://example.org/" + _at(480, "u"),
            }
        ],
        "sections": [
            {
                "kind": "ending",
                "heading": _at(200),
                "body": _at(19_995) + " [^1]",
                "items": [{"heading": _at(200, "h"), "body": _at(20_000, "b")}],
            }
        ],
    }


async def test_a_film_at_every_limit_of_the_format_is_stored_whole(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Every length the format allows fits its column, and a file's path of any length is kept
    (a content folder nested deep: `films.origin` was 500 characters, and PostgreSQL refused
    the whole import)."""
    doc = validate_film(_fullest_film(), "fullest.yaml")
    origin = "/srv/" + "/".join(_at(200, "d") for _ in range(6)) + "/fullest.yaml"
    report = await ContentLoader(sessions).store([FilmFile(doc, origin, content_hash(b"x"))])
    assert report.ok, report.problems
    async with sessions() as session:
        film = (await session.scalars(select(Film))).one()
        source = (await session.scalars(select(Source))).one()
    assert (film.title, film.origin, film.aliases) == (doc.title, origin, list(doc.aliases))
    assert source.url == doc.sources[0].url


async def test_a_file_whose_name_is_not_utf8_loads_and_is_named_readably(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """A file named in another encoding (Latin-1's "café.yaml" from an old archive) comes to
    Python with half-surrogates for its odd bytes, which neither database can store: the whole
    import failed with a traceback. It loads, named with the odd byte written out."""
    folder = tmp_path / "films"
    folder.mkdir()
    latin1 = folder / os.fsdecode(b"caf\xe9.yaml")
    latin1.write_bytes(PAPER_MOONS)
    report = await ContentLoader(sessions).load_paths([folder])
    assert report.ok, report.problems
    async with sessions() as session:
        origin = (await session.scalars(select(Film.origin))).one()
    assert origin == f"{folder}/caf\\xe9.yaml"
    again = await ContentLoader(sessions).load_paths([folder])
    assert (again.loaded, again.unchanged) == ([], [origin])
