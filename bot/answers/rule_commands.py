"""/spoiler-rules …: a server's spoiler rules, for moderators."""

from __future__ import annotations

from bot.commands import CommandSpec

RULE_COMMANDS: list[CommandSpec] = []
