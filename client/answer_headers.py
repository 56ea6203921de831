"""Discord's answers' headers as discord.py reads them, however a stand-in or proxy writes them.

discord.py reads each answer's headers before its body, more strictly than HTTP or Discord's
reference asks, and a header written otherwise broke every request (logging in first):

* the body is read as JSON only when ``Content-Type`` is exactly ``application/json``
  (``discord.http.json_or_text``); ``application/json; charset=utf-8`` (a web framework's
  default) names the same JSON, and read as text the bot's user was built from a string, and
  every error's ``code`` went unread. A JSON media type is given without its parameters.
* JSON sent under another media type, or none (a web framework's default for a string it is
  handed: ``text/html; charset=utf-8``, ``text/plain``), was read as a string too: an
  answer of the API (never a file from the CDN) whose body is a JSON object or list is typed
  JSON. A page or a plain-text refusal stays text.
* an answer without a body (a 204, or ``Content-Length: 0``) that still names JSON as its
  ``Content-Type`` (aiohttp's ``web.json_response(status=204)`` does) was parsed as JSON and
  failed (every callback and delete so answered): with no body, it names no type.
* a route's bucket is read from ``X-RateLimit-Remaining`` with its refill from
  ``X-RateLimit-Reset-After``, else ``X-RateLimit-Reset`` (a KeyError without either). A
  bucket whose refill is not named cannot be kept: its ``Remaining`` is left out, and a 429
  says when to try again, as for a route with no bucket headers.
* an interaction's callback route takes one request (its callback), so its answer may say
  the bucket is used up (``Remaining: 0``) until the token expires; discord.py's webhook
  client waits out a used-up bucket before the request that used it returns (its lock's
  wait on the way out), and held each callback that long: a "thinking…" answered 15 minutes
  on, after Discord dropped the token. No request follows on that bucket: its ``Remaining``
  is left out.

Read through the client's ``http_trace`` (``client.attempts``), which sees each answer before
discord.py reads it.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import aiohttp
from discord.http import Route
from multidict import CIMultiDict, CIMultiDictProxy

JSON = "application/json"
CALLBACK = re.compile(r"/interactions/\d+/[^/]+/callback$")
"""An interaction's callback route (one request an interaction, its bucket never used again)."""
REMAINING = "X-RateLimit-Remaining"
REFILLS = ("X-RateLimit-Reset-After", "X-RateLimit-Reset")
NO_BODY_STATUSES = frozenset({204, 205, 304})


async def as_discord_sends(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """An ``on_request_end`` trace: the answer's headers as Discord writes them."""
    response = params.response
    # aiohttp keeps an answer's headers read-only (``headers``, kept once read, is a view of
    # ``_headers``): they are replaced here, the one place, before anyone reads the body.
    given = response._headers
    content_type = given.get("Content-Type")
    json_with_parameters = (
        content_type is not None
        and content_type != JSON
        and content_type.split(";", 1)[0].strip().lower() == JSON
    )
    typed_without_body = content_type is not None and (
        response.status in NO_BODY_STATUSES or given.get("Content-Length", "").strip() == "0"
    )
    json_untyped = (
        not typed_without_body
        and not json_with_parameters
        and content_type != JSON
        and response.status not in NO_BODY_STATUSES
        and str(params.url).startswith(Route.BASE)
        and await _reads_as_json(response)
    )
    unknown_refill = REMAINING in given and not any(name in given for name in REFILLS)
    unused_bucket = REMAINING in given and CALLBACK.search(params.url.path) is not None
    keep_remaining = not (unknown_refill or unused_bucket)
    if not (json_with_parameters or json_untyped or typed_without_body) and keep_remaining:
        return
    headers = CIMultiDict(given)
    if typed_without_body:
        del headers["Content-Type"]  # read as the empty text it is
    elif json_with_parameters or json_untyped:
        headers["Content-Type"] = JSON
    if not keep_remaining:
        del headers[REMAINING]
    response._headers = CIMultiDictProxy(headers)
    response._cache.pop("headers", None)


async def _reads_as_json(response: aiohttp.ClientResponse) -> bool:
    """Whether an answer's body is a JSON object or list (aiohttp keeps the body read)."""
    try:
        body = (await response.read()).lstrip()
    except aiohttp.ClientError:
        return False  # discord.py's own read says what went wrong
    if body[:1] not in (b"{", b"["):
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True
