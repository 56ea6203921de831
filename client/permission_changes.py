"""Servers whose roles or channel overwrites changed since the bot was sent them.

An interaction's member may come without ``permissions`` (optional in Discord's reference);
they are then worked out from the roles and overwrites discord.py holds. A RESUME replays old
events, and a replayed GUILD_ROLE_UPDATE or CHANNEL_UPDATE gives a role or channel back what an
admin took from it (Manage Messages, so moderation: Undo spoiler hide puts an ending back in
the open), and discord.py keeps that until the next change. Once a server had such a change,
its cache is not trusted for an asker's permissions: they are read from Discord
(``server_permissions.look_up_asker``, whose copies are dropped at each change).
"""

from __future__ import annotations

from bot.cache import LruCache

SERVERS = 16_384
"""Servers remembered as changed, the least recently changed forgotten first (trusted again)."""


class PermissionChanges:
    def __init__(self, *, servers: int = SERVERS) -> None:
        self._changed: LruCache[int, bool] = LruCache(servers)

    def changed(self, guild_id: int) -> None:
        """An event changed (or replayed a change of) a role or channel in ``guild_id``."""
        self._changed.put(guild_id, True)

    def unsure(self, guild_id: int | None) -> bool:
        """Whether ``guild_id``'s cached roles and overwrites may be an older state's."""
        return guild_id is not None and self._changed.get(guild_id) is not None
