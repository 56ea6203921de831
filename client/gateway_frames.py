"""The gateway's binary frames read whatever compression the gateway chose, in one place.

discord.py asks for transport compression (``compress=zlib-stream`` in the URL) and takes
every binary frame for a piece of that one stream, decoded once a frame ends with the
Z_SYNC_FLUSH suffix. Discord's reference makes transport compression optional, and
documents a second kind that discord.py asks for too (IDENTIFY's ``compress: true``):
payload compression, each event compressed on its own ("the gateway does not implement a
shared compression context between events sent"), a complete zlib stream per binary frame
ending with its checksum, never with the suffix. A gateway that ignores the URL's
``compress`` (or sends JSON in binary frames, as websocket libraries may) left discord.py
waiting for a stream end that never came: READY was never read, the bot never online.

Each connection's first binary frame says which it is: a complete zlib stream or JSON as it
is is read on its own (and every later frame that is one); anything else is handed to
discord.py's own stream reader from then on, as before. Installed where discord.py makes a
new gateway socket (``ConnectionState._update_references``, called before the socket's
first frame is read) on the socket's ``_decompressor``: the two private names are here
alone, and ``tests/client/test_gateway_frames.py`` fails if discord.py renames them.
"""

from __future__ import annotations

import logging
import zlib
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from discord.state import ConnectionState

log = logging.getLogger(__name__)

ZLIB_SUFFIX = b"\x00\x00\xff\xff"
JSON_STARTS = (ord("{"), ord("["))


class Decompressor(Protocol):
    """discord.py's ``utils._DecompressionContext``."""

    def decompress(self, data: bytes, /) -> str | None: ...


class GatewayFrames:
    """A gateway socket's binary frames: a transport stream handed to discord.py's reader,
    or payloads each read on its own (zlib-compressed or not)."""

    __slots__ = ("stream", "streaming")

    def __init__(self, stream: Decompressor) -> None:
        self.stream = stream
        self.streaming = False  # a transport stream began: every frame is a piece of it

    def decompress(self, data: bytes, /) -> str | None:
        if not self.streaming:
            whole = _payload(data)
            if whole is not None:
                return whole
            self.streaming = True
        return self.stream.decompress(data)


def _payload(data: bytes) -> str | None:
    """A binary frame that is a whole event on its own: JSON, or JSON in a complete zlib
    stream (checksum read and all); None for anything else (a piece of a transport
    stream)."""
    if not data:
        return None
    if data[0] in JSON_STARTS:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if data.endswith(ZLIB_SUFFIX):
        # A transport stream's flush: discord.py's reader. Never a whole zlib stream's end:
        # its Adler-32 ends with a sum modulo 65521, never 0xFFFF.
        return None
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data)
    except zlib.error:
        return None
    if not inflater.eof or inflater.unused_data:
        return None  # the start of a stream split across frames
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_every_compression(state: ConnectionState) -> None:
    """Give each gateway socket discord.py opens for ``state`` a :class:`GatewayFrames`
    around its own decompressor, before its first frame is read."""
    update = state._update_references

    def update_references(ws: Any) -> None:
        update(ws)
        stream = getattr(ws, "_decompressor", None)
        if stream is not None and not isinstance(stream, GatewayFrames):
            ws._decompressor = GatewayFrames(stream)

    state._update_references = update_references  # type: ignore[method-assign]
