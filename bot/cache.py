"""The one cache type: values by key, least recently used dropped first, optionally aged out.

``LruCache`` holds what a caller computed (rendered pages, cooldown stamps); ``LoadingCache``
loads what it lacks and never keeps a load that raced a ``forget``, nor anything while
``trusted`` says no one would tell it of a change.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most ``size`` values; each trusted for ``max_age`` seconds of ``clock`` if given."""

    def __init__(
        self,
        size: int,
        *,
        max_age: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._size = size
        self._max_age = max_age
        self._clock = clock
        # Values alone, without an age to check: no (time, value) pair made for each put, which
        # the garbage collector would count and walk (a keystroke's searches put several).
        self._values: OrderedDict[K, Any] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value, or None when it is missing or older than ``max_age``."""
        cached = self._values.get(key)
        if cached is None:
            return None
        if self._max_age is None:
            self._values.move_to_end(key)
            return cached  # type: ignore[no-any-return]
        if self._clock() - cached[0] >= self._max_age:
            del self._values[key]
            return None
        self._values.move_to_end(key)
        return cached[1]  # type: ignore[no-any-return]

    def put(self, key: K, value: V, *, at: float | None = None) -> None:
        """Keep ``value``; ``at`` is when it was read (its age counts from then), default now."""
        if self._max_age is None:
            self._values[key] = value
        else:
            self._values[key] = (self._clock() if at is None else at, value)
        self._values.move_to_end(key)
        if len(self._values) > self._size:
            self._values.popitem(last=False)

    def forget(self, key: K) -> None:
        self._values.pop(key, None)

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


class LoadingCache(Generic[K, V]):
    """An ``LruCache`` that loads a missing value with ``load``.

    A load that started before a ``forget`` (or ``clear``) does not store what it read: the row
    may have changed after it was read. While ``trusted()`` is False (this process cannot hear
    of other processes' changes: ``bot.db.change_feed``), nothing is kept or read from memory,
    and what was held before is dropped: every ``get`` loads what is stored now.
    """

    def __init__(
        self,
        load: Callable[[K], Awaitable[V]],
        size: int,
        *,
        max_age: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._clock = clock
        self._values: LruCache[K, V] = LruCache(size, max_age=max_age, clock=clock)
        self._forgotten = 0  # counts forgets, so a load can tell whether one happened meanwhile
        self.trusted: Callable[[], bool] = _always

    async def get(self, key: K) -> V:
        trusted = self.trusted()
        if not trusted and len(self._values):
            self.clear()  # held from before: it may have changed unheard since
        cached = self._values.get(key) if trusted else None
        if cached is not None:
            return cached
        started, forgotten = self._clock(), self._forgotten
        value = await self._load(key)
        if trusted and forgotten == self._forgotten and self.trusted():
            self._values.put(key, value, at=started)
        return value

    def forget(self, key: K) -> None:
        self._forgotten += 1
        self._values.forget(key)

    def clear(self) -> None:
        self._forgotten += 1
        self._values.clear()


def _always() -> bool:
    return True
