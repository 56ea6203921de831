"""client.rate_limit_waits: a 429's wait named in its body as a number, as discord.py reads it.

Through the real trace on a real aiohttp session, so the test also catches aiohttp changing where
it keeps a body once read."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from client.rate_limit_waits import DEFAULT_WAIT_S
from tests.support.traced_answers import read_through_the_trace


async def _read(status: int, answer: Any, headers: dict[str, str]) -> Any:
    return await read_through_the_trace(
        lambda: web.json_response(answer, status=status, headers=headers)
    )


LIMITED = {"message": "You are being rate limited.", "global": False}


@pytest.mark.parametrize(
    ("body", "headers", "wait"),
    [
        ({}, {"Retry-After": "3"}, 3.0),
        ({}, {"X-RateLimit-Reset-After": "0.25"}, 0.25),
        ({"retry_after": None}, {"Retry-After": "2", "X-RateLimit-Reset-After": "9"}, 2.0),
        ({"retry_after": "0.5"}, {"Retry-After": "1"}, 0.5),
        ({"retry_after": "soon"}, {"Retry-After": "4"}, 4.0),
        ({"retry_after": -1}, {}, DEFAULT_WAIT_S),
        ({}, {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, DEFAULT_WAIT_S),
        ({}, {}, DEFAULT_WAIT_S),
    ],
)
async def test_a_429_without_a_numeric_wait_gets_its_headers_or_a_second(
    body: dict[str, Any], headers: dict[str, str], wait: float
) -> None:
    read = await _read(429, {**LIMITED, **body}, headers)
    assert read["retry_after"] == wait
    assert read["message"] == LIMITED["message"]


async def test_a_429_naming_its_wait_and_other_answers_are_read_as_sent() -> None:
    assert await _read(429, {**LIMITED, "retry_after": 0.7}, {"Retry-After": "5"}) == {
        **LIMITED,
        "retry_after": 0.7,
    }
    assert await _read(200, {"retry_after": "x"}, {}) == {"retry_after": "x"}
