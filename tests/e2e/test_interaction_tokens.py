"""An interaction's token lasts 15 minutes ("Interaction tokens are valid for 15 minutes"):
after that Discord refuses every follow-up, edit, fetch or delete made with it, 401 Invalid
Webhook Token (50027). A button pressed on an old message is a new interaction with a token of
its own. The stand-in keeps tokens alive for ``token_lifetime_s``; these tests shorten it."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, footer
from tests.standin import StandinServer
from tests.support.fake_discord import settle as discord_tasks_done

pytestmark = pytest.mark.usefixtures("bot")

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"
HIDE = "Hide as spoiler"
WEBHOOK = r"/webhooks/\d+/[^/]+"


async def test_an_answer_ready_after_the_token_expired_reaches_the_member_by_dm(
    standin: StandinServer, people: FilmClub, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord took "thinking…", but the answer came after the token had expired: Discord
    refuses it (401, 50027), once; the member gets it in a DM, not "thinking…" for ever."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.token_lifetime_s = 0.0

    with caplog.at_level(logging.WARNING):
        asked = asyncio.create_task(
            standin.run_message_command(HIDE, original, user=people.member, timeout=2.0)
        )
        await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the DM")
        asked.cancel()
        await discord_tasks_done()

    (note,) = standin.dms_to(people.member)
    assert "Nothing was lost" in note.content, note.content
    refused = standin.requests_to("PATCH", rf"{WEBHOOK}/messages/@original")
    assert [r.status for r in refused] == [401], "a dead token is not tried again"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert standin.message(original.id) is None, "the hide itself went through"


async def test_a_page_turned_on_a_message_older_than_its_token_is_turned(
    standin: StandinServer, people: FilmClub
) -> None:
    """The press brings a fresh token: the page turns with it, not with the command's own."""
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    standin.token_lifetime_s = 0.0

    turned = await standin.press_button(
        asked.message, asked.message.button_id("Next"), user=people.member
    )

    assert turned.callback_type == 7
    page = standin.message(asked.message.id)
    assert page is not None and "Page 2/3" in footer(page)
    assert standin.requests_to("PATCH", rf"{WEBHOOK}/messages/@original") == []


async def test_a_token_discord_no_longer_knows_is_not_used_again(
    standin: StandinServer, people: FilmClub, caplog: pytest.LogCaptureFixture
) -> None:
    """Within its 15 minutes Discord may still answer a token it dropped with 10015 Unknown
    Webhook: an error report through it would meet the same answer, so none is sent."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 404, code=10015, times=5)
    original_route = rf"{WEBHOOK}/messages/@original"

    with caplog.at_level(logging.WARNING):
        asked = asyncio.create_task(
            standin.run_message_command(HIDE, original, user=people.member, timeout=2.0)
        )
        await standin.wait_for(
            lambda: bool(standin.requests_to("PATCH", original_route)), what="the answer"
        )
        await discord_tasks_done()
        asked.cancel()

    assert [r.status for r in standin.requests_to("PATCH", original_route)] == [404]
    assert not standin.requests_to("POST", r"/webhooks/\d+/standin-[^/]+"), "no follow-up"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # The hide was done: its outcome reaches the member by DM instead, never through the token.
    assert [r for r in caplog.records if "no longer took its answer" in r.getMessage()]
    (note,) = standin.dms_to(people.member)
    assert "Nothing was lost" in note.content, note.content
