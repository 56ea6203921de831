"""Keeping one process's in-memory state in step with the others on the same database.

On PostgreSQL several processes (shards) share one database: each starts a ``ChangeFeed`` that
announces this process's changes and drops exactly what another process changed. On SQLite
there is one bot process and nothing to start.

What each topic drops here:

- ``content``: the catalog is re-read; the search index follows the catalog's generation, and
  rendered pages are keyed by each film's content hash, so neither holds anything stale.
- ``guild:ID``: that server's rules, embargoes and settings, its spoiler-guard settings too.
- ``reader:ID``: that member's opt-ins (they follow the member to servers on other processes).
- ``everything`` (and after a lost listener connection): all of the above.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.db.change_feed import CONTENT, ChangeFeed, Handlers
from bot.db.engine import is_sqlite

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


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
