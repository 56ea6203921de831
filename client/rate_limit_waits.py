"""A 429's wait, named in its JSON body as discord.py reads it, however Discord's answer named it.

discord.py waits out a 429 that came through Google's front end (a ``Via`` header) for the
``retry_after`` of its JSON body, read as ``data['retry_after']``: a 429 whose body named no
wait (a stand-in or proxy writing its own rate-limit answer, its wait in ``Retry-After`` or
``X-RateLimit-Reset-After`` alone), named it as text (``"0.2"``) or null failed inside
discord.py with a KeyError or TypeError, not as Discord's refusal, and the member's command
was answered "something went wrong" where it should have waited and been answered.

Read here, before discord.py reads the body (the client's ``http_trace``, after
``client.answer_headers``): a JSON 429 object whose ``retry_after`` is not a number is given
the wait its body names as text, else its headers' (``Retry-After``, then
``X-RateLimit-Reset-After``), else ``DEFAULT_WAIT_S``. A 429 that is not JSON (Cloudflare's
ban page, a rate limiter's text) is raised by discord.py at once and
``client.delivery.patiently`` decides; one with Google's ``Via`` all the same (which discord.py
read a wait from, failing with a TypeError on the webhook) has that header left out.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

from client.answer_bodies import JSON, rewrite_json_answer

RETRY_AFTER = "retry_after"
WAIT_HEADERS = ("Retry-After", "X-RateLimit-Reset-After")
DEFAULT_WAIT_S = 1.0
"""A 429 that names no wait anywhere: Discord's buckets refill within a second or so."""


async def waits_named_as_discord_sends(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """An ``on_request_end`` trace: a 429's ``retry_after`` as a number of seconds."""
    response = params.response
    if response.status != 429:
        return
    headers = response.headers
    if headers.get("Content-Type") != JSON and "Via" in headers:
        # Not Discord's JSON (a rate limiter's or proxy's text): discord.py would read its
        # wait from the text and fail (a TypeError on the webhook). Without ``Via`` it raises
        # the 429 as it is, and ``client.delivery.patiently`` waits out its ``Retry-After``.
        kept = CIMultiDict(response._headers)
        del kept["Via"]
        response._headers = CIMultiDictProxy(kept)
        response._cache.pop("headers", None)
        return

    def named(found: Any) -> bool:
        if not isinstance(found, dict) or _seconds(found.get(RETRY_AFTER)) is not None:
            return False
        if isinstance(found.get(RETRY_AFTER), str):
            wait = _seconds(_number(found[RETRY_AFTER]))
        else:
            wait = None
        for name in WAIT_HEADERS:
            if wait is None:
                wait = _seconds(_number(headers.get(name)))
        found[RETRY_AFTER] = DEFAULT_WAIT_S if wait is None else wait
        return True

    await rewrite_json_answer(params, lambda body: True, named)


def _number(text: object) -> float | None:
    try:
        return float(str(text).strip()) if text is not None else None
    except ValueError:
        return None


def _seconds(value: object) -> float | None:
    """``value`` as a wait in seconds, if it is a finite, non-negative number (never a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None
