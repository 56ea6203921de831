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
its READY, where discord.py would send a RESUME of no session). A close of a session that did
resume, or began, is resumed as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from discord.gateway import ReconnectWebSocket

if TYPE_CHECKING:
    from discord.state import ConnectionState

log = logging.getLogger(__name__)

NEW_SESSION_CODES = frozenset({4007, 4009})
"""Closes after which Discord's reference says to start a new session."""
REFUSALS_BEFORE_A_NEW_SESSION = 3
"""RESUMEs refused in a row, by any close, before the next connection identifies."""


class ResumeRefusals:
    """RESUMEs refused in a row, per shard (None: an unsharded client)."""

    __slots__ = ("in_a_row",)

    def __init__(self) -> None:
        self.in_a_row: dict[int | None, int] = {}

    def watch(self, ws: Any) -> None:
        """Watch ``ws``, a socket discord.py just opened (its session and sequence set)."""
        poll = ws.poll_event
        resumed_from = ws.sequence

        async def poll_event() -> None:
            try:
                await poll()
            except ReconnectWebSocket as reconnect:
                if reconnect.resume and self._start_anew(ws, resumed_from):
                    raise ReconnectWebSocket(ws.shard_id, resume=False) from None
                raise

        ws.poll_event = poll_event

    def _start_anew(self, ws: Any, resumed_from: int | None) -> bool:
        shard = ws.shard_id
        if ws.sequence != resumed_from:  # events came: the session did resume
            self.in_a_row[shard] = 0
            return False
        if ws.session_id is None:
            # No session to resume (an IDENTIFY answered with op 7 or closed before READY):
            # discord.py would send a RESUME of none, which nothing can take.
            self.in_a_row[shard] = 0
            return True
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
