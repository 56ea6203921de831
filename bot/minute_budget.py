"""A sliding minute's budget per server (and in all): how often members' messages may make the
bot act.

A member can post in many channels, or edit a message many times; each may send the bot to
Discord's REST API (a channel to resolve, a message described in part to read whole, a hide to
repost). Past the budget the action is not taken and the message is left to the guard's next
look (and logged), or, where it may wait (``MinuteBudget.turn``), taken in its turn.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable

from bot.cache import LruCache

WINDOW_S = 60.0


class MinuteBudget:
    """At most ``per_guild`` actions a minute per server and ``overall`` a minute in all (None:
    no bound in all); the servers remembered are bounded (``servers``), the least recent
    forgotten first. ``per_guild`` may be changed while in use."""

    def __init__(
        self,
        *,
        per_guild: int,
        overall: int | None,
        servers: int = 2048,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_guild, self._overall, self._clock = per_guild, overall, clock
        self._recent: deque[float] = deque()
        self._recent_by_guild: LruCache[int, deque[float]] = LruCache(servers)
        self._waiting: dict[int, int] = {}

    async def turn(
        self, guild_id: int, sleep: Callable[[float], Awaitable[None]], *, waiting: int
    ) -> bool:
        """Count one lookup for ``guild_id`` once the budget allows it, waiting until it does
        (a lookup left undone can leave a spoiler unread for good); False, at once, when
        ``waiting`` lookups of that server already wait."""
        if self.take(guild_id):
            return True
        if self._waiting.get(guild_id, 0) >= waiting:
            return False
        self._waiting[guild_id] = self._waiting.get(guild_id, 0) + 1
        try:
            while not self.take(guild_id):
                await sleep(self._until_free(guild_id))
            return True
        finally:
            self._waiting[guild_id] -= 1
            if not self._waiting[guild_id]:
                del self._waiting[guild_id]

    def _until_free(self, guild_id: int) -> float:
        """Seconds until the lookup that holds the budget full is a minute old."""
        by_guild = self._recent_by_guild.get(guild_id) or deque()
        full = by_guild if len(by_guild) >= self.per_guild else self._recent
        return max(0.0, WINDOW_S - (self._clock() - full[0])) if full else 0.0

    def take(self, guild_id: int) -> bool:
        """Count one lookup for ``guild_id`` if the budget allows it now; whether it did."""
        now = self._clock()
        by_guild = self._recent_by_guild.get(guild_id)
        if by_guild is None:
            by_guild = deque()
            self._recent_by_guild.put(guild_id, by_guild)
        for recent in (self._recent, by_guild):
            while recent and now - recent[0] >= WINDOW_S:
                recent.popleft()
        if len(by_guild) >= self.per_guild:
            return False
        if self._overall is not None and len(self._recent) >= self._overall:
            return False
        self._recent.append(now)
        by_guild.append(now)
        return True
