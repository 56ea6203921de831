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

What is kept is bounded, and replays can outrun it: more old names than ``NAMES_EACH``
delivered again push the one Discord shows out, and a place pushed out of memory by renames
elsewhere keeps only discord.py's name, which a replay may have set. Such a place is marked
unsure, and before the guard reads a message there its name (a forum's tags, the server's
roles) is read from Discord's API, which shows it as it is now (``confirm``; bounded like the
guard's other lookups, and a place whose lookup failed or was over budget is read with what is
known, and logged).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import discord

from bot.cache import LruCache
from bot.minute_budget import MinuteBudget

log = logging.getLogger(__name__)

PLACES = 4096
"""Places whose names are kept, the least recently renamed forgotten first."""
NAMES_EACH = 8
"""Names (a forum post's tags too) kept per place, the oldest seen forgotten first."""
UNSURE = 4096
"""Places remembered as unsure; past that, every place not remembered is unsure."""
FAILED_AGE_S = 60.0
"""How long a lookup Discord refused is not asked again."""


class RecentNames:
    def __init__(
        self,
        *,
        places: int = PLACES,
        unsure: int = UNSURE,
        per_guild: int = 5,
        overall: int = 30,
    ) -> None:
        self._places = places
        self._seen: OrderedDict[int, dict[str, None]] = OrderedDict()
        self._unsure: OrderedDict[int, None] = OrderedDict()
        self._unsure_size = unsure
        self._forgot_unsure = False
        self._budget = MinuteBudget(per_guild=per_guild, overall=overall)
        self._failed: LruCache[int, bool] = LruCache(unsure, max_age=FAILED_AGE_S)

    def saw(self, place_id: int, *names: str | None) -> None:
        """An event showed ``place_id`` with ``names`` (a rename's old and new, in either
        order: a replayed one's "new" name is the old one)."""
        self._keep(place_id, names, sure=False)

    def _keep(self, place_id: int, names: Iterable[str | None], *, sure: bool) -> None:
        seen = self._seen.setdefault(place_id, {})
        for name in names:
            if name:
                seen.pop(name, None)
                seen[name] = None
        while len(seen) > NAMES_EACH:
            del seen[next(iter(seen))]
            if not sure:  # the one Discord shows may be the one dropped
                self._mark_unsure(place_id)
        self._seen.move_to_end(place_id)
        while len(self._seen) > self._places:
            forgotten, had = self._seen.popitem(last=False)
            if len(had) > 1:  # discord.py's may be a replayed old one
                self._mark_unsure(forgotten)

    def _mark_unsure(self, place_id: int) -> None:
        self._unsure[place_id] = None
        self._unsure.move_to_end(place_id)
        while len(self._unsure) > self._unsure_size:
            self._unsure.popitem(last=False)
            self._forgot_unsure = True

    def unsure(self, place_id: int) -> bool:
        """Whether the name Discord shows for ``place_id`` may be neither discord.py's nor
        among those kept."""
        if place_id in self._unsure:
            return True
        return self._forgot_unsure and place_id not in self._seen

    def confirmed(self, place_id: int, *names: str) -> None:
        """Discord's API showed ``place_id`` with ``names`` now: kept, and the place is sure."""
        self._keep(place_id, names, sure=True)
        self._unsure.pop(place_id, None)

    def of(self, *place_ids: int | None) -> tuple[str, ...]:
        """The names the places were seen with."""
        found: list[str] = []
        for place_id in place_ids:
            if place_id is not None:
                found += self._seen.get(place_id, {})
        return tuple(dict.fromkeys(found))

    async def confirm(
        self,
        client: discord.Client,
        guild_id: int,
        *,
        channels: Iterable[int | None] = (),
        roles: Iterable[int] = (),
        tags: Iterable[int] = (),
        forum_id: int | None = None,
    ) -> None:
        """Read from Discord the names of the unsure places among ``channels`` (threads too),
        ``roles`` and a forum post's ``tags`` (of the forum ``forum_id``)."""
        wanted = [c for c in dict.fromkeys(channels) if c is not None and self.unsure(c)]
        if forum_id is not None and any(self.unsure(tag) for tag in tags):
            wanted.append(forum_id)
        for channel_id in dict.fromkeys(wanted):
            found = await self._look_up(guild_id, channel_id, client.http.get_channel)
            if isinstance(found, dict):
                if found.get("name"):
                    self.confirmed(channel_id, str(found["name"]))
                for tag in found.get("available_tags") or ():
                    if isinstance(tag, dict) and tag.get("id") and tag.get("name"):
                        self.confirmed(int(tag["id"]), str(tag["name"]))
        if any(self.unsure(role) for role in roles):
            found = await self._look_up(guild_id, guild_id, client.http.get_roles)
            for role in found if isinstance(found, list) else ():
                if isinstance(role, dict) and role.get("id") and role.get("name"):
                    self.confirmed(int(role["id"]), str(role["name"]))

    async def _look_up(self, guild_id: int, subject: int, read: Any) -> Any:
        if self._failed.get(subject) or not self._budget.take(guild_id):
            log.warning(
                "guild %s: the name of %s may be one a replayed event set, and could not be"
                " read from Discord now: read with the names known",
                guild_id,
                subject,
            )
            return None
        try:
            return await read(subject)
        except (discord.HTTPException, OSError) as exc:
            log.info("could not read the name of %s: %s", subject, exc)
            self._failed.put(subject, True)
            return None


REPLACING = {
    "GUILD_CREATE": ("id", None),
    "THREAD_LIST_SYNC": ("guild_id", None),
    "CHANNEL_CREATE": ("guild_id", "id"),
    "THREAD_CREATE": ("guild_id", "id"),
    "GUILD_ROLE_CREATE": ("guild_id", "role"),
}
"""Events that replace what discord.py holds of a place with no rename event (by the keys of
their server's id and of the one place, None: the whole server's)."""


def watch_server_descriptions(state: Any, names: RecentNames) -> None:
    """Show ``names`` the names these events change in what discord.py already held.

    A server described again (back from an outage, or a RESUME's replay of an older
    GUILD_CREATE), a thread list synced, a channel, thread or role created again (a replayed
    creation) replace what discord.py holds with no rename event: an old description put a
    channel's old name back, and the film its current name names (which no event had shown, as
    it was so from the start) was lost to the guard. Both names are kept, as for a rename
    either way."""
    for event, (server_key, place_key) in REPLACING.items():
        _watch(state, names, event, server_key, place_key)


def _watch(
    state: Any, names: RecentNames, event: str, server_key: str, place_key: str | None
) -> None:
    parse = state.parsers[event]

    def parse_and_note(data: Any) -> None:
        try:
            guild = state._get_guild(int(data[server_key]))
            place = data[place_key] if place_key is not None else None
            place_id = int(place["id"] if isinstance(place, dict) else place) if place else None
        except (KeyError, TypeError, ValueError):
            guild, place_id = None, None
        before = _names_held(guild, place_id) if guild is not None else {}
        parse(data)
        if not before:
            return
        after = _names_held(state._get_guild(guild.id) or guild, place_id)
        for held_id, name in before.items():
            now = after.get(held_id)
            if now is not None and now != name:
                names.saw(held_id, name, now)

    state.parsers[event] = parse_and_note


def _names_held(guild: discord.Guild, place_id: int | None) -> dict[int, str]:
    """The names discord.py holds of ``guild``'s channels, threads, roles and forum tags (of
    ``place_id`` alone, when given)."""
    if place_id is not None:
        one = guild.get_channel_or_thread(place_id) or guild.get_role(place_id)
        places: list[Any] = [one] if one is not None else []
    else:
        places = [*guild.channels, *guild.threads, *guild.roles]
    held: dict[int, str] = {}
    for place in places:
        held[place.id] = place.name
        for tag in getattr(place, "available_tags", ()):
            held[tag.id] = tag.name
    return held
