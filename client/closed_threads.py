"""Archived threads, which Discord writes in only once they are unarchived.

Discord refuses a message edited or deleted in an archived thread, and in one a moderator
locked ("Close and lock post") anything posted by whoever may not unarchive it: a webhook's
post, the answer to a member's command or press, even a private one or "thinking…" (400, 50083
"Thread is archived"; discord/discord-api-docs#5517, #6928). Its own client unarchives a thread
before deleting a message there; so does Epilogue, with Manage Threads, for a hide, and puts the
thread back as it was. An interaction there cannot be answered at all: its asker is told by DM
(``client.delivery.tell_thread_closed``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import discord

from client.delivery import patiently, thread_archived

log = logging.getLogger(__name__)

T = TypeVar("T")


async def unarchived_for(
    client: discord.Client,
    thread_id: int,
    call: Callable[[], Awaitable[T]],
) -> T:
    """``call()``; refused because ``thread_id`` is archived (50083), made again once the thread
    is unarchived (Manage Threads, which a locked thread needs), the thread archived again after
    (its lock kept: unarchiving leaves ``locked`` as it was). Unarchiving refused, the first
    refusal is raised: it says why nothing was done."""
    try:
        return await call()
    except discord.HTTPException as exc:
        if not thread_archived(exc):
            raise
        refused = exc
    try:
        await patiently(lambda: client.http.edit_channel(thread_id, archived=False))
    except discord.HTTPException as exc:
        log.warning("could not unarchive thread %s to write in it: %s", thread_id, exc)
        raise refused from None
    log.info("thread %s unarchived for a moment, to write in it", thread_id)
    try:
        return await call()
    finally:
        try:
            await patiently(lambda: client.http.edit_channel(thread_id, archived=True))
        except discord.HTTPException as exc:
            log.warning("could not archive thread %s again: %s", thread_id, exc)
