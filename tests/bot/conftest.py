"""Fixtures the core's promise tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.promise_driver import Driver, open_app


@pytest.fixture
async def driver(tmp_path: Path) -> AsyncIterator[Driver]:
    """A reader's view of a fresh core (``tests.support.promise_driver``), closed after."""
    app = await open_app(tmp_path / "template.db", tmp_path)
    try:
        yield Driver(app)
    finally:
        await app.close()
