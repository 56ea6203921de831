"""Members' names in a server, for the spoiler guard.

Any member may set their own server nickname, which Discord shows to everyone in the member
list, the voice channel list, "is typing" and over each of their messages, in plain text no
bar hides. The guard withheld such a name over each message it reposted, and the member list
went on showing it. A name is read whenever Epilogue is shown it (a member's message; a
GUILD_MEMBER_ADD or GUILD_MEMBER_UPDATE, which Discord sends only to an app with the privileged
Server Members intent, which Epilogue does not ask for) and a nickname that gives an ending
away is changed (``SpoilerGuard.check_name``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord

from bot.cache import LruCache
from bot.features.spoiler.guard import Verdict, logged_verdict
from bot.features.spoiler.surfaces import MemberName
from bot.replies import Reply
from client.context_menus import own_member, tell_privately
from client.delivery import permission_names

log = logging.getLogger(__name__)

KEPT = 16_384
"""Names last read per member and server, so each message does not read its author's again."""


@dataclass(frozen=True)
class NameSeen:
    """A member's name as an event showed it (``member_name_seen``)."""

    guild_id: int
    user_id: int
    nick: str | None
    global_name: str
    bot: bool


def watch_member_names(parsers: dict[str, Any], dispatch: Any) -> None:
    """Dispatch ``member_name_seen`` for each GUILD_MEMBER_ADD and GUILD_MEMBER_UPDATE, before
    discord.py reads it (it drops an update of a member it does not hold, as it holds none
    without the Server Members intent)."""
    for event in ("GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE"):
        parse = parsers[event]

        def parse_and_note(data: Any, parse: Any = parse) -> None:
            try:
                user = data["user"]
                seen = NameSeen(
                    guild_id=int(data["guild_id"]),
                    user_id=int(user["id"]),
                    nick=data.get("nick") or None,
                    global_name=str(user.get("global_name") or user.get("username") or ""),
                    bot=bool(user.get("bot")),
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                seen = None  # discord.py's own parser says what is wrong with it
            parse(data)
            if seen is not None:
                dispatch("member_name_seen", seen)

        parsers[event] = parse_and_note


def seen_in(member: discord.Member) -> NameSeen:
    """The name a member's message (or interaction) showed them with."""
    return NameSeen(
        guild_id=member.guild.id,
        user_id=member.id,
        nick=member.nick or None,
        global_name=member.global_name or member.name,
        bot=member.bot,
    )


class MemberNames:
    """Reads each member's name once per name and catalog (bounded): a member's every message
    shows it."""

    def __init__(self, size: int = KEPT) -> None:
        self._read: LruCache[tuple[int, int], tuple[str | None, str, int]] = LruCache(size)

    async def saw(self, client: discord.Client, seen: NameSeen) -> Verdict | None:
        """Show the guard this name, unless it was read as it is already against the films
        there are now (a reading that holds whatever the rules become: it names no film; a
        film added or given an alias since may be the one it names, and the member list shows
        the name for good) or is a bot's (an app's name is its own)."""
        generation = client.app.catalog.generation  # type: ignore[attr-defined]
        key, name = (seen.guild_id, seen.user_id), (seen.nick, seen.global_name, generation)
        if seen.bot or self._read.get(key) == name:
            return None
        verdict = await guard_member_name(client, seen)
        if verdict is not None and verdict.final:
            self._read.put(key, name)
        return verdict


async def guard_member_name(client: discord.Client, seen: NameSeen) -> Verdict | None:
    """A member's name, shown to the spoiler guard; its verdict, None when it was not shown."""
    guard = client.app.member_spoilers.guard  # type: ignore[attr-defined]
    if not (await guard.settings(seen.guild_id)).enabled:
        return None
    guild = client.get_guild(seen.guild_id)
    me = await own_member(client, guild) if guild is not None else None
    if me is None:
        log.info("guard left member %s's name: the bot's own member is unknown", seen.user_id)
        return None
    member = MemberName(seen.guild_id, seen.user_id, seen.nick, seen.global_name)
    permissions = permission_names(me.guild_permissions.value)
    verdict = await guard.check_name(member, DiscordMemberName(client, seen), permissions)
    if verdict.hidden:
        log.info("guard changed member %s's nickname (%s)", seen.user_id, logged_verdict(verdict))
    return verdict


class DiscordMemberName:
    """``NameOps`` for one member, with discord.py."""

    def __init__(self, client: discord.Client, seen: NameSeen) -> None:
        self._client = client
        self._seen = seen

    async def set_nick(self, nick: str | None) -> bool:
        try:
            await self._client.http.edit_member(self._seen.guild_id, self._seen.user_id, nick=nick)
        except discord.HTTPException as refused:
            log.warning("could not change member %s's nickname: %s", self._seen.user_id, refused)
            return False
        return True

    async def tell(self, user_id: int, reply: Reply) -> bool:
        return await tell_privately(self._client, user_id, reply)

    async def name_now(self) -> tuple[str | None, str] | None:
        try:
            found = await self._client.http.get_member(self._seen.guild_id, self._seen.user_id)
        except discord.HTTPException as exc:
            log.warning("could not read member %s: %s", self._seen.user_id, exc)
            return None
        user = found.get("user") or {}
        return found.get("nick") or None, str(user.get("global_name") or user.get("username") or "")
