"""Hiding answers again survives the process: a restart mid-way leaves none showing endings.

The moderator is told Epilogue's answers are hidden again; the work is recorded in the database
first, so a process stopped before or during it (a restart, a crash, a redeploy) leaves it to
the next process holding the server, which finishes it when the server becomes available.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import client.rehiding
import client.slash
from bot.config import Config
from bot.db.engine import create_engine, session_factory
from bot.db.models import AuditEntry
from bot.spoiler_policy.pending_rehidings import Pending, PendingRehidings
from client.bot import EpilogueBot
from tests.conftest import PostgresServer
from tests.e2e.harness import LA_LA_LAND, FilmClub, bot_in_process, make_config, spoils
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.world import (
    DEFAULT_EVERYONE,
    MANAGE_MESSAGES,
    MANAGE_THREADS,
    READ_MESSAGE_HISTORY,
    Overwrite,
)
from tests.support.timing import scaled


@pytest.fixture(params=["sqlite", "postgresql"])
async def config(request: pytest.FixtureRequest, tmp_path: Path, people: FilmClub) -> Config:
    """The bot's configuration, on SQLite or on the run's emptied PostgreSQL database."""
    made = make_config(tmp_path / "epilogue.db", people.owner)
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        made.database.url = await server.emptied()
    return made


@pytest.fixture
async def checked(standin: StandinServer, promise: PromiseChecker) -> AsyncIterator[None]:
    yield
    assert promise.violations() == []
    assert standin.unknown_requests == []


async def _pending(config: Config, guild_id: int) -> list[Pending]:
    """The re-hidings recorded for the server, read as a new process would."""
    engine = create_engine(config.database.url)
    try:
        return await PendingRehidings(session_factory(engine)).of_guild(guild_id)
    finally:
        await engine.dispose()


async def _open_answers(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> list[int]:
    """Spoilers by default: an answer showing the ending in #general, and one in its thread."""
    promise.allow_spoilers_in(people.general.id, people.thread.id)
    await standin.run_command(
        "/spoiler-rules default mode:spoilers", user=people.moderator, channel=people.general
    )
    ids = []
    for where in (people.general, people.thread):
        result = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=where
        )
        assert spoils(result.message)
        ids.append(result.message.id)
    return ids


async def _end_spoilers(standin: StandinServer, people: FilmClub) -> None:
    result = await standin.run_command(
        "/spoiler-rules default mode:standard", user=people.moderator, channel=people.general
    )
    assert "hides again" in (result.message.content or "")


async def nothing_left(bot: EpilogueBot, guild_id: int) -> None:
    """The record deleted once the last place is done, just after its last edit."""
    for _ in range(100):
        if not await bot.app.rehidings.of_guild(guild_id):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still recorded: {await bot.app.rehidings.of_guild(guild_id)}")


def _shows(standin: StandinServer, answer: int) -> bool:
    message = standin.message(answer)
    assert message is not None
    return spoils(message)


@pytest.mark.usefixtures("checked")
async def test_a_rehiding_stopped_after_its_first_place_is_finished_by_the_next_start(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    places_begun = 0
    stopped = asyncio.Event()
    real = client.rehiding._rehide_place

    async def stops_at_the_second_place(*args: Any) -> None:
        nonlocal places_begun
        places_begun += 1
        if places_begun > 1:
            stopped.set()
            raise asyncio.CancelledError  # the process stopped here (a deploy, a crash)
        await real(*args)

    async with bot_in_process(standin, config):
        general, thread = await _open_answers(standin, people, promise)
        # Archived: not in the next GUILD_CREATE either, so the next start fetches it by id.
        await standin.archive_thread(people.thread)
        with monkeypatch.context() as patched:
            patched.setattr(client.rehiding, "_rehide_place", stops_at_the_second_place)
            await _end_spoilers(standin, people)
            await asyncio.wait_for(stopped.wait(), scaled(15))  # the second place begun
    assert not _shows(standin, general) and _shows(standin, thread)
    (pending,) = await _pending(config, people.club.id)
    assert pending.places is not None, "the places were listed before the first was done"
    assert people.general.id not in pending.places, "narrowed as #general was done"
    assert people.thread.id in pending.places

    async with bot_in_process(standin, config, sync=False) as restarted:
        await standin.wait_for(
            lambda: not _shows(standin, thread), what="the thread's answer hidden on restart"
        )
        await nothing_left(restarted, people.club.id)
    assert people.thread.archived, "opened for its edits, and archived again"
    assert standin.requests_to("GET", rf"/channels/{people.thread.id}"), "fetched by id"


@pytest.mark.usefixtures("checked")
async def test_a_rehiding_recorded_then_stopped_before_any_edit_is_done_by_the_next_start(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The moderator was told, and the process stopped before it listed a single place."""

    async def stopped(*args: Any) -> None:
        raise asyncio.CancelledError

    async with bot_in_process(standin, config):
        answers = await _open_answers(standin, people, promise)
        with monkeypatch.context() as patched:
            patched.setattr(client.slash, "rehide", stopped)
            await _end_spoilers(standin, people)
    assert all(_shows(standin, answer) for answer in answers)
    (pending,) = await _pending(config, people.club.id)
    assert pending.places is None

    async with bot_in_process(standin, config, sync=False) as restarted:
        await standin.wait_for(
            lambda: not any(_shows(standin, answer) for answer in answers),
            what="every answer hidden on restart",
        )
        await nothing_left(restarted, people.club.id)


@pytest.mark.usefixtures("checked")
async def test_places_a_resumed_rehiding_cannot_reach_go_in_the_moderators_log(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nobody waits on an answer when a restart resumes the work: the places it could not hide
    in are named in the server's moderators' log, with what to give Epilogue."""

    async def stopped(*args: Any) -> None:
        raise asyncio.CancelledError

    async with bot_in_process(standin, config):
        await _open_answers(standin, people, promise)
        with monkeypatch.context() as patched:
            patched.setattr(client.slash, "rehide", stopped)
            await _end_spoilers(standin, people)
    bot = people.world.bot.id
    (role,) = people.club.members[bot].roles  # no longer above every channel's overwrites
    people.club.roles[role].permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES | MANAGE_THREADS
    people.general.overwrites = [Overwrite(bot, 1, deny=READ_MESSAGE_HISTORY)]

    async with bot_in_process(standin, config, sync=False) as restarted:
        for _ in range(100):
            async with restarted.app.sessions() as session:
                logged = (
                    await session.scalars(select(AuditEntry).where(AuditEntry.action == "rehide"))
                ).all()
            if logged:
                break
            await asyncio.sleep(0.05)
        result = await standin.run_command(
            "/spoiler-rules log", user=people.moderator, channel=people.spoiler_room
        )
    (entry,) = result.message.embeds
    assert "Read Message History" in entry["description"]
    assert people.general.mention in entry["description"]
    assert await _pending(config, people.club.id) == []
