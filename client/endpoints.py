"""Let discord.py talk to a Discord stand-in instead of discord.com.

Why: end-to-end tests and benchmarks run the real, unmodified client against a
loopback server. discord.py 2.7 has no setting for this, but every endpoint
comes from two class attributes:

* REST: each ``discord.http.Route`` (also used for interaction callbacks and
  webhook follow-ups) builds its URL from ``Route.BASE`` at construction time.
* Gateway: ``Client.connect`` starts at ``DiscordWebSocket.DEFAULT_GATEWAY``
  (it never calls ``GET /gateway``), appends ``?v=10&encoding=json&compress=...``
  itself, and afterwards follows READY's ``resume_gateway_url``; an invalidated
  session falls back to ``DEFAULT_GATEWAY``. ``AutoShardedClient`` instead asks
  ``GET /gateway/bot``, which goes through ``Route.BASE``.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

DISCORD_API_BASE = Route.BASE
DISCORD_GATEWAY = str(DiscordWebSocket.DEFAULT_GATEWAY)


def point_client_at(api_base: str | None, gateway_url: str | None) -> None:
    """Make every discord.py client in this process use these endpoints.

    ``api_base`` is a REST root such as ``"http://127.0.0.1:8080/api/v10"``;
    ``gateway_url`` a websocket URL such as ``"ws://127.0.0.1:8080/gateway"``
    (any query string is replaced by discord.py's own). ``None`` leaves that
    endpoint alone, so ``point_client_at(None, None)`` keeps Discord's defaults;
    pass ``DISCORD_API_BASE``/``DISCORD_GATEWAY`` to restore them. Call it
    before ``login()``/``start()``: it patches process-wide class attributes.
    """
    if api_base is not None:
        Route.BASE = api_base.rstrip("/")
    if gateway_url is not None:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
