"""``/spoiler-rules …``: a server's spoiler rules, for moderators; every command declared once.

Every change replies privately with what changed and is recorded in ``/spoiler-rules log``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.command_table import (
    Access,
    CommandSpec,
    GroupSpec,
    Handler,
    Narrow,
    OptionKind,
    OptionSpec,
)
from bot.features.film.commands import FILM_OPTION
from bot.features.spoiler_rules.rules import INHERIT, MAX_COOLDOWN_SECONDS, MAX_EMBARGO_DAYS
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoiler_policy.policy import ChannelMode

if TYPE_CHECKING:
    from bot.catalog import FilmEntry
    from bot.epilogue import Epilogue

SPOILER_RULES = GroupSpec(
    "spoiler-rules",
    "This server's spoiler rules (moderators)",
    access=Access.MODERATOR,
    guild_only=True,
)
MODES = tuple(mode.value for mode in ChannelMode)


async def _show(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.show(invocation)


async def _channel(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    channel = options["channel"]
    rules = app.spoiler_rules
    change = rules.set_channel(invocation, channel, options["mode"])
    return await rules.rehiding(invocation, change, channel.id, channel.parent_id)


async def _default(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    rules = app.spoiler_rules
    change = rules.set_default(invocation, options["mode"])
    return await rules.rehiding(invocation, change, None, None)


async def _embargo(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.embargo(
        invocation, options["film"], days=options.get("days"), until=options.get("until") or None
    )


async def _embargo_clear(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.clear_embargo(invocation, options["film"])


async def _role(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.set_optin_role(
        invocation, options.get("role"), bool(options.get("clear"))
    )


async def _optin(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.set_optin(invocation, bool(options["enabled"]))


async def _cooldown(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.set_cooldown(invocation, options["seconds"])


async def _moderator_role(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.set_moderator_role(
        invocation, options.get("role"), bool(options.get("clear"))
    )


async def _member_hiding(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoiler_rules.set_member_hiding(invocation, bool(options["enabled"]))


async def _guard(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.member_spoilers.guard_rules.set_guard(
        invocation, bool(options["enabled"]), options.get("all_films")
    )


async def _guard_channel(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.member_spoilers.guard_rules.set_channel(
        invocation, options["channel"], bool(options["enabled"])
    )


async def _hidden(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.member_spoilers.hidden(invocation)


async def _log(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    page = options.get("page")
    return await app.spoiler_rules.history(invocation, 1 if page is None else page)


def _rule(
    name: str,
    description: str,
    handler: Handler,
    *options: OptionSpec,
    access: Access = Access.MODERATOR,
    changes: bool = True,
    one_of: tuple[str, ...] = (),
    narrow_films: Narrow | None = None,
    none_to_change: str = "",
) -> CommandSpec:
    return CommandSpec(
        ("spoiler-rules", name),
        description,
        handler,
        options,
        access=access,
        guild_only=True,
        changes=changes,
        one_of=one_of,
        narrow_films=narrow_films,
        none_to_change=none_to_change,
    )


async def _embargoed(
    app: Epilogue, invocation: Invocation, films: list[FilmEntry]
) -> list[FilmEntry]:
    """Of the films a title fits, those under an embargo here: the only ones it lifts."""
    if invocation.guild_id is None:
        return []
    embargoes = (await app.standings.rules(invocation.guild_id)).embargoes
    return [film for film in films if film.work in embargoes]


ROLE_OR_CLEAR = ("role", "clear")


def _role_options(what: str) -> tuple[OptionSpec, OptionSpec]:
    return (
        OptionSpec("role", OptionKind.ROLE, f"The {what} (leave out and use clear:true to remove)"),
        OptionSpec("clear", OptionKind.BOOLEAN, f"true: remove the {what}"),
    )


SPOILER_RULES_COMMANDS: list[CommandSpec] = [
    _rule("show", "Every spoiler rule in force in this server", _show, changes=False),
    _rule(
        "channel",
        "Set the spoiler mode of one channel or thread",
        _channel,
        OptionSpec("channel", OptionKind.CHANNEL, "The channel or thread", required=True),
        OptionSpec(
            "mode",
            OptionKind.STRING,
            "standard, spoilers, no-spoilers, or inherit (follow parent channel/default)",
            required=True,
            choices=(*MODES, INHERIT),
        ),
    ),
    _rule(
        "default",
        "Set the spoiler mode of every channel without its own rule",
        _default,
        OptionSpec("mode", OptionKind.STRING, "The default mode", required=True, choices=MODES),
    ),
    _rule(
        "embargo",
        "Keep a film's spoilers private everywhere but spoiler channels, for a while",
        _embargo,
        FILM_OPTION,
        OptionSpec(
            "days",
            OptionKind.INTEGER,
            f"Days from the film's release date (1-{MAX_EMBARGO_DAYS})",
            min_value=1,
            max_value=MAX_EMBARGO_DAYS,
        ),
        OptionSpec(
            "until",
            OptionKind.STRING,
            "Or the day it ends: 2027-01-04, tomorrow, friday, in 3 days, 25 Dec (lifts that day)",
            placeholder="date",
        ),
        one_of=("days", "until"),
    ),
    _rule(
        "embargo-clear",
        "Lift a film's spoiler embargo now",
        _embargo_clear,
        FILM_OPTION,
        narrow_films=_embargoed,
        none_to_change="Nothing changed: none of {films} has an embargo in this server.",
    ),
    _rule(
        "role",
        "Set or clear the role whose members count as opted in to every film's spoilers",
        _role,
        *_role_options("opt-in role"),
        one_of=ROLE_OR_CLEAR,
    ),
    _rule(
        "optin",
        "Honour or ignore members' spoiler opt-ins (/spoilers and the opt-in role) here",
        _optin,
        OptionSpec(
            "enabled",
            OptionKind.BOOLEAN,
            "true: honour opt-ins; false: hide spoilers from all outside spoiler channels",
            required=True,
        ),
    ),
    _rule(
        "cooldown",
        "How long a member waits between two uses of the same command",
        _cooldown,
        OptionSpec(
            "seconds",
            OptionKind.INTEGER,
            f"Seconds, 0 (off) to {MAX_COOLDOWN_SECONDS}",
            required=True,
            min_value=0,
            max_value=MAX_COOLDOWN_SECONDS,
        ),
    ),
    _rule(
        "moderator-role",
        "Set or clear the role that may change spoiler rules (besides Manage Messages)",
        _moderator_role,
        *_role_options("moderator role"),
        access=Access.ADMIN,
        one_of=ROLE_OR_CLEAR,
    ),
    _rule(
        "member-hiding",
        "Let every member hide others' messages as spoilers (Apps → Hide as spoiler)",
        _member_hiding,
        OptionSpec(
            "enabled",
            OptionKind.BOOLEAN,
            "true: any member; false: only the message's author and moderators",
            required=True,
        ),
    ),
    _rule(
        "guard",
        "Hide members' messages that give away a film's ending (off by default)",
        _guard,
        OptionSpec("enabled", OptionKind.BOOLEAN, "true: on in this server", required=True),
        OptionSpec(
            "all_films",
            OptionKind.BOOLEAN,
            "true: every film; false: only films under an embargo here"
            " (left out: as it is, at first false)",
        ),
    ),
    _rule(
        "guard-channel",
        "Turn the spoiler guard off (or back on) in one channel",
        _guard_channel,
        OptionSpec("channel", OptionKind.CHANNEL, "The channel or thread", required=True),
        OptionSpec(
            "enabled", OptionKind.BOOLEAN, "false: leave messages there alone", required=True
        ),
    ),
    _rule(
        "hidden",
        "The latest members' messages hidden as spoilers, and by whom",
        _hidden,
        changes=False,
    ),
    _rule(
        "log",
        "Who changed which spoiler rule, and when, newest first",
        _log,
        OptionSpec("page", OptionKind.INTEGER, "Page, 20 changes each (1 = newest)", min_value=1),
        changes=False,
    ),
]
