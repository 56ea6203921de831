"""The command table: every slash command's path, options and core handler.

The console dispatches through this table; the Discord cogs declare the same commands with
discord.py decorators and call the same handlers, and a test keeps the two in step.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from bot.invocation import Invocation
from bot.replies import Deferred, Reply

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


class OptionKind(enum.StrEnum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHANNEL = "channel"
    ROLE = "role"
    USER = "user"
    ATTACHMENT = "attachment"


class Access(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"
    OWNER = "owner"


@dataclass(frozen=True)
class ChannelRef:
    """A channel named in an option, with the server it belongs to (None: unknown/DM)."""

    id: int
    guild_id: int | None
    parent_id: int | None = None


@dataclass(frozen=True)
class Upload:
    """An attached file, already downloaded."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Choice:
    """An autocomplete choice: ``name`` is shown as plain text, so it is always spoiler-free."""

    name: str
    value: str


Handler = Callable[["Epilogue", Invocation, dict[str, Any]], Awaitable[Reply | Deferred]]


@dataclass(frozen=True)
class OptionSpec:
    name: str
    kind: OptionKind
    description: str
    required: bool = False
    autocomplete: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandSpec:
    path: tuple[str, ...]
    description: str
    handler: Handler
    options: tuple[OptionSpec, ...] = ()
    access: Access = Access.MEMBER
    guild_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return " ".join(self.path)

    def option(self, name: str) -> OptionSpec | None:
        return next((o for o in self.options if o.name == name), None)


@functools.cache
def command_table() -> Mapping[str, CommandSpec]:
    """Every command by its full name, e.g. ``"film quick"`` (built once, read-only)."""
    from bot.answers.admin_commands import ADMIN_COMMANDS
    from bot.answers.film_commands import FILM_COMMANDS
    from bot.answers.rule_commands import RULE_COMMANDS
    from bot.answers.spoiler_commands import SPOILER_COMMANDS

    specs = [*FILM_COMMANDS, *SPOILER_COMMANDS, *RULE_COMMANDS, *ADMIN_COMMANDS]
    return MappingProxyType({spec.name: spec for spec in specs})
