"""Acting once when several processes are shown the same thing: a claim in the database.

Two processes on one shard (a deploy's overlap) both receive a server's gateway events, and an
event replayed after a RESUME comes again; what the guard does about a message (repost it
hidden, rename a thread, write to the moderators' log) must happen once however many times it
is seen. In-process memory cannot know what another process did, so the first process to insert
the action's key into ``action_claims`` acts; the others wait for it:

- it finished (``done``): they do nothing, and the row stays ``KEPT`` so a late replay is
  refused too;
- it gave up (refused, or Discord failed it): the row is deleted, and the next one tries;
- it died (``kill -9``, a lost machine): it renews its lease every ``RENEW_S`` while it acts,
  so ``LEASE_S`` after its last renewal the lease has run out and a waiter takes over. A hide
  is never skipped because another process said it would do it. A holder renews for at most
  ``HELD_AT_MOST_S``: one stuck that long is taken over too.

Claims are taken only when there is something to do (a message the guard will hide), so a
message that needs nothing costs no write.

An interaction that changes something (a rule, an opt-in, content, a Confirm) is claimed by its
id before anything else (``claim_interaction``): delivered again, even hours later (while its
claim is kept) and after a newer change, it would otherwise make its change again over the newer
one (an old "spoilers" mode back over "standard", an old ``/spoilers on`` over ``off``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import and_, delete, false, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models import ActionClaim, utcnow
from bot.db.upsert import insert
from bot.errors import AlreadyHandled

log = logging.getLogger(__name__)

T = TypeVar("T")

LEASE_S = 20.0
"""How long a claim holds without renewal: the longest a dead holder delays the action."""
RENEW_S = 5.0
"""How often a live holder renews its lease while it acts."""
HELD_AT_MOST_S = 300.0
"""A holder stops renewing after this long (stuck): a waiter then takes over."""
WAIT_POLL_S = 0.25
"""How often a waiting process looks whether the holder finished, gave up or died."""
KEPT = dt.timedelta(days=1)
"""How long a finished claim is kept (refusing late replays) before ``prune`` deletes it."""
INTERACTION = "interaction"
"""The kind of an interaction's claim (``claim_interaction``)."""


def revision_of(version: Hashable) -> str:
    """A short stable name for one version of a subject (``MemberMessage.as_sent``: its text
    and files), the same in every process (``hash()`` is salted per process)."""
    return hashlib.sha256(repr(version).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Acted(Generic[T]):
    """This process acted; what the action returned."""

    result: T


class Claims:
    """``once``: run an action in exactly one of the processes sharing the database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sessions = sessions
        self._clock = clock  # naive UTC, as the database stores times
        self._wait = wait
        self.holder = uuid.uuid4().hex

    async def once(
        self,
        kind: str,
        subject: int,
        revision: str,
        act: Callable[[], Awaitable[T]],
        *,
        done: Callable[[T], bool],
        still_needed: Callable[[], Awaitable[bool]] | None = None,
    ) -> Acted[T] | None:
        """Run ``act`` unless another process did it for this ``(kind, subject, revision)``
        (None then). ``done(result)`` says whether it counts as done: if not (a refusal, a
        failure), the claim is given up so that another process may try. An exception gives
        it up too; a cancellation (this process stopping) leaves it to its lease.

        ``still_needed``: for a subject whose revision can come back (a thread renamed back to
        the title it had), asked when the claim is found done: True reopens it, for one of the
        processes that find it so."""
        key = (kind, subject, revision)
        while not await self._take(key):
            state = await self._state(key)
            if state is None:
                continue  # given up meanwhile: try to take it at once
            finished, claimed_at = state
            if finished:
                if still_needed is None or not await still_needed():
                    return None  # done (elsewhere, or here before)
                if await self._reopen(key, claimed_at):
                    break
                continue  # another process reopened it first: wait for that one
            await self._wait(WAIT_POLL_S)
        renewing = asyncio.create_task(self._renew(key), name=f"epilogue-claim-{kind}-{subject}")
        try:
            result = await act()
        except asyncio.CancelledError:
            raise
        except BaseException:
            await self._finish(key, done=False)
            raise
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
        await self._finish(key, done=done(result))
        return Acted(result)

    async def claim_interaction(self, interaction_id: int | None) -> None:
        """Claim the interaction ``interaction_id`` for this handling, or raise
        ``AlreadyHandled``: another delivery of it was handled, here or in another process,
        before (or is being handled now). Claimed before it changes anything and kept done,
        whatever comes of it: a change refused, or one that failed halfway, is not made by a
        replay either (the member sent one command and was answered once). None (the
        console, which has no interactions) claims nothing."""
        if interaction_id is None:
            return
        if not 0 < interaction_id < 2**63:
            # No Discord id (a signed 64-bit column holds every one): nothing Discord sent.
            log.warning("interaction %s is no Discord id: taken as handled", interaction_id)
            raise AlreadyHandled(interaction_id)
        # No refusal by the time in the id: a Discord stand-in may number interactions its
        # own way (a counter, random digits), and every change it sends must be made.
        now = self._clock()
        table = ActionClaim.__table__
        async with self._sessions() as session, session.begin():
            fresh = await session.execute(
                insert(session, table)
                .values(
                    kind=INTERACTION,
                    subject=interaction_id,
                    revision="",
                    holder=self.holder,
                    claimed_at=now,
                    expires_at=now,
                    done=True,
                )
                .on_conflict_do_nothing(index_elements=["kind", "subject", "revision"])
                .returning(table.c.kind)
            )
            if fresh.first() is None:
                log.info("interaction %s was handled already: nothing done", interaction_id)
                raise AlreadyHandled(interaction_id)

    def _row(self, key: tuple[str, int, str]) -> ColumnElement[bool]:
        kind, subject, revision = key
        table = ActionClaim.__table__
        return and_(table.c.kind == kind, table.c.subject == subject, table.c.revision == revision)

    async def _take(self, key: tuple[str, int, str]) -> bool:
        """Insert the claim, or take over one whose holder's lease ran out; whether it is ours."""
        kind, subject, revision = key
        now = self._clock()
        lease = now + dt.timedelta(seconds=LEASE_S)
        table = ActionClaim.__table__
        async with self._sessions() as session, session.begin():
            fresh = await session.execute(
                insert(session, table)
                .values(
                    kind=kind,
                    subject=subject,
                    revision=revision,
                    holder=self.holder,
                    claimed_at=now,
                    expires_at=lease,
                    done=False,
                )
                .on_conflict_do_nothing(index_elements=["kind", "subject", "revision"])
                .returning(table.c.kind)
            )
            if fresh.first() is not None:
                return True
            # The condition is in the statement: of two waiters, one takes the lapsed claim.
            lapsed = await session.execute(
                update(table)
                .where(self._row(key), table.c.done == false(), table.c.expires_at <= now)
                .values(holder=self.holder, claimed_at=now, expires_at=lease)
                .returning(table.c.kind)
            )
            if lapsed.first() is None:
                return False
        log.warning("took over %s claim on %s: its holder stopped renewing it", kind, subject)
        return True

    async def _state(self, key: tuple[str, int, str]) -> tuple[bool, dt.datetime] | None:
        """Whether the claim is done, and when it was taken; None: no claim (given up)."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(ActionClaim.done, ActionClaim.claimed_at).where(self._row(key))
                )
            ).first()
        return None if row is None else (bool(row[0]), row[1])

    async def _reopen(self, key: tuple[str, int, str], claimed_at: dt.datetime) -> bool:
        """Take a done claim again, unless another process reopened it since it was read."""
        now = self._clock()
        table = ActionClaim.__table__
        async with self._sessions() as session, session.begin():
            reopened = await session.execute(
                update(table)
                .where(self._row(key), table.c.done, table.c.claimed_at == claimed_at)
                .values(
                    holder=self.holder,
                    claimed_at=now,
                    expires_at=now + dt.timedelta(seconds=LEASE_S),
                    done=False,
                )
                .returning(table.c.kind)
            )
            return reopened.first() is not None

    async def _renew(self, key: tuple[str, int, str]) -> None:
        started = self._clock()
        while True:
            await asyncio.sleep(RENEW_S)
            now = self._clock()
            if now - started >= dt.timedelta(seconds=HELD_AT_MOST_S):
                log.warning("claim %s held for %.0f s: no longer renewed", key[:2], HELD_AT_MOST_S)
                return
            try:
                async with self._sessions() as session, session.begin():
                    await session.execute(
                        update(ActionClaim.__table__)
                        .where(self._row(key), ActionClaim.holder == self.holder)
                        .values(expires_at=now + dt.timedelta(seconds=LEASE_S))
                    )
            except Exception:  # the next renewal tries again; the lease covers a lost one
                log.warning("could not renew claim %s", key[:2], exc_info=True)

    async def _finish(self, key: tuple[str, int, str], *, done: bool) -> None:
        """Mark the claim done, or give it up for another process to take."""
        ours = and_(self._row(key), ActionClaim.holder == self.holder)
        statement = (
            update(ActionClaim.__table__).where(ours).values(done=True)
            if done
            else delete(ActionClaim.__table__).where(ours)
        )
        try:
            async with self._sessions() as session, session.begin():
                await session.execute(statement)
        except Exception:  # unrecorded: a waiter takes over once the lease runs out
            log.warning("could not record the end of claim %s", key[:2], exc_info=True)

    async def prune(self, now: dt.datetime | None = None) -> int:
        """Delete claims older than ``KEPT`` whose holder finished or whose lease ran out; how
        many went."""
        now = now or self._clock()
        table = ActionClaim.__table__
        old = and_(table.c.claimed_at < now - KEPT, or_(table.c.done, table.c.expires_at <= now))
        async with self._sessions() as session:
            if not await session.scalar(select(table.c.kind).where(old).limit(1)):
                return 0  # a start with nothing to prune does not wait for the write lock
        async with self._sessions() as session, session.begin():
            result = await session.execute(delete(table).where(old))
        return int(getattr(result, "rowcount", 0) or 0)
