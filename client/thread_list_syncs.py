"""A thread a THREAD_LIST_SYNC lists under a new title is read as a renamed one.

Discord sends THREAD_LIST_SYNC when the bot gains access to channels (View Channel given
back): their active threads as they are now. A thread renamed meanwhile sent no THREAD_UPDATE
the bot could see. discord.py stores the listed thread over the one it held and tells
listeners only of threads new to it (``on_thread_join``): one it held under its old title took
the new one in silence, and a title giving the ending away stayed up, never read by the guard.
(The guard's first catch-up, two seconds after the bot connects, read it only when the sync
happened to come before it.)

Each listed thread discord.py held under another name or other tags is dispatched as
``on_thread_update`` (before: the thread held; after: as listed), as the rename's own event
would have been.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from discord.state import ConnectionState


def _titled(thread: discord.Thread) -> tuple[str, tuple[int, ...]]:
    """What a reader sees of a thread that a rename can change: its name, its tags."""
    return thread.name, tuple(sorted(tag.id for tag in thread.applied_tags))


def _listed_ids(data: Any) -> list[int]:
    threads = data.get("threads") if isinstance(data, dict) else None
    ids = (t.get("id") for t in threads if isinstance(t, dict)) if isinstance(threads, list) else ()
    return [int(i) for i in ids if str(i).isdigit()]


def read_synced_renames(state: ConnectionState) -> None:
    """Wrap THREAD_LIST_SYNC's parser so that a listed thread with a new title is an update."""
    parse: Callable[[Any], None] = state.parsers["THREAD_LIST_SYNC"]

    def parse_with_renames(data: Any) -> None:
        guild_id = data.get("guild_id") if isinstance(data, dict) else None
        guild = state._get_guild(int(guild_id)) if str(guild_id).isdigit() else None
        if guild is None:
            parse(data)
            return
        held = {
            thread_id: thread
            for thread_id in _listed_ids(data)
            if (thread := guild.get_thread(thread_id)) is not None
        }
        parse(data)
        for thread_id, before in held.items():
            after = guild.get_thread(thread_id)
            if after is not None and _titled(after) != _titled(before):
                state.dispatch("thread_update", before, after)

    state.parsers["THREAD_LIST_SYNC"] = parse_with_renames
