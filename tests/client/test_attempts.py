"""A request's tries, as ``client.attempts`` tells them."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from client.attempts import LOST, answers, tried_again_after_a_failure
from client.file_fields import UNKNOWN_SIZE
from tests.support.traced_answers import read_through_the_trace


def test_only_a_failed_try_before_the_last_may_have_been_carried_out() -> None:
    assert not tried_again_after_a_failure([])
    assert not tried_again_after_a_failure([200])
    assert not tried_again_after_a_failure([429, 200]), "a rate limit is refused, not done"
    assert not tried_again_after_a_failure([200, 500]), "the last try is the answer itself"
    assert tried_again_after_a_failure([500, 200])
    assert tried_again_after_a_failure([503, 503, 200])
    assert tried_again_after_a_failure([LOST, 200])


async def _answered_through_the_trace(
    status: int, body: bytes, content_type: str
) -> tuple[Any, list[int]]:
    """``body`` answered with ``status`` and ``content_type`` over loopback, read by discord.py
    through the trace the bot's client is made with; and the statuses ``answers`` saw."""

    with answers() as statuses:
        read = await read_through_the_trace(
            lambda: web.Response(status=status, body=body, headers={"Content-Type": content_type}),
            method="POST",
        )
    return read, statuses


async def test_an_answer_is_retyped_then_each_json_rewrite_reads_it_in_turn() -> None:
    """One answer needing every rewrite the trace makes: typed JSON with a parameter (read as
    text by discord.py unless retyped first), holding a file without its size, a poll
    answer without its text, an embed field sent as null and a user without discriminator
    or avatar. Each rewrite must see the body as the one before left it."""
    user = {"id": "1", "username": "mia"}
    poll = {
        "question": {"text": "Who?"},
        "answers": [{"answer_id": 1, "poll_media": {"emoji": {"name": "🎬"}}}],
        "allow_multiselect": False,
        "layout_type": 1,
    }
    file = {"id": "9", "filename": "clip.mp4", "url": "http://127.0.0.1/clip.mp4"}
    sent = {
        "id": "2",
        "content": "hi",
        "author": user,
        "attachments": [file],
        "embeds": [{"title": "t", "color": None}],
        "poll": poll,
    }
    read, statuses = await _answered_through_the_trace(
        200, json.dumps(sent).encode(), "application/json; charset=utf-8"
    )

    assert statuses == [200]
    assert isinstance(read, dict), "read as text: the JSON media type was not given bare"
    assert read["author"] == {**user, "discriminator": "0", "avatar": None}
    assert read["attachments"][0]["size"] == UNKNOWN_SIZE
    assert read["embeds"] == [{"title": "t"}]
    assert read["poll"]["answers"][0]["poll_media"] == {"emoji": {"name": "🎬"}, "text": None}


async def test_an_answer_without_a_body_typed_json_is_read_as_empty_text() -> None:
    read, statuses = await _answered_through_the_trace(204, b"", "application/json")
    assert (read, statuses) == ("", [204])
