"""An opt-in diagnostic: each event-loop step longer than a threshold logged, with what ran.

Every interaction waits while one step of the event loop runs, so a step of hundreds of
milliseconds is a stall every member in flight sees. ``logging.slow_steps_ms`` (off unless
set) times each step (``asyncio.Handle._run``) and logs those over it as a WARNING:

    loop step took 712 ms running Task film_ending (CPU 705 ms); gc: gen 2 690 ms; where: ...

- CPU is the loop thread's own, over the step: near the wall time, the bot itself was busy;
  far below it, the thread waited (the operating system did not run it, a lock, or another
  thread holding the interpreter).
- gc: collections that ran during the step, their generation and length.
- where: the loop thread's innermost project frames, sampled by a watcher thread while the
  step ran (none when the step held the interpreter throughout, as a collection does).

The timing costs about a microsecond per step: for finding a stall, not for always.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import gc
import logging
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

SAMPLE_EVERY_S = 0.005
_PROJECT = str(Path(__file__).resolve().parent.parent)
_PROJECT_DIRS = tuple(f"{_PROJECT}/{name}/" for name in ("bot", "client", "cogs"))


class SlowSteps:
    """Times loop steps on the thread that enters it (see the module)."""

    def __init__(self, threshold_s: float) -> None:
        self.threshold_s = threshold_s
        self.logged: list[str] = []
        """What was logged, newest last (the last 100): for tests and the benchmark."""
        self._thread_id = threading.get_ident()
        self._schedstat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
        self._step_started: float | None = None
        self._samples: collections.Counter[str] = collections.Counter()
        self._readings: collections.deque[tuple[float, int, int]] = collections.deque(maxlen=4)
        """The watcher's last readings of the loop thread's schedstat (when, ns on a CPU, ns
        waiting for one): a long step's end compares with the last one before it began."""
        self._collections: list[tuple[float, int, float, float, str]] = []
        """(ended, generation, wall s, CPU s, thread) of the last few collections: one in
        another thread holds the interpreter, so the loop thread waits for it too."""
        self._gc_started: dict[int, tuple[float, float]] = {}
        self._stop = threading.Event()

    def describe_step(self, handle: asyncio.Handle) -> str:
        callback: Any = handle._callback
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, asyncio.Task):
            coro = owner.get_coro()
            return f"Task {getattr(coro, '__qualname__', owner.get_name())}"
        return getattr(callback, "__qualname__", None) or repr(callback)

    def step_ran(
        self, handle: asyncio.Handle, started: float, cpu_started: float, all_started: float
    ) -> None:
        now = time.perf_counter()
        wall = now - started
        if wall < self.threshold_s:
            return
        cpu = time.thread_time() - cpu_started
        all_threads = time.process_time() - all_started
        line = (
            f"loop step took {wall * 1e3:.0f} ms running {self.describe_step(handle)}"
            f" (CPU: loop thread {cpu * 1e3:.0f} ms, all threads {all_threads * 1e3:.0f} ms)"
        )
        before = [reading for reading in list(self._readings) if reading[0] <= started]
        end = self._read_schedstat()
        if before and end is not None:
            since, ran_ns, waited_ns = before[-1]
            ran, waited = (end[0] - ran_ns) / 1e9, (end[1] - waited_ns) / 1e9
            span = now - since
            line += (
                f"; of the {span * 1e3:.0f} ms around it: running {ran * 1e3:.0f},"
                f" waiting for a CPU {waited * 1e3:.0f},"
                f" blocked {max(0.0, span - ran - waited) * 1e3:.0f}"
            )
        collections_in = [
            f"gen {generation} {seconds * 1e3:.0f} ms (CPU {gc_cpu * 1e3:.0f}{thread})"
            for ended, generation, seconds, gc_cpu, thread in self._collections
            if ended >= started and seconds >= 0.001
        ]
        if collections_in:
            line += "; gc: " + ", ".join(collections_in)
        if self._samples:
            where = ", ".join(f"{frame} ×{n}" for frame, n in self._samples.most_common(3))
            line += f"; where: {where}"
        log.warning("%s", line)
        self.logged = [*self.logged[-99:], line]

    def _read_schedstat(self) -> tuple[int, int] | None:
        """The loop thread's time on a CPU and waiting for one, in ns (Linux), or None."""
        try:
            ran, waited, _slices = self._schedstat.read_text().split()
        except (OSError, ValueError):
            return None
        return int(ran), int(waited)

    # --- the watcher thread: what the loop thread is doing while a step runs long ---------------

    def watch(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            now = time.perf_counter()
            if (reading := self._read_schedstat()) is not None:
                self._readings.append((now, *reading))
            started = self._step_started
            if started is None or now - started < self.threshold_s / 2:
                continue
            frame = sys._current_frames().get(self._thread_id)
            if frame is not None:
                self._samples[_where(frame)] += 1

    def on_collection(self, phase: str, info: dict[str, int]) -> None:
        thread = threading.get_ident()
        now, cpu = time.perf_counter(), time.thread_time()
        if phase == "start":
            self._gc_started[thread] = (now, cpu)
            return
        wall_started, cpu_started = self._gc_started.pop(thread, (now, cpu))
        where = "" if thread == self._thread_id else f", in {threading.current_thread().name}"
        collection = (now, info["generation"], now - wall_started, cpu - cpu_started, where)
        self._collections = [*self._collections[-9:], collection]


def _where(frame: FrameType) -> str:
    """The innermost frame of the project's own code (and the innermost of all, if not it)."""
    innermost = f"{frame.f_code.co_name} ({Path(frame.f_code.co_filename).name}:{frame.f_lineno})"
    current: FrameType | None = frame
    while current is not None:
        filename = current.f_code.co_filename
        if filename.startswith(_PROJECT_DIRS) and filename != __file__:
            code = current.f_code
            own = f"{code.co_qualname} ({code.co_filename[len(_PROJECT) + 1 :]}:{current.f_lineno})"
            return own if current is frame else f"{own} in {innermost}"
        current = current.f_back
    return innermost


@contextlib.contextmanager
def slow_steps_logged(threshold_ms: int | None) -> Iterator[SlowSteps | None]:
    """Within (on the event loop's thread): steps over ``threshold_ms`` logged; None: off."""
    if not threshold_ms:
        yield None
        return
    steps = SlowSteps(threshold_ms / 1e3)
    run = asyncio.Handle._run

    def timed_run(handle: asyncio.Handle) -> None:
        if threading.get_ident() != steps._thread_id:
            run(handle)
            return
        started, cpu_started = time.perf_counter(), time.thread_time()
        all_started = time.process_time()
        steps._step_started = started
        steps._samples.clear()
        try:
            run(handle)
        finally:
            steps._step_started = None
            steps.step_ran(handle, started, cpu_started, all_started)

    watcher = threading.Thread(target=steps.watch, name="slow-steps", daemon=True)
    asyncio.Handle._run = timed_run  # type: ignore[method-assign]
    gc.callbacks.append(steps.on_collection)
    watcher.start()
    log.warning("logging event-loop steps over %d ms (logging.slow_steps_ms)", threshold_ms)
    try:
        yield steps
    finally:
        steps._stop.set()
        watcher.join()
        gc.callbacks.remove(steps.on_collection)
        asyncio.Handle._run = run  # type: ignore[method-assign]
