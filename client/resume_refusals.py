"""A RESUME the gateway refuses by closing the connection starts a new session, never a loop.

Discord refuses a RESUME it cannot take with op 9 (INVALID_SESSION), after which discord.py
identifies afresh. Its reference also documents refusals by close code: 4007 "Invalid seq" and
4009 "Session timed out", each "reconnect and start a new session". discord.py reads every
close but a few as "reconnect and RESUME": a gateway answering the RESUME so (a stand-in whose
sessions time out, as Discord's do) was sent the same RESUME again at once, thousands of times
a second, and the bot never came back (no IDENTIFY, no event, no interaction answered).

Each socket discord.py opens to resume a session is watched (its ``poll_event``, on the socket,
as ``client.gateway_frames`` reads its frames): closed before any event came on it, the RESUME
was refused, and discord.py is told to IDENTIFY instead (``ReconnectWebSocket(resume=False)``;
discord.py waits its five seconds before a new IDENTIFY) when the close says to start a new
session, or when RESUMEs have been refused so ``REFUSALS_BEFORE_A_NEW_SESSION`` times in a row,
whatever the code; and at once when there is no session to resume (a connection closed before
its READY, where discord.py would send a RESUME of no session). A RESUME left unanswered for
``RESUME_ANSWER_WAIT_S`` (a gateway that ignores op 6, as a minimal one may: discord.py waited
on the socket for ever, nothing sent to it, the bot deaf) closes the socket for a new session
too. A close of a session that did resume, or began, is resumed as before.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from discord.gateway import ReconnectWebSocket

if TYPE_CHECKING:
    from discord.state import ConnectionState

log = logging.getLogger(__name__)

NEW_SESSION_CODES = frozenset({4007, 4009})
"""Closes after which Discord's reference says to start a new session."""
REFUSALS_BEFORE_A_NEW_SESSION = 3
"""RESUMEs refused in a row, by any close, before the next connection identifies."""
RESUME_ANSWER_WAIT_S = 15.0
"""How long a RESUME may go unanswered (no RESUMED, no replayed event, no refusal): Discord
answers within a second."""


class ResumeRefusals:
    """RESUMEs refused in a row, per shard (None: an unsharded client)."""

    __slots__ = ("answer_within_s", "in_a_row")

    def __init__(self, answer_within_s: float = RESUME_ANSWER_WAIT_S) -> None:
        self.in_a_row: dict[int | None, int] = {}
        self.answer_within_s = answer_within_s

    def watch(self, ws: Any) -> None:
        """Watch ``ws``, a socket discord.py just opened (its session and sequence set): what it
        sent (its ``resume`` and ``identify``, each called once by discord.py after HELLO) and
        how its ``poll_event`` ends."""
        poll, resume, identify = ws.poll_event, ws.resume, ws.identify
        resumed_from = ws.sequence
        sent: list[tuple[str, float]] = []  # "resume" or "identify", and when

        async def resume_sent() -> None:
            await resume()
            sent.append(("resume", time.monotonic()))

        async def identify_sent() -> None:
            await identify()
            sent.append(("identify", time.monotonic()))

        async def poll_event() -> None:
            try:
                if sent and sent[0][0] == "resume" and ws.sequence == resumed_from:
                    await self._answered(ws, poll, sent[0][1] + self.answer_within_s)
                else:
                    await poll()
            except ReconnectWebSocket as reconnect:
                what = sent[0][0] if sent else None
                if reconnect.resume and self._start_anew(ws, resumed_from, what):
                    raise ReconnectWebSocket(ws.shard_id, resume=False) from None
                raise

        ws.poll_event, ws.resume, ws.identify = poll_event, resume_sent, identify_sent

    async def _answered(self, ws: Any, poll: Callable[[], Awaitable[None]], by: float) -> None:
        """``poll()``, on a socket whose RESUME is not answered yet: one still unanswered at
        ``by`` (a gateway that ignores RESUME, sending nothing more to the socket: the bot
        deaf for good) is closed, and a new session started."""
        try:
            async with asyncio.timeout(max(by - time.monotonic(), 0.0)):
                await poll()
        except TimeoutError:
            log.warning(
                "the gateway did not answer a RESUME in %.0f s: identifying with a new session",
                self.answer_within_s,
            )
            self.in_a_row[ws.shard_id] = 0
            await ws.close(code=4000)
            raise ReconnectWebSocket(ws.shard_id, resume=False) from None

    def _start_anew(self, ws: Any, resumed_from: int | None, sent: str | None) -> bool:
        """Whether the socket, closed for discord.py to RESUME next, should IDENTIFY instead;
        ``sent``: what it sent ("resume", "identify", None: closed before either)."""
        shard = ws.shard_id
        if ws.sequence != resumed_from:  # events came: the session did resume, or begin
            self.in_a_row[shard] = 0
            return False
        if ws.session_id is None or sent == "identify":
            # No session began (an IDENTIFY answered with op 7, or closed before READY):
            # discord.py would RESUME none, or the one it was just told to leave.
            self.in_a_row[shard] = 0
            return True
        if sent is None:
            return False  # closed before it said anything: resumed, as discord.py does
        refused = self.in_a_row[shard] = self.in_a_row.get(shard, 0) + 1
        socket = getattr(ws, "socket", None)
        code = ws._close_code or getattr(socket, "close_code", None)
        if code not in NEW_SESSION_CODES and refused < REFUSALS_BEFORE_A_NEW_SESSION:
            return False
        self.in_a_row[shard] = 0
        log.warning(
            "the gateway refused to resume the session (close %s, %d in a row): identifying"
            " with a new session",
            code,
            refused,
        )
        return True


def start_anew_when_resumes_are_refused(state: ConnectionState) -> ResumeRefusals:
    """Watch each gateway socket discord.py opens for ``state``, before its first frame."""
    refusals = ResumeRefusals()
    update: Callable[[Any], None] = state._update_references

    def update_references(ws: Any) -> None:
        update(ws)
        refusals.watch(ws)

    state._update_references = update_references  # type: ignore[method-assign]
    return refusals
