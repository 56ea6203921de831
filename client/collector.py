"""Python's cyclic garbage collector, arranged so no burst of interactions waits for a full pass.

A full collection walks every tracked object not frozen: the films and documents the answer
caches hold, the catalog's structures built after start-up (85,000-250,000 objects at 10,000
films, search passages then among them). Left to itself it held the event loop for
40-75 ms, six times in a 40-second benchmark, while every waiting interaction waited too
(autocomplete p99 at 100 members 130-230 ms). The cycles those passes find are few (the caches
hold plain values, freed by reference counting when dropped), so here:

- young collections stay automatic: short, and where asyncio's cycles (a failed task and its
  traceback) are found; but after ``YOUNG_ALLOCATIONS`` allocations, not Python's 700: a first
  answer makes a few thousand objects (its texts, their blocks, the renderer's pieces), nearly
  all freed once it is sent, and at 700 two or three young passes ran inside each answer,
  walking those still in use and moving them to an older generation that a later pass walks
  again (about 50-80 µs of a first answer's 1.4 ms of CPU, `benchmarks.client_cpu`);
- the middle generation (what survived a young pass) is walked once ``MIDDLE_EVERY`` young
  passes have run since it last was, not Python's ten: it holds what the young passes in
  between kept (what the caches took in, interactions in flight and their discord.py
  cycles), and after ten passes walking it held the loop for 40-56 ms of CPU at 10,000 films
  (``benchmarks.e2e`` autocomplete at 100 members), every keystroke in flight waiting; after
  two, 13-25 ms. What survives it goes on to the oldest generation, which the timer walks
  anyway;
- full collections are never set off by allocation; a timer runs one every
  ``FULL_COLLECTION_EVERY_S`` and then freezes what survived it, so the next pass walks only
  what was made since (a minute's worth, tens of milliseconds) instead of everything again;
- a pass the timer calls waits for a quiet moment: no interaction arrived for ``QUIET_S``.
  Run whenever the minute was up, it landed in a burst as often as not, and every member in
  flight waited for the whole pass (``benchmarks.e2e`` at 100 members: a 100-480 ms step on a
  shared machine, tens of ms of CPU, the longest step of the run; ``logging.slow_steps_ms``
  shows each). A bot never quiet for ``LONGEST_WAIT_S`` has its pass anyway;
- in quiet moments (``TIDY_EVERY_S``), a middle pass empties the two younger generations when
  the last burst left anything in them: the next burst starts with none of its allowance spent,
  so its first young pass comes a whole ``YOUNG_ALLOCATIONS`` in and its first middle pass
  ``MIDDLE_EVERY`` young passes later, instead of whenever the last burst's counts ran out;
- what a burst leaves in the caches survives the young pass that meets it and is walked again
  by the next middle pass, both inside the burst, and by the next full one: a kept value is
  best a few tracked objects. A tuple of strings, numbers and None, however long, is none once
  a pass has met it (Python stops tracking it; a tuple of such tuples takes a pass a level).
  A search's kept film is two (``bot.features.film.search.SearchableFilm``): as a
  ``FilmText`` with a ``Passage`` and two ``Block`` objects a passage it was some 115, and
  after a run of searches the 256 kept were half of what each middle pass walked (30,000 of
  60,000 objects, 35-46 ms of CPU on a loaded machine). The search index keeps numbers in
  arrays and its postings in SQLite: nothing to walk;
- the first pass comes ``FIRST_PASS_AFTER_S`` after start, while the bot is still connecting:
  what logging in and the first indexes built is the longest walk there will be (a quarter of a
  second at 10,000 films), better taken before members are answered than a minute in;
- every ``THOROUGH_EVERY``-th pass unfreezes first and walks everything, for cycles among
  objects that were alive when frozen and died since: one long pause an hour, not one a
  minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator, Callable

log = logging.getLogger(__name__)

FULL_COLLECTION_EVERY_S = 60.0
FIRST_PASS_AFTER_S = 5.0
THOROUGH_EVERY = 60
"""Passes between two that walk every object (hourly, at one pass a minute)."""
YOUNG_ALLOCATIONS = 20_000
"""Allocations (less deallocations) of tracked objects between two young collections: a whole
answer's worth, so most of what it makes is freed before any pass looks at it."""
MIDDLE_EVERY = 2
"""Young passes between two passes over the middle generation (Python's default: 10)."""
NEVER = 2**31 - 1
"""A threshold the oldest generation's count never reaches: no automatic full collection."""
QUIET_S = 0.25
"""A full pass waits until no interaction has arrived for this long: far longer than an answer
takes (a few ms), so none is in flight, and a member's next keystroke seldom comes so soon."""
RECHECK_S = 0.05
LONGEST_WAIT_S = 600.0
"""A pass waits no longer than this for a quiet moment: what a busy bot's cycles hold is freed
at least this often."""

TIDY_EVERY_S = 1.0
"""How often a quiet bot's younger generations are looked at (``_tidy_when_quiet``)."""


def never_busy() -> float:
    """``busy_at`` where nothing tells when interactions arrive: every moment is quiet."""
    return float("-inf")


@contextlib.asynccontextmanager
async def full_collections_on_a_timer(
    every_s: float = FULL_COLLECTION_EVERY_S,
    thorough_every: int = THOROUGH_EVERY,
    first_after_s: float = FIRST_PASS_AFTER_S,
    busy_at: Callable[[], float] = never_busy,
    longest_wait_s: float = LONGEST_WAIT_S,
) -> AsyncIterator[None]:
    """Within: what exists now frozen, full collections only on the timer, each in a quiet
    moment (see the module). ``busy_at``: when the last interaction arrived
    (``time.perf_counter``). The collector is as it was afterwards (the process may go on, as
    tests do)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], YOUNG_ALLOCATIONS), MIDDLE_EVERY, NEVER)
    timers = [
        asyncio.create_task(
            _collect_every(every_s, thorough_every, first_after_s, busy_at, longest_wait_s)
        ),
        asyncio.create_task(_tidy_when_quiet(busy_at)),
    ]
    try:
        yield
    finally:
        for timer in timers:
            timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await timer
        gc.set_threshold(*thresholds)
        gc.unfreeze()


async def _collect_every(
    every_s: float,
    thorough_every: int,
    first_after_s: float,
    busy_at: Callable[[], float],
    longest_wait_s: float,
) -> None:
    passes = 0
    wait = first_after_s
    while True:
        await asyncio.sleep(wait)
        wait = every_s
        await _quiet_moment(busy_at, time.perf_counter() + longest_wait_s)
        passes += 1
        thorough = passes % thorough_every == 0
        started = time.perf_counter()
        if thorough:
            gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        log.debug(
            "%s collection: %d unreachable objects in %.1f ms",
            "thorough" if thorough else "full",
            found,
            (time.perf_counter() - started) * 1e3,
        )


async def _tidy_when_quiet(busy_at: Callable[[], float]) -> None:
    """A middle pass in a quiet moment when a young pass ran since the last one, or a quarter of
    the young generation's allowance is spent (an idle bot is left alone)."""
    while True:
        await asyncio.sleep(TIDY_EVERY_S)
        young, middle, _old = gc.get_count()
        quiet = time.perf_counter() - busy_at() >= QUIET_S
        if quiet and (middle > 0 or young > YOUNG_ALLOCATIONS // 4):
            gc.collect(1)


async def _quiet_moment(busy_at: Callable[[], float], give_up_at: float) -> None:
    """Return once no interaction has arrived for ``QUIET_S``, or at ``give_up_at``."""
    while True:
        now = time.perf_counter()
        if now - busy_at() >= QUIET_S or now >= give_up_at:
            return
        await asyncio.sleep(RECHECK_S)
