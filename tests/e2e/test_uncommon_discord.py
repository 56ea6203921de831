"""A Discord (or stand-in) that answers in documented but uncommon ways: Epilogue copes.

Each test runs the real discord.py client against the stand-in made to answer that way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from client import runner
from client.endpoints import point_client_at
from tests.e2e.harness import LA_LA_LAND, FilmClub, bot_in_process, make_config
from tests.standin import StandinServer

COMMANDS = r"/applications/\d+/commands"


async def test_sync_waits_out_a_rate_limit_without_googles_via_header(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Discord documents a 429's ``Retry-After``, not ``Via``; discord.py raises any 429
    without ``Via`` at once: ``epilogue sync`` waits and registers anyway."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    refusal = standin.fail("PUT", COMMANDS, 429, via=False, retry_after=0.2)

    assert await runner._sync(config) == 0

    assert refusal.hits == 1
    app = standin.world.application_id
    registered = standin.requests_to("PUT", f"/applications/{app}/commands")
    assert len(registered) == 2
    assert "slash command(s) globally" in capsys.readouterr().out


async def test_sync_that_discord_keeps_refusing_says_so_in_one_line(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    standin.fail("PUT", COMMANDS, 429, via=False, html=True, times=10)

    assert await runner._sync(config) == 2

    err = capsys.readouterr().err
    assert "429" in err and "epilogue sync again" in err and "Traceback" not in err


async def test_ready_without_guilds_still_comes_online_and_answers(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A READY that leaves ``guilds`` out (a bot in no server yet, as a stand-in may send it):
    the servers arrive in their own GUILD_CREATEs, and commands there are answered."""

    def without_guilds(ready: dict[str, Any]) -> None:
        del ready["guilds"]

    standin.gateway.reshape_ready = without_guilds
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)) as bot:
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        assert "Damien Chazelle" in answered.message.text
        assert bot.get_guild(people.general.guild_id) is not None


@pytest.mark.parametrize("command", ["sync", "run"])
async def test_a_rest_base_without_the_api_version_is_named_in_one_line(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """``discord.api_base`` set to the stand-in's root, without ``/api/v10``: every path is
    404. Epilogue stops with the key to fix, not a traceback."""
    root = standin.api_base.removesuffix("/api/v10")
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = root
    point_client_at(root, None)

    code = await (runner._sync(config) if command == "sync" else runner._serve(config))

    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert root in line and "discord.api_base" in line and "/api/v10" in line


async def test_a_channel_option_resolved_without_permissions_is_still_answered(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """``data.resolved.channels`` as a minimal Discord may send it, without the asker's
    ``permissions`` there: discord.py could not read the interaction, which went unanswered."""

    def without_permissions(interaction: dict[str, Any]) -> None:
        resolved = interaction["data"].get("resolved") or {}
        for channel in (resolved.get("channels") or {}).values():
            channel.pop("permissions", None)

    standin.reshape_interaction = without_permissions
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        await standin.run_command(
            f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
            user=people.moderator,
            channel=people.general,
        )
        quiet = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.quiet
        )

    assert quiet.message.ephemeral
