"""Discord's gateway websocket, as far as an unmodified discord.py client needs it.

discord.py 2.7 connects with ``?v=10&encoding=json&compress=zlib-stream`` (or
``zstd-stream`` when ``zstandard`` is importable) and only runs *binary* frames
through its decompressor, so we answer zlib-stream with one shared zlib context
per connection flushed with Z_SYNC_FLUSH per message (exactly like Discord) and
anything else with plain text frames, which every client parses.

``Gateway.compression`` makes it a gateway without transport compression (the ``compress``
query ignored): ``"payload"`` compresses each dispatch on its own when IDENTIFY asked
``compress: true`` (Discord's payload compression, which discord.py asks for: a complete
zlib stream per binary frame, no shared context), ``"binary"`` sends JSON uncompressed in
binary frames (a websocket library's default), ``"none"`` plain text frames.
``"stream-per-message"`` answers ``zlib-stream`` with a new zlib context for every message
(each flushed with the suffix, never finished): what a per-message ``deflate`` with a sync
flush makes, where Discord keeps one context per connection.

``Gateway.frame_bytes`` splits each zlib-stream message across websocket frames of at most
that many bytes: Discord's reference has the client "push received data to a buffer until you
receive the 4-byte Z_SYNC_FLUSH suffix", since one message may come in several frames.
"""

# ruff: noqa: ASYNC109  -- helpers take ``timeout=`` on purpose: tests read better.

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
import uuid
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.support.timing import scaled

from .records import WAIT_S, StandinError, StandinTimeout
from .world import PRIVILEGED_INTENTS, StandinWorld

# Opcodes and intents we act on.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME = 0, 1, 2, 3, 6
INVALID_SESSION, HELLO, HEARTBEAT_ACK, REQUEST_MEMBERS, RECONNECT = 9, 10, 11, 8, 7
GUILD_MEMBERS_INTENT = 1 << 1
GUILD_MESSAGES_INTENT = 1 << 9


def _without_counts(thread: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in thread.items() if k not in ("message_count", "member_count")}


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a guild's events to."""
    return (guild_id >> 22) % shard_count


class GatewayConnection:
    """One websocket; serialises sends so the zlib stream stays in order."""

    def __init__(
        self,
        ws: web.WebSocketResponse,
        request: web.Request,
        compression: str = "transport",
        frame_bytes: int | None = None,
    ) -> None:
        self.ws = ws
        self.request = request
        self.path = request.path
        self.compress = request.query.get("compress")
        self.compression = compression
        self.frame_bytes = frame_bytes  # a zlib-stream message's frames' size, at most
        streamed = compression in ("transport", "stream-per-message")
        transport = streamed and self.compress == "zlib-stream"
        self._zlib = zlib.compressobj() if transport else None
        self.payload_compression = False  # IDENTIFY's ``compress: true``, with "payload"
        self._lock = asyncio.Lock()
        self.session: GatewaySession | None = None
        self.pings: dict[bytes, asyncio.Future[None]] = {}  # ws PING payload -> PONG waiter
        # True: a zombie connection (``Gateway.zombify``): open, but nothing more is sent on it,
        # heartbeats' ACKs included (events stay in the session's log for a RESUME).
        self.silent = False
        self.received_at: deque[float] = deque()  # when each of the last minute's payloads came

    def resolve_pings(self, payload: bytes | None = None) -> None:
        """Wake the waiter for ``payload``'s PONG, or every waiter (socket gone)."""
        for key in [payload] if payload is not None else list(self.pings):
            waiter = self.pings.pop(key, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(None)

    async def send(self, payload: dict[str, Any]) -> None:
        if self.silent:
            return
        text = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self.payload_compression and payload.get("op") == DISPATCH:
                await self.ws.send_bytes(zlib.compress(text.encode()))
            elif self.compression == "binary":
                await self.ws.send_bytes(text.encode())
            elif self._zlib is None:
                await self.ws.send_str(text)
            else:
                if self.compression == "stream-per-message":
                    self._zlib = zlib.compressobj()
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                size = self.frame_bytes or len(data)
                for start in range(0, len(data), size):
                    await self.ws.send_bytes(data[start : start + size])

    def abort(self) -> None:
        """Kill the TCP connection without a close frame, like a network drop."""
        transport = self.request.transport
        if transport is not None:
            transport.abort()


@dataclass
class GatewaySession:
    session_id: str
    token: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    connection: GatewayConnection | None = None
    identified: bool = False  # READY and every GUILD_CREATE have been sent
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def live(self) -> bool:
        return self.connection is not None and not self.connection.ws.closed


class Gateway:
    """Sessions, sequence numbers, replay-on-RESUME and test controls."""

    def __init__(
        self,
        world: StandinWorld,
        changed: asyncio.Condition,
        *,
        heartbeat_interval_ms: int = 41250,
        expected_token: str | None = None,
    ) -> None:
        self.world = world
        self._changed = changed
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.expected_token = expected_token
        self.resume_url = ""  # filled in once the server knows its port
        self.sessions: dict[str, GatewaySession] = {}
        self.current: GatewaySession | None = None
        self.connections: list[GatewayConnection] = []
        self.received: list[dict[str, Any]] = []
        self.identify_count = 0
        # RESUMED's ``d``: Discord's reference documents no fields (Discord sends ``_trace``);
        # a stand-in may send ``{}`` or ``null``.
        self.resumed_data: Any = {"_trace": ["standin"]}
        self.resume_count = 0
        self.replayed = 0  # dispatches sent again to a RESUME (the client had not read them)
        # A RESUME naming a session the gateway no longer has: refused with op 9 (``d`` false),
        # as Discord does, or closed with this code: 4009 "Session timed out" or 4007 "Invalid
        # seq", which Discord's reference answers "reconnect and start a new session"; or
        # "invalid-resumable": op 9 with ``d`` true (try resuming again), every time; or
        # "ignored": no answer at all, as a gateway that does not know op 6.
        self.resume_refused_with: int | str | None = None
        self.resumes_refused = 0
        # False: heartbeats are never acknowledged (op 11), as a gateway that does not keep
        # track of them might; events still flow.
        self.heartbeat_acks = True
        # What the next IDENTIFYs are answered with instead of READY, one each, in order:
        # "reconnect" (op 7), "invalid-resumable" (op 9, ``d`` true) or "invalid" (op 9, ``d``
        # false): a Discord restarting or refusing as the bot starts (``RESUME`` then refused).
        self.identifies_refused: list[str] = []
        self.lost_events: list[tuple[str, dict[str, Any]]] = []  # sent to no session
        self.refused_intents: list[int] = []
        # False: an IDENTIFY asking for a privileged intent not switched on for the app is
        # taken, not closed with 4014, and what the intent would show is withheld (a message's
        # text blanked, as for a session that never asked).
        self.privileged_intents_enforced = True
        # False: GUILD_CREATE carries no ``members`` at all, not even the bot's own (a Discord
        # more minimal than its own, which always sends the bot's member).
        self.members_in_guild_create = True
        # False: GUILD_CREATE carries no ``channels`` nor ``threads`` (the bot learns of them
        # from interactions and its own lookups only).
        self.channels_in_guild_create = True
        # False: threads come without ``message_count`` and ``member_count``, which Discord's
        # channel object marks optional (GUILD_CREATE, THREAD_CREATE, THREAD_UPDATE).
        self.thread_counts = True  # IDENTIFYs closed with 4014, by what they asked
        # False: every dispatch's users come without ``discriminator`` or ``avatar`` and its
        # members without ``flags`` (users as after the username migration; members as an
        # older reference wrote them), interactions' and messages' included.
        self.user_fields = True
        # True: every dispatch serialized without its nulls, as a stand-in whose serializer
        # omits them does (pydantic's ``exclude_none``): a forum tag with no emoji comes without
        # ``emoji_id`` and ``emoji_name``, an application without ``icon``, a deleted reply
        # without ``referenced_message``.
        self.nulls_omitted = False
        # True: every timestamp without its UTC offset ("2026-12-06T17:46:09.123456"), as
        # Python's ``datetime.utcnow().isoformat()`` writes it: an ISO 8601 time with no zone.
        self.timestamps_without_offset = False
        # True (with ``nulls_omitted``): empty lists left out too (``mentions``, ``roles``,
        # ``components``), as a serializer that skips empty collections does.
        self.empty_lists_omitted = False
        # Reshape READY or a GUILD_CREATE in place before it is sent: another Discord (or
        # stand-in) that leaves out or fills in what Discord's reference allows.
        self.reshape_ready: Callable[[dict[str, Any]], None] | None = None
        self.reshape_guild: Callable[[dict[str, Any]], None] | None = None
        # Reshape a copy of every dispatch (READY and GUILD_CREATE after the two above) by its
        # event name, as it is sent.
        self.reshape_dispatch: Callable[[str, dict[str, Any]], None] | None = None
        # "transport": zlib-stream when the client asks (Discord's way); "payload", "binary",
        # "none": the ``compress`` query ignored; "stream-per-message": zlib-stream restarted
        # for each message (see the module's docstring).
        self.compression = "transport"
        # Each zlib-stream message split across websocket frames of at most this many bytes
        # (None: one frame a message, as Discord sends most).
        self.frame_bytes: int | None = None
        # The next this many websocket handshakes answered 503 (no websocket).
        self.handshakes_refused = 0
        self._ping_counter = 0
        # Sharding: what GET /gateway/bot recommends, and the newest session of each shard
        # (IDENTIFY with ``shard: [i, n]``; a client without it is shard 0 of 1).
        self.shard_count = 1
        self.max_guilds_per_shard = 2500  # more on one session: closed with 4011
        self.shards: dict[int, GatewaySession] = {}
        # True: a shard's events go to every live session identified for it, as during a
        # deploy's overlap (the new process identifies before the old one closes).
        # Interactions are left to one session here: one answered twice is
        # ``client.delivery``'s case (its tests), and a command's writes settle it in the
        # database (``docs/database.md``).
        self.overlapping = False
        # Session starts: 1000 IDENTIFYs a day (GET /gateway/bot's ``session_start_limit``).
        # "Upon hitting this limit, all active sessions for the bot will be terminated, the
        # bot's token will be reset": one more IDENTIFY is closed with 4004.
        self.session_starts_total = 1000
        # ``session_start_limit.max_concurrency``: IDENTIFYs per 5 s, one per rate-limit key
        # ``shard_id % max_concurrency`` (Discord's large bots get 16 or more).
        self.max_concurrency = 1
        self.session_starts_left = 1000
        self.session_starts_reset_s = 24 * 3600.0
        self._session_starts_reset_at = time.monotonic() + self.session_starts_reset_s
        self.refused_session_starts = 0
        # "Apps also have a limit for concurrent Identify requests allowed per 5 seconds. If you
        # hit this limit, the Gateway will respond with an Invalid Session (opcode 9)": one
        # session started per rate-limit key (``shard_id % max_concurrency``) every this many
        # seconds; an IDENTIFY sooner is answered op 9, ``d`` false. 0: no limit.
        self.identify_spacing_s = 5.0
        self._identified_at: dict[int, float] = {}  # rate-limit key -> when a session started
        self.identifies_too_soon = 0
        # Seconds each coming IDENTIFY takes to arrive, first first (then none): Discord counts
        # the spacing as IDENTIFYs arrive, and a send's transit varies.
        self.identify_transits_s: list[float] = []
        # "Apps can send 120 gateway events per connection every 60 seconds ... Apps that
        # surpass the limit are immediately disconnected": closed with 4008 "Rate limited."
        self.events_per_minute = 120
        self.closed_rate_limited = 0

    def session_start_limit(self) -> dict[str, int]:
        """``session_start_limit`` as GET /gateway/bot gives it (the window restarts when due)."""
        now = time.monotonic()
        if now >= self._session_starts_reset_at:
            self.session_starts_left = self.session_starts_total
            self._session_starts_reset_at = now + self.session_starts_reset_s
        return {
            "total": self.session_starts_total,
            "remaining": max(self.session_starts_left, 0),
            "reset_after": int((self._session_starts_reset_at - now) * 1000),
            "max_concurrency": self.max_concurrency,
        }

    def use_up_session_starts(self, *, reset_after_s: float) -> None:
        """The day's session starts are spent (a crash loop, say); they come back in
        ``reset_after_s`` seconds."""
        self.session_starts_left = 0
        self._session_starts_reset_at = time.monotonic() + reset_after_s

    def session_for(self, guild_id: int | str | None) -> GatewaySession | None:
        """The session a guild's events go to: its shard's (DMs: shard 0), else the newest."""
        sharded = [s for s in self.shards.values() if s.shard is not None]
        if not sharded:
            return self.current
        count = int(sharded[0].shard[1])  # type: ignore[index]
        shard = 0 if guild_id is None else shard_of(int(guild_id), count)
        session = self.shards.get(shard)
        if session is None:
            raise StandinError(f"no bot identified as shard {shard} of {count}")
        return session

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- test controls --------------------------------------------------
    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send (or, while disconnected, queue for RESUME) a dispatch; returns its seq."""
        session = self.session_for(data.get("guild_id"))
        if session is None:
            raise StandinError("the bot has not identified on the gateway yet")
        if not self.thread_counts and event in ("THREAD_CREATE", "THREAD_UPDATE"):
            data = _without_counts(data)
        if self._unavailable(data.get("guild_id")) is not None and event not in (
            "GUILD_CREATE",
            "GUILD_DELETE",
            "INTERACTION_CREATE",  # answered by the bot whatever it holds of the server
        ):
            # Discord sends no server events of a server in an outage until its GUILD_CREATE.
            self.lost_events.append((event, data))
            return 0
        if session.session_id not in self.sessions:
            # A session invalidated for good: what happens until the bot IDENTIFYs again is
            # never sent, nor replayed (Discord replays only to a RESUME).
            self.lost_events.append((event, data))
            return 0
        async with session.lock:
            seq = await self._emit(session, event, data)
        if self.overlapping and event != "INTERACTION_CREATE":
            for twin in self._twins(session):
                async with twin.lock:
                    await self._emit(twin, event, data)
        return seq

    def _twins(self, session: GatewaySession) -> list[GatewaySession]:
        """The other live sessions identified for ``session``'s shard."""
        shard = tuple(session.shard or (0, 1))
        return [
            other
            for other in self.sessions.values()
            if other is not session
            and other.identified
            and other.live
            and tuple(other.shard or (0, 1)) == shard
        ]

    def _unavailable(self, guild_id: object) -> object | None:
        """The server ``guild_id`` names when it is in an outage (None: available, or none)."""
        try:
            guild = self.world.guilds.get(int(str(guild_id)))
        except ValueError:
            return None
        return guild if guild is not None and not guild.available else None

    async def drop_connection(self, *, code: int | None = None, shard: int | None = None) -> None:
        """Drop the bot's socket; it should come back with RESUME.

        ``code=None`` aborts TCP (no close frame); otherwise a close frame with
        ``code`` is sent (4000-4003, 4005, 4007-4009 are resumable in discord.py).
        ``shard``: that shard's socket rather than the newest session's.
        """
        session = self.current if shard is None else self.shards.get(shard)
        if session is None or session.connection is None:
            raise StandinError("no live gateway connection to drop")
        conn, session.connection = session.connection, None
        if code is None:
            conn.abort()
        else:
            await conn.ws.close(code=code)
        await self._notify()

    async def zombify(self, *, shard: int | None = None) -> None:
        """The bot's connection turns zombie: it stays open (websocket pings still answered),
        but the gateway sends nothing more on it, no ACK to a heartbeat, no event (each kept
        for a RESUME), as when a gateway node hangs. Discord's reference: the client "should
        immediately terminate the connection ... and attempt to Resume"."""
        session = self.current if shard is None else self.shards.get(shard)
        if session is None or session.connection is None:
            raise StandinError("no live gateway connection to turn zombie")
        session.connection.silent = True
        await self._notify()

    async def request_reconnect(self) -> None:
        """Op 7 RECONNECT: Discord asks the client to reconnect and RESUME (e.g. a restart)."""
        await self._send_op(RECONNECT, None)

    def forget_session(self) -> None:
        """The current session is gone (timed out, say): a RESUME naming it is refused."""
        if self.current is not None:
            self.sessions.pop(self.current.session_id, None)

    async def invalidate_session(self, *, resumable: bool) -> None:
        """Op 9 INVALID_SESSION: ``d`` says whether the session may be resumed; when not, it is
        gone, and the client must IDENTIFY afresh (a RESUME would be refused the same way)."""
        session = self.current
        if session is not None and not resumable:
            self.sessions.pop(session.session_id, None)
        await self._send_op(INVALID_SESSION, resumable)

    async def _send_op(self, op: int, data: Any) -> None:
        session = self.current
        if session is None or session.connection is None:
            raise StandinError("no live gateway connection")
        await session.connection.send({"op": op, "d": data, "s": None, "t": None})

    async def round_trip(self, *, timeout: float = WAIT_S) -> None:
        """Send a websocket-level PING and wait for the bot's PONG.

        A barrier, not a sleep: aiohttp answers a PING only when discord.py's
        gateway loop reads it, i.e. after it handled every frame sent before; by
        then its event loop has also had turns to finish the HTTP responses we
        flushed earlier. (Asking for a gateway op 1 instead would spend discord.py's
        110-sends-per-minute budget and stall a benchmark.) No-op while disconnected.
        """
        sharded = [s for s in self.shards.values() if s.shard is not None]
        if sharded:  # every shard's socket, one after the other
            for session in sharded:
                await self._ping(session, timeout)
            return
        if self.current is not None:
            await self._ping(self.current, timeout)

    async def _ping(self, session: GatewaySession, timeout: float) -> None:
        conn = session.connection
        if conn is None or conn.ws.closed:
            return
        self._ping_counter += 1
        payload = str(self._ping_counter).encode()
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        conn.pings[payload] = waiter
        try:
            await conn.ws.ping(payload)
            await asyncio.wait_for(waiter, scaled(timeout))
        except ConnectionError:
            return  # dropped meanwhile: nothing left to wait for on this socket
        except TimeoutError as exc:
            raise StandinTimeout(
                f"the bot did not answer a ping within {scaled(timeout)}s"
            ) from exc

    async def close(self) -> None:
        for conn in self.connections:
            transport = conn.request.transport
            if not conn.ws.closed and transport is not None and not transport.is_closing():
                await conn.ws.close(code=1001)

    # -- protocol -------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.handshakes_refused > 0:
            # A gateway not taking connections for a moment (a deploy, a front end's 503).
            self.handshakes_refused -= 1
            return web.Response(status=503, text="503 Service Unavailable")
        # autoping=False so PONGs reach us: they complete ``round_trip`` barriers.
        ws = web.WebSocketResponse(max_msg_size=0, timeout=2.0, autoping=False)
        await ws.prepare(request)
        conn = GatewayConnection(ws, request, self.compression, self.frame_bytes)
        self.connections.append(conn)
        hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["standin"]}
        await conn.send({"op": HELLO, "d": hello, "s": None, "t": None})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_payload(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.PONG:
                    conn.resolve_pings(bytes(msg.data))
                elif msg.type is WSMsgType.PING:
                    await ws.pong(msg.data)
                elif msg.type is WSMsgType.ERROR:
                    break
        except ConnectionError:
            pass  # peer vanished mid-send; the session survives for RESUME
        finally:
            conn.resolve_pings()
            session = conn.session
            if session is not None and session.connection is conn:
                session.connection = None
            await self._notify()
        return ws

    async def _on_payload(self, conn: GatewayConnection, payload: dict[str, Any]) -> None:
        self.received.append(payload)
        if self._over_send_limit(conn):
            self.closed_rate_limited += 1
            await conn.ws.close(code=4008, message=b"Rate limited.")
            return
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            if self.heartbeat_acks:
                await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
            await self._notify()  # a test may wait for heartbeats
        elif op == IDENTIFY:
            await self._identify(conn, data)
        elif op == RESUME:
            await self._resume(conn, data)
        elif op == REQUEST_MEMBERS and conn.session is not None:
            await self._send_member_chunk(conn.session, data)
        # PRESENCE, VOICE_STATE, ...: recorded in ``received`` only.

    def _over_send_limit(self, conn: GatewayConnection) -> bool:
        """Whether this payload is past the connection's ``events_per_minute``."""
        now = time.monotonic()
        sent = conn.received_at
        sent.append(now)
        while sent and sent[0] <= now - 60.0:
            sent.popleft()
        return len(sent) > self.events_per_minute

    def _identify_too_soon(self, shard_id: int) -> bool:
        """Whether a session started for ``shard_id``'s rate-limit key in the last
        ``identify_spacing_s`` (else this IDENTIFY is taken as that key's newest)."""
        key = shard_id % max(self.max_concurrency, 1)
        now = time.monotonic()
        last = self._identified_at.get(key)
        if last is not None and now - last < self.identify_spacing_s:
            return True
        self._identified_at[key] = now
        return False

    async def _identify(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        conn.payload_compression = conn.compression == "payload" and data.get("compress") is True
        token = str(data.get("token", ""))
        if self.expected_token is not None and token != self.expected_token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        if self.identifies_refused:
            answer = self.identifies_refused.pop(0)
            op, d = (
                (RECONNECT, None)
                if answer == "reconnect"
                else (INVALID_SESSION, answer != "invalid")
            )
            await conn.send({"op": op, "d": d, "s": None, "t": None})
            await self._notify()
            return
        refused = int(data.get("intents", 0)) & PRIVILEGED_INTENTS & ~self.world.granted_intents
        if refused and self.privileged_intents_enforced:
            # A privileged intent not switched on for the application: no session at all.
            self.refused_intents.append(refused)
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard_id, shard_count = (int(n) for n in data.get("shard") or (0, 1))
        if self.identify_transits_s:
            await asyncio.sleep(self.identify_transits_s.pop(0))
        if self._identify_too_soon(shard_id):
            self.identifies_too_soon += 1
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            await self._notify()
            return
        if self.session_start_limit()["remaining"] <= 0:
            # Past the day's session starts: Discord resets the token and ends the session.
            self.refused_session_starts += 1
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        self.session_starts_left -= 1
        held = sum(
            shard_of(gid, shard_count) == shard_id and self.world.has_bot(guild)
            for gid, guild in self.world.guilds.items()
        )
        if held > self.max_guilds_per_shard:
            # Discord: "the session would have handled too many guilds - you are required to
            # shard your connection in order to connect" (GET /gateway/bot says how many).
            await conn.ws.close(code=4011, message=b"Sharding required.")
            return
        session = GatewaySession(
            session_id=uuid.uuid4().hex,
            token=token,
            intents=int(data.get("intents", 0)) & ~refused,  # what is not granted is withheld
            shard=data.get("shard"),
        )
        self.sessions[session.session_id] = session
        self.current = session
        self.shards[shard_id] = session
        self.identify_count += 1
        async with session.lock:
            session.connection, conn.session = conn, session
            await self._emit(session, "READY", self._ready_payload(session))
            for guild in self.world.guilds.values():
                if not self.world.has_bot(guild):
                    continue  # a server the app is only user-installed in
                if shard_of(guild.id, shard_count) != shard_id or not guild.available:
                    continue  # another shard's guild, or one in an outage (READY lists it)
                await self._emit(session, "GUILD_CREATE", self._guild_payload(session, guild.id))
            session.identified = True
        await self._notify()

    async def _resume(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if self.expected_token is not None and data.get("token") != self.expected_token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or session.token != data.get("token"):
            self.resumes_refused += 1
            refusal = self.resume_refused_with
            if refusal == "ignored":
                return  # as a gateway that does not know op 6: nothing at all
            if isinstance(refusal, int):
                await conn.ws.close(code=refusal, message=b"Session timed out.")
            else:
                resumable = refusal == "invalid-resumable"
                await conn.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})
            await self._notify()
            return
        last_seen = int(data.get("seq") or 0)
        async with session.lock:
            session.connection, conn.session = conn, session
            self.current = session
            if session.shard is not None:
                self.shards[int(session.shard[0])] = session
            for frame in session.log:
                if frame["s"] > last_seen:
                    self.replayed += 1
                    await conn.send(frame)
            await self._emit(session, "RESUMED", self.resumed_data)
        self.resume_count += 1
        await self._notify()

    async def _emit(self, session: GatewaySession, event: str, data: dict[str, Any]) -> int:
        """Assign the next seq and send; caller holds ``session.lock``."""
        session.seq += 1
        if not self.user_fields:
            data = copy.deepcopy(data)
            without_user_fields(data)
        if self.nulls_omitted:
            data = without_nulls(data, empty_lists=self.empty_lists_omitted)
        if self.timestamps_without_offset:
            data = without_offsets(data)
        if self.reshape_dispatch is not None:
            data = copy.deepcopy(data)
            self.reshape_dispatch(event, data)
        frame = {"op": DISPATCH, "s": session.seq, "t": event, "d": data}
        session.log.append(frame)
        conn = session.connection
        if conn is not None:
            try:
                await conn.send(frame)
            except (ConnectionError, RuntimeError):
                session.connection = None  # kept in the log; replayed on RESUME
        return session.seq

    def _ready_payload(self, session: GatewaySession) -> dict[str, Any]:
        world = self.world
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**world.bot.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [
                {"id": str(gid), "unavailable": True}
                for gid, guild in world.guilds.items()
                if world.has_bot(guild)
                and (session.shard is None or shard_of(gid, session.shard[1]) == session.shard[0])
            ],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_url,
            "application": {"id": str(world.application_id), "flags": world.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
            "_trace": ["standin"],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        if self.reshape_ready is not None:
            self.reshape_ready(ready)
        return ready

    def _guild_payload(self, session: GatewaySession, guild_id: int) -> dict[str, Any]:
        payload = self._guild_shape(session, guild_id)
        if self.reshape_guild is not None:
            self.reshape_guild(payload)
        return payload

    def _guild_shape(self, session: GatewaySession, guild_id: int) -> dict[str, Any]:
        payload = self.world.guilds[guild_id].payload(self.world.bot.id)
        if not self.thread_counts:
            payload["threads"] = [_without_counts(t) for t in payload["threads"]]
        if not self.channels_in_guild_create:
            del payload["channels"], payload["threads"]
        if not self.members_in_guild_create:
            del payload["members"]
            return payload
        if not session.intents & GUILD_MEMBERS_INTENT:
            # Without the privileged intent Discord only sends the bot's own member.
            bot_id = str(self.world.bot.id)
            payload["members"] = [m for m in payload["members"] if m["user"]["id"] == bot_id]
        return payload

    async def _send_member_chunk(self, session: GatewaySession, data: dict[str, Any]) -> None:
        guild = self.world.guilds.get(int(data["guild_id"]))
        members = list(guild.members.values()) if guild else []
        if user_ids := data.get("user_ids"):
            wanted = {int(u) for u in user_ids}
            members = [m for m in members if m.user.id in wanted]
        elif query := data.get("query"):
            members = [m for m in members if m.user.username.lower().startswith(query.lower())]
        if limit := data.get("limit"):
            members = members[:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(data["guild_id"]),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if "nonce" in data:
            chunk["nonce"] = data["nonce"]
        async with session.lock:
            await self._emit(session, "GUILD_MEMBERS_CHUNK", chunk)

    def wants_messages(self) -> bool:
        session = self.current
        return session is not None and bool(session.intents & GUILD_MESSAGES_INTENT)


def without_user_fields(found: object) -> None:
    """Leave out, in place, each user's ``discriminator`` and ``avatar`` and each member's
    ``flags`` (``gateway.user_fields = False``)."""
    if isinstance(found, list):
        for item in found:
            without_user_fields(item)
    elif isinstance(found, dict):
        if "username" in found and "id" in found:
            found.pop("discriminator", None)
            found.pop("avatar", None)
        if "roles" in found and "joined_at" in found:
            found.pop("flags", None)
        for value in found.values():
            without_user_fields(value)


def without_nulls(found: Any, *, empty_lists: bool = False) -> Any:
    """A copy of ``found`` with every field whose value is null (and with ``empty_lists``,
    an empty list) left out, however deep (``gateway.nulls_omitted``)."""
    if isinstance(found, list):
        return [without_nulls(item, empty_lists=empty_lists) for item in found]
    if isinstance(found, dict):
        return {
            key: without_nulls(value, empty_lists=empty_lists)
            for key, value in found.items()
            if value is not None and not (empty_lists and value == [])
        }
    return found


UTC_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(?:\+00:00|Z)")


def without_offsets(found: Any) -> Any:
    """A copy of ``found`` with every UTC timestamp written without its offset, however deep
    (``gateway.timestamps_without_offset``)."""
    if isinstance(found, list):
        return [without_offsets(item) for item in found]
    if isinstance(found, dict):
        return {key: without_offsets(value) for key, value in found.items()}
    if isinstance(found, str) and (bare := UTC_TIMESTAMP.fullmatch(found)) is not None:
        return bare[1]
    return found
