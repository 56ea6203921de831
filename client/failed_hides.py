"""Messages the spoiler guard found giving an ending away but could not hide, read again.

A hide is a repost, then the original's delete; nothing may be lost, so a repost Discord fails
leaves the original as it was (``MemberSpoilers``). discord.py retries some server errors and
``client.delivery.patiently`` a few more, seconds apart; Discord down for longer (a 503 from its
front end each time, no answer at all) failed the hide, and nothing read the message again
unless its author edited it: the ending stayed in the open for good. Each such message is kept
here and read again, as it is then, by a sweep once a minute (``RETRY_SWEEP_S``) for
``RETRY_FOR``: hidden once Discord takes the repost, left once it is gone or no longer gives
anything away. Kept in memory (what a message is, Discord holds; a restart's catch-up reads
the channels it saw last, ``client/catch_up.py``).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot.features.spoiler.guard import Verdict
from client.closed_threads import opened_for
from client.delivery import MALFORMED, PASSING_FAILURES, patiently
from client.message_reading import member_message

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

RETRY_SWEEP_S = 60.0
RETRY_FOR_S = 15 * 60.0
"""How long a failed hide is tried again: Discord's outages mostly pass within minutes; past
this, the operator's log names the message."""
KEPT = 1000
"""Failed hides kept at once (the oldest dropped, logged): members cannot grow memory at will."""
FAILURES = (*PASSING_FAILURES, *MALFORMED)
"""How a hide fails short of a refusal: a status, no answer at all, an answer not read."""


def hide_failed(verdict: Verdict | None) -> bool:
    """Whether the guard found an ending and tried to hide it, and Discord failed the hide
    (its repost refused or failed: the original left as it was)."""
    return (
        verdict is not None
        and not verdict.hidden
        and verdict.reply is not None
        and verdict.reply.is_error
    )


@dataclass
class _Failed:
    guild_id: int
    channel_id: int
    first_failed: float  # time.monotonic()
    as_sent: Hashable = None
    """For an original left up beside its repost: the version reposted, deleted only while
    Discord still shows it (an edit since is read again instead, never lost)."""


_left_up: dict[int, OrderedDict[int, _Failed]] = {}
"""By client: originals whose repost is up but whose delete Discord failed, by message id."""


def left_up(client: discord.Client, message: discord.Message, as_sent: Hashable) -> None:
    """``message`` was reposted hidden, and Discord failed its delete (a 5xx past its tries, no
    answer, a long 429, a refusal): it shows the ending beside its repost, so its delete is
    tried again by the minute's sweep (reposting it again would post a second repost)."""
    if message.guild is None:
        return
    kept = _left_up.setdefault(id(client), OrderedDict())
    if message.id not in kept:
        kept[message.id] = _Failed(message.guild.id, message.channel.id, time.monotonic(), as_sent)
    if len(kept) > KEPT:
        dropped, _ = kept.popitem(last=False)
        log.warning("originals left up past %d: message %s no longer deleted again", KEPT, dropped)


class FailedHides:
    """The messages whose hide failed, by id, read again by ``sweep`` through ``look``."""

    def __init__(
        self, client: EpilogueBot, look: Callable[[discord.Message], Awaitable[None]]
    ) -> None:
        self._client = client
        self._look = look
        self._failed: OrderedDict[int, _Failed] = OrderedDict()

    def close(self) -> None:
        """The listener unloaded: the originals left up for this client are forgotten."""
        _left_up.pop(id(self._client), None)

    def __len__(self) -> int:
        return len(self._failed)

    def judged(self, message: discord.Message, verdict: Verdict | None) -> None:
        """``message`` was read: kept to be read again if its hide failed, else let go."""
        if hide_failed(verdict):
            self.failed(message)
        else:
            self._failed.pop(message.id, None)

    def failed(self, message: discord.Message) -> None:
        """``message``'s reading or hide failed (Discord failed it, or answered what discord.py
        could not read): kept to be read again."""
        if message.id in self._failed or message.guild is None:
            return  # failed again: tried until its first failure is old
        self._failed[message.id] = _Failed(message.guild.id, message.channel.id, time.monotonic())
        if len(self._failed) > KEPT:
            dropped, _ = self._failed.popitem(last=False)
            log.warning("failed hides past %d: message %s no longer tried again", KEPT, dropped)

    async def sweep(self) -> None:
        """Read each failed hide's message again as Discord shows it now, and delete each
        original left up beside its repost that Discord still shows as reposted."""
        kept = _left_up.setdefault(id(self._client), OrderedDict())
        for failures, deleting in ((self._failed, False), (kept, True)):
            for message_id, failed in list(failures.items()):
                if time.monotonic() - failed.first_failed > RETRY_FOR_S:
                    del failures[message_id]
                    log.warning(
                        "guard could not %s message %s in channel %s for %d minutes: left",
                        "delete" if deleting else "hide",
                        message_id,
                        failed.channel_id,
                        RETRY_FOR_S // 60,
                    )
                    continue
                try:
                    await self._read_again(failures, message_id, failed, deleting=deleting)
                except Exception:
                    log.exception("reading again message %s, whose hide failed", message_id)

    async def _read_again(
        self,
        failures: OrderedDict[int, _Failed],
        message_id: int,
        failed: _Failed,
        *,
        deleting: bool,
    ) -> None:
        guild = self._client.get_guild(failed.guild_id)
        channel = None if guild is None else guild.get_channel_or_thread(failed.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return  # a server or channel not held now (an outage): tried at the next sweep
        try:
            message = await patiently(lambda: channel.fetch_message(message_id))
        except discord.NotFound:
            failures.pop(message_id, None)  # deleted: nothing shows any more
            return
        except FAILURES as exc:
            log.info("could not read again message %s, whose hide failed: %r", message_id, exc)
            return  # tried at the next sweep (a 403 too: a permission may be given back)
        if not deleting:
            await self._look(message)  # ``judged`` keeps it, or lets it go
            return
        if member_message(message).as_sent != failed.as_sent:
            # Edited since its repost: deleting it would lose the edit; read as it is now.
            failures.pop(message_id, None)
            await self._look(message)
            return
        try:
            await opened_for(self._client, channel.id, lambda: patiently(message.delete))
        except discord.NotFound:
            pass
        except FAILURES as exc:
            log.info("could not delete again message %s, left up: %r", message_id, exc)
            return
        failures.pop(message_id, None)
