"""The gateway as Discord runs it: RECONNECT, INVALID_SESSION, servers going unavailable.

discord.py does the protocol; these check that the bot around it keeps answering, with its
rules, whatever the connection went through (``tests/e2e/test_process.py`` covers dropped
sockets and restarts of the real process).
"""

from __future__ import annotations

import asyncio

import pytest

from client.bot import EpilogueBot
from tests.e2e.harness import LA_LA_LAND, FilmClub, wait_identified
from tests.standin import StandinServer

pytestmark = pytest.mark.usefixtures("bot")


async def answers(standin: StandinServer, people: FilmClub) -> None:
    result = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert "Damien Chazelle" in result.message.text


async def test_reconnect_is_answered_with_resume(standin: StandinServer, people: FilmClub) -> None:
    await standin.request_reconnect()
    await standin.wait_resumed()

    await answers(standin, people)
    assert standin.gateway.identify_count == 1


async def test_a_reconnect_amid_a_burst_of_commands_answers_each_once(
    standin: StandinServer, people: FilmClub
) -> None:
    """Op 7 among a burst of interactions: Discord keeps sending on the old connection until
    the client closes it, and what the client did not read is replayed to its RESUME. Every
    command answered, each with one callback (none lost, none answered twice)."""

    def command() -> asyncio.Task[object]:
        return asyncio.ensure_future(
            standin.run_command(
                f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
            )
        )

    burst = [command() for _ in range(3)]
    burst.append(asyncio.ensure_future(standin.request_reconnect()))
    burst += [command() for _ in range(3)]
    done = await asyncio.gather(*burst)
    await standin.wait_resumed()

    results = [r for r in done if r is not None]
    assert len(results) == 6
    assert standin.gateway.replayed >= 3, "the commands after op 7 came again to the RESUME"
    for result in results:
        assert "Damien Chazelle" in result.message.text
        callbacks = [r for r in result.record.requests if r.path.endswith("/callback")]
        assert len(callbacks) == 1, callbacks
    assert standin.gateway.identify_count == 1


async def test_a_resumable_invalid_session_resumes(
    standin: StandinServer, people: FilmClub
) -> None:
    await standin.invalidate_session(resumable=True)
    await standin.wait_resumed()

    await answers(standin, people)
    assert standin.gateway.identify_count == 1


async def test_a_lost_session_identifies_afresh(standin: StandinServer, people: FilmClub) -> None:
    await standin.invalidate_session(resumable=False)
    # In its turn: the stand-in's identify spacing, Discord's 5 s scaled to 1 s (conftest).
    await wait_identified(standin, 2)

    await answers(standin, people)


async def test_a_server_that_goes_unavailable_keeps_its_rules(
    standin: StandinServer, people: FilmClub
) -> None:
    await standin.run_command(
        f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
        user=people.moderator,
        channel=people.general,
    )

    await standin.guild_outage(people.club)
    during = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.quiet
    )
    await standin.guild_back(people.club)
    after = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.quiet
    )

    assert during.message.ephemeral and after.message.ephemeral
    assert standin.messages_in(people.quiet) == []


@pytest.mark.parametrize("resumed", [None, {}], ids=["null", "empty"])
async def test_a_resume_confirmed_without_a_payload_answers_on(
    standin: StandinServer, people: FilmClub, resumed: object
) -> None:
    """RESUMED carries no documented field: its ``d`` may be ``{}`` or ``null``. discord.py
    writes into it, and a ``null`` ended the connection for good (TypeError): the bot went
    offline after its first resume. It now connects with a new session instead."""
    standin.gateway.resumed_data = resumed
    for resumes in (1, 2):  # every resume, not only the first
        await standin.request_reconnect()
        await standin.wait_resumed()
        if resumed is None:
            await wait_identified(standin, 1 + resumes)
        await answers(standin, people)
    assert standin.gateway.identify_count == (3 if resumed is None else 1)
    # Each new session in its turn: one IDENTIFY a spacing (Discord answers op 9 sooner).
    assert standin.gateway.identifies_too_soon == 0


@pytest.mark.parametrize("code", [4000, 4001, 4002, 4003, 4005, 4006, 4007, 4008, 4009])
async def test_a_close_discord_documents_as_reconnectable_is_resumed(
    standin: StandinServer, people: FilmClub, code: int
) -> None:
    """Discord's close codes 4000-4009 (but 4004, a token reset: ``test_gateway_closes``) say
    reconnect; the bot resumes and answers on."""
    await standin.drop_connection(code=code)
    await standin.wait_resumed()

    await answers(standin, people)
    assert standin.gateway.identify_count == 1


@pytest.mark.parametrize("code", [1000, 1001, 1011, 1012])
async def test_a_gateway_closing_as_websockets_do_is_resumed(
    standin: StandinServer, people: FilmClub, code: int
) -> None:
    """A gateway closing with a websocket's own code (1000 normal, 1001 going away, as a
    server restarting or a load balancer draining sends it; 1011 internal error; 1012
    service restart), not one of Discord's 4000s: the bot resumes and answers on."""
    await standin.drop_connection(code=code)
    await standin.wait_resumed()

    await answers(standin, people)
    assert standin.gateway.identify_count == 1


@pytest.mark.parametrize("refusal", [4009, "invalid-resumable", "ignored"])
async def test_a_resume_refused_by_a_close_starts_a_new_session(
    standin: StandinServer, people: FilmClub, bot: EpilogueBot, refusal: int | str
) -> None:
    """A gateway that refuses a RESUME by closing with 4009 "Session timed out" (Discord's
    reference: "reconnect and start a new session"), or with op 9 saying to resume again, time
    after time (discord.py then closes it itself). discord.py sent the same RESUME again at
    once, thousands of times a second, and never identified: the bot never came back. Now
    4007 and 4009 start a new session at once, any other refusal after three in a row. A
    gateway that does not answer a RESUME at all (one that does not know op 6) left discord.py
    waiting on a socket nothing was sent to: it is given a new session after a wait."""
    bot.resume_refusals.answer_within_s = 0.5  # 15 s at Discord
    standin.gateway.resume_refused_with = refusal
    standin.gateway.forget_session()
    await standin.drop_connection(code=4000)
    await wait_identified(standin, 2, timeout=15)

    await answers(standin, people)
    assert standin.gateway.resumes_refused == (3 if refusal == "invalid-resumable" else 1)


async def test_frames_a_plain_gateway_may_send_are_read_past(
    standin: StandinServer, people: FilmClub
) -> None:
    """An op 11 never asked for, a dispatch of an event Discord has not documented, and one
    whose ``s`` is null: the bot reads past each and answers on."""
    session = standin.gateway.current
    assert session is not None and session.connection is not None
    for frame in (
        {"op": 11, "d": None, "s": None, "t": None},
        {"op": 0, "d": {"id": str(people.club.id)}, "s": None, "t": "GUILD_INTEGRATIONS_UPDATE"},
    ):
        await session.connection.send(frame)
    await standin.gateway.dispatch("SOMETHING_NEWER", {"id": "1", "new": [None]})
    await standin.settle()

    await answers(standin, people)
