"""When an IDENTIFY may go: one per rate-limit key every 5 s, for every client of an app.

Discord: "Apps also have a limit for concurrent Identify requests allowed per 5 seconds. If
you hit this limit, the Gateway will respond with an Invalid Session (opcode 9)" (``topics/
gateway``, Rate Limiting), the key being ``shard_id % max_concurrency``. discord.py waits 5 s
before a shard's IDENTIFY after its first, whatever another shard or an earlier client of the
same app just sent; and the new session Epilogue starts when a RESUMED cannot be read, in a
new ``connect`` or a new sharded client, counts as a first and went at once: within 5 s of
the last one it was refused, and shards re-identifying together were refused again and again.
Turns are kept per process for each app on each API (a restarted client shares them).
"""

from __future__ import annotations

import asyncio
import time

IDENTIFY_SPACING_S = 5.0
"""Discord's identify limit: one IDENTIFY per rate-limit key every 5 s (``topics/gateway``)."""
MARGIN_S = 0.5
"""Added to the spacing: Discord counts IDENTIFYs as they arrive, and how long a send takes to
arrive varies (turns kept to the spacing exactly arrived a few milliseconds short, refused).
A time, not a share of the spacing: the transit's variance does not shrink with the limit."""

_turns: dict[tuple[str, int | None, int], float] = {}
"""(API base, application id, rate-limit key) -> when its newest IDENTIFY goes (or went)."""
_now = time.monotonic
_pause = asyncio.sleep


async def wait_for_turn(
    api: str,
    application_id: int | None,
    shard_id: int | None,
    max_concurrency: int,
    *,
    again: bool = False,
) -> None:
    """Wait until ``shard_id`` may IDENTIFY, and take that turn; ``again``: a shard's later
    IDENTIFY (after op 9, say), which waits the spacing at least, as discord.py does."""
    key = (api, application_id, (shard_id or 0) % max(max_concurrency, 1))
    now = _now()
    last = _turns.get(key)
    at = now + (IDENTIFY_SPACING_S if again else 0.0)
    if last is not None:
        at = max(at, last + IDENTIFY_SPACING_S + MARGIN_S)
    _turns[key] = at
    if at > now:
        await _pause(at - now)
