"""An acknowledgement Discord refuses while the work goes on (``client/in_time.py``,
``client/slash.py``): the work's answer is still sent, and a change made is never reported as
a failure to try again."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from bot.epilogue import Epilogue
from tests.support.fake_discord import ADMIN, CHANNEL_MESSAGE, Session

REFUSALS = {
    "invalid form body": (400, 50035),
    "missing permissions": (403, 50013),
    "missing access": (403, 50001),
}
CALLBACK = r"/interactions/\d+/[^/]+/callback"
TRY_AGAIN = "Something went wrong"
FORM = {
    "title": "Paper Moons",
    "year": "2021",
    "synopsis": "",
    "quick_answer": "She leaves on the last train.",
    "ending": "",
}


def acknowledged_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every answer taken as not ready in time: acknowledged before it is sent."""
    monkeypatch.setattr("client.in_time.ready_within", lambda _interaction: 0.0)
    monkeypatch.setattr("client.slash.ready_within", lambda _interaction: 0.0)


@pytest.mark.parametrize("refusal", list(REFUSALS))
async def test_a_form_whose_acknowledgement_is_refused_still_answers_with_its_change(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    refusal: str,
) -> None:
    """The film was added, the acknowledgement's refusal discarded the answer saying so, and
    the admin read "Something went wrong… Try again": a second try met the film already
    there. The answer is sent as the form's reply, and the refusal logged in one line."""
    acknowledged_at_once(monkeypatch)
    submit = app.submit

    async def slow_submit(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.05)  # the acknowledgement is sent first
        return await submit(*args, **kwargs)

    monkeypatch.setattr(app, "submit", slow_submit)
    status, code = REFUSALS[refusal]
    discord_session.discord.fail_next("POST", CALLBACK, status, code)
    caplog.set_level(logging.WARNING)

    sent = await discord_session.submit("epi:add", FORM, ADMIN)

    callbacks = [s.callback_type for s in sent.sent if s.callback_type is not None]
    assert callbacks == [CHANNEL_MESSAGE], sent.sent
    assert "Added Paper Moons" in sent.content.replace("\\", "")
    assert not [r for r in caplog.records if TRY_AGAIN in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r for r in caplog.records if str(code) in r.getMessage()], "the refusal is logged"


@pytest.mark.parametrize("refusal", list(REFUSALS))
async def test_a_command_whose_thinking_is_refused_still_answers(
    discord_session: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    refusal: str,
) -> None:
    acknowledged_at_once(monkeypatch)
    status, code = REFUSALS[refusal]
    discord_session.discord.fail_next("POST", CALLBACK, status, code)
    caplog.set_level(logging.WARNING)

    answer = await discord_session.command("film quick", film="La La Land")

    callbacks = [s.callback_type for s in answer.sent if s.callback_type is not None]
    assert callbacks[-1:] == [CHANNEL_MESSAGE], answer.sent
    assert "La La Land" in answer.text and not answer.is_error
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
