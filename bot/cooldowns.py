"""Per user, per command, per server: how long a member waits between two uses; and per user
everywhere, how often the commands touching only their own settings may be used."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.cache import LruCache
from bot.errors import OnCooldown
from bot.minute_budget import WINDOW_S

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


OWN_SETTINGS_PER_MINUTE = 60
"""Uses a member may make of the commands that touch only their own settings (``/spoilers``),
in a sliding minute, everywhere together: a marathon's films marked seen one after another
pass, a script writing their settings in a loop does not."""


class MemberMinuteBudget:
    """Per user, in servers and DMs alike: at most ``per_minute`` uses in any sixty seconds.

    For private commands touching only the member's own settings, which a server's cooldown
    (a courtesy to its channels) does not hold back: this bounds the writes they make."""

    def __init__(
        self, per_minute: int = OWN_SETTINGS_PER_MINUTE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._recent: LruCache[int, deque[float]] = LruCache(REMEMBERED_USES)

    def check(self, user_id: int, command: str) -> None:
        """Raise ``OnCooldown`` (naming ``command``) if this member has used the budget up;
        otherwise count this use."""
        now = self._clock()
        recent = self._recent.get(user_id)
        if recent is None:
            recent = deque()
            self._recent.put(user_id, recent)
        while recent and now - recent[0] >= WINDOW_S:
            recent.popleft()
        if len(recent) >= self.per_minute:
            raise OnCooldown(WINDOW_S - (now - recent[0]), command)
        recent.append(now)
