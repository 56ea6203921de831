"""Files in a REST answer completed before discord.py reads it (``client.answer_files``).

Over loopback, through the trace the bot's client is made with: this is also the test that
catches aiohttp changing where it keeps a body once read (``ClientResponse._body``).
"""

from __future__ import annotations

import base64
from types import SimpleNamespace
from typing import Any

import discord
from aiohttp import web

from client.file_fields import UNKNOWN_SIZE
from tests.support.traced_answers import read_through_the_trace

FILE = {"id": "9", "filename": "clip.mp4", "url": "http://127.0.0.1/clip.mp4"}
MESSAGE = {"id": "1", "content": "hi", "attachments": [FILE]}


async def _read(answer: Any) -> Any:
    return await read_through_the_trace(lambda: web.json_response(answer))


async def test_files_without_size_or_proxy_are_completed_in_every_message() -> None:
    forwarded = {**MESSAGE, "message_snapshots": [{"message": {"attachments": [dict(FILE)]}}]}
    read = await _read([forwarded, {**MESSAGE, "referenced_message": dict(MESSAGE)}])

    files = [
        read[0]["attachments"][0],
        read[0]["message_snapshots"][0]["message"]["attachments"][0],
        read[1]["attachments"][0],
        read[1]["referenced_message"]["attachments"][0],
    ]
    for file in files:
        assert file["size"] == UNKNOWN_SIZE and file["proxy_url"] == FILE["url"], file


async def test_a_voice_message_whose_waveform_discord_py_cannot_decode_is_read() -> None:
    """A waveform without base64's padding (Discord's reference says only "base64"): discord.py
    failed reading the whole message, and a history page with it (the guard's catch-up)."""
    samples = bytes(range(1, 200, 2))
    unpadded = base64.b64encode(samples).decode().rstrip("=")
    voice = {**FILE, "size": 6, "proxy_url": "http://127.0.0.1/p", "waveform": unpadded}
    read = await _read([{**MESSAGE, "attachments": [voice]}])

    state = SimpleNamespace(http=None)
    assert unpadded != base64.b64encode(samples).decode(), "padding needed, or this means nothing"
    assert discord.Attachment(data=read[0]["attachments"][0], state=state).waveform == samples


async def test_an_answer_with_whole_files_or_none_is_read_as_sent() -> None:
    whole = {**FILE, "size": 6, "proxy_url": "http://127.0.0.1/p"}
    assert await _read({**MESSAGE, "attachments": [whole]}) == {**MESSAGE, "attachments": [whole]}
    assert await _read({"id": "1", "content": "no file"}) == {"id": "1", "content": "no file"}
