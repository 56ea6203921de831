"""Servers whose roles or channel overwrites changed lately, as far as events tell.

An interaction's member may come without ``permissions`` (optional in Discord's reference);
they are then worked out from the roles and overwrites discord.py holds. A RESUME replays old
events, and a replayed GUILD_ROLE_UPDATE or CHANNEL_UPDATE gives a role or channel back what an
admin took from it (Manage Messages, so moderation: Undo spoiler hide puts an ending back in
the open). For a while after any such change in a server the cache is not trusted for an
asker's permissions: they are read from Discord (``server_permissions.look_up_asker``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.cache import LruCache

UNSURE_S = 600.0
"""How long after a role or channel change a server's cached permissions are not trusted: a
RESUME replays what its session missed in its last minutes."""
SERVERS = 4096


class PermissionChanges:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._changed: LruCache[int, float] = LruCache(SERVERS)

    def changed(self, guild_id: int) -> None:
        """An event changed (or replayed a change of) a role or channel in ``guild_id``."""
        self._changed.put(guild_id, self._clock())

    def unsure(self, guild_id: int | None) -> bool:
        """Whether ``guild_id``'s cached roles and overwrites may be an older state's."""
        at = self._changed.get(guild_id) if guild_id is not None else None
        return at is not None and self._clock() - at < UNSURE_S
