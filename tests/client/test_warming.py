"""The bot renders a small catalog's answers in its idle moments after it starts."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator

import pytest

from bot.epilogue import Epilogue
from client.bot import EpilogueBot
from client.warming import warm_answers
from tests.support.fake_discord import CHANNEL_MESSAGE, FakeDiscord, Session


@pytest.fixture
async def warming_session(app: Epilogue, fake_discord: FakeDiscord) -> AsyncIterator[Session]:
    """The bot as ``epilogue run`` starts it: rendering ahead."""
    session = await Session.start(fake_discord, EpilogueBot(app))
    try:
        yield session
    finally:
        await session.close()


async def test_answers_are_rendered_ahead_once_the_bot_starts(warming_session: Session) -> None:
    bot = warming_session.bot
    assert bot.warming is not None
    rendered = await bot.warming
    assert rendered == len(bot.app.film.to_warm()) > 0
    # The first ask is answered from memory, in the one round trip.
    exchange = await warming_session.command("film ending", film="La La Land")
    assert exchange.first.callback_type == CHANNEL_MESSAGE
    assert "La La Land" in exchange.text


async def test_rendering_ahead_waits_while_members_are_asking(warming_session: Session) -> None:
    bot = warming_session.bot
    assert bot.warming is not None
    await bot.warming
    asked: list[object] = []
    film = bot.app.film
    original = film.warm

    async def warm(*args: object) -> None:
        asked.append(args)
        await original(*args)

    film.warm = warm  # type: ignore[method-assign]
    # Interactions (as good as) arriving for as long as the test says: not until a deadline,
    # which a busy machine's loop could pass before the check below.
    bot.tree.last_interaction_at = math.inf
    warming = asyncio.create_task(warm_answers(bot))
    await asyncio.sleep(0.1)  # many of its looks again (every RECHECK_S)
    assert asked == []
    bot.tree.last_interaction_at = time.perf_counter()  # the last one, now
    assert await warming == len(film.to_warm())
    assert len(asked) == len(film.to_warm())
