"""`epilogue sync` and `epilogue run` from the command line: registration, endpoints, bad token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from client import runner
from tests.conftest import make_config
from tests.support.fake_discord import GUILD_ID, FakeDiscord


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> FakeDiscord:
    """The runner's discord.py talks to FakeDiscord; global settings it touches are restored."""
    fake = FakeDiscord()
    monkeypatch.setattr(aiohttp, "ClientSession", lambda *args, **kwargs: fake)
    monkeypatch.setattr(discord.utils, "setup_logging", lambda **kwargs: None)
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    return fake


def test_sync_command_registers_globally_and_lists_commands(
    offline: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_config(tmp_path)
    config.discord.token = "token"

    assert runner.sync_commands(config) == 0

    registered = offline.registered["global"]
    film = next(command for command in registered if command["name"] == "film")
    assert {option["name"] for option in film["options"]} >= {"info", "quick", "faq"}
    out = capsys.readouterr().out
    assert f"Registered {len(registered)} slash command(s) globally" in out
    assert "/film info | quick" in out
    assert "  Apps → Hide as spoiler\n" in out  # a message command has no slash
    assert "/Hide" not in out
    assert offline.closed


def test_sync_to_one_server_beside_global_commands_is_refused(
    offline: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Discord would list the server's copy beside the global commands: each one twice."""
    config = make_config(tmp_path)
    config.discord.token = "token"
    assert runner.sync_commands(config) == 0
    config.discord.sync_guild_id = GUILD_ID

    assert runner.sync_commands(config) == 2

    assert str(GUILD_ID) not in offline.registered
    err = capsys.readouterr().err
    assert "each command twice" in err and "sync_guild_id" in err


@pytest.mark.parametrize("status", [404, 405])
def test_sync_to_one_server_where_discord_lists_no_global_commands_registers_there(
    offline: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str], status: int
) -> None:
    """A stand-in serving only the commands' bulk overwrite (its GET of the global commands 404
    or 405, as a route never written): the check for a global copy cannot be made, and the
    server's overwrite is what was asked. It failed ('Discord did not take the commands')."""
    offline.fail_next("GET", r"/applications/\d+/commands", status)
    config = make_config(tmp_path)
    config.discord.token = "token"
    config.discord.sync_guild_id = GUILD_ID

    assert runner.sync_commands(config) == 0

    assert {c["name"] for c in offline.registered[str(GUILD_ID)]} >= {"film", "spoiler-rules"}
    assert f"in server {GUILD_ID}" in capsys.readouterr().out


@pytest.mark.parametrize("scope", ["global", "server"])
def test_an_overwrite_answered_in_part_where_discord_lists_none_is_taken_as_sent(
    offline: FakeDiscord,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    scope: str,
) -> None:
    """The overwrite taken (200) but answered with less than was sent (one command), by a
    stand-in that lists no commands (GET 404): what was registered is what was sent. It
    failed ('Discord did not take the commands'), the commands registered."""
    handle = offline._handle

    def answered_in_part(method: str, url: str, kwargs: dict[str, Any]) -> Any:
        answer = handle(method, url, kwargs)
        if method == "PUT" and url.endswith("/commands"):
            answer._text = json.dumps(json.loads(answer._text)[:1])
        return answer

    monkeypatch.setattr(offline, "_handle", answered_in_part)
    offline.fail_next("GET", r"/applications/\d+(/guilds/\d+)?/commands", 404)
    offline.fail_next("GET", r"/applications/\d+(/guilds/\d+)?/commands", 404)
    config = make_config(tmp_path)
    config.discord.token = "token"
    if scope == "server":
        config.discord.sync_guild_id = GUILD_ID

    assert runner.sync_commands(config) == 0

    registered = offline.registered[str(GUILD_ID) if scope == "server" else "global"]
    out = capsys.readouterr().out
    assert f"Registered {len(registered)} slash command(s)" in out
    assert "/film info | quick" in out


def test_sync_command_to_one_server_through_another_api_base(
    offline: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_config(tmp_path)
    config.discord.token = "token"
    config.discord.sync_guild_id = GUILD_ID
    config.discord.api_base = "http://127.0.0.1:8080/api/v10"

    assert runner.sync_commands(config) == 0

    assert str(GUILD_ID) in offline.registered
    assert f"in server {GUILD_ID}" in capsys.readouterr().out
    assert Route.BASE == "http://127.0.0.1:8080/api/v10"


def test_rejected_token_is_explained(
    offline: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offline.reject_token = True
    config = make_config(tmp_path)
    config.discord.token = "wrong"

    assert runner.run_bot(config) == 2

    assert "Discord rejected the token" in capsys.readouterr().err


def test_a_message_content_intent_not_granted_is_explained_and_the_bot_runs_on(
    offline: FakeDiscord,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """discord.message_content: true without the switch in the Developer Portal: Discord closes
    the gateway (4014) and a sharded client closes itself; the operator gets the fix, and a new
    client runs without the intent (the plain one reconnects in place: tests/e2e)."""
    asked: list[bool] = []

    async def refused_once(self: discord.Client, *, reconnect: bool = True) -> None:
        asked.append(self.intents.message_content)
        if self.intents.message_content:
            await self.close()
            raise discord.PrivilegedIntentsRequired(0)

    monkeypatch.setattr(discord.AutoShardedClient, "connect", refused_once)
    config = make_config(tmp_path)
    config.discord.token = "token"
    config.discord.message_content = True
    config.discord.shard_count = 1

    assert runner.run_bot(config) == 0

    assert asked == [True, False]
    (told,) = [r.getMessage() for r in caplog.records if "4014" in r.getMessage()]
    assert "Message Content Intent" in told and "Running on without it" in told


def test_a_privileged_intent_refused_when_none_was_asked_for_is_explained(
    offline: FakeDiscord,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def refused(self: discord.Client, *, reconnect: bool = True) -> None:
        raise discord.PrivilegedIntentsRequired(None)

    monkeypatch.setattr(discord.Client, "connect", refused)
    config = make_config(tmp_path)
    config.discord.token = "token"

    assert runner.run_bot(config) == 2

    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Privileged Gateway Intents" in err[0], err


def test_registering_in_a_server_the_bot_cannot_reach_is_explained(
    offline: FakeDiscord,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from types import SimpleNamespace

    from client.tree import EpilogueTree

    async def forbidden(self: EpilogueTree, guild_id: int | None) -> list[object]:
        response = SimpleNamespace(status=403, reason="Forbidden")
        raise discord.Forbidden(response, {"code": 50001, "message": "Missing Access"})

    monkeypatch.setattr(EpilogueTree, "sync_to", forbidden)
    config = make_config(tmp_path)
    config.discord.token = "token"
    config.discord.sync_guild_id = 123

    assert runner.sync_commands(config) == 2

    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "123" in err[0] and "sync_guild_id" in err[0], err
