"""A thread discord.py does not hold is a thread of the channel Discord says, once confirmed.

An interaction in a thread the bot was never shown (a private thread it is not in, one made
while its session was lost) describes the thread, ``parent_id`` included; nothing else says
which channel's thread it is, and a thread follows its parent's spoiler rule. Taken on the
payload's word, a command in a private thread of a no-spoilers channel, its ``parent_id``
forged or replayed as a spoiler channel's, was answered with the ending in the open. Such an
interaction is read as of a channel of unknown kind (``client.bot._channel_kind_unknown``:
the strictest rule the server has, unless the thread has its own) until the thread is looked
up through REST (bounded and remembered: ``client.context_menus.UnknownChannels``) and its
parent is the one described. A thread never moves to another channel, so a confirmed parent
holds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.cache import LruCache

if TYPE_CHECKING:
    from discord.state import ConnectionState

    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

LOOKUP_S = 1.0
"""Seconds an answer waits for the thread's lookup: Discord drops an interaction not
acknowledged within three."""


async def confirm_thread_parent(interaction: discord.Interaction[EpilogueBot]) -> None:
    """Look up an interaction's thread that discord.py does not hold, and read its parent as
    described only when Discord's REST answer agrees."""
    client = interaction.client
    thread, guild = interaction.channel, interaction.guild
    if not isinstance(thread, discord.Thread) or interaction.guild_id is None:
        return
    kinds = getattr(client, "unsure_channels", None)
    unknown = getattr(client, "unknown_channels", None)
    if kinds is None or unknown is None or not kinds.unsure(interaction.id):
        return
    if guild is not None and guild.get_thread(thread.id) is not None:
        return  # held after all (sent since): unsure for another reason, left so
    try:
        async with asyncio.timeout(LOOKUP_S):
            found = await unknown.resolve(client, interaction.guild_id, thread.id)
    except TimeoutError:
        return  # the answer cannot wait: the strictest rule (the lookup goes on, remembered)
    if (
        isinstance(found, discord.Thread)
        and found.guild.id == interaction.guild_id
        and thread.parent_id is not None
        and found.parent_id == thread.parent_id
    ):
        kinds.saw(interaction.id, kind_unknown=False)


THREADS_REMEMBERED = 16_384
"""Threads whose parent is remembered besides those discord.py holds (archived ones, dropped
from its cache): a few hundred kilobytes."""


class ThreadParents:
    """A thread keeps the parent it was first seen with: Discord never moves a thread.

    discord.py files a thread under the ``parent_id`` of the latest event describing it (a
    THREAD_CREATE replaces the one it holds, a THREAD_LIST_SYNC or a server sent again too). A
    THREAD_CREATE sending a thread of a no-spoilers channel again as a spoiler channel's (forged,
    or a stand-in's mistake) moved it there, and the next command in it was answered with the
    ending in the open. An event naming another parent than the thread's is read with the
    thread's own (the one discord.py holds, else the one remembered), and logged by ids."""

    def __init__(self, size: int = THREADS_REMEMBERED) -> None:
        self._seen: LruCache[int, int] = LruCache(size)

    def keep(self, state: ConnectionState, guild_id: object, thread: object) -> None:
        """Set ``thread`` (a thread as an event describes it) to its known parent, or learn
        the parent it names."""
        if not isinstance(thread, dict):
            return
        thread_id, named = _snowflake(thread.get("id")), _snowflake(thread.get("parent_id"))
        if thread_id is None or named is None:
            return
        guild = state._get_guild(gid) if (gid := _snowflake(guild_id)) is not None else None
        held = guild.get_thread(thread_id) if guild is not None else None
        known = held.parent_id if held is not None else self._seen.get(thread_id)
        if known is not None and known != named:
            log.warning(
                "thread %s described as of channel %s, but it is of channel %s: kept there",
                thread_id,
                named,
                known,
            )
            thread["parent_id"] = str(known)
            return
        self._seen.put(thread_id, named)

    def watch(self, state: ConnectionState) -> None:
        """Wrap the parsers of every event that describes threads."""
        parsers = state.parsers

        def one(parse: Callable[[Any], None]) -> Callable[[Any], None]:
            def parse_kept(data: Any) -> None:
                if isinstance(data, dict):
                    self.keep(state, data.get("guild_id"), data)
                parse(data)

            return parse_kept

        def listed(parse: Callable[[Any], None], server_key: str) -> Callable[[Any], None]:
            def parse_kept(data: Any) -> None:
                if isinstance(data, dict) and isinstance(data.get("threads"), list):
                    for thread in data["threads"]:
                        self.keep(state, data.get(server_key), thread)
                parse(data)

            return parse_kept

        for event in ("THREAD_CREATE", "THREAD_UPDATE"):
            parsers[event] = one(parsers[event])
        parsers["THREAD_LIST_SYNC"] = listed(parsers["THREAD_LIST_SYNC"], "guild_id")
        parsers["GUILD_CREATE"] = listed(parsers["GUILD_CREATE"], "id")


def _snowflake(value: object) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None
