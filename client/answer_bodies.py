"""A JSON answer's body rewritten before discord.py reads it, in one place.

``client.answer_files`` and ``client.answer_nulls`` read Discord's answers as Discord's
reference sends them, however a stand-in wrote them. Both run in the client's ``http_trace``
(``client.attempts``), which sees each answer before discord.py reads its body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aiohttp

JSON = "application/json"


async def rewrite_json_answer(
    params: aiohttp.TraceRequestEndParams,
    worth_reading: Callable[[bytes], bool],
    rewrite: Callable[[Any], bool],
) -> None:
    """Parse a JSON answer whose body is ``worth_reading`` (a cheap screen of the bytes), let
    ``rewrite`` change it in place (it says whether it did), and give discord.py the result.
    Only answers typed JSON (after ``client.answer_headers``, the bare media type): never a
    file download."""
    response = params.response
    if response.headers.get("Content-Type") != JSON:
        return
    body = await response.read()
    if not worth_reading(body):
        return
    try:
        found = json.loads(body)
    except ValueError:
        return  # discord.py's own read says what is wrong with it
    if rewrite(found):
        # aiohttp keeps a body read once in ``_body`` and reads it from there (``text()``,
        # ``json()``): replaced here, the one place; tests/client/test_answer_files.py
        # checks that discord.py's read sees it.
        response._body = json.dumps(found).encode()


def every_object(found: Any, fix: Callable[[dict[str, Any]], bool]) -> bool:
    """``fix`` applied to every JSON object in ``found`` (a decoded answer), outermost first,
    then to what each holds as ``fix`` left it; whether any ``fix`` changed something."""
    changed = False
    if isinstance(found, list):
        for item in found:
            changed = every_object(item, fix) or changed
    elif isinstance(found, dict):
        changed = fix(found)
        for value in found.values():
            if isinstance(value, dict | list):
                changed = every_object(value, fix) or changed
    return changed
