"""One answer served over loopback and read by discord.py through the trace the bot's client is
made with (``client.attempts.http_trace``): what the trace's readers make of an answer as a
server writes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web
from discord.http import json_or_text

from client.attempts import http_trace

PATH = "/api/v10/m"


async def read_through_the_trace(answer: Callable[[], web.Response], method: str = "GET") -> Any:
    """The body discord.py reads (``json_or_text``) from the answer ``answer()`` makes, asked
    for with ``method`` through a session carrying the trace."""

    async def handler(request: web.Request) -> web.Response:
        return answer()

    app = web.Application()
    app.router.add_route(method, PATH, handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with (
            aiohttp.ClientSession(trace_configs=[http_trace()]) as session,
            session.request(method, f"http://127.0.0.1:{port}{PATH}") as response,
        ):
            return await json_or_text(response)
    finally:
        await runner.cleanup()
