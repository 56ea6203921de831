"""What changed, told to every process on the same PostgreSQL database (LISTEN/NOTIFY).

Each process keeps answers' inputs in memory (the catalog and search index, server rules, readers'
opt-ins). A write names what it changed (``bot.db.hooks.publish``); on PostgreSQL the names go out
with ``pg_notify`` inside the writing transaction, so they arrive exactly when the change is
visible, and never for a rolled-back one. Every process listens on one connection of its own and
drops exactly what was named. A listener connection that breaks may have missed notifications:
once it is back, everything is reloaded. Until then the process is deaf: it drops what it held
when the connection went, keeps nothing in memory that another process could change unheard
(``listening`` is False: each answer reads rules and opt-ins as stored), and looks for stored
content every ``DEAF_POLL_S``, as a SQLite process does. SQLite has one process and no feed.

Payload: ``{"from": ORIGIN, "topics": ["content", "guild:123", "reader:456", "everything"]}``.
A process skips what it sent itself: it already dropped those entries when it committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.hooks import CHANNEL, SENT, origin_of

log = logging.getLogger(__name__)

CONTENT = "content"
EVERYTHING = "everything"
KEEPALIVE_S = 5.0
"""How often an idle listener checks its connection (a half-open socket sends no error)."""
RECONNECT_S = (0.2, 0.5, 1.0, 2.0, 5.0)
"""Waits between reconnection attempts; the last one repeats."""
DEAF_POLL_S = 2.0
"""How often a process whose listener is down looks for content another process stored (the
period a SQLite process looks at, ``bot.cache_sync.CONTENT_POLL_S``)."""
CONTENT_LAST_RESORT_S = 60.0
"""How often a listening process looks all the same: content is announced after its commit, in
a transaction of its own, and an announcement that failed is only logged (as the rules' and
opt-ins' 60-second reload, a last resort)."""


def guild_topic(guild_id: int) -> str:
    return f"guild:{guild_id}"


def reader_topic(user_id: int) -> str:
    return f"reader:{user_id}"


@dataclass
class Handlers:
    """What a process drops for each topic; all of them for ``everything``. ``lost``: the
    listener went down (drop what is held; nothing is kept until it is back); ``deaf``: looked
    at every ``DEAF_POLL_S`` while it is down (content stored meanwhile), and every
    ``CONTENT_LAST_RESORT_S`` while it listens (an announcement that failed)."""

    content: Callable[[], Awaitable[None]]
    guild: Callable[[int], None]
    reader: Callable[[int], None]
    everything: Callable[[], Awaitable[None]]
    lost: Callable[[], None] = lambda: None
    deaf: Callable[[], Awaitable[None]] | None = None


@dataclass
class FeedCounts:
    """Counters for the metrics endpoint and tests."""

    sent: int = 0
    received: int = 0
    reconnects: int = 0
    received_at: list[float] = field(default_factory=list)


def asyncpg_dsn(engine: AsyncEngine) -> str:
    """The engine's URL as asyncpg spells it (no ``+asyncpg`` driver suffix)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeFeed:
    """Publishes this process's changes and applies everyone else's, over LISTEN/NOTIFY."""

    def __init__(self, engine: AsyncEngine, handlers: Handlers) -> None:
        self._engine = engine
        self._handlers = handlers
        self._origin = origin_of(engine.sync_engine)
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self._content: asyncio.Task[None] | None = None
        self._content_again = False
        self._everything: asyncio.Task[None] | None = None
        self._everything_again = False
        self._deaf: asyncio.Task[None] | None = None
        self._closing = False
        self.counts = FeedCounts()

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    async def start(self, wait_s: float = 5.0) -> None:
        """Start listening; wait up to ``wait_s`` for the first connection (it retries after)."""
        self._task = asyncio.create_task(self._run(), name="epilogue-change-feed")
        if self._handlers.deaf is not None:
            self._deaf = asyncio.create_task(self._while_deaf(), name="epilogue-deaf-poll")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._listening.wait(), wait_s)
        if not self.listening:
            log.warning("change feed: not listening yet; other processes' changes arrive late")

    async def close(self) -> None:
        # Said before cancelling: a connect that turns its cancellation into an error (a
        # driver's own timeout handling may) must not be taken for a lost connection and
        # retried for ever, holding the shutdown.
        self._closing = True
        for task in (self._task, self._deaf, self._content, self._everything):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def publish(self, topics: Iterable[str]) -> None:
        """Announce a change already committed (content, refreshed after its own commit)."""
        payload = json.dumps({"from": self._origin, "topics": sorted(set(topics))})
        try:
            async with self._engine.begin() as connection:
                await connection.execute(
                    text("SELECT pg_notify(:channel, :payload)"),
                    {"channel": CHANNEL, "payload": payload},
                )
            self.counts.sent += 1
        except Exception:  # the change is stored; others still catch up on their next reload
            log.warning("change feed: could not announce %s", payload, exc_info=True)

    @property
    def sent(self) -> int:
        """Notifications sent: content announcements and those sent inside transactions."""
        return self.counts.sent + SENT.get(self._engine.sync_engine, 0)

    # --- listening -----------------------------------------------------------------------

    async def _run(self) -> None:
        import asyncpg

        attempt = 0
        first = True
        while not self._closing:
            connection = None
            try:
                connection = await asyncpg.connect(asyncpg_dsn(self._engine), timeout=5)
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, self._received)
                self._listening.set()
                attempt = 0
                if not first:
                    # Notifications sent while the connection was down are gone: reload all.
                    self.counts.reconnects += 1
                    log.info("change feed: listening again; reloading everything")
                    self._reload_everything()
                first = False
                # asyncio.timeout, not wait_for: Python 3.11's wait_for returns the result of
                # an awaitable that finished as it was cancelled, losing the cancellation.
                while not lost.is_set() and not self._closing:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(KEEPALIVE_S):
                            await lost.wait()
                    if not lost.is_set():
                        async with asyncio.timeout(KEEPALIVE_S):
                            await connection.execute("SELECT 1")
                if self._closing:
                    return
                log.warning("change feed: listener connection lost; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if self._closing:
                    return
                log.warning("change feed: listener connection failed (%s); reconnecting", error)
            finally:
                if self._listening.is_set():
                    self._listening.clear()
                    # What was held may have changed unheard (a notification sent as the
                    # connection went is gone): dropped now, not once the listener is back.
                    self._handlers.lost()
                if connection is not None and not connection.is_closed():
                    connection.terminate()
            await asyncio.sleep(RECONNECT_S[min(attempt, len(RECONNECT_S) - 1)])
            attempt += 1

    async def _while_deaf(self) -> None:
        assert self._handlers.deaf is not None
        looked = time.monotonic()
        while not self._closing:
            await asyncio.sleep(DEAF_POLL_S)
            if self.listening and time.monotonic() - looked < CONTENT_LAST_RESORT_S:
                continue
            looked = time.monotonic()
            try:
                await self._handlers.deaf()
            except Exception:  # storage trouble is reported where commands meet it
                log.warning("change feed: could not look at the database", exc_info=True)

    def _received(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            message = json.loads(payload)
            origin, topics = message["from"], list(message["topics"])
        except (ValueError, KeyError, TypeError):
            log.warning("change feed: ignored a malformed notification %r", payload[:200])
            return
        if origin == self._origin:
            return
        self.counts.received += 1
        self.counts.received_at.append(time.monotonic())
        del self.counts.received_at[:-1000]
        self.apply(topics)

    def apply(self, topics: Iterable[str]) -> None:
        """Drop what ``topics`` name (sync: forgetting is immediate, reloading runs after)."""
        for topic in topics:
            kind, _, key = topic.partition(":")
            if kind == EVERYTHING:
                self._reload_everything()
            elif kind == CONTENT:
                self._reload_content()
            elif kind == "guild" and key.isdecimal():
                self._handlers.guild(int(key))
            elif kind == "reader" and key.isdecimal():
                self._handlers.reader(int(key))
            else:
                log.warning("change feed: unknown topic %r (a newer Epilogue?); reloading", topic)
                self._reload_everything()

    def _reload_content(self) -> None:
        # A burst of imports gives one reload running and at most one more after it.
        if self._content is not None and not self._content.done():
            self._content_again = True
            return
        self._content = asyncio.create_task(self._content_loop())

    async def _content_loop(self) -> None:
        while True:
            self._content_again = False
            try:
                await self._handlers.content()
            except Exception:
                log.exception("change feed: reloading the catalog failed")
            if not self._content_again:
                return

    def _reload_everything(self) -> None:
        # As for content: one more reload after the running one, which may have read the
        # catalog before what this one is for was committed.
        if self._everything is not None and not self._everything.done():
            self._everything_again = True
            return
        self._everything = asyncio.create_task(self._everything_loop())

    async def _everything_loop(self) -> None:
        while True:
            self._everything_again = False
            try:
                await self._handlers.everything()
            except Exception:
                log.exception("change feed: reloading everything failed")
            if not self._everything_again:
                return
