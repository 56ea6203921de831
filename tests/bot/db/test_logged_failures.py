"""A write the database refuses is logged without the words it carried.

SQLAlchemy writes a failed statement's parameters into its error's text, and the bot logs
such errors with their traceback: a member's hidden spoiler (a hide's record) or a film's
ending (content being stored) went into the operator's log, which names a hide by its film
and counts alone (README, "Who sees what").
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.buttons import AddForm
from bot.epilogue import Epilogue
from bot.features.spoiler.memory_channel import MemoryChannel
from tests.bot.features.film_admin.test_content import admin
from tests.bot.features.spoiler.test_guard import SPOILS, guard_on
from tests.bot.features.spoiler.test_guard_two_processes import guard
from tests.bot.features.spoiler.test_member_spoilers import message

_REFUSE = {
    # Not RAISE(ABORT): SQLite reports that as a constraint failed, which the bot reads as a
    # row another process stored first. A table gone is a failure of the database.
    "sqlite": (
        [
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table}"
            " BEGIN INSERT INTO the_disk_is_full VALUES (1); END"
        ],
        ["DROP TRIGGER refuse_{table}"],
    ),
    "postgresql": (
        [
            "CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'the_disk_is_full'; END $$",
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION refuse_{table}()",
        ],
        ["DROP TRIGGER refuse_{table} ON {table}", "DROP FUNCTION refuse_{table}()"],
    ),
}


@asynccontextmanager
async def refused_inserts(engine: AsyncEngine, table: str) -> AsyncIterator[None]:
    """The database refuses every new row of ``table``, as a full disk or a lost server does
    (until the block ends: the PostgreSQL test database is the next test's, emptied)."""
    refuse, allow = _REFUSE[engine.dialect.name]
    async with engine.begin() as connection:
        for statement in refuse:
            await connection.execute(text(statement.format(table=table)))
    try:
        yield
    finally:
        async with engine.begin() as connection:
            for statement in allow:
                await connection.execute(text(statement.format(table=table)))


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every log line as the operator's log shows it, tracebacks included."""
    formatter = logging.Formatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


async def test_a_hide_the_database_refuses_logs_none_of_the_members_words(
    app: Epilogue, caplog: pytest.LogCaptureFixture
) -> None:
    await guard_on(app, all_films=True)
    channel = MemoryChannel()

    async with refused_inserts(app.engine, "hidden_messages"):
        with caplog.at_level(logging.INFO):
            verdict = await guard(app, message(SPOILS, id=902_001), channel)

    assert verdict.hidden and channel.deleted == [902_001]
    assert "could not be recorded" in caplog.text  # the failure is logged, and so is why
    assert "the_disk_is_full" in logged(caplog)
    assert "marries" not in logged(caplog)


async def test_a_film_the_database_refuses_to_store_raises_none_of_its_words(app: Epilogue) -> None:
    """What a failed store raises is logged by whoever catches it (the adapter's error path,
    the storage failure's line): its text must not carry the ending it was storing."""
    typed = {
        "title": "Paper Moon Harbour",
        "year": "2021",
        "synopsis": "",
        "quick_answer": "The harbour master drowns the lighthouse keeper.",
        "ending": "",
    }

    async with refused_inserts(app.engine, "sections"):
        with pytest.raises(Exception) as failed:
            await app.submit(admin(), AddForm().encode(), typed)

    raised = "".join(traceback.format_exception(failed.value))
    assert "the_disk_is_full" in raised
    assert "lighthouse" not in raised
