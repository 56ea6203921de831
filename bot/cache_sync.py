"""Keeping one process's in-memory state in step with the others on the same database.

On PostgreSQL several processes (shards) share one database: each starts a ``ChangeFeed`` that
announces this process's changes and drops exactly what another process changed. On SQLite
there is one bot process, but ``epilogue import`` or a console may write beside it: a
``WriteWatch`` looks every ``CONTENT_POLL_S`` at the content revision (re-reading the catalog
when another process moved it: a fix that hides a leaked ending must reach answers) and at the
audit log's new entries (every rule change writes one: that server's rules are dropped, so a
channel made no-spoilers elsewhere is one at the next answer, not a minute later); members'
opt-ins and their ``/spoiler guard-me`` choices name nobody in the log, so once anything was
committed every reader's opt-ins and every server's guard settings are dropped.

What each topic drops here:

- ``content``: the catalog is re-read; the search index follows the catalog's generation, and
  rendered pages are keyed by each film's content hash, so neither holds anything stale.
- ``guild:ID``: that server's rules, embargoes and settings, its spoiler-guard settings too.
- ``reader:ID``: that member's opt-ins (they follow the member to servers on other processes).
- ``everything`` (and after a lost listener connection): all of the above.

While the listener is down (``ChangeFeed.listening`` False), rules, opt-ins and guard settings
are not kept at all (each answer reads them as stored) and the content revision is looked at
every ``DEAF_POLL_S``: a change another process makes then holds as it would on SQLite or better.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bot.catalog import content_stamp
from bot.db.change_feed import CONTENT, ChangeFeed, Handlers
from bot.db.engine import is_sqlite
from bot.db.models import AuditEntry

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

CONTENT_POLL_S = 2.0
"""How often a SQLite process looks for content and rules another process stored."""


async def start_change_feed(app: Epilogue) -> ChangeFeed | None:
    """Listen for other processes' changes (PostgreSQL); None on SQLite."""
    if is_sqlite(app.engine):
        return None

    async def content() -> None:
        await app.catalog.refresh(announce=False)

    async def everything() -> None:
        app.standings.forget_all()
        app.member_spoilers.guard.forget()
        await app.catalog.refresh(announce=False)

    def guild(guild_id: int) -> None:
        app.standings.forget_guild(guild_id)
        app.member_spoilers.guard.forget(guild_id)

    def lost() -> None:
        app.standings.forget_all()
        app.member_spoilers.guard.forget()

    async def deaf() -> None:
        # Rules and opt-ins are read as stored while deaf; content is looked for here.
        async with app.engine.connect() as connection:
            stamp = await content_stamp(connection)
        if stamp != app.catalog.stamp:
            await app.catalog.refresh(announce=False)

    feed = ChangeFeed(
        app.engine,
        Handlers(
            content=content,
            guild=guild,
            reader=app.standings.forget_reader,
            everything=everything,
            lost=lost,
            deaf=deaf,
        ),
    )
    # Nothing another process could change unheard is kept while the feed cannot hear.
    app.standings.trust_while(lambda: feed.listening)
    app.member_spoilers.guard.trust_while(lambda: feed.listening)

    async def announce_content() -> None:
        await feed.publish([CONTENT])

    app.catalog.announce = announce_content
    await feed.start()
    return feed


class WriteWatch:
    """SQLite: what another process wrote (``epilogue import``, a console's ``/film-admin`` or
    ``/spoiler-rules``), taken in. Content: the catalog is re-read when the films table moved;
    rendered pages and film texts are kept per content revision, so once the catalog names the
    new revision nothing stale is shown. Rules: every change writes an audit entry in its own
    transaction (``bot.audit``), so each new entry's server has its rules dropped."""

    def __init__(self, app: Epilogue) -> None:
        self._app = app
        self._task: asyncio.Task[None] | None = None
        self._audit_seen = 0  # the newest audit entry taken in
        self._probe = _version_probe(app)
        self._version: int | None = None

    async def start(self, *, looking: bool = True) -> None:
        """Note where the database stands, and look again every ``CONTENT_POLL_S`` (unless
        ``looking`` is False: then only ``check`` looks)."""
        async with self._app.engine.connect() as connection:
            self._audit_seen = await connection.scalar(select(func.max(AuditEntry.id))) or 0
        self._version = self._data_version()
        if looking:
            self._task = asyncio.create_task(self._run())

    def _data_version(self) -> int | None:
        """SQLite's ``PRAGMA data_version`` on a connection of the watch's own: it moves when
        any other connection commits, and reading it costs nothing, so the content revision
        and the audit log are read only once something was committed at all."""
        if self._probe is None:
            return None
        return int(self._probe.execute("PRAGMA data_version").fetchone()[0])

    async def check(self) -> bool:
        """Take in what changed since the last look; whether anything had."""
        version = self._data_version()
        if version is not None and version == self._version:
            return False  # nothing committed anywhere since the last look
        self._version = version
        # A member's opt-out (/spoilers off, unseen) leaves no audit entry naming them, and
        # this process may hold their opt-in: every reader is read again, so an ending never
        # comes unwrapped to one who undid it elsewhere (each is a lookup at their next ask).
        self._app.standings.forget_readers()
        # So does a member's /spoiler guard-me: one back under the guard is guarded at once.
        self._app.member_spoilers.guard.forget()
        async with self._app.engine.connect() as connection:
            stamp = await content_stamp(connection)
            logged = (
                await connection.execute(
                    select(AuditEntry.id, AuditEntry.guild_id).where(
                        AuditEntry.id > self._audit_seen
                    )
                )
            ).all()
        for entry_id, guild_id in logged:
            self._app.standings.forget_guild(guild_id)
            self._app.member_spoilers.guard.forget(guild_id)
            self._audit_seen = max(self._audit_seen, entry_id)
        if stamp == self._app.catalog.stamp:
            return bool(logged)
        await self._app.catalog.refresh(announce=False)
        return True

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CONTENT_POLL_S)
            try:
                await self.check()
            except Exception:  # storage trouble is reported where commands meet it
                log.warning("write watch: could not look at the database", exc_info=True)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._probe is not None:
            self._probe.close()


def _version_probe(app: Epilogue) -> sqlite3.Connection | None:
    """A read-only ``sqlite3`` connection to the database file, for ``PRAGMA data_version``;
    None for a database no other process can open (in memory): every look reads the stamp."""
    url = app.engine.url
    if url.database in (None, "", ":memory:") or "uri" in url.query or "mode=memory" in str(url):
        return None
    return sqlite3.connect(
        f"file:{url.database}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
    )


async def start_write_watch(app: Epilogue) -> WriteWatch | None:
    """Look for other processes' writes on SQLite; None on PostgreSQL (its feed tells)."""
    if not is_sqlite(app.engine):
        return None
    watch = WriteWatch(app)
    await watch.start()
    return watch
