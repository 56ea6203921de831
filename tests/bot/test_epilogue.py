from __future__ import annotations

from pathlib import Path

import pytest

from bot.epilogue import Epilogue
from tests.conftest import make_config


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
