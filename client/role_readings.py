"""Which of the roles an interaction carries may grant its member anything.

An interaction carries its member's roles as they were when it was made, and a RESUME (or a
network, or a stand-in) may deliver it again, or late, after a role was taken away: the
server's opt-in role (endings unwrapped) or moderator role. Read as sent, such a delivery gives
back what was taken: a replayed ``/film ending`` from before brought a fan whose opt-in role
was removed an ending unwrapped. Without the members intent Epilogue hears of a member's roles
only through their interactions, so it reads each as one sighting:

- an interaction it has already read (a replay: same id) grants by no role but @everyone;
  its first reading answered with what it carried, and whatever it carries now is as old;
- a role a member was seen without, in an interaction read for the first time, grants
  nothing in their interactions for ``WITHDRAWN_FOR_S`` after that (one made before it was
  taken, delivered late or again once its id was forgotten, cannot restore it; one made
  after the role came back waits out the same time: the stricter reading);
- memory is bounded: a member forgotten while a role taken from them still counted as taken
  makes every member not remembered read with @everyone alone until that time is over, and
  an interaction id forgotten is read as new, so the second rule still holds it.

A member update or removal, where Discord sends one (the members intent, or a stand-in), is
read the same way, as a sighting that can only take a role away (``seen_with``).

Grants are taken from here (``Invocation.role_ids``); permissions in a channel (which a
role's deny may narrow) are Discord's, less what came only through a role that grants nothing
(``client.delivery.without_withheld_roles``).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

WITHDRAWN_FOR_S = 15 * 60.0
"""How long a role seen taken away grants nothing: an interaction's token lasts 15 minutes,
so no interaction made before a removal can still be answered after that."""
MEMBERS = 65_536
"""Members remembered (their latest roles and the roles taken from them), least recent first out."""
INTERACTIONS = 65_536
"""Interaction ids remembered as read, oldest first out."""


@dataclass
class _Member:
    latest: frozenset[int]
    withdrawn: dict[int, float] = field(default_factory=dict)
    """Role id -> when it was last seen taken away."""
    only: frozenset[int] | None = None
    """The roles a member update showed, when no reading came before it: any other was taken
    away as far as is known, as of ``only_at``."""
    only_at: float = float("-inf")

    def live(self, now: float) -> frozenset[int]:
        """Roles taken away less than ``WITHDRAWN_FOR_S`` ago."""
        return frozenset(r for r, at in self.withdrawn.items() if now - at < WITHDRAWN_FOR_S)

    def granting(self, roles: frozenset[int], now: float) -> frozenset[int]:
        kept = roles - self.live(now)
        if self.only is not None and now - self.only_at < WITHDRAWN_FOR_S:
            kept &= self.only
        return kept


class RoleReadings:
    def __init__(
        self,
        *,
        members: int = MEMBERS,
        interactions: int = INTERACTIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._members: OrderedDict[tuple[int, int], _Member] = OrderedDict()
        self._read: OrderedDict[int, None] = OrderedDict()
        self._members_size = members
        self._interactions_size = interactions
        self._clock = clock
        self._unsure_until = float("-inf")
        """Until then a member not remembered may have had a role taken: trust none of theirs."""
        self._roles_left_out: OrderedDict[int, None] = OrderedDict()

    def roles_left_out(self, interaction_id: int) -> None:
        """``interaction_id``'s member came without ``roles`` (read as none): not a sighting.
        Forgotten past ``INTERACTIONS`` noted: then read as one (the stricter reading)."""
        self._roles_left_out[interaction_id] = None
        if len(self._roles_left_out) > self._interactions_size:
            self._roles_left_out.popitem(last=False)

    def granting(
        self, guild_id: int, user_id: int, interaction_id: int, roles: frozenset[int]
    ) -> frozenset[int]:
        """The roles of ``roles`` (as ``interaction_id`` carries them, @everyone's id included)
        that may grant ``user_id`` anything in ``guild_id``. Call once per delivery."""
        now = self._clock()
        everyone = roles & {guild_id}
        if interaction_id in self._read:
            return everyone  # delivered again: as old as its first reading
        self._remember_read(interaction_id)
        if interaction_id in self._roles_left_out:
            # Read as no roles (the stricter reading), but no sign that any was taken away.
            self._roles_left_out.pop(interaction_id)
            member = self._members.get((guild_id, user_id))
            if member is None and now < self._unsure_until:
                return everyone
            return roles if member is None else member.granting(roles, now) | everyone
        key = (guild_id, user_id)
        member = self._members.pop(key, None)
        if member is None:
            member = _Member(latest=roles)
            unsure = now < self._unsure_until
        else:
            for role in member.latest - roles:
                member.withdrawn[role] = now
            live = member.live(now)
            member.withdrawn = {r: at for r, at in member.withdrawn.items() if r in live}
            member.latest = roles
            unsure = False
        self._members[key] = member
        self._forget_beyond_size(now)
        if unsure:
            return everyone
        return member.granting(roles, now) | everyone

    def seen_with(self, guild_id: int, user_id: int, roles: frozenset[int] | None) -> None:
        """A member update (GUILD_MEMBER_UPDATE: ``roles``, @everyone's id included) or removal
        (GUILD_MEMBER_REMOVE: None) showed ``user_id``'s roles: what it lacks was taken away,
        as an interaction lacking it would say. Never a grant: such an event may be a replay
        of an older one (it then takes away for ``WITHDRAWN_FOR_S`` a role given since, the
        stricter reading)."""
        now = self._clock()
        shown = roles if roles is not None else frozenset({guild_id})
        key = (guild_id, user_id)
        member = self._members.pop(key, None)
        if member is None:
            member = _Member(latest=shown, only=shown, only_at=now)
        else:
            for role in member.latest - shown:
                member.withdrawn[role] = now
            member.latest &= shown
        self._members[key] = member
        self._forget_beyond_size(now)

    def _remember_read(self, interaction_id: int) -> None:
        self._read[interaction_id] = None
        if len(self._read) > self._interactions_size:
            self._read.popitem(last=False)

    def _forget_beyond_size(self, now: float) -> None:
        while len(self._members) > self._members_size:
            _, forgotten = self._members.popitem(last=False)
            taken = [*forgotten.withdrawn.values(), forgotten.only_at]
            self._unsure_until = max(self._unsure_until, *(at + WITHDRAWN_FOR_S for at in taken))


def watch_members(parsers: dict[str, Callable[[Any], None]], readings: RoleReadings) -> None:
    """Show ``readings`` each GUILD_MEMBER_UPDATE and GUILD_MEMBER_REMOVE, before discord.py
    reads it (which drops one for a member it does not hold)."""

    def watching(event: str, roles_of: Callable[[dict[str, Any]], frozenset[int] | None]) -> None:
        parse = parsers[event]

        def parse_and_watch(data: Any) -> None:
            try:
                guild_id, user_id = int(data["guild_id"]), int(data["user"]["id"])
                readings.seen_with(guild_id, user_id, roles_of(data))
            except (KeyError, TypeError, ValueError):
                pass  # discord.py's own parser says what is wrong with it
            parse(data)

        parsers[event] = parse_and_watch

    def roles(data: dict[str, Any]) -> frozenset[int]:
        return frozenset((*(int(r) for r in data["roles"]), int(data["guild_id"])))

    watching("GUILD_MEMBER_UPDATE", roles)
    watching("GUILD_MEMBER_REMOVE", lambda data: None)


def watch_left_out_roles(parsers: dict[str, Callable[[Any], None]], readings: RoleReadings) -> None:
    """Note each INTERACTION_CREATE whose member comes without ``roles``, before anything fills
    them in (as none): no sign that a role was taken away. Installed after every other
    interaction parser, so it reads the payload as Discord sent it."""
    parse = parsers["INTERACTION_CREATE"]

    def parse_and_note(data: Any) -> None:
        try:
            member = data.get("member")
            if data.get("guild_id") is not None and (
                not isinstance(member, dict) or member.get("roles") is None
            ):
                readings.roles_left_out(int(data["id"]))
        except (AttributeError, KeyError, TypeError, ValueError):
            pass  # discord.py's own parser says what is wrong with it
        parse(data)

    parsers["INTERACTION_CREATE"] = parse_and_note
