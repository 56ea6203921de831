"""A request's tries, as ``client.attempts`` tells them."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from aiohttp import web
from discord.http import json_or_text

from client.attempts import LOST, answers, http_trace, tried_again_after_a_failure
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


async def test_a_session_carries_the_trace_for_its_first_request_only_and_reads_every_answer(
    monkeypatch: Any,
) -> None:
    """aiohttp builds a trace's objects for every request of a session carrying it (a
    ``Trace``, its context, one parameters object a signal): after a session's first request,
    its answers are read by the middleware the trace installed, with no trace built. Each
    answer is still read: its status noted, its headers as Discord writes them."""
    built: list[object] = []

    class CountedTrace(aiohttp.client.Trace):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(aiohttp.client, "Trace", CountedTrace)

    async def handler(request: web.Request) -> web.Response:
        status = int(request.query["status"])
        body = b'{"id": "1"}' if status == 200 else b""
        return web.Response(
            status=status, body=body, headers={"Content-Type": "application/json; charset=utf-8"}
        )

    app = web.Application()
    app.router.add_post("/api/v10/m", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    read: list[Any] = []
    try:
        async with aiohttp.ClientSession(trace_configs=[http_trace()]) as session:
            with answers() as statuses:
                for status in (200, 204, 200):
                    url = f"http://127.0.0.1:{port}/api/v10/m?status={status}"
                    async with session.post(url) as response:
                        read.append(await json_or_text(response))
    finally:
        await runner.cleanup()

    assert len(built) == 1, "a trace was built for requests after the session's first"
    assert statuses == [200, 204, 200]
    # Typed JSON with a parameter, read as JSON; typed JSON with no body, read as empty text.
    assert read == [{"id": "1"}, "", {"id": "1"}]


async def test_an_answer_whose_body_is_cut_off_ends_its_try_as_lost_on_every_request() -> None:
    """A JSON answer whose body stops short of its length fails its reading: that try counts
    as carried out, then lost (``LOST`` after its status), on a session's first request and on
    the later ones alike, and the next request on the session is answered as usual."""

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.query.get("cut") == "1":
            response = web.StreamResponse(status=200, headers={"Content-Type": "application/json"})
            response.content_length = 100
            await response.prepare(request)
            await response.write(b'{"id": ')
            assert request.transport is not None
            request.transport.close()
            return response
        return web.json_response({"id": "1"})

    app = web.Application()
    app.router.add_post("/api/v10/m", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    url = f"http://127.0.0.1:{port}/api/v10/m"
    try:
        async with aiohttp.ClientSession(trace_configs=[http_trace()]) as session:
            for first in (True, False):
                with answers() as statuses:
                    try:
                        async with session.post(f"{url}?cut=1") as response:
                            await response.read()
                    except aiohttp.ClientError:
                        pass
                assert statuses == [200, LOST], ("first" if first else "later", statuses)
                async with session.post(url) as response:
                    assert await json_or_text(response) == {"id": "1"}
    finally:
        await runner.cleanup()
