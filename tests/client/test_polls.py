"""Polls in every shape Discord's reference allows, read by discord.py (``client.polls``).

The gateway's messages are completed by their parsers (``complete_snapshots``, checked with the
guard in ``tests/e2e/test_spoiler_guard.py``); REST's here, through the trace the bot's client is
made with, then read by discord.py's own ``Message`` as ``fetch_message`` and ``history`` do.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import discord
import pytest

from client.partial_updates import complete_snapshots
from tests.client.test_answer_files import _read

AUTHOR = {"id": "40", "username": "mia", "discriminator": "0", "avatar": None}
QUESTION = "did you see mia marries someone else coming?"


def message(poll: dict[str, Any]) -> dict[str, Any]:
    """A message as Discord sends it, with its own copy of ``poll``."""
    return {
        **{"id": "1579109696051085355", "channel_id": "20", "type": 0, "content": ""},
        **{"author": AUTHOR, "attachments": [], "embeds": [], "mentions": []},
        **{"mention_roles": [], "pinned": False, "mention_everyone": False, "tts": False},
        **{
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "poll": deepcopy(poll),
        },
    }


def poll(**changes: Any) -> dict[str, Any]:
    return {
        "question": {"text": QUESTION},
        "answers": [
            {"answer_id": 1, "poll_media": {"text": "seb's jazz club"}},
            {"answer_id": 2, "poll_media": {"text": "no", "emoji": {"id": None, "name": "x"}}},
        ],
        "expiry": "2030-01-01T00:00:00+00:00",
        "allow_multiselect": False,
        "layout_type": 1,
    } | changes


EMOJI_ALONE = {"answer_id": 3, "poll_media": {"emoji": {"id": None, "name": "\N{SAXOPHONE}"}}}
COUNTS = [{"id": 1, "count": 4, "me_voted": False}]

SHAPES = {
    "never ending": poll(expiry=None),
    "an emoji alone for an answer": poll(answers=[*poll()["answers"], EMOJI_ALONE]),
    "results null": poll(results=None),
    "results counted": poll(results={"is_finalized": False, "answer_counts": COUNTS}),
}


def read_by_discord_py(data: dict[str, Any]) -> discord.Message:
    state = discord.Client(intents=discord.Intents.none())._connection
    channel = discord.PartialMessageable(state=state, id=20)
    return discord.Message(state=state, channel=channel, data=data)


def assert_read_whole(read: discord.Message, sent: dict[str, Any]) -> None:
    assert read.poll is not None, "discord.py dropped the poll"
    assert read.poll.question == QUESTION
    answers = [(a.id, a.text, str(a.emoji or "")) for a in read.poll.answers]
    expected = [
        (a["answer_id"], a["poll_media"].get("text"), a["poll_media"].get("emoji", {}).get("name"))
        for a in sent["answers"]
    ]
    assert answers == [(i, text, emoji or "") for i, text, emoji in expected]


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_a_poll_from_the_gateway_is_read_whole(shape: str) -> None:
    data = message(SHAPES[shape])
    complete_snapshots(data)
    assert_read_whole(read_by_discord_py(data), SHAPES[shape])
    if "results" in SHAPES[shape] and SHAPES[shape]["results"]:
        assert read_by_discord_py(data).poll.answers[0].vote_count == 4  # type: ignore[union-attr]


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
async def test_a_poll_read_from_rest_is_read_whole(shape: str) -> None:
    # As history answers: a list, one message replying to another with a poll.
    answered = message(SHAPES[shape])
    read = await _read(
        [message(SHAPES[shape]), {**message(poll()), "referenced_message": answered}]
    )

    assert_read_whole(read_by_discord_py(read[0]), SHAPES[shape])
    replied = read_by_discord_py(read[1]["referenced_message"])
    assert_read_whole(replied, SHAPES[shape])


async def test_a_whole_poll_is_read_as_sent() -> None:
    whole = message(poll(results={"is_finalized": True, "answer_counts": COUNTS}))
    assert await _read(whole) == whole
    assert read_by_discord_py(whole).poll.answers[0].vote_count == 4  # type: ignore[union-attr]
