"""README.md names the commands only the Discord adapter declares (they are in no core command
table, so tests/bot/test_readme.py cannot see them): the owner's `/epilogue …` commands with
their options, choices and defaults, and each Apps menu command."""

from __future__ import annotations

import re

from bot.command_table import message_commands
from cogs.owner import Owner
from tests.support.readme import section

OWNERS = "Bot owners (`/epilogue …`, `discord.owner_ids`)"


def test_every_owner_command_is_written_with_its_options_choices_and_default() -> None:
    text = " ".join(section(OWNERS).split())
    commands = Owner.__cog_app_commands__
    assert commands  # the cog's commands were read
    for command in commands:
        written = [command.name]
        for parameter in command.parameters:
            choices = "|".join(str(choice.value) for choice in parameter.choices)
            option = f"{parameter.name}:{choices}"
            written.append(option if parameter.required else f"[{option}]")
            if not parameter.required:
                # An option left out does something: which, the README says.
                default = re.escape(str(parameter.default))
                said = rf"`{default}` unless `{parameter.name}:`|default `{default}`"
                assert re.search(said, text), (
                    f"/epilogue {command.name}: the README does not say that {parameter.name}: "
                    f"left out is {parameter.default!r}"
                )
        assert f"`{' '.join(written)}`" in text, f"/epilogue {' '.join(written)} is not written"


def test_every_apps_menu_command_is_named_where_its_users_read() -> None:
    """Hide as spoiler is any member's (on their own message), Undo spoiler hide a moderator's."""
    where = {
        "Hide as spoiler": "Members",
        "Undo spoiler hide": (
            "Moderators (`/spoiler-rules …`, Manage Messages or the server's moderator role)"
        ),
    }
    names = [spec.name for spec in message_commands()]
    assert set(names) == set(where), "a new Apps command: say where the README lists it"
    for name in names:
        assert f"Apps → **{name}**" in section(where[name]), name
