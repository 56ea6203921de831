"""The sliding minute shared by the guard's pace and the client's lookups."""

from __future__ import annotations

import asyncio

from bot.minute_budget import MinuteBudget
from tests.support.fake_time import FakeTime


def test_without_a_bound_in_all_only_each_servers_minute_counts() -> None:
    budget = MinuteBudget(per_guild=2, overall=None)
    assert all(budget.take(guild) for guild in range(50) for _ in range(2))
    assert not budget.take(7)


def test_a_bound_in_all_holds_across_servers() -> None:
    budget = MinuteBudget(per_guild=2, overall=3)
    assert [budget.take(guild) for guild in (1, 2, 3, 4)] == [True, True, True, False]


def test_a_changed_pace_applies_to_the_next_action() -> None:
    budget = MinuteBudget(per_guild=1, overall=None)
    assert budget.take(1)
    assert not budget.take(1)
    budget.per_guild = 2
    assert budget.take(1)


def test_a_turn_past_the_pace_waits_until_the_oldest_action_is_a_minute_old() -> None:
    time = FakeTime()
    budget = MinuteBudget(per_guild=1, overall=None, clock=time.clock)
    assert budget.take(1)
    time.now += 15.0
    assert asyncio.run(budget.turn(1, time.sleep, waiting=5))
    assert time.slept == [45.0]


def test_a_turn_is_refused_at_once_when_enough_already_wait() -> None:
    time = FakeTime()
    budget = MinuteBudget(per_guild=1, overall=None, clock=time.clock)
    assert budget.take(1)
    assert not asyncio.run(budget.turn(1, time.sleep, waiting=0))
    assert time.slept == []
