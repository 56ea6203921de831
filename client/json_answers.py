"""Discord's JSON answers read as JSON whatever parameters their media type carries.

discord.py reads an answer's body as JSON only when its ``Content-Type`` is exactly
``application/json`` (``discord.http.json_or_text``), as Discord sends it; anything else is
handed on as text. ``application/json; charset=utf-8`` (a web framework's default for JSON, a
proxy's or a stand-in's) names the same JSON, and read as text it broke everything: logging in
(the bot's user built from a string), every answer read, every error's ``code``.

Read through the client's ``http_trace`` (``client.attempts``), which sees each answer before
discord.py reads its body: a JSON media type with parameters is given as the bare one.
"""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

JSON = "application/json"


async def bare_json_type(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """An ``on_request_end`` trace: the answer's JSON media type without its parameters."""
    response = params.response
    # aiohttp keeps an answer's headers read-only (``headers``, kept once read, is a view of
    # ``_headers``): they are replaced here, the one place, before anyone reads the body.
    given = response._headers.get("Content-Type")
    if given is None or given == JSON or given.split(";", 1)[0].strip().lower() != JSON:
        return
    headers = CIMultiDict(response._headers)
    headers["Content-Type"] = JSON
    response._headers = CIMultiDictProxy(headers)
    response._cache.pop("headers", None)
