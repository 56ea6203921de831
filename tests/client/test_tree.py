"""Every way a slash command can fail ends in a private, readable reply (and a log line)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.command_table import Access, CommandSpec, OptionKind, command_table
from bot.epilogue import Epilogue
from tests.support.fake_discord import (
    ADMIN,
    DEFERRED_CHANNEL_MESSAGE,
    IN_DM,
    MEMBER,
    MODERATOR,
    OPTIN_ROLE_ID,
    ROLE_MODERATOR,
    TEXT_CHANNEL,
    Attachment,
    Role,
    Session,
)

probe = app_commands.Group(name="probe", description="Test-only commands")


@probe.command(name="manage-server", description="Needs Manage Server")
@app_commands.checks.has_permissions(manage_guild=True)
async def manage_server(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("ok")


@probe.command(name="once", description="Once a minute")
@app_commands.checks.cooldown(1, 60)
async def once(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("ok")


@probe.command(name="role-only", description="Needs a role")
@app_commands.checks.has_role(12345)
async def role_only(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("ok")


@probe.command(name="never", description="A check that always fails")
@app_commands.check(lambda interaction: False)
async def never(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("ok")


@probe.command(name="slow-crash", description="Defers, then fails")
async def slow_crash(interaction: discord.Interaction) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    raise RuntimeError("late failure")


@pytest.fixture
def probed(discord_session: Session) -> Iterator[Session]:
    discord_session.bot.tree.add_command(probe)
    yield discord_session
    discord_session.bot.tree.remove_command("probe")


def example_options(spec: CommandSpec) -> dict[str, Any]:
    """A valid value for every option of ``spec``, as a member could pick them."""
    examples = {
        OptionKind.STRING: "La La Land",
        OptionKind.FILM: "La La Land",
        OptionKind.INTEGER: 1,
        OptionKind.BOOLEAN: True,
        OptionKind.CHANNEL: TEXT_CHANNEL,
        OptionKind.ROLE: Role(OPTIN_ROLE_ID),
        OptionKind.ATTACHMENT: Attachment("film.yaml", b"title: x\n"),
    }
    return {
        option.name: option.choices[0] if option.choices else examples[option.kind]
        for option in spec.options
    }


GUARDED = sorted(name for name, spec in command_table().items() if spec.access != Access.MEMBER)


@pytest.mark.parametrize("name", GUARDED)
async def test_members_are_refused_every_moderator_and_admin_command(
    discord_session: Session, name: str
) -> None:
    # Discord hides these from members unless a server admin overrides that: the core decides.
    spec = command_table()[name]

    exchange = await discord_session.command(name, MEMBER, **example_options(spec))

    assert exchange.is_error
    assert "moderators" in exchange.content or "admins" in exchange.content
    assert discord_session.discord.downloads == []


async def test_member_cannot_change_rules(discord_session: Session) -> None:
    # Discord hides /spoiler-rules from members, but a server admin can override that.
    exchange = await discord_session.command(
        "spoiler-rules channel", MEMBER, channel=TEXT_CHANNEL, mode="spoilers"
    )

    assert exchange.is_error
    assert "is for moderators" in exchange.content


async def test_moderator_role_counts_without_manage_messages(discord_session: Session) -> None:
    await discord_session.command(
        "spoiler-rules moderator-role", ADMIN, role=Role(ROLE_MODERATOR.roles[0])
    )

    exchange = await discord_session.command(
        "spoiler-rules channel", ROLE_MODERATOR, channel=TEXT_CHANNEL, mode="spoilers"
    )

    assert not exchange.is_error, exchange.text


async def test_moderator_cannot_run_admin_commands(discord_session: Session) -> None:
    exchange = await discord_session.command(
        "spoiler-rules moderator-role", MODERATOR, role=Role(ROLE_MODERATOR.roles[0])
    )

    assert exchange.is_error
    assert "for server admins" in exchange.content


async def test_server_commands_in_dms_say_so(discord_session: Session) -> None:
    exchange = await discord_session.command("spoiler-rules show", IN_DM)

    assert exchange.is_error
    assert "only works in a server" in exchange.content


async def test_option_outside_its_choices_is_refused(discord_session: Session) -> None:
    exchange = await discord_session.command(
        "spoiler-rules channel", MODERATOR, channel=TEXT_CHANNEL, mode="loud"
    )

    assert exchange.is_error
    assert "'mode' must be one of" in exchange.content


async def test_unresolvable_channel_names_the_option(discord_session: Session) -> None:
    exchange = await discord_session.command(
        "spoiler-rules channel",
        MODERATOR,
        raw_options=[{"name": "channel", "type": 7, "value": "4242"}],  # not in `resolved`
        mode="spoilers",
    )

    assert exchange.is_error
    assert "The option 'channel' needs a channel" in exchange.content


async def test_outdated_command_registration_asks_to_retry(discord_session: Session) -> None:
    # An old registration without the now required option: discord.py cannot call the command.
    exchange = await discord_session.command("film quick", raw_options=[])

    assert exchange.is_error
    assert "out of date" in exchange.content


async def test_unexpected_exception_is_private_generic_and_logged(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(invocation, film, *, private=False):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.film, "info", broken)

    with caplog.at_level(logging.ERROR, logger="client.tree"):
        exchange = await discord_session.command("film info", film="La La Land")

    assert exchange.is_error
    assert "went wrong on Epilogue's side" in exchange.content
    assert "secret" not in exchange.content
    [record] = caplog.records
    message = record.getMessage()
    assert "/film info" in message
    assert str(MEMBER.user_id) in message
    assert record.exc_info is not None
    assert "secret internals" in str(record.exc_info[1].__cause__ or record.exc_info[1])


async def test_failure_after_deferring_uses_a_followup(
    probed: Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="client.tree"):
        exchange = await probed.command("probe slow-crash")

    assert exchange.first.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert exchange.reply.path.startswith("/webhooks/")
    assert exchange.is_error
    assert "/probe slow-crash" in caplog.records[0].getMessage()


async def test_missing_permission_is_named(probed: Session) -> None:
    exchange = await probed.command("probe manage-server", MODERATOR)

    assert exchange.is_error
    assert "needs the Manage Server permission" in exchange.content


async def test_cooldown_says_when_to_retry(probed: Session) -> None:
    await probed.command("probe once")

    exchange = await probed.command("probe once")

    assert exchange.is_error
    assert "again in 60 s" in exchange.content


async def test_role_check_in_dms_says_it_needs_a_server(probed: Session) -> None:
    exchange = await probed.command("probe role-only", IN_DM)

    assert exchange.is_error
    assert "/probe role-only only works in a server" in exchange.content


async def test_other_failed_checks_are_explained(probed: Session) -> None:
    exchange = await probed.command("probe never")

    assert exchange.is_error
    assert "You can't use /probe never here" in exchange.content
