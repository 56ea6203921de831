"""discord.py's gateway reading a READY without ``resume_gateway_url`` (``client.resume_url``).

Through discord.py's own ``received_message``: this is the test that fails if discord.py stops
dispatching ``socket_event_type`` before it reads READY, or renames the frame it reads.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import yarl
from discord.gateway import DiscordWebSocket

from client.resume_url import ready_resumes_where_it_connected

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
