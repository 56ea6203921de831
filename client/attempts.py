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

from client.answer_bodies import JSON
from client.answer_files import files_completed
from client.answer_headers import as_discord_sends
from client.answer_nulls import nulls_read_as_discord_sends
from client.answer_people import people_read_as_discord_sends
from client.polls import polls_completed

log = logging.getLogger(__name__)
T = TypeVar("T")

LOST = -1
"""A try that ended without an answer (the connection reset): it may have been carried out."""

_answers: ContextVar[list[int] | None] = ContextVar("epilogue_http_answers", default=None)


def http_trace() -> aiohttp.TraceConfig:
    """The trace a client is made with (``discord.Client(http_trace=…)``): one
    ``on_request_end`` (``_answer_read``) and one ``on_request_exception``."""
    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(_answer_read)
    trace.on_request_exception.append(_lost)
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
    """Every answer: its status noted (``answers``), its headers as Discord writes them
    (``as_discord_sends``), then its JSON body's rewrites (``_JSON_READERS``). One receiver
    calling them in turn, not one each: aiohttp awaits each receiver of every request, a
    callback's 204 included, whose body none of the rewrites reads."""
    await _answered(session, context, params)
    await as_discord_sends(session, context, params)
    if params.response.headers.get("Content-Type") != JSON:
        return
    for read in _JSON_READERS:
        await read(session, context, params)


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
