"""What a member reads when Discord refused the answer to work already done: our own words
and Discord's numbers, never Discord's text, which may echo the request (the answer itself)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import discord
import pytest

from bot.replies import Reply
from client.delivery import AnswerRefused, done_not_shown

ENDING = "Mia marries someone else, and five years later they meet again in his jazz club"
ANSWER = f"**La La Land** ends: ||{ENDING}||"


def refusal(status: int, body: object) -> AnswerRefused:
    response = SimpleNamespace(status=status, reason="Refused")
    error = discord.HTTPException(response, body)  # type: ignore[arg-type]
    return AnswerRefused(error, Reply(content=ANSWER, ephemeral=True))


ECHOES = {
    # Discord-like JSON whose message quotes the field it refused
    "json message": {"code": 50035, "message": f"Invalid Form Body: content {ANSWER}"},
    # a validation error listing the body it was given (FastAPI's 422 shape)
    "json errors": {"code": 50035, "errors": {"content": {"_errors": [{"input": ANSWER}]}}},
    # a web framework's plain text answer quoting the request
    "plain text": f"Bad Request: {json.dumps({'content': ENDING})}",
}


@pytest.mark.parametrize("status", [400, 403, 404, 413])
@pytest.mark.parametrize("echo", sorted(ECHOES))
def test_the_member_reads_no_word_of_what_discord_echoed(status: int, echo: str) -> None:
    """A stand-in (or Discord) whose error echoes the refused answer: the member is told the
    status and code in Epilogue's words; the echo, wrapped or not, is never shown."""
    told = done_not_shown(refusal(status, ECHOES[echo]))

    assert "did what you asked" in told and str(status) in told, told
    for word in ("marries", "jazz", "Mia", "La La Land", "Invalid Form Body", "Bad Request"):
        assert word not in told, (word, told)
