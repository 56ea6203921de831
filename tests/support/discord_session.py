"""A real EpilogueBot over the test core, logged in to a fake Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.epilogue import Epilogue
from client.bot import EpilogueBot
from tests.support.fake_discord import FakeDiscord, Session


@pytest.fixture
def fake_discord() -> FakeDiscord:
    return FakeDiscord()


@pytest.fixture
async def discord_session(app: Epilogue, fake_discord: FakeDiscord) -> AsyncIterator[Session]:
    # Nothing rendered ahead: these tests see what a first, unrendered answer does
    # (tests/client/test_warming.py starts a bot that renders ahead).
    session = await Session.start(fake_discord, EpilogueBot(app, warm=False))
    try:
        yield session
    finally:
        await session.close()
    # Discord's rules are the fake's: a payload Discord would refuse fails the test that sent
    # it, unless the test is about such a refusal.
    if not fake_discord.refusals_expected:
        refused = [
            f"{sent.method} {sent.path} -> {status} {body}"
            for sent, status, body in fake_discord.refusals
        ]
        assert not refused, "Discord would refuse:\n" + "\n".join(refused)
