"""Re-hiding recorded in the database, so a restart mid-way leaves no answer showing endings.

When a change ends a spoiler channel Epilogue edits its own open answers there
(``bot/spoiler_policy/rehiding.py``, ``client/rehiding.py``). The moderator is told they will be
hidden, so the work is recorded before the reply is sent: one row per change, holding the rules
before it and, once the adapter listed them, the places left, narrowed as each is done and
deleted at the end. A process that stops mid-way (a restart, a crash, a redeploy, a shard moved
to another process) leaves the row; whichever process holds the server resumes it when the
server becomes available (GUILD_CREATE). Doing a place twice is harmless: a message that shows
nothing openly any more is not edited again (``rehidden`` returns None).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.renames import CONTENT_FIX
from bot.db.models import AuditEntry, PendingRehiding, utcnow
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.stored_rules import GuildRules

LOG_ACTION = "rehide"
"""The moderators' log action of a resumed re-hiding that left places showing endings."""
LOG_DETAIL_LIMIT = 500
"""``AuditEntry.detail``'s size."""


UNLISTED = "archived_threads_of:"
"""The key, in a row's ``places``, of a channel whose archived threads are still to be listed
(Discord failed the listing for a passing reason: a 5xx, no answer, a long rate limit, a page
it could not read): each place's key is its id, so this prefix never names one."""


@dataclass(frozen=True)
class Pending:
    """One recorded re-hiding: the server's rules before the change, and the places left
    (id: withhold rather than wrap), None until they were listed. ``unlisted``: the channels
    whose archived threads Discord failed to list, listed again when it is resumed."""

    id: int
    guild_id: int
    user_id: int
    before: GuildRules
    places: dict[int, bool] | None
    unlisted: frozenset[int] = frozenset()


def _stored_rules(rules: GuildRules) -> dict[str, object]:
    """What of ``rules`` says where a message was shown openly: the modes."""
    return {
        "default": rules.default_mode.value,
        "channels": {str(place): mode.value for place, mode in rules.channel_modes.items()},
    }


def _read_rules(guild_id: int, stored: dict[str, object]) -> GuildRules:
    channels = stored.get("channels") or {}
    assert isinstance(channels, dict)
    return GuildRules(
        guild_id=guild_id,
        default_mode=ChannelMode(str(stored["default"])),
        channel_modes={int(place): ChannelMode(mode) for place, mode in channels.items()},
    )


def _stored_places(places: dict[int, bool], unlisted: Collection[int] = ()) -> dict[str, bool]:
    stored = {str(place): withhold for place, withhold in places.items()}
    return stored | {f"{UNLISTED}{parent}": True for parent in unlisted}


def _read_places(stored: dict[str, bool]) -> tuple[dict[int, bool], frozenset[int]]:
    """A row's ``places``: the places left, and the channels whose archived threads are still
    to be listed."""
    places = {int(key): bool(w) for key, w in stored.items() if not key.startswith(UNLISTED)}
    unlisted = frozenset(
        int(key.removeprefix(UNLISTED)) for key in stored if key.startswith(UNLISTED)
    )
    return places, unlisted


class PendingRehidings:
    """The recorded re-hidings of every server, in the database every process shares."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._reading: asyncio.Future[frozenset[int]] | None = None

    async def may_have(self, guild_id: int) -> bool:
        """Whether ``guild_id`` may have a re-hiding recorded. Asked for every server when a
        process starts (thousands of GUILD_CREATEs at once): the calls made while one read of
        the servers that have one is under way share it."""
        reading = self._reading
        if reading is None or reading.done():
            reading = self._reading = asyncio.ensure_future(self._guilds())
        return guild_id in await asyncio.shield(reading)

    async def _guilds(self) -> frozenset[int]:
        async with self._sessions() as session:
            return frozenset(await session.scalars(select(PendingRehiding.guild_id).distinct()))

    async def unfinished(self, *, recorded_before: dt.datetime) -> frozenset[int]:
        """The servers with a re-hiding recorded before ``recorded_before`` (naive UTC) and not
        finished: one recorded where no process held the server (a rule changed in the
        console, on the bot's database), which the process holding it would otherwise do only
        when the server is next sent to it (a restart, a reconnect), its answers showing
        endings until then; or one whose edits Discord failed for a passing reason (a 5xx, a
        connection closed, a rate limit past the wait), left recorded to be tried again. A
        process doing one holds it in memory, so its own sweep leaves it to the run."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(PendingRehiding.guild_id)
                .where(PendingRehiding.recorded_at <= recorded_before)
                .distinct()
            )
            return frozenset(rows)

    async def record(
        self,
        guild_id: int,
        user_id: int,
        before: GuildRules,
        places: dict[int, bool] | None = None,
    ) -> int:
        """Record a re-hiding of ``guild_id`` after a change from ``before``; its id."""
        row = PendingRehiding(
            guild_id=guild_id,
            user_id=user_id,
            rules_before=_stored_rules(before),
            places=None if places is None else _stored_places(places),
            recorded_at=utcnow(),
        )
        async with self._sessions() as session, session.begin():
            session.add(row)
        return row.id

    async def listed(
        self, pending_id: int, places: dict[int, bool], unlisted: Collection[int] = ()
    ) -> None:
        """The places the re-hiding covers, once the adapter listed them; ``unlisted``: the
        channels whose archived threads Discord failed to list, to be listed again."""
        async with self._sessions() as session, session.begin():
            row = await session.get(PendingRehiding, pending_id)
            if row is not None:
                row.places = _stored_places(places, unlisted)

    async def threads_listed(
        self, pending_id: int, parent_id: int, places: dict[int, bool]
    ) -> None:
        """``parent_id``'s archived threads listed at last: those of ``places`` (the threads
        that left spoilers) added to the places left, in the same write that takes the
        channel off the ones to list, so a stop between the two loses neither."""
        async with self._sessions() as session, session.begin():
            row = await session.get(PendingRehiding, pending_id)
            if row is not None and row.places is not None:
                kept = {k: w for k, w in row.places.items() if k != f"{UNLISTED}{parent_id}"}
                row.places = kept | _stored_places(places)

    async def done_with(self, pending_id: int, place_id: int) -> None:
        """``place_id`` is done: a process resuming the re-hiding leaves it out.

        Two processes narrowing at once may put back a place the other finished: it is done
        again (nothing to edit), never lost."""
        async with self._sessions() as session, session.begin():
            row = await session.get(PendingRehiding, pending_id)
            if row is not None and row.places is not None and str(place_id) in row.places:
                row.places = {p: w for p, w in row.places.items() if p != str(place_id)}

    async def finish(self, pending_id: int) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(delete(PendingRehiding).where(PendingRehiding.id == pending_id))

    async def of_guild(self, guild_id: int) -> list[Pending]:
        """``guild_id``'s re-hidings not finished, oldest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(PendingRehiding)
                .where(PendingRehiding.guild_id == guild_id)
                .order_by(PendingRehiding.id)
            )
            pending = []
            for row in rows:
                places, unlisted = (None, frozenset[int]())
                if row.places is not None:
                    places, unlisted = _read_places(row.places)
                pending.append(
                    Pending(
                        id=row.id,
                        guild_id=row.guild_id,
                        user_id=row.user_id,
                        before=_read_rules(row.guild_id, row.rules_before),
                        places=places,
                        unlisted=unlisted,
                    )
                )
            return pending

    async def log_out_of_reach(
        self, guild_id: int, entries: Sequence[str], *, now: dt.datetime
    ) -> None:
        """A resumed re-hiding left places showing endings (``out_of_reach_log``): no
        moderator waits on an answer any more, so they go in the server's moderators' log
        (``/spoiler-rules log``), by Epilogue."""
        created_at = now.astimezone(dt.UTC).replace(tzinfo=None)
        async with self._sessions() as session, session.begin():
            session.add_all(
                AuditEntry(
                    guild_id=guild_id,
                    user_id=CONTENT_FIX,
                    action=LOG_ACTION,
                    detail=entry[:LOG_DETAIL_LIMIT],
                    created_at=created_at,
                )
                for entry in entries
            )
