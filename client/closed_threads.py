"""Threads a moderator closed, which Discord writes in only once they are opened again.

Discord refuses a message edited or deleted in an archived thread, and in one a moderator
locked ("Lock thread", "Close and lock post") anything posted by whoever may not unlock it: a
webhook's post, the answer to a member's command or press, even a private one or "thinking…"
(400, 50083 "Thread is archived", 160005 "Thread is locked"; discord/discord-api-docs#5517,
#6928). Its own client unarchives a thread before deleting a message there; so does Epilogue,
with Manage Threads, for a hide or a rename (unlocking a locked one too), and puts the thread
back as it was. An interaction there cannot be answered at all: its asker is told by DM
(``client.delivery.tell_thread_closed``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import discord

from client.delivery import patiently, thread_archived, thread_locked

log = logging.getLogger(__name__)

T = TypeVar("T")


async def opened_for(
    client: discord.Client,
    thread_id: int,
    call: Callable[[], Awaitable[T]],
) -> T:
    """``call()``; refused because ``thread_id`` is archived (50083) or locked (160005), made
    again once the thread is unarchived or unlocked (Manage Threads) as the refusals ask, then
    put back as it was. Opening it refused, the refusal that asked for it is raised: it says
    why nothing was done; opening it failed for a passing reason (a 5xx, a long 429), that
    failure is raised, so the caller may try again."""
    opened: dict[str, bool] = {}
    try:
        while True:  # each turn opens the thread a way it was not yet, or ends
            try:
                return await call()
            except discord.HTTPException as exc:
                change = _opening(exc, opened)
                if change is None:
                    raise
                try:
                    await patiently(
                        lambda change=change: client.http.edit_channel(thread_id, **change)
                    )
                except discord.HTTPException as refused:
                    log.warning("could not open thread %s to write in it: %s", thread_id, refused)
                    if refused.status >= 500 or refused.status == 429:
                        # Discord failed it, or held it longer than waited: that passes, and
                        # is what the caller must read (told "archived", a caller named the
                        # thread as one it may not open, and never tried it again).
                        raise
                    raise exc from None
                opened.update(change)
                log.info("thread %s opened for a moment (%s), to write in it", thread_id, change)
    finally:
        if opened:
            await _closed_again(client, thread_id, opened)


def _opening(refusal: discord.HTTPException, opened: dict[str, bool]) -> dict[str, bool] | None:
    """The change to the thread that ``refusal`` asks for, unless it was made already."""
    if thread_archived(refusal) and "archived" not in opened:
        return {"archived": False}
    if thread_locked(refusal) and "locked" not in opened:
        return {"locked": False}
    return None


async def _closed_again(client: discord.Client, thread_id: int, opened: dict[str, bool]) -> None:
    """The thread put back as the moderators left it, in one change (an archived thread would
    take no other)."""
    back = {key: True for key in opened}
    try:
        await patiently(lambda: client.http.edit_channel(thread_id, **back))
    except discord.HTTPException as exc:
        log.warning("could not close thread %s again (%s): %s", thread_id, back, exc)
