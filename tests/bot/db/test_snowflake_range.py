"""Ids no Discord payload holds (past a signed 64-bit integer, or negative), on SQLite and
PostgreSQL: refused in one line naming the id, never a crash with a traceback.

Discord's ids are unsigned 64-bit numbers that stay below 2**63 until about 2084; both databases
store them as signed 64-bit integers. An interaction naming a larger one (a stand-in numbering
its own way, a forged payload) made every command that read or wrote by it crash: SQLite's
driver raised OverflowError, asyncpg "value out of int64 range", each shown to the member as
"Something went wrong" with a traceback in the log.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.command_table import ChannelRef, OptionKind, command_table
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation

OUT_OF_RANGE = [2**63, 2**64 - 1, -1, -(2**63) - 1]
WHERE = ["user_id", "guild_id", "channel_id", "parent_channel_id", "role_ids"]
PERMISSIONS = frozenset({"manage_guild", "manage_messages"})


def _options(name: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for option in command_table()[name].options:
        if not option.required:
            continue
        options[option.name] = {
            OptionKind.FILM: "La La Land",
            OptionKind.STRING: option.choices[0] if option.choices else "x",
            OptionKind.INTEGER: option.min_value or 1,
            OptionKind.BOOLEAN: True,
            OptionKind.CHANNEL: ChannelRef(11, 1),
            OptionKind.ROLE: 12,
            OptionKind.USER: 13,
        }.get(option.kind, "x")
    return options


async def test_an_invocation_naming_an_id_past_64_bits_is_refused_in_one_line(
    app: Epilogue,
) -> None:
    for where in WHERE:
        for value in OUT_OF_RANGE:
            ids: dict[str, Any] = {"user_id": 7, "guild_id": 1, "channel_id": 10}
            ids[where] = frozenset({value}) if where == "role_ids" else value
            asker = Invocation(**ids, permissions=PERMISSIONS)
            for name in ("spoilers on", "spoiler-rules default", "film ending"):
                reply = await run_command(app, command_table()[name], asker, _options(name))
                assert reply.is_error and reply.ephemeral, (where, value, name, reply.content)
                assert "not an id Discord gives" in (reply.content or ""), (where, name)


async def test_an_option_naming_an_id_past_64_bits_is_refused_in_one_line(app: Epilogue) -> None:
    moderator = Invocation(user_id=5, guild_id=1, channel_id=10, permissions=PERMISSIONS)
    for value in OUT_OF_RANGE:
        given = {
            "spoiler-rules channel": {"channel": ChannelRef(value, 1), "mode": "spoilers"},
            "spoiler-rules guard-channel": {"channel": ChannelRef(value, 1), "enabled": False},
            "spoiler-rules role": {"role": value},
            "spoiler-rules moderator-role": {"role": value},
        }
        for name, options in given.items():
            spec = command_table()[name]
            kept = {key: val for key, val in options.items() if spec.option(key) is not None}
            reply = await run_command(app, spec, moderator, kept)
            assert reply.is_error and "not an id Discord gives" in (reply.content or ""), (
                name,
                value,
                reply.content,
            )


async def test_a_button_or_form_from_an_id_past_64_bits_is_refused_in_one_line(
    app: Epilogue,
) -> None:
    from bot.buttons import AddForm, ListPageButton

    for value in OUT_OF_RANGE:
        asker = Invocation(user_id=value, guild_id=1, channel_id=10, permissions=PERMISSIONS)
        pressed = await app.press(asker, ListPageButton(2).encode())
        submitted = await app.submit(asker, AddForm().encode(), {"title": "x"})
        for reply in (pressed, submitted):
            assert reply.is_error and "not an id Discord gives" in (reply.content or "")


async def test_a_message_command_from_an_id_past_64_bits_is_refused_in_one_line(
    app: Epilogue,
) -> None:
    from bot.command_table import message_commands
    from bot.errors import InvalidInput

    for spec in message_commands():
        for value in OUT_OF_RANGE:
            asker = Invocation(user_id=7, guild_id=value, channel_id=10, interaction_id=5)
            with pytest.raises(InvalidInput, match="not an id Discord gives"):
                await spec.run(app, asker, None, None, frozenset())
