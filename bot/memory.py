"""Giving freed memory back to the operating system after work that churns through a lot of it.

CPython frees objects as soon as they are unused, but the C allocator (glibc's malloc) keeps
freed blocks for reuse, one pool per thread that allocated them. Indexing every film for search
streams over a gigabyte of text through three threads (the database's, the event loop's and the
index's) at 100k films, and each pool kept tens of MB of freed blocks: resident memory the bot
never used again. ``malloc_trim`` hands those pages back. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from collections.abc import Callable, Iterator

_trim: Callable[[int], int] | None = None
if sys.platform.startswith("linux"):
    try:
        _trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        _trim = None


def release_free_memory() -> None:
    """Return the C allocator's free pages to the system (a millisecond or so)."""
    if _trim is not None:
        _trim(0)


@contextlib.contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """No cyclic garbage collection within; the collector as it was after.

    For work that makes hundreds of thousands of long-lived objects and no garbage: importing
    the bot's code (0.1-0.25 s of a start's CPU went to passes over the classes, functions and
    tables being defined) and indexing every film (a third of that at 100k films). Each pass
    that such allocation sets off walks every object made so far, to find nothing.

    ``keep``: for imports only. Whatever exists at the end is moved out of the collector's
    sight for good (``gc.freeze``): the modules, classes and functions an import defines live
    as long as the process, so no pass needs to walk them, not the first after the pause (which
    walked the 130,000 objects of the bot's import, 0.08 s of a start's CPU) nor any full one
    later. Reference counting still frees them; only a cycle among them would never be. Not for
    a running bot's work: it would also hide objects in flight that end up in cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()
