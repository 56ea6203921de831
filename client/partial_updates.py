"""Message events described in part, read whole from Discord for the spoiler guard.

Discord's reference long said a message update "may contain only a subset of the full message
object payload (but will always contain an id and channel_id)", and Discord sent a link's
preview so: ``id``, ``channel_id``, ``guild_id`` and ``embeds``. discord.py 2.7 cannot build a
message without its ``type``, ``content`` and ``author``, so such an event was skipped
(``client.bot._survive_bad_events``), and a preview or an edit stating an ending stayed in the
open. A message event without ``type`` alone is a default message (type 0), as a minimal
Discord may send one; one without its ``content`` or ``author`` (a MESSAGE_UPDATE, or a
MESSAGE_CREATE so described) is dispatched as ``partial_message_edit`` instead, and the guard's
listener reads the message whole through REST, where the guard is on there.

Bounded, like unknown channels (``client.context_menus.UnknownChannels``): a burst of updates
cannot make the bot call Discord at will. Past the bound an update is read in its turn, up to
``WAITING_READS`` waiting per server; past those it is logged and left.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.minute_budget import MinuteBudget
from client.delivery import patiently
from client.file_fields import complete_files
from client.null_fields import nested_nulls_left_out
from client.nullable_fields import message_lists_completed, message_parts_completed
from client.polls import poll_completed

if TYPE_CHECKING:
    from discord.state import ConnectionState

    from client.context_menus import UnknownChannels

log = logging.getLogger(__name__)

WAITING_READS = 150
"""Reads past the minute's bound waiting their turn in one server (five minutes' worth at 30)."""
EVENT = "partial_message_edit"
"""Dispatched (``on_partial_message_edit``) with a :class:`PartialUpdate`."""

NEEDED = ("content", "author")
"""What discord.py needs of a message event to build the message (and the guard to read it),
besides ``type``, which defaults to a default message's."""

DEFAULT_MESSAGE = 0


@dataclass(frozen=True)
class PartialUpdate:
    message_id: int
    channel_id: int
    guild_id: int | None
    created: bool = False
    """A MESSAGE_CREATE so described: a new message (else an update of one)."""
    author_id: int | None = None
    """Its author, when the event names them: a new message's arrival is noted at once."""


def in_part(data: Any, *, created: bool = False) -> PartialUpdate | None:
    """The message an event names, when the event lacks what discord.py needs; else None
    (a whole event, or one without the ids, left to discord.py to report)."""
    if not isinstance(data, dict) or all(key in data for key in NEEDED):
        return None
    try:
        guild_id = data.get("guild_id")
        author = data.get("author")
        author_id = author.get("id") if isinstance(author, dict) else None
        return PartialUpdate(
            int(data["id"]),
            int(data["channel_id"]),
            int(guild_id) if guild_id else None,
            created,
            int(author_id) if author_id else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def complete_snapshots(message: dict[str, Any]) -> None:
    """Fill in what discord.py requires of a message's files and a forward's snapshots (and
    of the message a reply answers, which Discord sends along), when left out: a serializer
    that omits null and empty fields sends ``edited_timestamp`` null and no ``embeds`` or
    ``attachments`` not at all, and discord.py then fails to read the whole message (the
    guard never saw it, Hide as spoiler went unanswered). The optional fields of its embeds,
    components, files and interaction metadata sent as null, its poll, and what it describes
    in part (``client.null_fields``, ``client.polls``, ``client.nullable_fields``)."""
    complete_files(message.get("attachments"))
    nested_nulls_left_out(message)
    message_parts_completed(message)  # its snapshots' fields too
    message_lists_completed(message)
    poll_completed(message)
    for snapshot in message.get("message_snapshots") or ():
        shown = snapshot.get("message") if isinstance(snapshot, dict) else None
        if isinstance(shown, dict):
            complete_files(shown["attachments"])
            nested_nulls_left_out(shown)
    answered = message.get("referenced_message")
    if isinstance(answered, dict):
        complete_snapshots(answered)


def read_partial_messages(state: ConnectionState) -> None:
    """Give a message event without ``type`` a default message's; dispatch one described in
    part as :data:`EVENT` instead of parsing it."""
    for event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
        state.parsers[event] = _parse_or_dispatch(
            state, state.parsers[event], created=event == "MESSAGE_CREATE"
        )


def _parse_or_dispatch(
    state: ConnectionState, parse: Callable[[Any], None], *, created: bool
) -> Callable[[Any], None]:
    def parse_or_dispatch(data: Any) -> None:
        update = in_part(data, created=created)
        if update is not None:
            state.dispatch(EVENT, update)
            return
        if isinstance(data, dict):
            data.setdefault("type", DEFAULT_MESSAGE)
            complete_snapshots(data)
        parse(data)

    return parse_or_dispatch


class WholeMessages:
    """Reads the messages updates described in part: at most ``per_guild`` a minute per server
    and ``overall`` a minute in all, one read at a time per message.

    Updates of one message that arrive together share a read, but only one not yet sent: an
    update arriving while a read is on its way (Discord may have read the message before the
    edit it tells of) waits for that read, then is read again, with any others that came
    meanwhile. Sharing the read under way would judge the old text for the edit too, and an
    edit stating the ending would never be read."""

    def __init__(
        self,
        *,
        per_guild: int = 30,
        overall: int = 120,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._budget = MinuteBudget(per_guild=per_guild, overall=overall, clock=clock)
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self._under_way: dict[int, asyncio.Future[discord.Message | None]] = {}
        self._waiting: dict[int, asyncio.Future[discord.Message | None]] = {}

    async def read(
        self, client: discord.Client, update: PartialUpdate, unknown: UnknownChannels
    ) -> discord.Message | None:
        """The message, as a MESSAGE_CREATE gives it (its author as the server's member), or
        None: not in a server the bot holds, not guarded there, gone, or past the bound. Read
        after this update arrived, never by a read sent before it."""
        channel = await self._guarded_channel(client, update, unknown)
        if channel is None:
            return None
        message_id = update.message_id
        pending = self._waiting.get(message_id)
        if pending is None:
            # Past the minute's reads, in its turn: a member could post links enough to spend
            # them, then one whose preview states the ending, which would go unread for good.
            if not await self._budget.turn(channel.guild.id, self.sleep, waiting=WAITING_READS):
                log.warning(
                    "guild %s: too many messages updated in part this minute and waiting;"
                    " message %s was left to the guard's next look",
                    channel.guild.id,
                    message_id,
                )
                return None
            # Another update of the message may have started its read meanwhile.
            pending = self._waiting.get(message_id)
        if pending is None:
            pending = asyncio.ensure_future(
                self._read_after(self._under_way.get(message_id), channel, message_id)
            )
            self._waiting[message_id] = pending
        return await asyncio.shield(pending)

    async def _read_after(
        self,
        earlier: asyncio.Future[discord.Message | None] | None,
        channel: Any,
        message_id: int,
    ) -> discord.Message | None:
        """Read once the ``earlier`` read (if any) is done; from the moment this one is sent,
        an update arriving waits for it and reads again."""
        if earlier is not None:
            await asyncio.wait([earlier])
        this = asyncio.current_task()
        assert this is not None
        if self._waiting.get(message_id) is this:
            del self._waiting[message_id]
        self._under_way[message_id] = this
        try:
            return await self._fetch(channel, message_id)
        finally:
            if self._under_way.get(message_id) is this:
                del self._under_way[message_id]

    async def _guarded_channel(
        self, client: discord.Client, update: PartialUpdate, unknown: UnknownChannels
    ) -> Any:
        guild_id = update.guild_id
        if guild_id is None:
            known = client.get_channel(update.channel_id)
            guild_id = known.guild.id if isinstance(known, discord.abc.GuildChannel) else None
        guild = client.get_guild(guild_id) if guild_id is not None else None
        if guild is None:
            return None  # a DM, or a server discord.py does not hold: the guard reads neither
        settings = await client.app.member_spoilers.guard.settings(guild.id)  # type: ignore[attr-defined]
        if not settings.enabled:
            return None
        channel: Any = guild.get_channel_or_thread(update.channel_id)
        if channel is None:
            channel = await unknown.resolve(client, guild.id, update.channel_id)
        if channel is None or channel.guild.id != guild.id:
            return None
        if not settings.guards(channel.id, getattr(channel, "parent_id", None)):
            return None
        return channel

    async def _fetch(self, channel: Any, message_id: int) -> discord.Message | None:
        try:
            message: discord.Message = await patiently(lambda: channel.fetch_message(message_id))
        except discord.NotFound:
            return None  # deleted since: nothing left to read
        except (discord.HTTPException, KeyError, TypeError, ValueError) as exc:
            # Refused, or answered in a shape discord.py cannot read: left as it came.
            log.info("could not read message %s described in part: %r", message_id, exc)
            return None
        author = message.author
        if isinstance(author, discord.Member) or author.bot or message.webhook_id is not None:
            return message
        # REST names a user only: the guard reposts under the member's nickname and avatar.
        member = channel.guild.get_member(author.id)
        if member is None:
            try:
                member = await patiently(lambda: channel.guild.fetch_member(author.id))
            except discord.HTTPException as exc:
                log.info("could not look up member %s: %s", author.id, exc)
        if member is not None:
            message.author = member
        return message
