"""/epilogue sync: the bot owner registers the commands, from Discord."""

from __future__ import annotations

from tests.support.fake_discord import ADMIN, GUILD_ID, OWNER, Asker, Session


async def test_sync_is_for_the_owner_only(discord_session: Session) -> None:
    exchange = await discord_session.command("epilogue sync", ADMIN, scope="here")

    assert exchange.is_error
    assert "Only the bot's owner" in exchange.content
    assert discord_session.discord.registered == {}


async def test_sync_is_for_servers(discord_session: Session) -> None:
    exchange = await discord_session.command("epilogue sync", Asker(OWNER.user_id, channel=None))

    assert exchange.is_error
    assert "/epilogue sync only works in a server" in exchange.content


async def test_owner_syncs_this_server(discord_session: Session) -> None:
    exchange = await discord_session.command("epilogue sync", OWNER, scope="here")

    registered = discord_session.discord.registered[str(GUILD_ID)]
    names = {command["name"] for command in registered}
    assert {"film", "spoilers", "spoiler-rules", "epilogue"} <= names
    assert exchange.reply.ephemeral
    assert f"Registered {len(registered)} commands in this server" in exchange.content
    assert "Apps → Hide as spoiler" in exchange.content  # a message command has no slash
    assert "/Hide" not in exchange.content


async def test_owner_syncs_everywhere_by_default(discord_session: Session) -> None:
    exchange = await discord_session.command("epilogue sync", OWNER)

    assert "global" in discord_session.discord.registered
    assert "everywhere" in exchange.content


async def test_a_server_that_refuses_the_commands_is_named_with_the_fix(
    discord_session: Session,
) -> None:
    """Was "Something went wrong on Epilogue's side": Discord's 403 for a bot invited without
    the applications.commands scope is the owner's to fix, and how is known."""
    discord_session.discord.fail_next(
        "PUT", rf"/applications/\d+/guilds/{GUILD_ID}/commands", 403, code=50001
    )

    exchange = await discord_session.command("epilogue sync", OWNER, scope="here")

    assert exchange.is_error and exchange.reply.ephemeral
    assert "This server refused the commands" in exchange.content
    assert "applications.commands scope" in exchange.content
    assert str(GUILD_ID) not in discord_session.discord.registered


async def test_a_server_copy_beside_the_global_commands_is_refused(
    discord_session: Session,
) -> None:
    """Discord lists a server's copy of a command beside the global one of the same name: with
    the commands registered everywhere, scope:here would show members each command twice."""
    await discord_session.command("epilogue sync", OWNER)

    exchange = await discord_session.command("epilogue sync", OWNER, scope="here")

    assert exchange.is_error and exchange.reply.ephemeral
    assert "each command twice" in exchange.content
    assert "/epilogue sync scope:everywhere" in exchange.content
    assert str(GUILD_ID) not in discord_session.discord.registered


async def test_syncing_everywhere_removes_this_servers_copy(discord_session: Session) -> None:
    """A copy made with scope:here before the commands went global would show them twice."""
    await discord_session.command("epilogue sync", OWNER, scope="here")
    assert discord_session.discord.registered[str(GUILD_ID)]

    exchange = await discord_session.command("epilogue sync", OWNER, scope="everywhere")

    assert discord_session.discord.registered["global"]
    assert discord_session.discord.registered[str(GUILD_ID)] == []
    assert "own copy of them, which showed each command twice, is removed" in exchange.content


async def test_syncing_everywhere_leaves_a_server_without_a_copy_alone(
    discord_session: Session,
) -> None:
    exchange = await discord_session.command("epilogue sync", OWNER)

    assert str(GUILD_ID) not in discord_session.discord.registered
    assert "copy" not in exchange.content
