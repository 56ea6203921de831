"""Discord's three seconds for a press or a form: "Interaction tokens are valid for 15 minutes
... you must send an initial response within 3 seconds", or the interaction is dropped (10062)
and the member reads "This interaction failed". A command's slow answer is acknowledged after
half a second ("thinking…"); a button's or a form's was not acknowledged at all, however long
its work took (a form's film stored and the catalog refreshed on a busy bot, a confirmed
import): Discord dropped it, the change made and the member told nothing.

Here the core's work waits until Discord has the acknowledgement, so without one it never
ends. What is acknowledged is only that the interaction was taken (DEFERRED_UPDATE_MESSAGE: no
message shown, no audience fixed): the answer then goes where it would have gone, a page
turned in place, a private answer privately.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from client.bot import EpilogueBot
from tests.e2e.harness import LA_LA_LAND, FilmClub, footer
from tests.standin import StandinServer

ADDED = {"title": "Paper Moons", "year": "2021", "synopsis": "Sisters.", "quick_answer": "Fire."}


def slowed(
    standin: StandinServer, work: Callable[..., Awaitable[Any]], kind: int
) -> Callable[..., Awaitable[Any]]:
    """``work`` (the core's answer to a press or a form), ended only once Discord holds the
    acknowledgement of the newest interaction of ``kind``, as work slower than Discord's window."""

    async def once_acknowledged(*args: Any, **kwargs: Any) -> Any:
        record = [r for r in standin.interactions if r.type == kind][-1]
        await standin.wait_for(lambda: record.callback is not None, what="an acknowledgement")
        return await work(*args, **kwargs)

    return once_acknowledged


async def test_a_form_whose_work_outlasts_discords_window_is_acknowledged_and_answered(
    standin: StandinServer, people: FilmClub, bot: EpilogueBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await standin.run_command("/film-admin add", user=people.admin, channel=people.general)
    monkeypatch.setattr(bot.app, "submit", slowed(standin, bot.app.submit, kind=5))

    added = await standin.submit_modal("epi:add", ADDED, user=people.admin)

    assert added.callback_type == 6  # taken, nothing shown yet: no audience fixed
    (answer,) = added.messages
    assert "Added Paper Moons (2021)" in answer.content.replace("\\", "")
    assert answer.ephemeral  # the admin's own answer, as when it was quick


async def test_a_press_whose_work_outlasts_discords_window_turns_the_page_in_place(
    standin: StandinServer, people: FilmClub, bot: EpilogueBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ending = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    monkeypatch.setattr(bot.app, "press", slowed(standin, bot.app.press, kind=3))

    turned = await standin.press_button(
        ending.message, ending.message.button_id("Next"), user=people.member
    )

    assert turned.callback_type == 6
    assert "Page 2/" in footer(standin.message(ending.message.id))  # type: ignore[arg-type]
    assert [m.id for m in turned.messages] == [ending.message.id]  # no message of its own
