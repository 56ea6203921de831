"""The real ``epilogue run`` process: it survives a restart and a dropped gateway connection.

The stand-in runs in this process; the bot is started exactly as an operator starts it, configured
only through the environment (token, Discord endpoints, database), and stopped with SIGTERM.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    LA_LA_LAND,
    BotProcess,
    FilmClub,
    footer,
    make_config,
    register_commands,
    shown,
    spoils,
)
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer

pytestmark = pytest.mark.slow  # starts (or kills) processes: --run-slow

RESUME_TIMEOUT = 10.0
"""discord.py waits a random back-off (up to a few seconds) before reconnecting after a drop."""


@pytest.fixture
async def epilogue(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    database = tmp_path / "epilogue.db"
    await register_commands(make_config(database, people.owner))  # once, as an operator does
    process = BotProcess(standin, database, people.owner, tmp_path / "bot.log")
    await process.start()
    try:
        yield process
    finally:
        code = await process.stop()
    assert code == 0, process.tail()
    assert promise.violations() == []
    assert "Traceback" not in process.log.read_text(), process.tail(80)


async def test_restart_keeps_opt_ins_rules_and_buttons(
    standin: StandinServer, people: FilmClub, epilogue: BotProcess
) -> None:
    await standin.run_command(
        f"/spoilers seen film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    await standin.run_command(
        f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
        user=people.moderator,
        channel=people.general,
    )
    posted = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    answer = posted.message
    assert not answer.ephemeral and "Page 1/3" in footer(answer)

    assert await epilogue.stop() == 0
    await epilogue.start()
    assert standin.gateway.identify_count == 2

    opted_in = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert opted_in.message.ephemeral and spoils(opted_in.message)
    quiet = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.friend, channel=people.quiet
    )
    assert quiet.message.ephemeral and not spoils(quiet.message)
    status = await standin.run_command("/spoilers status", user=people.member, channel=people.quiet)
    assert "La La Land" in shown(status.message) and "no-spoilers" in shown(status.message)

    # Buttons on a message posted before the restart still work.
    next_page = answer.button_id("Next")
    turned = await standin.press_button(answer, next_page, user=people.friend)
    assert turned.callback_type == 7
    page_two = standin.message(answer.id)
    assert page_two is not None and "Page 2/3" in footer(page_two)
    reveal = next(c for c in page_two.custom_ids if c.startswith("epi:a:reveal:"))
    revealed = await standin.press_button(page_two, reveal, user=people.moderator)
    assert revealed.message.ephemeral and spoils(revealed.message)


async def test_dropped_connection_resumes_and_answers_again(
    standin: StandinServer, people: FilmClub, epilogue: BotProcess
) -> None:
    await standin.drop_connection()  # the network goes away: no close frame
    await epilogue.until(standin.wait_resumed(timeout=RESUME_TIMEOUT))
    after_drop = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert "La La Land" in after_drop.message.embeds[0]["title"]

    # Discord asks the bot to reconnect; what happens meanwhile is replayed on RESUME.
    await standin.drop_connection(code=4000)
    queued = await epilogue.until(
        standin.run_command(
            f"/film quick film:{LA_LA_LAND}",
            user=people.member,
            channel=people.general,
            timeout=RESUME_TIMEOUT,
        )
    )
    assert not queued.message.ephemeral and not spoils(queued.message)
    assert standin.gateway.identify_count == 1
    assert standin.gateway.resume_count == 2


async def test_given_only_a_rest_base_it_finds_the_gateway_there(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A proxy or a stand-in is named by its REST base; the gateway is where that API's ``GET
    /gateway/bot`` says (discord.py's unsharded client alone would go to Discord's own)."""
    database = tmp_path / "epilogue.db"
    await register_commands(make_config(database, people.owner))
    process = BotProcess(standin, database, people.owner, tmp_path / "bot.log")
    del process.env["EPILOGUE_DISCORD_GATEWAY_URL"]

    await process.start()
    try:
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        assert "Damien Chazelle" in answered.message.text
        assert standin.requests_to("GET", "/gateway/bot")
    finally:
        assert await process.stop() == 0, process.tail()
