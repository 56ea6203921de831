"""Shards launched as Discord's ``max_concurrency`` allows (``ShardedEpilogueBot``).

``GET /gateway/bot``'s ``session_start_limit.max_concurrency``: IDENTIFYs Discord takes per
5 s, one per rate-limit key ``shard_id % max_concurrency`` (``topics/gateway``, Sharding for
Large Bots). discord.py spaced every shard's IDENTIFY 5 s apart whatever it said: 16 shards
took 75 s to start where Discord allows them all at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from client import bot as bot_module
from client.bot import IDENTIFY_SPACING_S, ShardedEpilogueBot
from tests.conftest import make_config


class _Core:
    def __init__(self, tmp_path: Path) -> None:
        self.config = make_config(tmp_path)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    now = [1000.0]

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(bot_module, "_pause", sleep)
    monkeypatch.setattr(bot_module, "_now", lambda: now[0])
    return slept


async def _launch(tmp_path: Path, max_concurrency: int | None, count: int) -> None:
    # Never logged in: nothing of it to close (discord.py's close fails on a sharded one).
    bot = ShardedEpilogueBot(_Core(tmp_path), shard_count=count)  # type: ignore[arg-type]
    if max_concurrency is not None:
        bot._max_concurrency = max_concurrency
    bot._launching = True
    for shard_id in range(count):
        await bot.before_identify_hook(shard_id, initial=shard_id == 0)


@pytest.mark.parametrize("max_concurrency", [2, 4, 16])
async def test_shards_identify_together_as_max_concurrency_allows(
    tmp_path: Path, waits: list[float], max_concurrency: int
) -> None:
    await _launch(tmp_path, max_concurrency, count=2 * max_concurrency)

    # The first of each key at once, the second one spacing after its key's first.
    assert sum(waits) == pytest.approx(IDENTIFY_SPACING_S)


async def test_one_at_a_time_without_max_concurrency(tmp_path: Path, waits: list[float]) -> None:
    await _launch(tmp_path, None, count=3)

    assert sum(waits) == pytest.approx(2 * IDENTIFY_SPACING_S)
