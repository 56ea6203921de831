"""Per user, per command, per server: how long a member waits between two uses."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.cache import LruCache
from bot.errors import OnCooldown

MAX_COOLDOWN_SECONDS = 3600
"""The longest cooldown a server may set; a use older than this never holds anyone back."""
REMEMBERED_USES = 50_000
"""Uses remembered at most; the least recent go first rather than the store growing forever."""


class Cooldowns:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: LruCache[tuple[int, int, str], float] = LruCache(
            REMEMBERED_USES, max_age=MAX_COOLDOWN_SECONDS, clock=clock
        )

    def check(self, guild_id: int, user_id: int, command: str, seconds: int) -> None:
        """Raise ``OnCooldown`` if this member used ``command`` here less than ``seconds`` ago;
        otherwise count this use."""
        if seconds <= 0:
            return
        key = (guild_id, user_id, command)
        now = self._clock()
        last = self._last.get(key)
        if last is not None and now - last < seconds:
            raise OnCooldown(seconds - (now - last), command)
        self._last.put(key, now, at=now)

    def refund(self, guild_id: int, user_id: int, command: str) -> None:
        """Forget the use ``check`` just counted: the command was refused (a mistyped title,
        say), and the member should be able to correct it at once. Any earlier use was past
        the cooldown, or ``check`` would have refused, so forgetting it holds no one back less."""
        self._last.forget((guild_id, user_id, command))
