"""What Discord answered each try of a request discord.py made, its own retries included.

discord.py tries a request again after a server error (its webhook client after any 5xx, its
REST client after 500, 502, 504 and 524) or a connection reset, and says nothing of it. A 5xx
can come after Discord carried the request out (the answer lost on the way back), so a post
tried again may be up twice: whoever made it must know there were tries before the last.
Read through the client's ``http_trace`` (an aiohttp ``TraceConfig``), per task.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from types import SimpleNamespace
from typing import TypeVar

import aiohttp

from client.answer_files import files_completed
from client.answer_headers import as_discord_sends
from client.answer_nulls import nulls_read_as_discord_sends
from client.answer_people import people_read_as_discord_sends
from client.polls import polls_completed
from client.rate_limit_waits import waits_named_as_discord_sends

log = logging.getLogger(__name__)
T = TypeVar("T")

LOST = -1
"""A try that ended without an answer (the connection reset): it may have been carried out."""

_answers: ContextVar[list[int] | None] = ContextVar("epilogue_http_answers", default=None)


def http_trace() -> aiohttp.TraceConfig:
    """The trace a client is made with (``discord.Client(http_trace=…)``)."""
    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(_answered)
    # And each answer's headers as Discord writes them, however a stand-in writes them.
    trace.on_request_end.append(as_discord_sends)
    # Then the files they describe, as discord.py requires them.
    trace.on_request_end.append(files_completed)
    # And their polls, in every shape Discord's reference allows.
    trace.on_request_end.append(polls_completed)
    # And fields sent as null, as Discord sends them (left out, or an empty list).
    trace.on_request_end.append(nulls_read_as_discord_sends)
    # And the people they describe (users, members), as discord.py requires them.
    trace.on_request_end.append(people_read_as_discord_sends)
    # And a 429's wait, named in its body as discord.py reads it.
    trace.on_request_end.append(waits_named_as_discord_sends)
    trace.on_request_exception.append(_lost)
    # Before any of it: a request whose connection was closed under it is made again.
    trace.on_request_start.append(_retrying_lost_connections)
    return trace


@contextlib.contextmanager
def answers() -> Iterator[list[int]]:
    """The statuses of every try made within the block, in order (``LOST``: no answer)."""
    found: list[int] = []
    token = _answers.set(found)
    try:
        yield found
    finally:
        _answers.reset(token)


async def done_whatever_the_answer(call: Callable[[], Awaitable[T]], what: str) -> T | None:
    """``call()``, a change Discord answers with the changed object (a thread's rename); None
    when Discord made it but answered with less (``{}``, 204, a part, as a proxy or a more
    minimal Discord might), which discord.py fails reading: done, not a failure."""
    with answers() as tries:
        try:
            return await call()
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            if not tries or not 200 <= tries[-1] < 300:
                raise  # no answer yet: a fault before anything was sent
            log.info("%s is done; Discord's answer could not be read: %r", what, exc)
            return None


def tried_again_after_a_failure(statuses: list[int]) -> bool:
    """Whether a try before the last ended in a server error or no answer: it may be done."""
    return any(status == LOST or status >= 500 for status in statuses[:-1])


async def _answered(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    if (found := _answers.get()) is not None:
        found.append(params.response.status)


async def _lost(
    session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceRequestExceptionParams,
) -> None:
    if (found := _answers.get()) is not None:
        found.append(LOST)


LOST_CONNECTION_TRIES = 3
"""Tries of a request whose connection is closed before any answer: a kept-alive connection
the server (or a proxy before it) closes as the bot sends on it, its idle timeout racing the
client's reuse (HTTP/1.1 lets either end close a persistent connection at any time: RFC 9112,
9.6), can be met by the next pooled connection too."""


CLOSED_UNDER: tuple[type[Exception], ...] = (
    aiohttp.ServerDisconnectedError,  # closed before an answer began
    aiohttp.ClientOSError,  # reset
    # Closed before the request was even written (the write finds the transport closing).
    getattr(aiohttp, "ClientConnectionResetError", aiohttp.ClientOSError),
)
"""What aiohttp raises for a connection closed under a request, with no answer read."""


async def _retrying_lost_connections(
    session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceRequestStartParams,
) -> None:
    """An ``on_request_start`` trace: the session discord.py made (with this trace) makes each
    request again whose connection is closed before any answer.

    aiohttp tries such a request once more itself only for an idempotent method; discord.py
    tries again only after a reset whose ``errno`` is macOS's or Windows' (54, 10054), never
    Linux's (104) nor a close with no reset at all (``ServerDisconnectedError``): a member's
    command met a stale connection and was answered "something went wrong". Installed from
    the trace because discord.py makes its session itself, before its first request; aiohttp
    reads a session's middlewares as each request starts, after this trace has run."""
    installed = getattr(session, "_middlewares", None)
    if installed is None or _tried_on_fresh_connections in installed:
        return  # an aiohttp older than client middlewares (3.12): its own retries alone
    session._middlewares = (_tried_on_fresh_connections, *installed)


async def _tried_on_fresh_connections(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    """``request`` made again, up to ``LOST_CONNECTION_TRIES`` in all, while its connection is
    closed before any answer. Such a try may have been carried out (the answer lost on the way
    back), as after a 5xx: it is noted ``LOST`` for whoever must not post twice (``answers``);
    an interaction's callback made twice is refused 40060, which ``client.delivery`` reads as
    the first try taken. A body that cannot be sent again (a stream already read) is not."""
    for attempt in range(1, LOST_CONNECTION_TRIES + 1):
        try:
            return await handler(request)
        except aiohttp.ClientConnectorError:
            raise  # no connection at all: nothing was sent
        except CLOSED_UNDER as exc:
            body = request.body
            consumed = isinstance(body, aiohttp.Payload) and body.consumed
            if attempt == LOST_CONNECTION_TRIES or consumed:
                raise
            if (found := _answers.get()) is not None:
                found.append(LOST)
            log.info(
                "%s %s: the connection closed before an answer (%r); trying again",
                request.method,
                request.url.path,
                exc,
            )
    raise AssertionError("unreachable: the last try returns or raises")
