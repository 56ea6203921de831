"""Fixtures the core's promise tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.promise_driver import Driver, open_app


@pytest.fixture
async def driver(migrated_sqlite: Path, tmp_path: Path) -> AsyncIterator[Driver]:
    """A reader's view of a fresh core (``tests.support.promise_driver``), closed after: its
    database a copy of the run's migrated one (``tests/conftest.py``)."""
    app = await open_app(migrated_sqlite, tmp_path)
    try:
        yield Driver(app)
    finally:
        await app.close()
