"""Two real bots on one shard over one database, as during a deploy's overlap: both are sent
every MESSAGE_CREATE (the stand-in's ``overlapping``), on SQLite and on PostgreSQL.

Each process used to repost a guarded message once (its de-duplication lived in its own
memory): members saw the spoiler hidden twice. The database's claim (``bot.claims``) lets one
process hide it; the other leaves it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from client.bot import EpilogueBot
from tests.conftest import PostgresServer
from tests.e2e.harness import FilmClub, behind_bars, bot_in_process, make_config, shown
from tests.e2e.invariants import PromiseChecker
from tests.e2e.test_replayed_actions import _both
from tests.e2e.test_spoiler_guard import HARMLESS, SPOILS, THREAD_SPOILS, turn_on
from tests.standin import StandinServer
from tests.support.fake_discord import settle as discord_tasks_done


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of this test's own, shared by both bots."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'epilogue.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = await server.new_database()
    try:
        yield server.url_of(name)
    finally:
        await server.drop(name)


@pytest.fixture
async def two_bots(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    database: str,
    tmp_path: Path,
) -> AsyncIterator[tuple[EpilogueBot, EpilogueBot]]:
    """Two guarded bots on shard 0 of 1, the second identified while the first still runs."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.database.url = database
    config.discord.message_content = True
    async with contextlib.AsyncExitStack() as running:
        first = await running.enter_async_context(bot_in_process(standin, config))
        second = await running.enter_async_context(bot_in_process(standin, config, sync=False))
        yield first, second
    assert promise.violations() == []
    assert standin.unknown_requests == []


@pytest.mark.usefixtures("two_bots")
async def test_a_spoiler_both_processes_receive_is_reposted_once(
    standin: StandinServer, people: FilmClub
) -> None:
    await turn_on(standin, people)
    standin.gateway.overlapping = True

    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")
    await discord_tasks_done()  # both processes are done with it

    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)
    assert len(standin.dms_to(people.member)) == 1, "one note"

    # Harmless talk is left by both, and an edit that gives the ending away is hidden once.
    talk = await standin.member_says(HARMLESS, user=people.member, channel=people.general)
    await discord_tasks_done()
    assert standin.message(talk.id) is not None
    await standin.member_edits(talk, SPOILS + " (edited)")
    await standin.wait_for(lambda: standin.message(talk.id) is None, what="the edit's hide")
    await discord_tasks_done()
    assert len(standin.messages_in(people.general)) == 2, "one repost of each"


@pytest.mark.usefixtures("two_bots")
async def test_a_spoiling_thread_title_both_processes_receive_is_renamed_once(
    standin: StandinServer, people: FilmClub
) -> None:
    """One rename (Discord allows two in 10 minutes: a second process's would spend one), one
    note to its creator; and when the creator puts the title back, it is renamed again."""
    await turn_on(standin, people)
    standin.gateway.overlapping = True

    thread = await standin.member_starts_thread(
        THREAD_SPOILS, user=people.member, parent=people.general
    )
    await standin.wait_for(lambda: thread.name != THREAD_SPOILS, what="the rename")
    await discord_tasks_done()

    assert len(standin.requests_to("PATCH", rf"/channels/{thread.id}")) == 1, "one rename"
    assert len(standin.dms_to(people.member)) == 1, "one note"

    thread.name = THREAD_SPOILS  # the creator puts it back
    await standin.thread_changed(thread)
    await standin.wait_for(lambda: thread.name != THREAD_SPOILS, what="the second rename")
    await discord_tasks_done()
    assert len(standin.requests_to("PATCH", rf"/channels/{thread.id}")) == 2


@pytest.mark.usefixtures("two_bots")
async def test_a_change_both_processes_receive_is_made_and_answered_once(
    standin: StandinServer, people: FilmClub
) -> None:
    """Both processes are sent the moderator's command: one makes the change and answers; the
    other, finding it made, answered 'Nothing changed' after it, a second message for one
    command (and, delivered after a newer change, made the old one again)."""
    with _both(standin):
        done = await standin.run_command(
            f"/spoiler-rules channel channel:<#{people.general.id}> mode:no-spoilers",
            user=people.moderator,
            channel=people.general,
        )
        await discord_tasks_done()
        await standin.settle()
        await discord_tasks_done()
    answers = [standin.message(message_id) for message_id in done.record.message_ids]
    assert len(answers) == 1, [message.content for message in answers if message]
    assert answers[0] is not None and "Nothing changed" not in answers[0].content
