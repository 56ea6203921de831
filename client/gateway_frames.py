"""The gateway's binary frames read whatever compression the gateway chose, in one place.

discord.py asks for transport compression (``compress=zlib-stream`` in the URL, or
``zstd-stream`` where ``zstandard`` or Python 3.14's ``compression.zstd`` can be imported) and
takes every binary frame for a piece of that one stream, decoded once a frame ends with the
Z_SYNC_FLUSH suffix. Discord's reference makes transport compression optional, and
documents a second kind that discord.py asks for too (IDENTIFY's ``compress: true``):
payload compression, each event compressed on its own ("the gateway does not implement a
shared compression context between events sent"), a complete zlib stream per binary frame
ending with its checksum, never with the suffix. A gateway that ignores the URL's
``compress`` (or sends JSON in binary frames, as websocket libraries may) left discord.py
waiting for a stream end that never came: READY was never read, the bot never online.

Each connection's first binary frame says which it is, by what it holds rather than by what
discord.py asked for: a complete zlib stream or JSON as it is (whitespace before it too) is
read on its own (and every later frame that is one); a zlib stream's start is read here as
zlib-stream from then on, whichever stream discord.py asked for (a gateway sending zlib-stream
to a client that asked for zstd-stream); anything else is handed to discord.py's own stream
reader (zstd-stream). A zlib-stream whose message cannot be read as the stream's next one
is read as a stream of its own: a gateway starting a new compression context for every message
(each flushed with the suffix, never finished), where discord.py's one context failed on the
second message and the ``zlib.error`` ended the client (``epilogue run`` stopped). A message
that cannot be read even so is logged and skipped, never the end of the client.

Installed where discord.py makes a new gateway socket (``ConnectionState._update_references``,
called before the socket's first frame is read) on the socket's ``_decompressor``: the two
private names are here alone, and ``tests/client/test_gateway_frames.py`` fails if discord.py
renames them.
"""

from __future__ import annotations

import logging
import re
import zlib
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from discord.state import ConnectionState

log = logging.getLogger(__name__)

ZLIB_SUFFIX = b"\x00\x00\xff\xff"
JSON_START = re.compile(rb"[ \t\r\n]*[{\[]")
"""JSON's first character, after the whitespace JSON allows before it."""


class Decompressor(Protocol):
    """discord.py's ``utils._DecompressionContext``."""

    def decompress(self, data: bytes, /) -> str | None: ...


class GatewayFrames:
    """A gateway socket's binary frames: a zlib transport stream read here, another handed to
    discord.py's reader, or payloads each read on its own (zlib-compressed or not)."""

    __slots__ = ("socket", "stream", "streaming")

    def __init__(self, stream: Decompressor, socket: Any = None) -> None:
        self.stream = stream
        self.socket = socket  # discord.py's gateway socket, whose reader this is
        self.streaming = False  # a transport stream began: every frame is a piece of it

    def decompress(self, data: bytes, /) -> str | None:
        if not self.streaming:
            whole = _payload(data)
            if whole is not None:
                return whole
            self.streaming = True
            if _zlib_header(data):
                self.stream = ZlibStream()
            if self.socket is not None:
                # The stream's reader from now on, read without this one in between.
                self.socket._decompressor = self.stream
        return self.stream.decompress(data)


class ZlibStream:
    """zlib-stream: one context, each message ending with the Z_SYNC_FLUSH suffix, possibly
    over several frames (what discord.py's ``_ZlibDecompressionContext`` reads), or a new
    context begun for each message."""

    __slots__ = ("buffer", "inflater", "restarted")

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.inflater = zlib.decompressobj()
        self.restarted = False  # logged once: the gateway begins a stream per message

    def decompress(self, data: bytes, /) -> str | None:
        if self.buffer:  # the end of a message sent over several frames
            self.buffer += data
            if not self.buffer.endswith(ZLIB_SUFFIX):
                return None
            message = bytes(self.buffer)
            self.buffer.clear()
        elif data.endswith(ZLIB_SUFFIX):  # a message in one frame, as Discord sends most
            message = data
        else:  # a message's first piece
            self.buffer += data
            return None
        try:
            text: bytes | None = self.inflater.decompress(message)
        except zlib.error:
            text = None
        if text is None or not (text.startswith(b"{") or JSON_START.match(text)):
            # Never so in one stream (each message is JSON): a new stream began.
            text = self._restarted(message)
        if text is None:
            return None
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            return _unreadable(message, "is not UTF-8")

    def _restarted(self, message: bytes) -> bytes | None:
        """``message`` read as a zlib stream of its own; the next message is read on from it
        (the old context's state is lost either way)."""
        self.inflater = zlib.decompressobj()
        try:
            text = self.inflater.decompress(message)
        except zlib.error as exc:
            self.inflater = zlib.decompressobj()
            return _unreadable(message, f"cannot be decompressed ({exc})")
        if JSON_START.match(text) is None:
            return _unreadable(message, "holds no JSON")
        if not self.restarted:
            self.restarted = True
            log.info("the gateway begins a new zlib stream for each message: read so")
        return text


def _unreadable(message: bytes, why: str) -> None:
    """Logged, and skipped (discord.py reads ``None`` as a message not complete yet)."""
    log.error("a gateway message of %d bytes %s: skipped, its event lost", len(message), why)


def _zlib_header(data: bytes) -> bool:
    """Whether ``data`` begins as a zlib stream does (RFC 1950: deflate, a header checksum);
    zstd's frames begin otherwise."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0


def _payload(data: bytes) -> str | None:
    """A binary frame that is a whole event on its own: JSON, or JSON in a complete zlib
    stream (checksum read and all); None for anything else (a piece of a transport
    stream)."""
    if not data:
        return None
    if JSON_START.match(data) is not None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if data.endswith(ZLIB_SUFFIX):
        # A transport stream's flush: read as one. Never a whole zlib stream's end:
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
            ws._decompressor = GatewayFrames(stream, ws)

    state._update_references = update_references  # type: ignore[method-assign]
