"""Servers whose roles or channel overwrites changed since the bot was sent them.

An interaction's member may come without ``permissions`` (optional in Discord's reference);
they are then worked out from the roles and overwrites discord.py holds. A RESUME replays old
events, and a replayed GUILD_ROLE_UPDATE or CHANNEL_UPDATE gives a role or channel back what an
admin took from it (Manage Messages, so moderation: Undo spoiler hide puts an ending back in
the open), and a replayed GUILD_UPDATE gives the server back a former owner (who holds every
permission), and discord.py keeps that until the next change. Once a server had such a change,
its cache is not trusted for an asker's permissions, nor for the bot's own (the guard): they
are read from Discord (``server_permissions``, whose copies are dropped at each change).

Memory is bounded; a server pushed out by changes in others is not trusted again for that:
once any server was forgotten, every server is unsure (read from Discord) for the rest of the
process's life, the stricter reading.
"""

from __future__ import annotations

from bot.cache import LruCache

SERVERS = 16_384
"""Servers remembered as changed; past that, every server is taken as changed."""


class PermissionChanges:
    def __init__(self, *, servers: int = SERVERS) -> None:
        self._servers = servers
        self._changed: LruCache[int, bool] = LruCache(servers)
        self._forgot_some = False

    def changed(self, guild_id: int) -> None:
        """An event changed (or replayed a change of) a role or channel in ``guild_id``."""
        if self._changed.get(guild_id) is None and len(self._changed) >= self._servers:
            self._forgot_some = True  # the put below pushes the least recent out
        self._changed.put(guild_id, True)

    def unsure(self, guild_id: int | None) -> bool:
        """Whether ``guild_id``'s cached roles and overwrites may be an older state's."""
        if guild_id is None:
            return False
        return self._forgot_some or self._changed.get(guild_id) is not None
