"""Shards launched as Discord's ``max_concurrency`` allows (``ShardedEpilogueBot``).

``GET /gateway/bot``'s ``session_start_limit.max_concurrency``: IDENTIFYs Discord takes per
5 s, one per rate-limit key ``shard_id % max_concurrency`` (``topics/gateway``, Sharding for
Large Bots). discord.py spaced every shard's IDENTIFY 5 s apart whatever it said: 16 shards
took 75 s to start where Discord allows them all at once. The turns hold for every client of
the app in the process (``client.identify_turns``): a new session after a RESUMED that could not
be read went at once, and Discord refuses an IDENTIFY within 5 s of its key's last (op 9).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from client import identify_turns
from client.bot import EpilogueBot, ShardedEpilogueBot
from client.identify_turns import IDENTIFY_SPACING_S, MARGIN_S
from tests.conftest import make_config

SPACED = IDENTIFY_SPACING_S + MARGIN_S  # 5 s, and a margin for the send's delay


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

    monkeypatch.setattr(identify_turns, "_pause", sleep)
    monkeypatch.setattr(identify_turns, "_now", lambda: now[0])
    monkeypatch.setattr(identify_turns, "_turns", {})
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
    assert sum(waits) == pytest.approx(SPACED)


async def test_one_at_a_time_without_max_concurrency(tmp_path: Path, waits: list[float]) -> None:
    await _launch(tmp_path, None, count=3)

    assert sum(waits) == pytest.approx(2 * SPACED)


async def test_a_new_client_of_the_app_waits_for_the_last_ones_turn(
    tmp_path: Path, waits: list[float]
) -> None:
    await _launch(tmp_path, None, count=2)  # shard 0 at once, shard 1 after 5 s
    # RESUMED unread: a new client's first IDENTIFY, at once for discord.py.
    await _launch(tmp_path, None, count=1)

    assert waits == pytest.approx([SPACED, SPACED])


async def test_a_session_started_again_waits_at_least_discord_pys_five_seconds(
    tmp_path: Path, waits: list[float]
) -> None:
    bot = EpilogueBot(_Core(tmp_path))  # type: ignore[arg-type]
    await bot.before_identify_hook(None, initial=True)
    await bot.before_identify_hook(None, initial=True)  # a new ``connect``: its turn
    await bot.before_identify_hook(None, initial=False)  # after op 9: 5 s, and its turn

    assert waits == pytest.approx([SPACED, SPACED])
