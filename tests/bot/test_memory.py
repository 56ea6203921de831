"""``bot.memory.collector_paused``: no cyclic collection within, the collector as it was after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.memory import collector_paused


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_the_collector_is_paused_within_and_running_again_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_block_that_raised() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_kept_objects_are_out_of_the_collectors_sight_and_others_are_not() -> None:
    """``keep`` (imports) moves what exists at the end past every pass; without it the objects
    made within are tracked as before."""
    gc.unfreeze()
    gc.enable()
    with collector_paused():
        plain = [[] for _ in range(100)]
    assert gc.get_freeze_count() == 0
    assert any(item is plain[0] for item in gc.get_objects())
    try:
        with collector_paused(keep=True):
            kept = [[] for _ in range(100)]
        assert gc.isenabled()
        assert gc.get_freeze_count() > len(kept)
        assert not any(item is kept[0] for item in gc.get_objects())
        gc.collect()
        assert len(kept) == 100  # frozen objects stay as they are
    finally:
        gc.unfreeze()


def test_kept_objects_are_still_freed_when_no_longer_referenced() -> None:
    """Freezing hides objects from the cyclic collector, not from reference counting: an
    object the import let go of is gone at once."""
    import weakref

    class Thing:
        pass

    gc.unfreeze()
    try:
        with collector_paused(keep=True):
            thing = Thing()
            alive = weakref.ref(thing)
        del thing
        assert alive() is None
    finally:
        gc.unfreeze()
