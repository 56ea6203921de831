"""The slash commands built for Discord are the core's command table, option for option."""

from __future__ import annotations

import discord
import pytest
from discord import AppCommandType, app_commands

from bot.command_table import (
    Access,
    Choice,
    CommandSpec,
    OptionKind,
    command_table,
    message_commands,
)
from client.options import choices_for
from tests.support.fake_discord import ADMIN, Session

KINDS = {
    OptionKind.STRING: discord.AppCommandOptionType.string,
    OptionKind.FILM: discord.AppCommandOptionType.string,
    OptionKind.INTEGER: discord.AppCommandOptionType.integer,
    OptionKind.BOOLEAN: discord.AppCommandOptionType.boolean,
    OptionKind.CHANNEL: discord.AppCommandOptionType.channel,
    OptionKind.ROLE: discord.AppCommandOptionType.role,
    OptionKind.USER: discord.AppCommandOptionType.user,
    OptionKind.ATTACHMENT: discord.AppCommandOptionType.attachment,
}
# Discord-only commands: registering commands is not something the core (or console) can do.
ADAPTER_ONLY = {"epilogue sync"}
TABLE = command_table()


def tree_commands(session: Session) -> dict[str, app_commands.Command]:
    return {
        command.qualified_name: command
        for command in session.bot.tree.walk_commands()
        if isinstance(command, app_commands.Command)
    }


async def test_every_tree_command_is_in_the_table(discord_session: Session) -> None:
    names = set(tree_commands(discord_session))

    assert names - ADAPTER_ONLY == set(TABLE)


@pytest.mark.parametrize("name", sorted(TABLE))
async def test_command_matches_the_table(discord_session: Session, name: str) -> None:
    spec: CommandSpec = TABLE[name]
    command = tree_commands(discord_session)[name]

    assert command.description == spec.description
    assert [p.name for p in command.parameters] == [o.name for o in spec.options]
    for parameter, option in zip(command.parameters, spec.options, strict=True):
        assert parameter.type is KINDS[option.kind], option.name
        assert parameter.required is option.required, option.name
        assert parameter.description == option.description, option.name
        suggests = option.kind is OptionKind.FILM or option.suggest is not None
        assert parameter.autocomplete is suggests, option.name
        assert [c.value for c in parameter.choices] == list(option.choices), option.name


@pytest.mark.parametrize("root", sorted({spec.path[0] for spec in TABLE.values()}))
async def test_groups_are_hidden_and_server_only_as_the_table_says(
    discord_session: Session, root: str
) -> None:
    group = discord_session.bot.tree.get_command(root)
    specs = [spec for spec in TABLE.values() if spec.path[0] == root]
    assert isinstance(group, app_commands.Group)

    assert group.guild_only is any(spec.guild_only for spec in specs)
    assert all(spec.guild_only for spec in specs) or not group.guild_only
    lowest = min((spec.access for spec in specs), key=list(Access).index)
    permissions = group.default_permissions
    if lowest is Access.MEMBER:
        assert permissions is None
    elif lowest is Access.MODERATOR:
        assert permissions == discord.Permissions(manage_messages=True)
    else:
        assert permissions == discord.Permissions(manage_guild=True)


async def test_owner_tools_are_hidden_from_everyone_but_admins(discord_session: Session) -> None:
    group = discord_session.bot.tree.get_command("epilogue")

    assert isinstance(group, app_commands.Group)
    assert group.default_permissions == discord.Permissions(administrator=True)


async def test_the_tree_serialises_for_discord(discord_session: Session) -> None:
    tree = discord_session.bot.tree
    payload = [
        command.to_dict(tree) for command in tree.get_commands(type=AppCommandType.chat_input)
    ]
    menus = [command.to_dict(tree) for command in tree.get_commands(type=AppCommandType.message)]
    assert [(menu["name"], menu["type"]) for menu in menus] == [
        (spec.name, 3) for spec in message_commands()
    ]

    assert {command["name"] for command in payload} == {
        *{spec.path[0] for spec in TABLE.values()},
        "epilogue",
    }
    for command in payload:
        assert 1 <= len(command["description"]) <= 100
        for sub in command["options"]:
            assert 1 <= len(sub["description"]) <= 100
            for option in sub.get("options", []):
                assert 1 <= len(option["name"]) <= 32
                assert 1 <= len(option["description"]) <= 100


@pytest.mark.parametrize("sent", [1, 1.0, "1"], ids=["int", "float", "text"])
async def test_an_integer_option_is_a_whole_number_however_it_is_sent(
    discord_session: Session, sent: object
) -> None:
    """JSON has one number type: ``1.0`` is as good as ``1``, and so is ``"1"`` (how an
    autocomplete sends what was typed); discord.py hands either over unchanged."""
    listed = await discord_session.command(
        "film list", raw_options=[{"name": "page", "type": 4, "value": sent}]
    )
    cooled = await discord_session.command(
        "spoiler-rules cooldown", ADMIN, raw_options=[{"name": "seconds", "type": 4, "value": sent}]
    )

    assert not listed.is_error and "La La Land" in listed.text, listed.text
    assert not cooled.is_error and "wait 1 s between" in cooled.text, cooled.text


@pytest.mark.parametrize("sent", [1.5, "one", float("nan")])
async def test_an_integer_option_that_is_no_whole_number_is_refused_plainly(
    discord_session: Session, sent: object
) -> None:
    listed = await discord_session.command(
        "film list", raw_options=[{"name": "page", "type": 4, "value": sent}]
    )

    assert listed.is_error and "page: must be a whole number" in listed.content, listed.text


@pytest.mark.parametrize(
    ("sent", "private"),
    [(False, False), ("false", False), ("False", False), (True, True), ("true", True)],
)
async def test_a_boolean_option_means_what_it_says_however_it_is_sent(
    discord_session: Session, sent: object, private: bool
) -> None:
    """Text ``"false"`` is a non-empty string, which Python reads as true."""
    answer = await discord_session.command(
        "film info",
        raw_options=[
            {"name": "film", "type": 3, "value": "La La Land"},
            {"name": "private", "type": 5, "value": sent},
        ],
    )

    assert not answer.is_error and answer.reply.ephemeral is private, answer.text


async def test_a_boolean_option_that_is_neither_is_refused_plainly(
    discord_session: Session,
) -> None:
    answer = await discord_session.command(
        "film info",
        raw_options=[
            {"name": "film", "type": 3, "value": "La La Land"},
            {"name": "private", "type": 5, "value": "maybe"},
        ],
    )

    assert answer.is_error and "private: must be true or false" in answer.content, answer.text


def test_autocomplete_choices_are_ones_discord_takes() -> None:
    """Discord refuses a whole autocomplete answer (50035) for one choice outside its limits:
    25 choices, names of 1-100 characters, values up to 100. A blank name or a value that could
    only be cut (then naming something else) is left out; a long name is shortened."""
    found = [
        Choice("   ", "film-id:1"),
        Choice("Too long a value", "x" * 101),
        Choice("A" * 150, "film-id:2"),
        *(Choice(f"Film {n}", f"film-id:{n}") for n in range(3, 40)),
    ]

    choices = choices_for(found)

    assert len(choices) == 25
    assert all(1 <= len(c.name) <= 100 and c.name.strip() for c in choices)
    assert all(len(c.value) <= 100 for c in choices)
    assert choices[0].name == "A" * 100 and choices[0].value == "film-id:2"
