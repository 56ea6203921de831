"""Who is asking and where: everything the core needs to know about one command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MODERATOR_PERMISSIONS = frozenset({"manage_messages", "manage_guild", "administrator"})
ADMIN_PERMISSIONS = frozenset({"manage_guild", "administrator"})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Invocation:
    """One command as the core sees it, whichever adapter (Discord, console) delivered it."""

    user_id: int
    guild_id: int | None = None
    channel_id: int | None = None
    # A thread follows its parent channel's rule unless it has one of its own.
    parent_channel_id: int | None = None
    role_ids: frozenset[int] = frozenset()
    # Discord permission names the member has in this channel, e.g. "manage_messages".
    permissions: frozenset[str] = frozenset()
    is_owner: bool = False
    now: dt.datetime = field(default_factory=_now)

    @property
    def in_guild(self) -> bool:
        return self.guild_id is not None

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def has_any(self, permissions: frozenset[str]) -> bool:
        return bool(self.permissions & permissions)
