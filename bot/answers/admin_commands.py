"""/film-admin …: a server's own film content, for admins."""

from __future__ import annotations

from bot.commands import CommandSpec

ADMIN_COMMANDS: list[CommandSpec] = []
