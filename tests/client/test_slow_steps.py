"""client.slow_steps: the opt-in log of event-loop steps over a threshold, with what ran."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time

import pytest

from client.slow_steps import slow_steps_logged


async def holding_the_loop() -> None:
    time.sleep(0.03)  # noqa: ASYNC251 - a long step: nothing else on the loop runs meanwhile


async def test_a_step_over_the_threshold_is_logged_with_the_task_it_ran(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, "client.slow_steps"), slow_steps_logged(10) as steps:
        await asyncio.create_task(holding_the_loop())
        await asyncio.sleep(0)  # short steps: not logged
    assert steps is not None
    (line,) = steps.logged
    assert line.startswith("loop step took ")
    assert "running Task holding_the_loop (CPU: loop thread " in line
    assert line in caplog.text


async def test_a_collection_within_a_long_step_is_named() -> None:
    async def collecting() -> None:
        gc.disable()
        try:
            kept = [[n] for n in range(200_000)]  # young objects for the pass to walk
            gc.collect(0)
        finally:
            gc.enable()
        time.sleep(0.03)  # noqa: ASYNC251 - long enough to be logged
        del kept

    with slow_steps_logged(10) as steps:
        await asyncio.create_task(collecting())
    assert steps is not None
    (line,) = steps.logged
    assert "; gc: gen 0 " in line


async def test_off_unless_asked_and_nothing_left_behind() -> None:
    run, callbacks = asyncio.Handle._run, list(gc.callbacks)
    with slow_steps_logged(None) as steps:
        assert steps is None
        assert asyncio.Handle._run is run
    with slow_steps_logged(10):
        assert asyncio.Handle._run is not run
    assert asyncio.Handle._run is run
    assert gc.callbacks == callbacks


async def test_a_collection_in_another_thread_is_named_with_the_thread() -> None:
    """A pass in a worker holds the interpreter: the loop thread waits for it as for its own."""

    def collecting() -> None:
        gc.disable()
        try:
            kept = [[n] for n in range(200_000)]  # young objects for the pass to walk
            gc.collect(0)
        finally:
            gc.enable()
        time.sleep(0.03)
        del kept

    async def waiting_for_the_worker() -> None:
        worker = threading.Thread(target=collecting, name="render-worker")
        worker.start()
        worker.join()

    with slow_steps_logged(10) as steps:
        await asyncio.create_task(waiting_for_the_worker())
    assert steps is not None
    (line,) = steps.logged
    assert ", in render-worker)" in line
