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


def _restarted(events: list[dict[str, Any]]) -> list[bytes]:
    """zlib-stream as a gateway starting a new context for each message sends it: each event
    a zlib stream of its own, flushed with the suffix and never finished."""
    frames: list[bytes] = []
    for event in events:
        stream = zlib.compressobj()
        frames.append(stream.compress(json.dumps(event).encode()) + stream.flush(zlib.Z_SYNC_FLUSH))
    return frames


SHAPES = {
    "transport": _transport(EVENTS, split=False),
    "transport-split": _transport(EVENTS, split=True),
    "payload": [zlib.compress(json.dumps(e).encode()) for e in EVENTS],
    "binary-json": [json.dumps(e).encode() for e in EVENTS],
    "binary-json-indented": [json.dumps(e, indent=2).join(["\n", "\n"]).encode() for e in EVENTS],
    "stream-per-message": _restarted(EVENTS),
    "stream-per-message-split": [
        piece for frame in _restarted(EVENTS) for piece in (frame[:5], frame[5:])
    ],
}


class ZstdStream:
    """discord.py's reader when it asked for ``zstd-stream`` (``zstandard`` importable, or
    Python 3.14): zlib's bytes are none of its own."""

    def decompress(self, data: bytes, /) -> str | None:
        raise ValueError("zstd: unknown frame descriptor")


@pytest.mark.parametrize("asked", ["zlib-stream", "zstd-stream"])
@pytest.mark.parametrize("shape", list(SHAPES))
async def test_every_event_is_read_whatever_the_compression(shape: str, asked: str) -> None:
    ws = DiscordWebSocket(None, loop=asyncio.get_running_loop())  # type: ignore[arg-type]
    stream = ZstdStream() if asked == "zstd-stream" else ws._decompressor
    ws._decompressor = GatewayFrames(stream, ws)
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


def test_a_message_that_cannot_be_read_is_skipped_and_the_stream_read_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A corrupt message is logged and skipped (discord.py's zlib.error ended the client);
    the messages after it are read."""
    frames = GatewayFrames(ZstdStream())
    good = _restarted(EVENTS)

    read = [frames.decompress(good[0]), frames.decompress(b"\x78\x9cgarbage" + b"\x00\x00\xff\xff")]
    read.append(frames.decompress(good[1]))

    assert [json.loads(r)["d"] if r else r for r in read] == [EVENTS[0]["d"], None, EVENTS[1]["d"]]
    assert "skipped, its event lost" in caplog.text
