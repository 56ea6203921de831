"""Giving freed memory back to the operating system after work that churns through a lot of it.

CPython frees objects as soon as they are unused, but the C allocator (glibc's malloc) keeps
freed blocks for reuse, one pool per thread that allocated them. Indexing every film for search
streams over a gigabyte of text through three threads (the database's, the event loop's and the
index's) at 100k films, and each pool kept tens of MB of freed blocks: resident memory the bot
never used again. ``malloc_trim`` hands those pages back. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

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
