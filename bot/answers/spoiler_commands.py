"""/spoilers …: members' own opt-ins."""

from __future__ import annotations

from bot.commands import CommandSpec

SPOILER_COMMANDS: list[CommandSpec] = []
