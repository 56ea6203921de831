"""A READY without ``resume_gateway_url`` read as naming the gateway the client connected to.

Discord's reference requires the field (where to RESUME a dropped session); a stand-in may
leave it out. discord.py's gateway reads it in ``DiscordWebSocket.received_message`` before
any parser (where Epilogue completes the rest of READY, ``client.bot``), and the KeyError ended
the client: ``epilogue run`` stopped, and trying again only IDENTIFYs into the same READY.

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
