"""Files in Discord's REST answers as discord.py reads them, however a stand-in describes them.

discord.py requires each attachment's ``size`` (Discord's reference does too, but a stand-in
or proxy may leave it out) and fails reading the whole message without it: a message read from
Discord (``fetch_message``, ``history``: a target read whole for Hide as spoiler, the guard's
catch-up, a repost looked for) failed, and with it what read it. The gateway's messages and
interactions are completed by their parsers (``client.file_fields.complete_files``); a
REST answer has no parser of Epilogue's, so its files are completed here, the same way, before
discord.py reads the body: a weight not known is 0, and such a file is fetched and weighed.

Read through the client's ``http_trace`` (``client.attempts``), which sees each answer first.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import aiohttp

from client.answer_bodies import every_object, rewrite_json_answer
from client.file_fields import complete_files, waveform_unreadable

NAMES_A_FILE = b'"filename"'
"""What every attachment object carries: an answer without it describes no file."""


async def files_completed(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
) -> None:
    """An ``on_request_end`` trace: every file a JSON answer describes given what discord.py
    requires of it."""
    await rewrite_json_answer(
        params, lambda body: NAMES_A_FILE in body, lambda found: every_object(found, _complete)
    )


def _complete(found: dict[str, Any]) -> bool:
    """Complete ``found``'s ``attachments`` list; whether it lacked anything."""
    files = found.get("attachments")
    if not isinstance(files, list) or not _incomplete(files):
        return False
    complete_files(files)
    return True


def _incomplete(files: list[Any]) -> bool:
    return any(
        isinstance(f, dict)
        and "url" in f
        and ("size" not in f or "proxy_url" not in f or waveform_unreadable(f))
        for f in files
    )
