"""client.collector: full collections on a timer, never set off by allocation."""

from __future__ import annotations

import asyncio
import gc
import time

import pytest

from client import collector
from tests.support.timing import scaled


@pytest.fixture(autouse=True)
def no_tidying_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet-moment middle passes stay out of the tests that count other passes."""
    monkeypatch.setattr(collector, "TIDY_EVERY_S", 3600.0)


async def test_allocation_sets_off_young_collections_but_no_full_one() -> None:
    before = gc.get_threshold()
    async with collector.full_collections_on_a_timer(every_s=3600, first_after_s=3600):
        stats = gc.get_stats()
        kept = [[n] for n in range(200_000)]  # survivors: what fills the oldest generation
        after = gc.get_stats()
        assert after[0]["collections"] > stats[0]["collections"]  # young ones still run
        assert after[2]["collections"] == stats[2]["collections"]
        assert gc.get_freeze_count() > 0
    del kept
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_the_middle_generation_is_walked_after_a_few_young_passes_not_ten() -> None:
    """What young passes keep waits in the middle generation; walked after Python's ten young
    passes, it had grown to a 40-50 ms pause (autocomplete at 100 members, 10,000 films)."""
    async with collector.full_collections_on_a_timer(every_s=3600, first_after_s=3600):
        gc.collect(1)  # both younger generations empty: counting starts here
        before = gc.get_stats()
        young_passes = collector.MIDDLE_EVERY + 3  # the last one walks the middle one
        kept = [[n] for n in range(young_passes * collector.YOUNG_ALLOCATIONS)]
        after = gc.get_stats()
    assert len(kept) == young_passes * collector.YOUNG_ALLOCATIONS
    assert after[1]["collections"] > before[1]["collections"]
    assert after[2]["collections"] == before[2]["collections"]


async def test_an_answers_worth_of_allocations_sets_off_no_young_collection() -> None:
    """A first answer makes a few thousand objects, most freed once it is sent: at Python's
    default (700) two or three young passes ran inside each one, walking them all."""
    async with collector.full_collections_on_a_timer(every_s=3600, first_after_s=3600):
        gc.collect(0)  # the young generation empty: counting starts here
        before = gc.get_stats()[0]["collections"]
        kept = [[n] for n in range(5_000)]
        after = gc.get_stats()[0]["collections"]
    assert len(kept) == 5_000
    assert after == before


async def test_the_timer_runs_full_collections_until_the_block_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frozen_at_pass: list[int] = []  # objects frozen when each pass began
    six = asyncio.Event()

    def collect(*generation: int) -> int:
        frozen_at_pass.append(gc.get_freeze_count())
        if len(frozen_at_pass) >= 6:
            six.set()
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    async with collector.full_collections_on_a_timer(
        every_s=0.01, thorough_every=3, first_after_s=0.01
    ):
        # However long freezing a big test process takes.
        await asyncio.wait_for(six.wait(), scaled(30))
    passes = len(frozen_at_pass)
    await asyncio.sleep(0.05)

    assert len(frozen_at_pass) == passes  # none after the block
    # Each pass freezes what survived it; every third one first unfreezes, to walk everything.
    assert [count == 0 for count in frozen_at_pass[:6]] == [False, False, True] * 2


async def test_the_first_pass_comes_soon_after_start_then_the_timer_takes_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passes: list[float] = []
    first = asyncio.Event()

    def collect(*generation: int) -> int:
        passes.append(time.perf_counter())
        first.set()
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    async with collector.full_collections_on_a_timer(every_s=3600, first_after_s=0.01):
        await asyncio.wait_for(first.wait(), scaled(30))
        await asyncio.sleep(0.05)

    assert len(passes) == 1


class Arrivals:
    """``busy_at`` for the collector: an interaction has just arrived at every look until
    ``quiet``; ``looked`` is set once it has been looked at five times while busy."""

    def __init__(self) -> None:
        self.quiet = False
        self.looks_while_busy = 0
        self.looked = asyncio.Event()

    def __call__(self) -> float:
        if self.quiet:
            return float("-inf")
        self.looks_while_busy += 1
        if self.looks_while_busy >= 5:
            self.looked.set()
        return time.perf_counter()


async def test_a_full_pass_waits_for_a_quiet_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run when its minute was up, the pass landed in bursts of interactions as often as not,
    every member in flight waiting for all of it (benchmarks.e2e at 100 members)."""
    passes: list[int] = []
    ran = asyncio.Event()
    arrivals = Arrivals()

    def collect(*generation: int) -> int:
        passes.append(arrivals.looks_while_busy)
        ran.set()
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(collector, "RECHECK_S", 0.001)
    async with collector.full_collections_on_a_timer(
        every_s=3600, first_after_s=0.001, busy_at=arrivals
    ):
        # Due, and looked five times: busy.
        await asyncio.wait_for(arrivals.looked.wait(), scaled(30))
        assert passes == []
        arrivals.quiet = True
        await asyncio.wait_for(ran.wait(), scaled(30))
    assert len(passes) == 1


async def test_a_bot_never_quiet_has_its_full_pass_all_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran = asyncio.Event()

    def collect(*generation: int) -> int:
        ran.set()
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(collector, "RECHECK_S", 0.001)
    async with collector.full_collections_on_a_timer(
        every_s=3600, first_after_s=0.001, busy_at=time.perf_counter, longest_wait_s=0.01
    ):
        await asyncio.wait_for(ran.wait(), scaled(30))


async def test_the_younger_generations_are_emptied_in_quiet_moments_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A burst then starts with none of the young allowance spent and the middle generation
    empty: its first passes come as late as they can."""
    collected: list[tuple[int, ...]] = []
    tidied = asyncio.Event()
    arrivals = Arrivals()

    def collect(*generation: int) -> int:
        collected.append(generation)
        tidied.set()
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(gc, "get_count", lambda: (10, 1, 0))  # a young pass ran since
    monkeypatch.setattr(collector, "TIDY_EVERY_S", 0.001)
    async with collector.full_collections_on_a_timer(
        every_s=3600, first_after_s=3600, busy_at=arrivals
    ):
        await asyncio.wait_for(arrivals.looked.wait(), scaled(30))
        assert collected == []
        arrivals.quiet = True
        await asyncio.wait_for(tidied.wait(), scaled(30))
    assert collected[0] == (1,)


async def test_an_idle_bot_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[tuple[int, ...]] = []
    looks = 0
    enough_looks = asyncio.Event()

    def get_count() -> tuple[int, int, int]:
        nonlocal looks
        looks += 1
        if looks >= 5:
            enough_looks.set()
        return (10, 0, 0)  # nothing allocated to speak of since the last pass

    monkeypatch.setattr(gc, "collect", lambda *generation: collected.append(generation) or 0)
    monkeypatch.setattr(gc, "get_count", get_count)
    monkeypatch.setattr(collector, "TIDY_EVERY_S", 0.001)
    async with collector.full_collections_on_a_timer(every_s=3600, first_after_s=3600):
        await asyncio.wait_for(enough_looks.wait(), scaled(30))
    assert collected == []
