"""Keeping one process's in-memory state in step with the others on the same database.

On PostgreSQL several processes (shards) share one database: each starts a ``ChangeFeed`` that
announces this process's changes and drops exactly what another process changed. On SQLite
there is one bot process, but ``epilogue import`` or a console may write content beside it:
a ``ContentWatch`` looks at the films table's stamp every ``CONTENT_POLL_S`` and re-reads the
catalog when another process moved it (a fix that hides a leaked ending must reach answers).

What each topic drops here:

- ``content``: the catalog is re-read; the search index follows the catalog's generation, and
  rendered pages are keyed by each film's content hash, so neither holds anything stale.
- ``guild:ID``: that server's rules, embargoes and settings, its spoiler-guard settings too.
- ``reader:ID``: that member's opt-ins (they follow the member to servers on other processes).
- ``everything`` (and after a lost listener connection): all of the above.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from bot.catalog import content_stamp
from bot.db.change_feed import CONTENT, ChangeFeed, Handlers
from bot.db.engine import is_sqlite

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

CONTENT_POLL_S = 2.0
"""How often a SQLite process looks for content another process stored: one indexed read."""


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

    feed = ChangeFeed(
        app.engine,
        Handlers(
            content=content,
            guild=guild,
            reader=app.standings.forget_reader,
            everything=everything,
        ),
    )

    async def announce_content() -> None:
        await feed.publish([CONTENT])

    app.catalog.announce = announce_content
    await feed.start()
    return feed


class ContentWatch:
    """SQLite: re-reads the catalog when the films table moved under another process's write
    (``epilogue import``, a console's ``/film-admin``). Rendered pages and film texts are kept
    per content revision, so once the catalog names the new revision nothing stale is shown."""

    def __init__(self, app: Epilogue) -> None:
        self._app = app
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def check(self) -> bool:
        """Re-read the catalog if the films table is not as it was last read; whether it was."""
        async with self._app.engine.connect() as connection:
            stamp = await content_stamp(connection)
        if stamp == self._app.catalog.stamp:
            return False
        await self._app.catalog.refresh(announce=False)
        return True

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CONTENT_POLL_S)
            try:
                await self.check()
            except Exception:  # storage trouble is reported where commands meet it
                log.warning("content watch: could not look at the films table", exc_info=True)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def start_content_watch(app: Epilogue) -> ContentWatch | None:
    """Look for other processes' content on SQLite; None on PostgreSQL (its feed tells)."""
    if not is_sqlite(app.engine):
        return None
    watch = ContentWatch(app)
    watch.start()
    return watch
