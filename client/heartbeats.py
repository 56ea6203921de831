"""A gateway connection whose heartbeats go unanswered (a zombie) is closed and resumed within a
few of its heartbeats, as Discord's reference asks, not after discord.py's minute.

Discord: "If a client does not receive a heartbeat ACK between its attempts at sending
heartbeats, this may be due to a failed or 'zombied' connection. The client should then
immediately terminate the connection with any close code besides 1000 or 1001, then reconnect
and attempt to Resume." discord.py closes a connection only once nothing at all came on it for
``heartbeat_timeout`` (60 s), whatever interval HELLO asked: a gateway asking a beat every
100 ms that went silent left the bot deaf (no event, no interaction) for a minute.

Once a connection's gateway acknowledged a heartbeat, its keep-alive closes the connection
(discord.py's own close, code 4000, which it resumes) after ``ZOMBIE_AFTER_BEATS`` intervals
and ``SLACK_S`` with nothing received, where discord.py's rule gives up later (at Discord's
41.25 s interval it still does: a minute). A gateway that never acknowledged one (it does not
keep track of them) keeps discord.py's rule: its silence between beats says nothing.

Each socket discord.py opens is watched from ``ConnectionState._update_references`` (as
``client.resume_refusals`` watches it); its keep-alive is made when HELLO is read
(``received_message``), and its ``ack`` is called for every ACK read.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from discord.state import ConnectionState

log = logging.getLogger(__name__)

ZOMBIE_AFTER_BEATS = 2
"""Heartbeat intervals with nothing received (no ACK, no event) before a connection that has
been acknowledged is taken for a zombie; Discord's reference allows one."""
SLACK_S = 1.0
"""And this much more: an ACK read late because the event loop was busy is not a zombie."""


def close_zombie_connections(state: ConnectionState) -> None:
    """Watch each gateway socket discord.py opens for ``state``, before its first frame."""
    update: Callable[[Any], None] = state._update_references

    def update_references(ws: Any) -> None:
        update(ws)
        watch(ws)

    state._update_references = update_references  # type: ignore[method-assign]


def watch(ws: Any) -> None:
    """Give the keep-alive ``ws`` makes on HELLO the tighter rule from its first ACK on."""
    received: Callable[[Any], Awaitable[None]] = ws.received_message

    async def received_message(msg: Any, /) -> None:
        before = getattr(ws, "_keep_alive", None)
        await received(msg)
        keep_alive = getattr(ws, "_keep_alive", None)
        if keep_alive is not None and keep_alive is not before:
            _tightened_once_acknowledged(keep_alive)

    ws.received_message = received_message


def _tightened_once_acknowledged(keep_alive: Any) -> None:
    ack: Callable[[], None] = keep_alive.ack

    def first_ack() -> None:
        ack()
        keep_alive.ack = ack  # once is enough: the rule holds for the connection's life
        interval = getattr(keep_alive, "interval", None)
        timeout = getattr(keep_alive, "heartbeat_timeout", None)
        if not isinstance(interval, int | float) or not isinstance(timeout, int | float):
            return
        zombie_after = ZOMBIE_AFTER_BEATS * interval + SLACK_S
        if zombie_after < timeout:
            keep_alive.heartbeat_timeout = zombie_after
            log.debug(
                "heartbeats acknowledged: silent for %.1f s, the connection is closed", zombie_after
            )

    keep_alive.ack = first_ack
