"""Zombie gateway connections, told as Discord's reference tells them.

"If a client does not receive a heartbeat ACK between its attempts at sending heartbeats, this
may be due to a failed or 'zombied' connection. The client should immediately terminate the
connection with any close code besides 1000 or 1001, then reconnect and attempt to Resume"
(``topics/gateway``, Sending Heartbeats). discord.py instead waits for 60 s without any frame
(``heartbeat_timeout``), whatever interval Discord's HELLO names, and counts every event as a
sign of life: meanwhile the bot is deaf, and every command sent to it goes unanswered.

``AckedKeepAlive`` keeps discord.py's heartbeat thread and its close-and-resume (code 4000), and
changes what counts as alive: a HEARTBEAT_ACK, within one and a half intervals (a heartbeat
sent and not acknowledged by the next one). With Discord's usual 41.25 s interval that is the
heartbeat after the missed ACK, as before at 60 s; what changes is that a shorter interval is
honoured and that events alone no longer hide a connection whose ACKs stopped.
"""

from __future__ import annotations

from typing import Any

import discord.gateway

UNACKED_AFTER = 1.5
"""Intervals without an ACK after which the connection is taken for a zombie."""

_DISCORD_PY_KEEP_ALIVE = discord.gateway.KeepAliveHandler


class AckedKeepAlive(_DISCORD_PY_KEEP_ALIVE):
    """discord.py's heartbeat thread, judging the connection by its ACKs alone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.interval:
            self.heartbeat_timeout = min(self.heartbeat_timeout, self.interval * UNACKED_AFTER)

    def tick(self) -> None:
        """A frame arrived: no proof that heartbeats still get through (``ack`` is)."""

    def ack(self) -> None:
        super().ack()
        self._last_recv = self._last_ack  # what discord.py's thread measures the silence from


def watch_heartbeat_acks() -> None:
    """Make discord.py's gateway (which builds its heartbeat thread by this module-level name
    at each HELLO) use ``AckedKeepAlive``; voice connections keep their own."""
    discord.gateway.KeepAliveHandler = AckedKeepAlive  # type: ignore[misc]
