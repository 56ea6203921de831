"""How many Discord lookups members' messages may cause: a sliding minute per server and in all.

A member can post in many channels, or edit a message many times; each may send the bot to
Discord's REST API (a channel to resolve, a message described in part to read whole). Past the
budget the lookup is not made and the message is left to the guard's next look (and logged).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.cache import LruCache

WINDOW_S = 60.0


class MinuteBudget:
    """At most ``per_guild`` lookups a minute per server and ``overall`` a minute in all; the
    servers remembered are bounded (``servers``), the least recent forgotten first."""

    def __init__(
        self,
        *,
        per_guild: int,
        overall: int,
        servers: int = 2048,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_guild, self._overall, self._clock = per_guild, overall, clock
        self._recent: deque[float] = deque()
        self._recent_by_guild: LruCache[int, deque[float]] = LruCache(servers)

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
        if len(self._recent) >= self._overall or len(by_guild) >= self._per_guild:
            return False
        self._recent.append(now)
        by_guild.append(now)
        return True
