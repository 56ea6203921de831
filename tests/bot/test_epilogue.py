from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import engine as db_engine
from bot.db.models import Film
from bot.db.storage_errors import StorageError
from bot.epilogue import Epilogue
from tests.bot.db.test_storage_errors import lock_held_elsewhere
from tests.conftest import FILMS, make_config


@pytest.fixture
def closed(monkeypatch: pytest.MonkeyPatch) -> list[Epilogue]:
    """Every app closed during the test, in order."""
    seen: list[Epilogue] = []
    original = Epilogue.close

    async def close(self: Epilogue) -> None:
        seen.append(self)
        await original(self)

    monkeypatch.setattr(Epilogue, "close", close)
    return seen


async def test_open_as_a_context_closes_the_app_however_the_block_ends(
    tmp_path: Path, closed: list[Epilogue]
) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with Epilogue.open(make_config(tmp_path), load_content=False) as app:
            assert closed == []
            raise RuntimeError("boom")
    assert closed == [app]
    async with Epilogue.open(make_config(tmp_path), load_content=False) as again:
        assert len(again.catalog) == len(app.catalog)
    assert closed == [app, again]


async def test_awaiting_open_leaves_closing_to_the_caller(
    tmp_path: Path, closed: list[Epilogue]
) -> None:
    app = await Epilogue.open(make_config(tmp_path), load_content=False)
    assert closed == []
    await app.close()
    assert closed == [app]


async def test_an_open_that_fails_after_the_database_closes_it(
    tmp_path: Path, closed: list[Epilogue], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken_refresh(self: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr("bot.catalog.FilmCatalog.refresh", broken_refresh)
    with pytest.raises(OSError, match="disk gone"):
        async with Epilogue.open(make_config(tmp_path), load_content=False):
            pass
    assert len(closed) == 1


async def test_a_start_over_stored_unchanged_content_does_not_wait_for_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart while another process held the database's lock (an import) waited for it,
    though it had nothing to write. A changed file is still noticed, and written under it."""
    content = tmp_path / "films"
    shutil.copytree(FILMS, content)
    config = make_config(tmp_path, directories=[content])
    async with Epilogue.open(config) as first:
        films = len(first.catalog)
    assert films
    monkeypatch.setattr(db_engine, "LOCK_WAIT_S", 0.2)
    with lock_held_elsewhere(config.database.url):
        async with Epilogue.open(config) as again:
            assert len(again.catalog) == films

    changed = sorted(content.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with lock_held_elsewhere(config.database.url), pytest.raises(StorageError, match="locked"):
        await Epilogue.open(config)
    async with Epilogue.open(config) as after, after.sessions() as session:
        origins = set(await session.scalars(select(Film.origin).where(Film.guild_id == 0)))
        assert changed.name in {Path(origin).name for origin in origins}
        report = await after.load_content([content])
        assert [Path(name).name for name in report.unchanged] == [changed.name]
