"""``epilogue sync`` and ``epilogue run`` as processes, against the local Discord stand-in."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.standin import StandinServer, StandinWorld
from tests.support.discord_markdown import hidden_text, visible_text

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "standin.token.value"
ENDING_WORDS = "five years"


def epilogue_command() -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv, "run", "--quiet", "--project", str(ROOT), "epilogue"]
    return [str(Path(sys.executable).with_name("epilogue"))]


@pytest.fixture
async def standin() -> AsyncIterator[StandinServer]:
    world = StandinWorld(bot_name="Epilogue")
    guild = world.guild("Film Club")
    guild.text_channel("general")
    guild.add_member(world.user("alice"))
    guild.add_member(world.user("bob"))
    async with StandinServer(world, expected_token=TOKEN) as server:
        yield server


def environment(standin: StandinServer, tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "EPILOGUE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "EPILOGUE_DISCORD_API_BASE": standin.api_base,
        "EPILOGUE_DISCORD_GATEWAY_URL": standin.gateway_url,
    }
    env.pop("EPILOGUE_CONFIG", None)
    return env


async def test_sync_then_run_answers_and_stops_on_sigterm(
    standin: StandinServer, tmp_path: Path
) -> None:
    env = environment(standin, tmp_path)
    sync = await asyncio.create_subprocess_exec(
        *epilogue_command(), "sync", cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(sync.communicate(), timeout=60)
    assert sync.returncode == 0
    assert "/film info | quick" in out.decode()

    bot = await asyncio.create_subprocess_exec(
        *epilogue_command(), "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await standin.wait_ready(timeout=60)
        answer = await standin.run_command("/film quick film:La La Land", user="alice")
        description = answer.message.embeds[0]["description"]
        assert ENDING_WORDS in hidden_text(description)
        assert ENDING_WORDS not in visible_text(description)
        [reveal] = answer.message.custom_ids
        revealed = await standin.press_button(answer.message, reveal, user="bob")
        assert revealed.message.ephemeral
        assert ENDING_WORDS in visible_text(revealed.message.embeds[0]["description"])
    finally:
        bot.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(bot.communicate(), timeout=30)
    assert bot.returncode == 0, err.decode()[-2000:]
