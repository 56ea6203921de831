"""``/spoiler …`` and the "Hide as spoiler" message command: members' own spoilers.

Discord cannot put a message context-menu command in a group, so "Hide as spoiler" is declared
here as a ``MessageCommandSpec`` and listed in ``bot.command_table.message_commands``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.command_table import CommandSpec, GroupSpec, MessageCommandSpec, OptionKind, OptionSpec
from bot.features.film.commands import FILM_OPTION
from bot.features.spoiler.member_message import ChannelOps, MemberMessage
from bot.features.spoiler.members import POST_TEXT_LIMIT
from bot.invocation import Invocation
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

SPOILER = GroupSpec("spoiler", "Post your own spoilers safely", guild_only=True)


async def _post(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.member_spoilers.post(
        invocation, options["film"], options["text"], options.get("attachment")
    )


async def _guard_me(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.member_spoilers.guard_rules.set_own(invocation, bool(options["enabled"]))


async def _undo(
    app: Epilogue,
    invocation: Invocation,
    message: MemberMessage,
    ops: ChannelOps,
    bot_permissions: frozenset[str],
) -> Reply:
    return await app.member_spoilers.undo(invocation, message, ops, bot_permissions)


async def _hide(
    app: Epilogue,
    invocation: Invocation,
    message: MemberMessage,
    ops: ChannelOps,
    bot_permissions: frozenset[str],
) -> Reply:
    return await app.member_spoilers.hide(invocation, message, ops, bot_permissions)


SPOILER_COMMANDS: list[CommandSpec] = [
    CommandSpec(
        ("spoiler", "post"),
        "Post a spoiler about a film, hidden behind spoiler bars and labelled with the film",
        _post,
        (
            FILM_OPTION,
            OptionSpec(
                "text",
                OptionKind.STRING,
                "Your spoiler (shown hidden)",
                required=True,
                placeholder="what you want to say",
                # What a member may write; past 2,000 characters the post uses embeds.
                max_length=POST_TEXT_LIMIT,
                written=True,
            ),
            OptionSpec("attachment", OptionKind.ATTACHMENT, "A file, posted as a spoiler"),
        ),
        guild_only=True,
        # The post is for everyone: its file comes as a ``PendingFile``, fetched after a
        # public acknowledgement that only a post the core will make gets.
        extra={"public_upload": True},
    ),
    CommandSpec(
        ("spoiler", "guard-me"),
        "Whether the automatic spoiler guard looks at your messages in this server",
        _guard_me,
        (
            OptionSpec(
                "enabled",
                OptionKind.BOOLEAN,
                "false: leave my messages alone; true: guard them",
                required=True,
            ),
        ),
        guild_only=True,
        # A member's own setting, answered privately: one turned off by mistake is turned
        # back on at once, never after a server's cooldown of up to an hour.
        own_settings=True,
    ),
]

HIDE_AS_SPOILER = MessageCommandSpec("Hide as spoiler", _hide)
UNDO_HIDE = MessageCommandSpec("Undo spoiler hide", _undo)
