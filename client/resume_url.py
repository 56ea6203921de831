"""Where a dropped session resumes: READY's ``resume_gateway_url``, else where it connected.

Discord's reference requires the field (where to RESUME a dropped session); a stand-in may
leave it out. discord.py's gateway reads it in ``DiscordWebSocket.received_message`` before
any parser (where Epilogue completes the rest of READY, ``client.bot``), and the KeyError ended
the client: ``epilogue run`` stopped, and trying again only IDENTIFYs into the same READY.

A READY may also name a URL that cannot be connected to (a stand-in's template naming Discord's
own, a host or path it does not serve): discord.py tried to resume there, and only there,
forever, and the bot never came back after its first dropped connection.
:class:`ResumeFallback` sees each try fail (a ``disconnect`` with no READY or RESUMED since
the last one) and resumes at the gateway the client connected to instead
(``DiscordWebSocket.DEFAULT_GATEWAY``, which ``client.endpoints`` points), which refuses the
RESUME (op 9) if it cannot resume, and the client identifies afresh.

The one moment Epilogue has is the ``socket_event_type`` dispatch discord.py makes for every
event, from inside ``received_message``, after the frame is parsed and before READY is read:
there the frame (its local ``msg``) is given the URL of the gateway it came through, so a
dropped session is resumed where it began. ``tests/client/test_resume_url.py`` fails if
discord.py stops making that dispatch there, or renames what is read.
"""

from __future__ import annotations

import logging
from types import FrameType
from typing import Any

from discord.gateway import DiscordWebSocket

log = logging.getLogger(__name__)

RESUME_URL = "resume_gateway_url"
_RECEIVED_MESSAGE = DiscordWebSocket.received_message.__code__


def ready_resumes_where_it_connected(caller: FrameType | None) -> None:
    """In the ``socket_event_type`` dispatch of a READY (``caller``: the frame that made it),
    give the READY being read its connection's gateway as ``resume_gateway_url`` if it has
    none. Anything else, or a frame not discord.py's ``received_message``, is left alone."""
    if caller is None or caller.f_code is not _RECEIVED_MESSAGE:
        return
    frame: Any = caller.f_locals.get("msg")
    socket = caller.f_locals.get("self")
    data = frame.get("d") if isinstance(frame, dict) else None
    if not isinstance(data, dict) or data.get(RESUME_URL) or socket is None:
        return
    gateway = getattr(socket, "gateway", None)
    if gateway is None:
        return
    data[RESUME_URL] = str(gateway)
    log.info("READY named no resume_gateway_url: a session will resume at %s", gateway)


SESSION_EVENTS = frozenset({"connect", "resumed"})
"""What discord.py dispatches when a connection gets its session going: READY, RESUMED."""


class ResumeFallback:
    """Follows a client's ``disconnect`` dispatches (discord.py makes them in ``Client.connect``
    before it reads ``ws.gateway`` for the next try) to move a resume the gateway named and
    that failed to the gateway the client connected to."""

    __slots__ = ("failed_tries",)

    def __init__(self) -> None:
        self.failed_tries = 0  # disconnects since the last READY or RESUMED, less the first

    def saw(self, event_name: str, socket: Any) -> None:
        if event_name in SESSION_EVENTS:
            self.failed_tries = 0
            return
        if event_name != "disconnect":
            return
        first_drop = self.failed_tries == 0
        self.failed_tries += 1
        if first_drop or socket is None:
            return  # the connection dropped: resume where READY says, as Discord asks
        connected = DiscordWebSocket.DEFAULT_GATEWAY
        named = getattr(socket, "gateway", None)
        if named is None or named == connected:
            return
        log.warning(
            "could not resume the session at %s, the gateway READY named for it: resuming at %s",
            named,
            connected,
        )
        socket.gateway = connected
