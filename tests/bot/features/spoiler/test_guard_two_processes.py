"""Two processes shown the same member message: two guards with memories of their own over one
database (SQLite and PostgreSQL), one Discord channel.

Two processes on one shard (a deploy's overlap) both receive MESSAGE_CREATE, and a RESUME
replays one: the message must be reposted hidden once, its author told once, the moderators'
log written once; and when the process that took the hide dies before it is done, the other
still hides it (``bot.claims``)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select

from bot.claims import KEPT, LEASE_S, WAIT_POLL_S, Claims, revision_of
from bot.db.models import ActionClaim, AuditEntry
from bot.epilogue import Epilogue
from bot.features.spoiler.guard import Verdict
from bot.features.spoiler.member_message import MemberMessage, Repost, RepostFailed
from bot.features.spoiler.memory_channel import MemoryChannel
from tests.bot.features.spoiler.test_guard import (
    HARMLESS,
    SPOILS,
    THREAD_CAN,
    ThreadSeen,
    guard_on,
    title,
)
from tests.bot.features.spoiler.test_member_spoilers import AUTHOR, BOT_CAN, message

MESSAGE_ID = 900_001


class ProcessView:
    """One process's ``ChannelOps`` on the shared channel (``MemoryChannel``: Discord's state):
    ``before_repost`` runs before this process's repost reaches Discord."""

    def __init__(
        self, channel: MemoryChannel, before_repost: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.channel = channel
        self.before_repost = before_repost
        self.fail_repost: str | None = None

    async def repost(self, repost: Repost) -> int:
        if self.before_repost is not None:
            await self.before_repost()
        if self.fail_repost is not None:
            raise RepostFailed(self.fail_repost)
        return await self.channel.repost(repost)

    def __getattr__(self, name: str) -> object:
        return getattr(self.channel, name)


async def guard(app: Epilogue, seen: MemberMessage, ops: object) -> Verdict:
    return await app.member_spoilers.guard.check(seen, ops, BOT_CAN)  # type: ignore[arg-type]


async def audit_count(app: Epilogue, action: str) -> int:
    async with app.sessions() as session:
        counted = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        )
    return int(counted or 0)


async def test_a_message_both_processes_are_shown_is_hidden_once(
    app: Epilogue, other: Epilogue
) -> None:
    """A is reposting when B is shown the same message: B finds A's hide under way and waits
    for it, instead of reposting it a second time (what each process's own memory allowed)."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    seen = message(SPOILS, id=MESSAGE_ID)
    a_reposting, b_there = asyncio.Event(), asyncio.Event()

    async def a_waits_for_b() -> None:
        a_reposting.set()
        await b_there.wait()

    async def b_arrives(*_: object) -> None:
        b_there.set()
        await asyncio.sleep(WAIT_POLL_S / 10)

    async def b_arrives_at_repost() -> None:
        b_there.set()

    # B gets to the point of acting: its own repost (each process on its own), or its wait
    # for A's claim.
    other.claims = Claims(other.sessions, wait=b_arrives)
    first = asyncio.create_task(guard(app, seen, ProcessView(channel, a_waits_for_b)))
    await a_reposting.wait()
    second = await guard(other, seen, ProcessView(channel, b_arrives_at_repost))
    verdicts = [await first, second]

    assert len(channel.reposts) == 1, [repost.content for _, repost in channel.reposts]
    assert channel.deleted == [MESSAGE_ID]
    assert [who for who, _ in channel.told] == [AUTHOR]
    assert [verdict.hidden for verdict in verdicts] == [True, False]
    assert await audit_count(app, "hide-spoiler") == 1


async def test_a_process_that_dies_holding_the_hide_is_taken_over_within_the_lease(
    app: Epilogue, other: Epilogue
) -> None:
    """A claims the hide and is killed before its repost reaches Discord: B, shown the same
    message, waits no longer than A's lease and hides it itself. The claim never costs a hide."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    seen = message(SPOILS, id=MESSAGE_ID)
    now = [dt.datetime(2031, 5, 1, 12, 0)]
    waited: list[float] = []

    async def time_passes(seconds: float) -> None:
        waited.append(seconds)
        now[0] += dt.timedelta(seconds=seconds)
        await asyncio.sleep(0)

    app.claims = Claims(app.sessions, clock=lambda: now[0])
    other.claims = Claims(other.sessions, clock=lambda: now[0], wait=time_passes)
    a_reposting = asyncio.Event()

    async def a_is_killed_here() -> None:
        a_reposting.set()
        await asyncio.Event().wait()  # never returns: the task is cancelled (kill -9)

    dying = asyncio.create_task(guard(app, seen, ProcessView(channel, a_is_killed_here)))
    await a_reposting.wait()
    dying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dying

    verdict = await guard(other, seen, ProcessView(channel))

    assert verdict.hidden, verdict.reason
    assert len(channel.reposts) == 1 and channel.deleted == [MESSAGE_ID]
    assert LEASE_S <= sum(waited) <= LEASE_S + WAIT_POLL_S


async def test_a_process_whose_repost_fails_lets_the_other_try(
    app: Epilogue, other: Epilogue
) -> None:
    """A's repost is refused by Discord: A gives its claim up at once, and B, waiting, hides
    the message (a failed hide is no reason for the other process to leave it)."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    seen = message(SPOILS, id=MESSAGE_ID)
    a_reposting, b_there = asyncio.Event(), asyncio.Event()

    async def a_waits_for_b() -> None:
        a_reposting.set()
        await b_there.wait()

    async def b_arrives(*_: object) -> None:
        b_there.set()
        await asyncio.sleep(WAIT_POLL_S / 10)

    other.claims = Claims(other.sessions, wait=b_arrives)
    failing = ProcessView(channel, a_waits_for_b)
    failing.fail_repost = "Discord answered 500"
    first = asyncio.create_task(guard(app, seen, failing))
    await a_reposting.wait()
    second = await guard(other, seen, ProcessView(channel, b_arrives))

    assert not (await first).hidden and second.hidden, second.reason
    assert len(channel.reposts) == 1 and channel.deleted == [MESSAGE_ID]


async def test_a_thread_title_shown_to_both_processes_is_renamed_and_told_once(
    app: Epilogue, other: Epilogue
) -> None:
    """The creator is told once and the log has one entry, when the thread's creation reaches
    B after A renamed it (a replay, or two processes on the shard)."""
    await guard_on(app, all_films=True)
    thread = title(SPOILS)
    ops = ThreadSeen(name=SPOILS)

    first = await app.member_spoilers.guard.check_title(thread, ops, THREAD_CAN)
    again = await other.member_spoilers.guard.check_title(thread, ops, THREAD_CAN)

    assert first.hidden and not again.hidden
    assert len(ops.told) == 1
    assert await audit_count(app, "hide-spoiler") == 1


@pytest.mark.parametrize("where", ["same process", "other process"])
async def test_a_title_put_back_by_its_creator_is_renamed_again(
    app: Epilogue, other: Epilogue, where: str
) -> None:
    """The same title coming again is not always a replay: its creator may have put it back.
    Discord says which (the thread's name now), so the finished claim does not skip it."""
    await guard_on(app, all_films=True)
    thread = title(SPOILS)
    ops = ThreadSeen(name=SPOILS)
    assert (await app.member_spoilers.guard.check_title(thread, ops, THREAD_CAN)).hidden

    ops.current = SPOILS  # the creator renames it back
    second = app if where == "same process" else other
    again = await second.member_spoilers.guard.check_title(thread, ops, THREAD_CAN)

    assert again.hidden, again.reason
    assert ops.current != SPOILS and len(ops.told) == 2


async def test_a_message_left_for_moderators_is_logged_once(app: Epilogue, other: Epilogue) -> None:
    await guard_on(app, all_films=True)
    seen = message(SPOILS, id=MESSAGE_ID, unreposted=("a game invite",))

    for process in (app, other):
        verdict = await guard(process, seen, MemoryChannel())
        assert not verdict.hidden and "cannot carry" in verdict.reason

    assert await audit_count(app, "spoiler-left") == 1


async def test_old_claims_are_pruned_and_live_ones_kept(app: Epilogue) -> None:
    now = dt.datetime(2031, 5, 1, 12, 0)
    long_ago = now - KEPT - dt.timedelta(minutes=1)
    rows = {
        "done long ago": (long_ago, long_ago, True),
        "lapsed long ago": (long_ago, long_ago, False),
        "done today": (now, now, True),
        "held long, lease renewed": (long_ago, now + dt.timedelta(seconds=LEASE_S), False),
    }
    async with app.sessions() as session, session.begin():
        for name, (claimed, expires, done) in rows.items():
            session.add(
                ActionClaim(
                    kind="hide",
                    subject=1,
                    revision=revision_of(name),
                    holder="x",
                    claimed_at=claimed,
                    expires_at=expires,
                    done=done,
                )
            )

    assert await app.claims.prune(now) == 2

    async with app.sessions() as session:
        kept = set(await session.scalars(select(ActionClaim.revision)))
    assert kept == {revision_of("done today"), revision_of("held long, lease renewed")}


async def test_a_message_that_needs_nothing_takes_no_claim(app: Epilogue) -> None:
    """Claims are written only for what will be done: ordinary talk costs no write."""
    await guard_on(app, all_films=True)

    verdict = await guard(app, message(HARMLESS, id=MESSAGE_ID), MemoryChannel())

    assert not verdict.hidden
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ActionClaim)) == 0


async def test_of_two_processes_waiting_on_a_dead_holder_one_takes_over(
    app: Epilogue, other: Epilogue
) -> None:
    """Three processes, one action: the holder is killed; of the two waiting, exactly one acts
    once its lease lapses, and the other finds it done."""
    now = [dt.datetime(2031, 5, 1, 12, 0)]

    async def time_passes(seconds: float) -> None:
        now[0] += dt.timedelta(seconds=seconds)
        await asyncio.sleep(0)

    def claims(process: Epilogue) -> Claims:
        return Claims(process.sessions, clock=lambda: now[0], wait=time_passes)

    holding, acted = asyncio.Event(), []

    async def killed_while_acting() -> None:
        holding.set()
        await asyncio.Event().wait()

    dying = asyncio.create_task(claims(app).once("hide", 1, "r", killed_while_acting, done=bool))
    await holding.wait()
    dying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dying

    def acting(name: str) -> Callable[[], Awaitable[str]]:
        async def act() -> str:
            acted.append(name)
            await asyncio.sleep(0)
            return name

        return act

    results = await asyncio.gather(
        claims(app).once("hide", 1, "r", acting("B"), done=bool),
        claims(other).once("hide", 1, "r", acting("C"), done=bool),
    )

    assert len(acted) == 1
    assert sorted(result is None for result in results) == [False, True]
