"""Fetching a message's files from Discord's CDN, within a bound and once per message.

discord.py reads a file through the bot's HTTP session, which waits up to five minutes and
raises aiohttp's own errors when the CDN refuses the connection. The guard fetches files while a
spoiler is in the open (to read a text file's preview, to repost the files hidden): a CDN that
is down or never answers must cost a bounded wait, once per message, and never the hide.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

log = logging.getLogger(__name__)

FETCH_WAIT_S = 10.0
"""The longest one message's files are waited for in all (a file of tens of MB included)."""


class FileUnreachable(Exception):
    """Discord did not hand a file over: the CDN refused, failed or never answered."""


class MessageFiles:
    """Fetches one message's files, sharing one bound: once a file could not be fetched, the
    others of the message are not waited for again."""

    def __init__(self, within_s: float = FETCH_WAIT_S) -> None:
        self._within_s = within_s
        self._left_s = within_s
        self._down: str | None = None

    async def read(self, attachment: discord.Attachment, *, within_s: float | None = None) -> bytes:
        """``attachment``'s bytes, or FileUnreachable (discord.HTTPException for a refusal
        Discord answered: a link expired, a file deleted)."""
        if self._down is not None:
            raise FileUnreachable(self._down)
        wait = min(self._left_s, within_s if within_s is not None else self._left_s)
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with asyncio.timeout(max(wait, 0.0)):
                return await attachment.read()
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            self._down = type(exc).__name__
            log.info("could not fetch file %s: %s", attachment.id, self._down)
            raise FileUnreachable(self._down) from None
        finally:
            self._left_s -= loop.time() - started
