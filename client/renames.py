"""How often Epilogue may rename one channel (a thread, a forum post) without being held.

Discord lets a channel's name be changed twice in 10 minutes; a third change is answered 429
with a wait of up to 600 s (not in its reference: discord/discord-api-docs#1900, and Rapptz's
answer in Rapptz/discord.py#9073). discord.py sits such a wait out in silence, so a spoiling
thread title would stay up for minutes and nobody would be told. The guard counts its own
renames and, past the limit, reports the thread to the moderators at once instead; a
moderator renaming it by hand is not held.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable

from bot.cache import LruCache

log = logging.getLogger(__name__)

RENAMES_PER_WINDOW = 2
WINDOW_S = 600.0


class RenameBudget:
    """Epilogue's own renames per channel in the last ``window_s`` seconds (bounded)."""

    def __init__(
        self,
        *,
        per_window: int = RENAMES_PER_WINDOW,
        window_s: float = WINDOW_S,
        size: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_window, self._window_s, self._clock = per_window, window_s, clock
        self._recent: LruCache[int, deque[float]] = LruCache(size)
        self._held: set[asyncio.Future[object]] = set()

    def take(self, channel_id: int) -> bool:
        """True (and counted) when Discord would rename ``channel_id`` now without a wait."""
        now = self._clock()
        recent = self._recent.get(channel_id)
        if recent is None:
            recent = deque()
            self._recent.put(channel_id, recent)
        while recent and now - recent[0] >= self._window_s:
            recent.popleft()
        if len(recent) >= self._per_window:
            return False
        recent.append(now)
        return True

    def keep(self, renaming: asyncio.Future[object]) -> None:
        """A rename Discord holds, left running until it lands (or ``close``)."""
        self._held.add(renaming)
        renaming.add_done_callback(self._landed)

    def _landed(self, renaming: asyncio.Future[object]) -> None:
        self._held.discard(renaming)
        if not renaming.cancelled() and (exc := renaming.exception()) is not None:
            log.warning("a held thread rename failed in the end: %s", exc)

    def close(self) -> None:
        """Stop waiting for held renames (the bot is closing)."""
        for renaming in list(self._held):
            renaming.cancel()
