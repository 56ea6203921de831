"""Python's cyclic garbage collector, arranged so no burst of interactions waits for a full pass.

A full collection walks every tracked object made since start-up: the films, documents and
search passages the answer caches hold (about 85,000 objects at 10,000 films), which held the
event loop for 40-75 ms, six times in a 40-second benchmark, while every waiting interaction
waited too: autocomplete p99 at 100 members went from about 60 ms to 130-230 ms. The cycles
those passes find are few (the caches hold plain values, freed by reference counting when
dropped), so here:

- what start-up built (catalog, modules, commands) is frozen out of every pass;
- young collections stay automatic: short, and where asyncio's cycles (a failed task and its
  traceback) are found;
- full collections stop being automatic and run on a timer instead, every
  ``FULL_COLLECTION_EVERY_S``: one pause a minute at most, rather than one whenever enough
  cache entries have been replaced, under load, when it costs most.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator

log = logging.getLogger(__name__)

FULL_COLLECTION_EVERY_S = 60.0
NEVER = 2**31 - 1
"""A threshold the oldest generation's count never reaches: no automatic full collection."""


@contextlib.asynccontextmanager
async def full_collections_on_a_timer(
    every_s: float = FULL_COLLECTION_EVERY_S,
) -> AsyncIterator[None]:
    """Within: start-up's objects frozen, full collections only every ``every_s`` seconds.
    The collector is as it was afterwards (the process may go on, as tests do)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], NEVER)
    timer = asyncio.create_task(_collect_every(every_s))
    try:
        yield
    finally:
        timer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await timer
        gc.set_threshold(*thresholds)
        gc.unfreeze()


async def _collect_every(every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        started = time.perf_counter()
        found = gc.collect()
        log.debug(
            "full collection: %d unreachable objects in %.1f ms",
            found,
            (time.perf_counter() - started) * 1e3,
        )
