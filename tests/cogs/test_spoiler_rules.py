"""/spoiler-rules through discord.py's tree: channels, threads, roles, embargoes, autocomplete."""

from __future__ import annotations

from typing import Any

import pytest

from bot.command_table import ChannelRef, command_table
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from bot.spoiler_policy.policy import ChannelMode
from tests.support.discord_markdown import visible_text
from tests.support.fake_discord import (
    ADMIN,
    MEMBER,
    MODERATOR,
    OPTIN_ROLE_ID,
    OTHER_GUILD_ID,
    OTHER_SERVER_CHANNEL,
    SPOILER_CHANNEL,
    TEXT_CHANNEL,
    THREAD,
    THREAD_ID,
    Asker,
    Channel,
    Role,
    Session,
)

ENDING_WORDS = "five years"


def shown(exchange: Any) -> str:
    return visible_text(exchange.reply.data["embeds"][0]["description"])


async def test_thread_follows_its_parent_channels_rule(discord_session: Session) -> None:
    await discord_session.command(
        "spoiler-rules channel", MODERATOR, channel=TEXT_CHANNEL, mode="spoilers"
    )

    in_thread = await discord_session.command(
        "film quick", Asker(channel=THREAD), film="La La Land"
    )

    assert not in_thread.reply.ephemeral
    assert ENDING_WORDS in shown(in_thread)


async def test_a_thread_can_have_its_own_rule(discord_session: Session) -> None:
    exchange = await discord_session.command(
        "spoiler-rules channel", MODERATOR, channel=THREAD, mode="spoilers"
    )

    assert not exchange.is_error, exchange.text
    assert f"<#{THREAD_ID}>" in exchange.content
    assert "Its threads follow it" not in exchange.content
    assert exchange.reply.data["allowed_mentions"] == {"parse": []}


async def test_a_channel_of_another_server_is_refused(discord_session: Session) -> None:
    # A forged payload: Discord's picker only offers this server's channels.
    exchange = await discord_session.command(
        "spoiler-rules channel", ADMIN, channel=OTHER_SERVER_CHANNEL, mode="spoilers"
    )

    assert exchange.is_error
    assert "not in this server" in exchange.content


async def test_a_channel_this_process_cannot_place_never_moves_its_servers_rule(
    app: Epilogue, discord_session: Session
) -> None:
    """A channel the cache does not hold (another shard's server, or a forged id) is filed
    under the asker's server by discord.py. Setting it here must leave the rule its own
    server set alone: that channel stays no-spoilers there."""
    elsewhere = Channel(500000000000000299, "other-shard")  # in OTHER_GUILD_ID, not cached
    theirs = Invocation(
        user_id=1, guild_id=OTHER_GUILD_ID, permissions=frozenset({"manage_messages"})
    )
    await run_command(
        app,
        command_table()["spoiler-rules channel"],
        theirs,
        {"channel": ChannelRef(elsewhere.id, OTHER_GUILD_ID), "mode": "no-spoilers"},
    )

    await discord_session.command(
        "spoiler-rules channel", MODERATOR, channel=elsewhere, mode="spoilers"
    )

    rules = await app.standings.rules(OTHER_GUILD_ID)
    assert rules.mode(elsewhere.id, None) is ChannelMode.NO_SPOILERS


async def test_optin_role_from_the_member_roles(discord_session: Session) -> None:
    await discord_session.command("spoiler-rules role", MODERATOR, role=Role(OPTIN_ROLE_ID))

    fan = await discord_session.command(
        "film quick", Asker(user_id=1300, roles=(OPTIN_ROLE_ID,)), film="La La Land"
    )
    other = await discord_session.command("film quick", MEMBER, film="La La Land")

    assert fan.reply.ephemeral and ENDING_WORDS in shown(fan)
    assert not other.reply.ephemeral and ENDING_WORDS not in shown(other)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("spoiler-rules show", {}),
        ("spoiler-rules channel", {"channel": SPOILER_CHANNEL, "mode": "spoilers"}),
        ("spoiler-rules default", {"mode": "no-spoilers"}),
        ("spoiler-rules embargo", {"film": "La La Land", "until": "2999-01-01"}),
        ("spoiler-rules optin", {"enabled": False}),
        ("spoiler-rules cooldown", {"seconds": 0}),
        ("spoiler-rules moderator-role", {"clear": True}),
        ("spoiler-rules log", {"page": 1}),
    ],
)
async def test_rules_commands_answer_an_admin(
    discord_session: Session, name: str, options: dict[str, Any]
) -> None:
    exchange = await discord_session.command(name, ADMIN, **options)

    assert not exchange.is_error, exchange.text


async def test_embargo_clear_after_embargo(discord_session: Session) -> None:
    await discord_session.command("spoiler-rules embargo", MODERATOR, film="La La Land", days=3650)

    exchange = await discord_session.command(
        "spoiler-rules embargo-clear", MODERATOR, film="La La Land"
    )

    assert not exchange.is_error, exchange.text


async def test_rules_film_autocomplete(discord_session: Session) -> None:
    choices = await discord_session.autocomplete(
        "spoiler-rules embargo", "film", MODERATOR, film="la"
    )

    assert [choice["name"] for choice in choices] == ["La La Land (2016)"]
