from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.loader import ContentLoader
from bot.db.engine import create_engine, migrate, session_factory
from bot.db.models import Base, Film, Item, Section, SeenFilm

ROOT = Path(__file__).resolve().parents[3]
LA_LA_LAND = ROOT / "data" / "films" / "la-la-land.yaml"


Loader = tuple[ContentLoader, async_sessionmaker[AsyncSession]]


@pytest.fixture
async def loader(tmp_path: Path) -> AsyncIterator[Loader]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    await migrate(engine)
    sessions = session_factory(engine)
    yield ContentLoader(sessions), sessions
    await engine.dispose()


async def count(sessions: async_sessionmaker[AsyncSession], model: type[Base]) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_load_then_reload_is_idempotent(loader: Loader, tmp_path: Path) -> None:
    content, sessions = loader
    folder = tmp_path / "films"
    folder.mkdir()
    shutil.copy(LA_LA_LAND, folder)
    first = await content.load_paths([folder])
    assert first.ok and len(first.loaded) == 1
    sections = await count(sessions, Section)
    second = await content.load_paths([folder])
    assert second.loaded == [] and len(second.unchanged) == 1
    assert await count(sessions, Film) == 1
    assert await count(sessions, Section) == sections


async def test_changed_file_replaces_old_version_and_keeps_film_id(
    loader: Loader, tmp_path: Path
) -> None:
    content, sessions = loader
    path = tmp_path / "film.yaml"
    path.write_text(LA_LA_LAND.read_text())
    await content.load_paths([path])
    async with sessions() as session:
        film_id = await session.scalar(select(Film.id))
        session.add(SeenFilm(user_id=5, film_id=film_id))
        await session.commit()
    items_before = await count(sessions, Item)
    path.write_text(path.read_text().replace("kind: symbolism", "kind: notes"))
    report = await content.load_paths([path])
    assert report.loaded == [str(path)]
    async with sessions() as session:
        assert await session.scalar(select(Film.id)) == film_id
        kinds = set(await session.scalars(select(Section.kind)))
        assert "notes" in kinds and "symbolism" not in kinds
    assert await count(sessions, Item) == items_before
    assert await count(sessions, SeenFilm) == 1  # the opt-in survived the edit


async def test_a_file_with_an_error_loads_nothing_and_others_still_load(
    loader: Loader, tmp_path: Path
) -> None:
    content, sessions = loader
    good = tmp_path / "good.yaml"
    good.write_text(LA_LA_LAND.read_text())
    bad = tmp_path / "bad.yaml"
    bad.write_text(LA_LA_LAND.read_text().replace("level: plot", "level: loud", 1))
    report = await content.load_paths([bad, good])
    assert [str(p).split(": ")[0].split(":")[0] for p in report.problems] == [str(bad)]
    assert "must be one of none, plot, ending" in str(report.problems[0])
    assert report.loaded == [str(good)]
    assert await count(sessions, Film) == 1


async def test_replacement_is_one_transaction(
    loader: Loader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing the new version fails midway, the old version is still there, whole."""
    from bot.content import loader as loader_module

    content, sessions = loader
    path = tmp_path / "film.yaml"
    path.write_text(LA_LA_LAND.read_text())
    await content.load_paths([path])
    sections_before = await count(sessions, Section)
    path.write_text(path.read_text() + "\n# edited\n")

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader_module, "_rows_for", explode)
    with pytest.raises(RuntimeError):
        await content.load_paths([path])
    assert await count(sessions, Section) == sections_before
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Film)) == 1


async def test_missing_path_is_reported(loader: Loader, tmp_path: Path) -> None:
    content, _sessions = loader
    report = await content.load_paths([tmp_path / "nope"])
    assert "no such file or folder" in str(report.problems[0])
