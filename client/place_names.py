"""The names a channel, thread or role (and a forum post's tags) was seen with, whichever
discord.py holds now.

discord.py keeps one name per channel: the one its last CHANNEL_UPDATE/THREAD_UPDATE said, and
keeps it until the next. A RESUME replays old events, and a replayed rename puts the old name
back in its cache though Discord shows the new one: a thread renamed to a film's title would
then stop telling the guard which film its messages are about, and an ending posted there
naming no film would stay up. Events carry no time to tell which name is newer, so the guard
reads a message with every name its place (its thread's parent, the channels and roles it
mentions) was seen with in events, the last ``NAMES_EACH``; more context only ever makes it
read a message as about more films, never fewer (at worst a message is hidden, reposted
behind bars whole).
"""

from __future__ import annotations

from collections import OrderedDict

PLACES = 4096
"""Places whose names are kept, the least recently renamed forgotten first."""
NAMES_EACH = 8
"""Names (a forum post's tags too) kept per place, the oldest seen forgotten first."""


class RecentNames:
    def __init__(self, *, places: int = PLACES) -> None:
        self._places = places
        self._seen: OrderedDict[int, dict[str, None]] = OrderedDict()

    def saw(self, place_id: int, *names: str | None) -> None:
        """An event showed ``place_id`` with ``names`` (a rename's old and new, in either
        order: a replayed one's "new" name is the old one)."""
        seen = self._seen.setdefault(place_id, {})
        for name in names:
            if name:
                seen.pop(name, None)
                seen[name] = None
        while len(seen) > NAMES_EACH:
            del seen[next(iter(seen))]
        self._seen.move_to_end(place_id)
        while len(self._seen) > self._places:
            self._seen.popitem(last=False)

    def of(self, *place_ids: int | None) -> tuple[str, ...]:
        """The names the places were seen with."""
        found: list[str] = []
        for place_id in place_ids:
            if place_id is not None:
                found += self._seen.get(place_id, {})
        return tuple(dict.fromkeys(found))
