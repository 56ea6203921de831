"""The names a channel or thread (and a forum post's tags) was seen with lately, whichever
discord.py holds now.

discord.py keeps one name per channel: the one its last CHANNEL_UPDATE/THREAD_UPDATE said. A
RESUME replays old events, and a replayed rename puts the old name back in its cache though
Discord shows the new one: a thread renamed to a film's title would then stop telling the guard
which film its messages are about, and an ending posted there naming no film would stay up. The
guard reads a message with every name its place (and its thread's parent) was seen with in
events lately, as readers may have seen any of them (``NAMES_S``); more context only ever
makes it read a message as about more films, never fewer.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

NAMES_S = 600.0
"""How long a name seen in an event is kept beside the cached one: a RESUME replays what the
session missed in its last minutes; a name dropped long ago tells no reader anything."""
PLACES = 4096
"""Channels and threads whose recent names are kept, the least recently renamed forgotten."""
NAMES_EACH = 8
"""Names (a forum post's tags too) kept per place, the oldest seen forgotten first."""


class RecentNames:
    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        places: int = PLACES,
        keep_s: float = NAMES_S,
    ) -> None:
        self._clock, self._places, self._keep_s = clock, places, keep_s
        self._seen: OrderedDict[int, dict[str, float]] = OrderedDict()

    def saw(self, place_id: int, *names: str | None) -> None:
        """An event showed ``place_id`` with ``names`` (a rename's old and new, in either
        order: a replayed one's "new" name is the old one)."""
        now = self._clock()
        seen = self._seen.setdefault(place_id, {})
        for name in names:
            if name:
                seen.pop(name, None)
                seen[name] = now
        while len(seen) > NAMES_EACH:
            del seen[next(iter(seen))]
        self._seen.move_to_end(place_id)
        while len(self._seen) > self._places:
            self._seen.popitem(last=False)

    def of(self, *place_ids: int | None) -> tuple[str, ...]:
        """The names the places were seen with in the last ``NAMES_S`` seconds."""
        oldest = self._clock() - self._keep_s
        found: list[str] = []
        for place_id in place_ids:
            seen = self._seen.get(place_id) if place_id is not None else None
            found += [name for name, at in (seen or {}).items() if at >= oldest]
        return tuple(dict.fromkeys(found))
