"""discord.py's gateway reading a READY without ``resume_gateway_url`` (``client.resume_url``).

Through discord.py's own ``received_message``: this is the test that fails if discord.py stops
dispatching ``socket_event_type`` before it reads READY, or renames the frame it reads.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
from types import SimpleNamespace
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket

from client.resume_url import ResumeFallback, ready_resumes_where_it_connected

CONNECTED = "ws://127.0.0.1:9/gateway"


async def _read(ready: dict[str, Any]) -> tuple[DiscordWebSocket, list[dict[str, Any]]]:
    ws = DiscordWebSocket(None, loop=asyncio.get_running_loop())  # type: ignore[arg-type]
    parsed: list[dict[str, Any]] = []

    def dispatch(event: str, *args: Any) -> None:
        if event == "socket_event_type" and args == ("READY",):
            ready_resumes_where_it_connected(sys._getframe(1))

    ws._dispatch = dispatch
    ws._discord_parsers = {"READY": parsed.append}
    ws.gateway = yarl.URL(CONNECTED)
    ws.shard_id = None
    await ws.received_message(json.dumps({"op": 0, "s": 1, "t": "READY", "d": ready}))
    return ws, parsed


async def test_a_ready_without_its_resume_url_resumes_where_it_connected() -> None:
    ws, (parsed,) = await _read({"session_id": "s1"})

    assert str(ws.gateway) == CONNECTED and ws.session_id == "s1"
    assert parsed["resume_gateway_url"] == CONNECTED


async def test_a_ready_naming_its_resume_url_is_followed() -> None:
    ws, _ = await _read({"session_id": "s1", "resume_gateway_url": "ws://127.0.0.1:10/r"})

    assert str(ws.gateway) == "ws://127.0.0.1:10/r"


def test_a_resume_that_failed_is_tried_where_the_client_connected() -> None:
    """``ResumeFallback``: the first drop resumes where READY said; a try there that got no
    session going (a second ``disconnect``) moves the next one to the gateway connected to,
    and a session got going starts the count again."""
    socket = SimpleNamespace(gateway=yarl.URL("ws://127.0.0.1:1/named"))
    fallback = ResumeFallback()

    fallback.saw("disconnect", socket)
    assert str(socket.gateway) == "ws://127.0.0.1:1/named"
    fallback.saw("disconnect", socket)
    assert socket.gateway == DiscordWebSocket.DEFAULT_GATEWAY

    socket.gateway = yarl.URL("ws://127.0.0.1:1/named")
    fallback.saw("resumed", socket)
    fallback.saw("disconnect", socket)
    assert str(socket.gateway) == "ws://127.0.0.1:1/named"


def test_discord_py_dispatches_disconnect_before_reading_where_to_resume() -> None:
    """What ``ResumeFallback`` relies on in ``Client.connect``."""
    source = inspect.getsource(discord.Client.connect)
    dispatched = source.index("self.dispatch('disconnect')")
    assert dispatched < source.index("gateway=self.ws.gateway", dispatched)
