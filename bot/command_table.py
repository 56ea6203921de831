"""The command table: every slash command declared once, with its options, access and handler.

Each feature declares its group and commands next to their handlers (``bot/features/…``). The
console reads this table; the Discord client builds its slash commands from it
(``client/slash.py``), so a command's name, options, access and handler live in one place.
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
    from bot.catalog import FilmEntry
    from bot.epilogue import Epilogue


class OptionKind(enum.StrEnum):
    STRING = "string"
    # A film the server sees, typed as a title: autocompleted from the catalog, and resolved
    # once, before the handler runs, into a ``FilmEntry`` (a NotFound suggests close titles).
    FILM = "film"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHANNEL = "channel"
    ROLE = "role"
    USER = "user"
    ATTACHMENT = "attachment"


PLACEHOLDERS = {
    OptionKind.STRING: "text",
    OptionKind.FILM: "film title",
    OptionKind.INTEGER: "number",
    OptionKind.BOOLEAN: "true or false",
    OptionKind.CHANNEL: "channel",
    OptionKind.ROLE: "role",
    OptionKind.USER: "member",
    OptionKind.ATTACHMENT: "file",
}
"""What goes after an option's ``name:`` in a line shown to type, by the option's kind."""


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
    # Whether ``parent_id`` tells for sure if it is a thread: Discord resolves every channel
    # option, the console knows only its own seat's channel.
    kind_known: bool = True

    @property
    def thread(self) -> bool | None:
        """Whether it is a thread (its title a member's words); None when unknown."""
        return self.parent_id is not None if self.kind_known else None


@dataclass(frozen=True)
class Choice:
    """An autocomplete choice: ``name`` is shown as plain text, so it is always spoiler-free."""

    name: str
    value: str


Handler = Callable[["Epilogue", Invocation, dict[str, Any]], Awaitable[Reply | Deferred]]
Prepare = Callable[["Epilogue", Invocation, "FilmEntry"], Awaitable[None]]
Narrow = Callable[["Epilogue", Invocation, list["FilmEntry"]], Awaitable[list["FilmEntry"]]]
"""Work an answer about this film out ahead, while the member is still typing (no reply)."""
Suggest = Callable[["Epilogue", Invocation, str, Mapping[str, Any]], Awaitable[list[Choice]]]
"""Autocomplete: (core, who, what is typed so far, the other options typed so far) → choices."""


@dataclass(frozen=True)
class OptionSpec:
    name: str
    kind: OptionKind
    description: str
    required: bool = False
    # Choices offered while typing (FILM options always get film titles).
    suggest: Suggest | None = None
    choices: tuple[str, ...] = ()
    # What Discord's list shows for each choice ("Quick answer" for quick_answer); the value
    # itself where left out.
    choice_names: tuple[str, ...] = ()
    # The bounds the core checks (an integer's value, a string's length), also registered with
    # Discord so its client stops a value outside them before it is sent. The core checks
    # again: the console, and a client that ignores them, send anything.
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    # What the member wrote for others to read (a post's text), not words to look up: a
    # refused command hands it back whatever its length (``bot.dispatch``).
    written: bool = False
    # What goes after ``name:`` in a line shown to type (``text:<what you want to say>``);
    # left out, what the option's kind takes (``PLACEHOLDERS``).
    placeholder: str = ""

    @property
    def to_type(self) -> str:
        """``name:<what goes there>``, as a line to type shows the option."""
        return f"{self.name}:<{self.placeholder or PLACEHOLDERS[self.kind]}>"

    def choice_name(self, value: str) -> str:
        """The name Discord's list shows for the choice ``value``."""
        named = dict(zip(self.choices, self.choice_names, strict=False))
        return named.get(value, value)


@dataclass(frozen=True)
class GroupSpec:
    """A slash command group (``/film``): its description and who Discord shows it to.

    Discord hides a group from members without the permissions its ``access`` names, but server
    admins can change that, so ``bot.dispatch`` checks every command's own access again.
    """

    name: str
    description: str
    access: Access = Access.MEMBER
    guild_only: bool = False


@dataclass(frozen=True)
class CommandSpec:
    path: tuple[str, ...]
    description: str
    handler: Handler
    options: tuple[OptionSpec, ...] = ()
    access: Access = Access.MEMBER
    guild_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # For a member-level command with a film option: what to work out ahead once the title
    # typed names one film clearly (``bot.dispatch.prepare_ahead``).
    prepare: Prepare | None = None
    # Whether the command changes anything (a rule, an opt-in, content, a post): such a command
    # is done once per interaction (``Claims.claim_interaction``), never again when Discord
    # delivers it again. Only a command that reads and changes nothing says False: it is
    # answered again instead, and its answers write nothing to the database.
    changes: bool = True
    # Two options of which exactly one is given (``days:`` or ``until:``): the handler refuses
    # neither and both naming the two, and help shows them as one choice.
    one_of: tuple[str, ...] = ()
    # Of the films a typed title fits (a film and its remake), those this command could mean
    # for this member: when one is left, it is taken rather than asked about.
    narrow_films: Narrow | None = None
    # With ``narrow_films``: what the command says when none of those films is left (none has
    # anything for it to change), "{films}" standing for them, rather than ask which to pick
    # only to say "nothing changed" about whichever was picked.
    none_to_change: str = ""
    # Private, and touching only the asker's own settings (/spoilers, /spoiler guard-me): a
    # server's cooldown, which keeps its channels from being flooded, does not hold it back
    # (it never did in DMs); ``MemberMinuteBudget`` bounds its uses per member everywhere instead.
    own_settings: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.path)

    def line_to_type(self, **values: str) -> str:
        """The line that runs this command: each required option with its value in ``values``
        (already escaped by the caller), else a placeholder saying what goes there."""
        shown = [
            f"{option.name}:{values[option.name]}" if option.name in values else option.to_type
            for option in self.options
            if option.required
        ]
        return f"/{' '.join([self.name, *shown])}"

    def option(self, name: str) -> OptionSpec | None:
        return next((o for o in self.options if o.name == name), None)


MessageHandler = Callable[..., Awaitable[Reply]]
"""(core, who, the ``MemberMessage``, the adapter's ``ChannelOps``, the bot's permission names)."""


@dataclass(frozen=True)
class MessageCommandSpec:
    """A message context-menu command (Apps → name). Discord allows no group or options."""

    name: str
    handler: MessageHandler
    guild_only: bool = True

    async def run(self, app: Epilogue, invocation: Invocation, *args: Any) -> Reply:
        """The handler, once per interaction: every message command changes something (a
        message hidden, one put back), and one delivered again, even after it failed and
        its member was told nothing changed, must not do it behind their back
        (``Claims.claim_interaction``). An asker or place no Discord id names is refused
        first (``Invocation.foreign_id``)."""
        from bot.errors import not_discords

        if (foreign := invocation.foreign_id()) is not None:
            raise not_discords(foreign)
        await app.claims.claim_interaction(invocation.interaction_id)
        return await self.handler(app, invocation, *args)


def message_commands() -> tuple[MessageCommandSpec, ...]:
    """Every message context-menu command."""
    from bot.features.spoiler.commands import HIDE_AS_SPOILER, UNDO_HIDE

    return (HIDE_AS_SPOILER, UNDO_HIDE)


def _features() -> list[tuple[GroupSpec, list[CommandSpec]]]:
    from bot.features.film.commands import FILM, FILM_COMMANDS
    from bot.features.film_admin.commands import FILM_ADMIN, FILM_ADMIN_COMMANDS
    from bot.features.spoiler.commands import SPOILER, SPOILER_COMMANDS
    from bot.features.spoiler_rules.commands import SPOILER_RULES, SPOILER_RULES_COMMANDS
    from bot.features.spoilers.commands import SPOILERS, SPOILERS_COMMANDS

    return [
        (FILM, FILM_COMMANDS),
        (SPOILERS, SPOILERS_COMMANDS),
        (SPOILER_RULES, SPOILER_RULES_COMMANDS),
        (FILM_ADMIN, FILM_ADMIN_COMMANDS),
        (SPOILER, SPOILER_COMMANDS),
    ]


@functools.cache
def command_table() -> Mapping[str, CommandSpec]:
    """Every command by its full name, e.g. ``"film quick"`` (built once, read-only)."""
    specs = [spec for _group, specs in _features() for spec in specs]
    return MappingProxyType({spec.name: spec for spec in specs})


@functools.cache
def command_groups() -> tuple[GroupSpec, ...]:
    """Every command group, in the order Discord lists them."""
    return tuple(group for group, _specs in _features())
