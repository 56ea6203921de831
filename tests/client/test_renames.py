"""``client.renames``: Epilogue asks Discord for no rename it would hold for minutes."""

from __future__ import annotations

from client.renames import RenameBudget


def test_two_renames_per_channel_in_ten_minutes_then_again_once_the_first_is_old() -> None:
    now = [0.0]
    budget = RenameBudget(clock=lambda: now[0])

    assert budget.take(1) and budget.take(1)
    assert not budget.take(1), "a third within 10 minutes would be held"
    assert budget.take(2), "each channel has its own"
    now[0] = 599.0
    assert not budget.take(1)
    now[0] = 600.0
    assert budget.take(1) and budget.take(1) and not budget.take(1)
