"""What a REST request costs the bot's client in aiohttp, with the bot's ``http_trace`` and without.

``benchmarks.client_cpu`` (and callgrind counts of it) run the bot over
``tests.support.fake_discord``, which stands in for the aiohttp session itself: neither aiohttp
nor the trace Epilogue's client is made with (``client.attempts.http_trace``, which reads
every answer before discord.py does) is in those counts, for Epilogue or for the floor. In
``benchmarks.e2e`` both bots post every answer through aiohttp, and only Epilogue's session
carries the trace (for its first request; the client middleware the trace installs reads every
answer after). This posts an answer-sized callback body (4.5 KB of JSON) to a loopback
server in another process answering 204, as Discord answers a callback, through a session made
as discord.py makes it: without a trace (the floor's), and with the bot's.

    uv run python -m benchmarks.request_cost [--requests 2000] [--runs 5]
    valgrind --tool=callgrind --toggle-collect=functools_reduce \\
        .venv/bin/python -m benchmarks.request_cost --callgrind --trace bot --requests 1000

``--callgrind`` posts one batch of ``--requests`` (after as many to warm up) inside
``functools.reduce``, so that callgrind counts those requests' instructions and nothing else;
divide by ``--requests``. Without it, CPU per request (``time.process_time``) is printed for
each kind, the kinds alternated, median of ``--runs`` batches.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable

import aiohttp
from aiohttp import web

BODY = {
    "type": 4,
    "data": {
        "tts": False,
        "embeds": [
            {
                "title": "La La Land (2016) · The ending explained",
                "description": "word " * 780,
                "footer": {"text": "Page 1/3 · Spoilers are hidden: click a black bar · Epilogue"},
                "color": 15548997,
                "type": "rich",
            }
        ],
        "content": None,
        "components": [
            {
                "type": 1,
                "components": [
                    {"type": 2, "style": 2, "label": label, "custom_id": "a:" + "x" * 70}
                    for label in ("◀ Previous", "Next ▶", "Reveal to me")
                ],
            }
        ],
        "flags": 4,
        "allowed_mentions": {"parse": []},
    },
}
"""An answer page's callback, as ``client.callbacks`` posts it."""
PATH = "/api/v10/interactions/1/token/callback"


def serve(port: int) -> None:
    async def callback(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post(PATH, callback)
    web.run_app(app, host="127.0.0.1", port=port, print=None)  # type: ignore[arg-type]


def traces(kind: str) -> list[aiohttp.TraceConfig] | None:
    if kind == "none":
        return None
    from client.attempts import http_trace

    return [http_trace()]


async def post(session: aiohttp.ClientSession, url: str, payload: str, count: int) -> None:
    """As discord.py's webhook adapter posts a callback: JSON text, its type, the answer read."""
    headers = {"Content-Type": "application/json"}
    for _ in range(count):
        async with session.request("POST", url, data=payload, headers=headers) as response:
            await response.text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.request_cost", description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="requests per batch")
    parser.add_argument("--runs", type=int, default=5, help="batches per kind (5)")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--trace", choices=("none", "bot"), help="with --callgrind: which")
    parser.add_argument("--callgrind", action="store_true", help="one batch, in functools.reduce")
    args = parser.parse_args(argv)
    if args.callgrind and args.trace is None:
        parser.error("--callgrind counts one kind: give --trace none or --trace bot")
    server = multiprocessing.Process(target=serve, args=(args.port,), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{args.port}{PATH}"
    payload = json.dumps(BODY)
    try:
        with asyncio.Runner() as runner:
            runner.run(_until_served(url))
            kinds = [args.trace] if args.callgrind else ["none", "bot"]
            sessions = {kind: runner.run(_session(traces(kind))) for kind in kinds}
            try:
                for session in sessions.values():
                    runner.run(post(session, url, payload, args.requests))  # warm
                if args.callgrind:
                    batch = functools.partial(post, sessions[args.trace], url, payload)
                    _counted(lambda: runner.run(batch(args.requests)))
                    return 0
                per: dict[str, list[float]] = {kind: [] for kind in kinds}
                for _ in range(args.runs):
                    for kind, session in sessions.items():
                        started = time.process_time()
                        runner.run(post(session, url, payload, args.requests))
                        spent = time.process_time() - started
                        per[kind].append(spent / args.requests * 1e6)
                for kind, found in per.items():
                    _report(kind, found, args.requests)
            finally:
                for session in sessions.values():
                    runner.run(session.close())
    finally:
        server.terminate()
    return 0


def _report(kind: str, found: list[float], requests: int) -> None:
    spread = f"{min(found):.0f}-{max(found):.0f}"
    print(f"trace {kind}: {statistics.median(found):.0f} µs CPU per request"
          f" (median of {len(found)} x {requests}; range {spread})")  # fmt: skip


async def _session(trace_configs: list[aiohttp.TraceConfig] | None) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(trace_configs=trace_configs)


async def _until_served(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                await post(session, url, "{}", 1)
                return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise SystemExit(f"the loopback server at {url} never answered")


def _counted(batch: Callable[[], None]) -> None:
    """``batch()`` inside ``functools.reduce`` (a C function nothing else here calls), for
    ``valgrind --tool=callgrind --toggle-collect=functools_reduce``."""
    functools.reduce(lambda _, __: batch(), [None], None)


if __name__ == "__main__":
    sys.exit(main())
