"""What Discord answered each try of a request discord.py made, its own retries included.

discord.py tries a request again after a server error (its webhook client after any 5xx, its
REST client after 500, 502, 504 and 524) or a connection reset, and says nothing of it. A 5xx
can come after Discord carried the request out (the answer lost on the way back), so a post
tried again may be up twice: whoever made it must know there were tries before the last.
Read by the client middleware the client's ``http_trace`` (an aiohttp ``TraceConfig``) installs
on its session (``_read_in_middleware``), per task.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from types import SimpleNamespace
from typing import TypeVar

import aiohttp

from client.answer_bodies import JSON
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
    """The trace a client is made with (``discord.Client(http_trace=…)``). Its one
    ``on_request_start`` (``_read_in_middleware``) hands each session it sees to one client
    middleware (``_answers_read_here``), which reads every answer from then on, and takes the
    trace off that session; with an aiohttp older than client middlewares (3.12), its
    ``on_request_end`` (``_answer_read``) and ``on_request_exception`` read them instead."""
    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(_answer_read)
    trace.on_request_exception.append(_lost)
    # Before any of it: answers read, and lost connections tried again, by a middleware.
    trace.on_request_start.append(_read_in_middleware)
    return trace


_JSON_READERS = (
    # The files they describe, as discord.py requires them.
    files_completed,
    # Their polls, in every shape Discord's reference allows.
    polls_completed,
    # Fields sent as null, as Discord sends them (left out, or an empty list).
    nulls_read_as_discord_sends,
    # The people they describe (users, members), as discord.py requires them.
    people_read_as_discord_sends,
)
"""Each JSON answer's rewrites after its headers', in this order (each reads the body as the
one before left it). Each reads only an answer typed JSON, so one typed otherwise (a 204, a
file from the CDN) skips them all."""


async def _answer_read(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """The trace's reading of an answer, where no middleware reads it (``_read``)."""
    if not _read_by_middleware(session):
        await _read(session, context, params)


async def _read(
    session: aiohttp.ClientSession | None,
    context: SimpleNamespace | None,
    params: aiohttp.TraceRequestEndParams,
) -> None:
    """Every answer: its status noted (``answers``), its headers as Discord writes them
    (``as_discord_sends``), its JSON body's rewrites (``_JSON_READERS``), then a 429's wait."""
    await _answered(session, context, params)  # type: ignore[arg-type]
    await as_discord_sends(session, context, params)  # type: ignore[arg-type]
    if params.response.headers.get("Content-Type") == JSON:
        for read in _JSON_READERS:
            await read(session, context, params)  # type: ignore[arg-type]
    # A 429's wait, named in its body as discord.py reads it; typed JSON or not (a rate
    # limiter's text with ``Via``), so after the JSON rewrites rather than among them.
    await waits_named_as_discord_sends(session, context, params)  # type: ignore[arg-type]


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


def so_far() -> list[int]:
    """The statuses of the tries made so far in the innermost ``answers`` block (none
    outside one)."""
    return list(_answers.get() or [])


def answered_by_another(statuses: list[int]) -> bool:
    """Whether an interaction callback refused as already acknowledged (40060, the last of
    ``statuses``) was acknowledged by another handling of the interaction (a replayed gateway
    event, a second process on its shard): no try of this handling before it could have been
    carried out (a 5xx, or no answer), so that acknowledgement is not its own."""
    return not tried_again_after_a_failure(statuses)


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
    if not _read_by_middleware(session) and (found := _answers.get()) is not None:
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


async def _read_in_middleware(
    session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceRequestStartParams,
) -> None:
    """An ``on_request_start`` trace: the session discord.py made (with this trace) has every
    answer read, and each request whose connection is closed before any answer made again,
    by one client middleware (``_answers_read_here``), and no longer carries this trace.

    Installed from the trace because discord.py makes its session itself, before its first
    request (and again after a close); aiohttp reads a session's middlewares as each request
    starts, after this trace has run, so the middleware reads this very request's answer too.
    The trace then leaves the session: aiohttp builds, for every request of a session carrying
    a trace, a ``Trace``, its context and a parameters object for each of its signals, and
    awaits each (about a fifth of a callback's CPU in aiohttp, ``benchmarks.request_cost``),
    for readings the middleware now makes. A session of an aiohttp older than client
    middlewares (3.12) keeps the trace, which reads its answers as before."""
    installed = getattr(session, "_middlewares", None)
    if installed is None:
        return  # an aiohttp older than client middlewares: the trace reads every answer
    if _answers_read_here not in installed:
        session._middlewares = (_answers_read_here, *installed)
    # A new list, not this one changed: aiohttp is iterating it for this request.
    session._trace_configs = [
        config
        for config in session._trace_configs
        if _read_in_middleware not in config.on_request_start
    ]


def _read_by_middleware(session: aiohttp.ClientSession) -> bool:
    return _answers_read_here in (getattr(session, "_middlewares", None) or ())


async def _answers_read_here(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    """A client middleware: ``request`` made (again while its connection is closed before any
    answer, ``_tried_on_fresh_connections``), then its answer read as the trace read it
    (``_read``), before discord.py reads it; a try ending without an answer noted ``LOST``."""
    response: aiohttp.ClientResponse | None = None
    try:
        response = await _tried_on_fresh_connections(request, handler)
        params = aiohttp.TraceRequestEndParams(
            request.method, request.url, request.headers, response
        )
        await _read(getattr(request, "_session", None), None, params)
    except BaseException:
        # As the trace's ``on_request_exception`` did: a reading that failed (its body cut
        # off) ends the request too, after its status was noted; aiohttp, which never got
        # the answer, leaves it to whoever did to close.
        if response is not None:
            response.close()
        if (found := _answers.get()) is not None:
            found.append(LOST)
        raise
    return response


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
