"""A server is let go of only once Discord's API says the bot is no longer in it.

GUILD_DELETE without ``unavailable`` says the bot was removed from a server, and discord.py
then drops the server with its channels: every later message there reaches the guard with no
server, and is left alone. A RESUME replays old events, and a network or a stand-in may
reorder them: a removal replayed after the bot was added back (its GUILD_CREATE came first)
left every spoiler in that server in the open until the next fresh session, with no event ever
bringing the server back. So the removal is checked: the server is read through REST, and
dropped only when Discord answers that the bot has no access to it (403 Missing Access, 404
Unknown Guild); an answer showing the server, or no clear answer (a failure, a stand-in
without the route), keeps it (the guard goes on there, and whatever it tries fails if the bot
really left). An outage's GUILD_DELETE (``unavailable``) is read at once, as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from discord.state import ConnectionState

log = logging.getLogger(__name__)

MISSING_ACCESS = 50001
UNKNOWN_GUILD = 10004


def gone(error: discord.HTTPException) -> bool:
    """Whether ``error`` says the bot is not in the server it asked about."""
    return error.code in (MISSING_ACCESS, UNKNOWN_GUILD) and error.status in (403, 404)


def leave_only_when_gone(state: ConnectionState) -> set[asyncio.Task[None]]:
    """Wrap ``state``'s GUILD_DELETE parser; returns the set holding checks under way."""
    parse: Callable[[Any], None] = state.parsers["GUILD_DELETE"]
    parse_create: Callable[[Any], None] = state.parsers["GUILD_CREATE"]
    checking: set[asyncio.Task[None]] = set()
    created: dict[int, int] = {}  # GUILD_CREATEs read, by server: one after a check began wins

    async def check(data: dict[str, Any], guild_id: int) -> None:
        before = created.get(guild_id, 0)
        try:
            await state.http.get_guild(guild_id)
        except discord.HTTPException as exc:
            if gone(exc):
                if created.get(guild_id, 0) == before:  # not added back meanwhile
                    try:
                        parse(data)
                    except Exception:
                        log.exception("could not read GUILD_DELETE of server %s", guild_id)
                return
            log.warning(
                "GUILD_DELETE said Epilogue was removed from server %s, and Discord's API could"
                " not confirm it (%s): the server is kept, and the spoiler guard goes on there",
                guild_id,
                exc,
            )
            return
        except (TimeoutError, OSError) as exc:
            log.warning("could not confirm the removal from server %s (%r): kept", guild_id, exc)
            return
        log.warning(
            "GUILD_DELETE said Epilogue was removed from server %s, which Discord's API shows it"
            " in (an old event delivered again, or out of order): the server is kept",
            guild_id,
        )

    def parse_when_gone(data: Any) -> None:
        try:
            removed = not data.get("unavailable") and state._get_guild(int(data["id"])) is not None
        except (AttributeError, KeyError, TypeError, ValueError):
            removed = False  # discord.py's own parser says what is wrong with it
        if not removed:
            parse(data)
            return
        task = asyncio.get_running_loop().create_task(check(data, int(data["id"])))
        checking.add(task)
        task.add_done_callback(checking.discard)

    def parse_create_counted(data: Any) -> None:
        try:
            guild_id = int(data["id"])
            created[guild_id] = created.get(guild_id, 0) + 1
        except (KeyError, TypeError, ValueError):
            pass
        parse_create(data)

    state.parsers["GUILD_DELETE"] = parse_when_gone
    state.parsers["GUILD_CREATE"] = parse_create_counted
    return checking
