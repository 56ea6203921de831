"""A member's words the database cannot store as they are: the hide still takes the original
down. PostgreSQL refuses NUL in text (SQLite keeps it), and neither stores a lone surrogate (a
JSON payload may escape one): the hide's record failed after the repost was up, and the
ending stayed in the open beside its repost, on one database and not the other."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from bot.epilogue import Epilogue
from bot.features.spoiler.memory_channel import MemoryChannel
from tests.bot.features.spoiler.test_guard import SPOILS, guard_on
from tests.bot.features.spoiler.test_guard_two_processes import guard
from tests.bot.features.spoiler.test_member_spoilers import message, undo_repost

MESSAGE_ID = 901_001


@pytest.mark.parametrize(
    "text",
    [SPOILS.replace("mia", "mia\x00"), f"{SPOILS} \ud83d"],
    ids=["NUL", "lone surrogate"],
)
async def test_a_spoiler_whose_words_no_database_stores_is_hidden_and_undone(
    app: Epilogue, text: str
) -> None:
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    verdict = await guard(app, message(text, id=MESSAGE_ID), channel)
    assert verdict.hidden and channel.deleted == [MESSAGE_ID]
    ((repost_id, repost),) = channel.reposts

    undone = await undo_repost(app, channel, repost_id, repost)
    assert not undone.is_error, undone.content
    (_, put_back) = channel.reposts[-1]
    assert "marries" in put_back.content


async def test_a_hide_the_database_refuses_to_record_still_takes_the_original_down(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the database says to the record (down, refusing the row), the repost is up:
    the original goes, and the member is told Undo cannot put it back."""
    await guard_on(app, all_films=True)

    async def refused(*_: object, **__: object) -> None:
        raise DBAPIError("INSERT INTO hidden_messages", {}, Exception("refused"))

    monkeypatch.setattr(app.member_spoilers, "_record", refused)
    channel = MemoryChannel()
    verdict = await guard(app, message(SPOILS, id=MESSAGE_ID), channel)
    assert channel.deleted == [MESSAGE_ID] and len(channel.reposts) == 1
    assert verdict.hidden
