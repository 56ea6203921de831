"""Work on the database cancelled part-way (a shutdown, a member's newer keystroke, a closing
bot) ends when cancelled and leaves nothing running: a shutdown waits for every task."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db.engine import create_engine

# A statement that keeps SQLite busy long enough to be cancelled in the middle of it.
SLOW = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000)"
    " SELECT count(*) FROM c"
)


@pytest.mark.parametrize("cancels", [1, 2, 3])
@pytest.mark.parametrize("between", [0, 1])
async def test_a_statement_cancelled_any_number_of_times_leaves_no_task_behind(
    tmp_path: Path, cancels: int, between: int
) -> None:
    """asyncio.run and pytest's loops cancel every task left at the end, and a task's own
    clean-up can be cancelled again: each time, the connection must close and nothing wait on
    it for ever (SQLAlchemy's terminate for aiosqlite left a close waiting on a stopped thread)."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'cancelled.db'}")
    before = asyncio.all_tasks()

    async def read() -> None:
        async with engine.connect() as connection:
            await connection.execute(text(SLOW))

    reader = asyncio.create_task(read())
    await asyncio.sleep(0.05)  # inside the statement
    for _ in range(cancels):
        reader.cancel()
        for _ in range(between):
            await asyncio.sleep(0)
    await asyncio.wait({reader}, timeout=10)
    assert reader.cancelled()

    left = asyncio.all_tasks() - before - {reader}
    for task in left:
        task.cancel()
    if left:
        _, pending = await asyncio.wait(left, timeout=5)
        assert not pending, [task.get_coro() for task in pending]
    await engine.dispose()
    # The engine still works for everyone else.
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT 1"))).scalar() == 1
    await engine.dispose()
