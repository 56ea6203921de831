"""Discord's failures, on demand: rate limits, server errors and API error codes.

Discord answers a request it will not carry out with a status and a JSON body ``{"message",
"code"}`` (``topics/opcodes-and-status-codes``), and a rate limit with 429, a body whose
``retry_after`` is float seconds (``global`` true for the global limit) and the
``X-RateLimit-*`` headers, ``X-RateLimit-Scope`` among them (``topics/rate-limits``). Real 429s
come through Google's front end, so they carry ``Via``; discord.py waits out only those (one
without ``Via`` is a Cloudflare ban, raised at once).

A test queues a :class:`Fault` for a method and route; the next matching requests get it instead
of (or, with ``after=True``, after) the normal answer; with status ``CUT``, no answer at all.
``after=True`` is Discord doing the work and the answer getting lost (a 5xx on the way back, a
connection closed), so a retry meets the work already done.
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

RATE_LIMITED = "You are being rate limited."
CUT = 0
"""A fault's status for no answer at all: the connection is closed under the request (a server
or proxy closing a kept-alive connection, a network drop), before it is carried out or, with
``after=True``, once it was."""


@dataclass
class Fault:
    method: str
    route: str  # regex, fully matched against the path after /api/v10
    status: int
    code: int = 0
    message: str = ""
    times: int = 1
    retry_after: float = 0.05
    global_limit: bool = False
    after: bool = False  # carry the request out, then answer with the fault
    via: bool = True  # Google's front end's header on Discord's own 429s (not in its reference)
    html: bool = False  # a page from the front end instead of Discord's JSON (its 5xx often are)
    shared: bool = False  # a per-resource limit shared by everyone (X-RateLimit-Scope: shared)
    # The route's own bucket, not the limit hit: a global or shared 429 sent with "the normal
    # rate-limiting headers" (``topics/rate-limits``), which then describe the route's bucket
    # (requests left in it, and when it refills), not the wait the 429 asks.
    bucket_reset_after: float | None = None
    # False: a 429 whose wait only its JSON body names (``retry_after``), no ``Retry-After``
    # or ``X-RateLimit-*`` headers (a stand-in or proxy that sends only the body).
    wait_headers: bool = True
    # A body of a web framework's own instead of Discord's JSON: (media type, text), as a
    # stand-in's framework answers a route or method it has not (405) or a body it would not
    # take (415, 422).
    framework_body: tuple[str, str] | None = None
    # False: a 429 whose JSON body names no ``retry_after`` (its wait only in the headers), as
    # a stand-in or proxy writing its own rate-limit answer may send it.
    wait_in_body: bool = True
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        return (
            self.hits < self.times
            and method == self.method.upper()
            and re.fullmatch(self.route, path) is not None
        )

    def response(self) -> web.Response:
        self.hits += 1
        headers: dict[str, str] = {}
        body: dict[str, Any]
        if self.framework_body is not None:
            content_type, text = self.framework_body
            if self.status == 429:  # a rate limiter's own: its wait in ``Retry-After`` alone
                headers["Retry-After"] = str(math.ceil(self.retry_after))
                if self.via:
                    headers["Via"] = "1.1 google"
            return web.Response(
                text=text, status=self.status, content_type=content_type, headers=headers
            )
        if self.status == 429 and self.html:
            # Cloudflare's ban of an IP that made too many invalid requests (10,000 401s, 403s
            # and 429s in 10 minutes): a page, no JSON and no Retry-After; it lasts an hour.
            page = "<html><head><title>Access denied | discord.com used Cloudflare</title>"
            page += "</head><body>error code: 1015</body></html>"
            return web.Response(text=page, status=429, content_type="text/html")
        if self.status == 429:
            body = {
                "message": self.message or RATE_LIMITED,
                "retry_after": self.retry_after,
                "global": self.global_limit,
            }
            if self.code:
                body["code"] = self.code
            if not self.wait_in_body:
                del body["retry_after"]
            scope = "global" if self.global_limit else "shared" if self.shared else "user"
            headers = {
                "Retry-After": str(math.ceil(self.retry_after)),
                "X-RateLimit-Scope": scope,
            }
            if self.via:
                headers["Via"] = "1.1 google"
            if self.global_limit:
                headers["X-RateLimit-Global"] = "true"
            if self.bucket_reset_after is not None:
                headers |= _bucket_headers(remaining=3, reset_after=self.bucket_reset_after)
            elif not self.global_limit:
                headers |= _bucket_headers(remaining=0, reset_after=self.retry_after)
            if not self.wait_headers:
                headers = {k: v for k, v in headers.items() if k == "Via"}
        elif self.html:
            # What Cloudflare or Google's front end answer when Discord's servers do not.
            page = f"<html><head><title>{self.status} Service Unavailable</title></head><body>"
            page += "<center><h1>upstream connect error or disconnect/reset before headers"
            page += "</h1></center></body></html>"
            return web.Response(text=page, status=self.status, content_type="text/html")
        else:
            body = {
                "message": self.message or _DEFAULT_MESSAGES.get(self.code, ""),
                "code": self.code,
            }
        return web.Response(
            body=json.dumps(body).encode(),
            status=self.status,
            content_type="application/json",
            headers=headers,
        )


def _bucket_headers(*, remaining: int, reset_after: float) -> dict[str, str]:
    """A route bucket of 5 requests with ``remaining`` left, refilled in ``reset_after`` s."""
    return {
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": "standin-bucket",
    }


_DEFAULT_MESSAGES = {
    0: "500: Internal Server Error",
    10003: "Unknown Channel",
    10008: "Unknown Message",
    10015: "Unknown Webhook",
    10062: "Unknown interaction",
    30007: "Maximum number of webhooks reached (15)",
    40060: "Interaction has already been acknowledged.",
    50001: "Missing Access",
    50013: "Missing Permissions",
    50035: "Invalid Form Body",
}
