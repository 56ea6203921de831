"""The gateway's binary frames, whatever compression the gateway chose
(``client.gateway_frames``).

Through discord.py's own ``received_message``; and the test that fails if discord.py stops
calling ``ConnectionState._update_references`` on a new socket before reading its first frame,
or renames the socket's ``_decompressor``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import zlib
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket

from client.gateway_frames import GatewayFrames

EVENTS = [{"op": 0, "s": n, "t": "THING", "d": {"n": n, "text": "é" * n}} for n in (1, 2, 3)]


def _transport(events: list[dict[str, Any]], *, split: bool) -> list[bytes]:
    """zlib-stream as Discord sends it: one context, a Z_SYNC_FLUSH per event; ``split``: each
    event's bytes over two frames (Discord's reference allows it)."""
    stream = zlib.compressobj()
    frames: list[bytes] = []
    for event in events:
        data = stream.compress(json.dumps(event).encode()) + stream.flush(zlib.Z_SYNC_FLUSH)
        frames += [data[:3], data[3:]] if split else [data]
    return frames


SHAPES = {
    "transport": _transport(EVENTS, split=False),
    "transport-split": _transport(EVENTS, split=True),
    "payload": [zlib.compress(json.dumps(e).encode()) for e in EVENTS],
    "binary-json": [json.dumps(e).encode() for e in EVENTS],
}


@pytest.mark.parametrize("shape", list(SHAPES))
async def test_every_event_is_read_whatever_the_compression(shape: str) -> None:
    ws = DiscordWebSocket(None, loop=asyncio.get_running_loop())  # type: ignore[arg-type]
    ws._decompressor = GatewayFrames(ws._decompressor)
    read: list[Any] = []
    ws._dispatch = lambda *args: None
    ws._discord_parsers = {"THING": read.append}
    ws.shard_id = None

    for frame in SHAPES[shape]:
        await ws.received_message(frame)

    assert read == [e["d"] for e in EVENTS]


def test_discord_py_gives_each_new_socket_to_update_references_before_reading_it() -> None:
    """The two private names ``client.gateway_frames`` relies on."""
    ws = DiscordWebSocket(None, loop=None)  # type: ignore[arg-type]
    assert callable(getattr(ws._decompressor, "decompress", None))
    source = inspect.getsource(DiscordWebSocket.from_client)
    assert "_update_references(ws)" in source
    assert source.index("_update_references(ws)") < source.index("poll_event()")
