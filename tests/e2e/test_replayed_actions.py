"""An interaction both processes on one shard are sent (a deploy's overlap): what it does to
a server's messages must happen once. Undo spoiler hide put a hidden message back from each
process's memory of the hide, so the member's spoiler came back twice: a moderator who hid the
copy they saw again left its twin in the open."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from client.bot import EpilogueBot
from tests.e2e.harness import LA_LA_LAND, FilmClub, bot_in_process, make_config, shown, spoils
from tests.e2e.invariants import PromiseChecker
from tests.e2e.test_forged_traffic import shown_texts
from tests.e2e.test_spoiler_guard import SPOILS, turn_on
from tests.standin import StandinServer
from tests.support.fake_discord import settle as discord_tasks_done


@pytest.fixture
async def two_bots(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> AsyncIterator[tuple[EpilogueBot, EpilogueBot]]:
    """Two guarded bots on shard 0 of 1 over one database."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.message_content = True
    async with contextlib.AsyncExitStack() as running:
        first = await running.enter_async_context(bot_in_process(standin, config))
        second = await running.enter_async_context(bot_in_process(standin, config, sync=False))
        yield first, second
    assert promise.violations() == []


@contextlib.contextmanager
def _both(standin: StandinServer) -> Iterator[None]:
    """Every INTERACTION_CREATE sent to each live session of its shard, as Discord may while
    two processes hold it (the stand-in otherwise sends it to one)."""
    gateway = standin.gateway
    dispatch = gateway.dispatch
    sessions = [s for s in gateway.sessions.values() if s.identified and s.live]
    assert len(sessions) == 2, "two processes on the shard"

    async def to_both(event: str, data: dict[str, Any]) -> int:
        if event != "INTERACTION_CREATE":
            return await dispatch(event, data)
        seq = 0
        for session in sessions:
            async with session.lock:
                seq = await gateway._emit(session, event, data)
        return seq

    gateway.dispatch = to_both  # type: ignore[method-assign]
    try:
        yield
    finally:
        del gateway.dispatch


@pytest.mark.usefixtures("two_bots")
async def test_an_undo_both_processes_receive_puts_the_message_back_once(
    standin: StandinServer, people: FilmClub
) -> None:
    await turn_on(standin, people)
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()
    (repost,) = standin.messages_in(people.general)

    with _both(standin):
        await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)
        await discord_tasks_done()
        await standin.settle()
        await discord_tasks_done()
    put_back = [m for m in standin.messages_in(people.general) if "marries" in shown(m)]
    assert len(put_back) == 1, [shown(m) for m in put_back]


@pytest.mark.usefixtures("two_bots")
@pytest.mark.parametrize("forged", ["her press as the Reveal", "her command naming Sam"])
async def test_an_interaction_both_processes_receive_otherwise_answers_nothing(
    standin: StandinServer, people: FilmClub, forged: str
) -> None:
    """Mia (opted in to nothing) asks for the ending in #general (public, wrapped) and turns
    its page; Sam has opted in to every film. Her press delivered again to both processes as a
    press of the answer's Reveal, or her command delivered again naming Sam: the process that
    read it first knows it is not what it read; the other had never read it, and answered it
    (Discord: answered already, so it followed privately, on her token) with the ending,
    unwrapped, before a member who never asked for it."""
    await standin.run_command("/spoilers on", user=people.friend, channel=people.general)
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    answer = asked.message
    assert not answer.ephemeral and not spoils(answer), "public and wrapped"
    reveal_id = next(cid for cid in answer.custom_ids if cid.startswith("epi:a:reveal:"))
    turned = await standin.press_button(answer, answer.button_id("Next"), user=people.member)
    record = turned.record if forged == "her press as the Reveal" else asked.record
    payload = json.loads(json.dumps(record.payload))
    if forged == "her press as the Reveal":
        payload["data"] = {"custom_id": reveal_id, "component_type": 2}
    else:
        sam = people.club.members[people.friend.id]
        payload["member"] = {**payload["member"], "user": sam.payload(0)["user"]}
    before = len(record.requests)
    with _both(standin):
        await standin.gateway.dispatch("INTERACTION_CREATE", payload)
        await standin.settle()
        await discord_tasks_done()
        await standin.settle()
    assert not any("Sebastian" in text for text in shown_texts(record.requests[before:]))
