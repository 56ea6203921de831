"""Discord refusing the answer to work already done: a change saved, then its reply refused
(50035, 50013, or the interaction dropped, 10062: discord.py tries a callback
again after a server error until Discord drops it). The member must read that it
was done; "Something went wrong… try again" would have them make the change twice."""

from __future__ import annotations

import pytest

from tests.e2e.harness import FilmClub
from tests.e2e.harness import shown as shown_text
from tests.standin import StandinServer

pytestmark = pytest.mark.usefixtures("bot")

CALLBACK = r"/interactions/\d+/[^/]+/callback"
REFUSALS = [
    pytest.param(400, 50035, id="invalid-form-body"),
    pytest.param(403, 50013, id="missing-permissions"),
]


async def cooldown_is(standin: StandinServer, people: FilmClub, seconds: int) -> bool:
    shown = await standin.run_command(
        "/spoiler-rules show", user=people.moderator, channel=people.general
    )
    return f"{seconds} s per member" in (shown.message.content or "") + shown_text(shown.message)


@pytest.mark.parametrize(("status", "code"), REFUSALS)
async def test_a_saved_change_whose_answer_discord_refused_says_it_was_saved(
    standin: StandinServer, people: FilmClub, status: int, code: int
) -> None:
    standin.fail("POST", CALLBACK, status, code=code)

    said = await standin.run_command(
        "/spoiler-rules cooldown seconds:45", user=people.moderator, channel=people.general
    )

    text = said.message.content or ""
    assert said.message.ephemeral
    assert "did what you asked" in text and "no need to do it again" in text, text
    assert "Something went wrong" not in text and "try again" not in text.lower(), text
    assert await cooldown_is(standin, people, 45), "the change was saved"


async def test_a_saved_form_whose_answer_discord_refused_says_it_was_saved(
    standin: StandinServer, people: FilmClub
) -> None:
    await standin.run_command("/film-admin add", user=people.admin, channel=people.general)
    standin.fail("POST", CALLBACK, 400, code=50035)

    added = await standin.submit_modal(
        "epi:add",
        {
            "title": "Paper Moons",
            "year": "2021",
            "synopsis": "Two sisters run a puppet theatre.",
            "quick_answer": "The theatre burns down.",
        },
        user=people.admin,
    )

    text = added.message.content or ""
    assert "did what you asked" in text and "no need to do it again" in text, text
    found = await standin.run_command(
        "/film info film:Paper Moons", user=people.member, channel=people.general
    )
    assert "Two sisters" in shown_text(found.message)


async def test_a_saved_change_discord_dropped_is_answered_by_dm(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord dropped the interaction (10062) after the change was made: the member saw
    'The application did not respond', so its answer reaches them privately instead."""
    standin.fail("POST", CALLBACK, 404, code=10062)
    where = standin._context(people.moderator, None, people.general, None, False)
    command = "/spoiler-rules cooldown seconds:45"
    await standin.send_interaction(
        2, where, standin._command_data(command, where, None, focused=None)
    )
    await standin.wait_for(lambda: bool(standin.dms_to(people.moderator)), what="the DM")

    (note,) = standin.dms_to(people.moderator)
    assert "45" in note.content, note.content
    assert await cooldown_is(standin, people, 45)


async def test_a_private_read_whose_answer_discord_refused_says_to_ask_again(
    standin: StandinServer, people: FilmClub
) -> None:
    """The adapter cannot tell a read from a change: the note says both, so a member whose
    private answer was refused knows to ask again to read it (was: only "no need to do it
    again")."""
    standin.fail("POST", CALLBACK, 400, code=50035)

    said = await standin.run_command(
        "/film quick film:La La Land private:true", user=people.member, channel=people.general
    )

    text = said.message.content or ""
    assert "ask again" in text, text
