"""``/spoiler …`` and Apps → "Hide as spoiler": members' own spoilers.

Declared once in ``bot/features/spoiler/commands.py``; the group is built by ``client/slash.py``
and the message command by ``client/context_menus.py``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import discord
from discord import AppCommandType
from discord.ext import commands, tasks

from bot.features.spoiler.follow_ups import Arrival
from client.catch_up import CatchUp, KnownTitles, SeenChannels
from client.context_menus import context_menus, guard_message, guard_thread_title
from client.failed_hides import FAILURES, RETRY_SWEEP_S, FailedHides
from client.member_names import MemberNames, NameSeen, seen_in
from client.message_reading import member_message, tag_names
from client.partial_updates import PartialUpdate, WholeMessages
from client.renames import RenameBudget
from client.scheduled_events import guard_scheduled_event
from client.slash import group
from client.voice_status import VoiceStatusUpdate, guard_stage_topic, guard_voice_status
from client.webhooks import Webhooks
from client.withheld_content import WithheldContent

if TYPE_CHECKING:
    from client.bot import EpilogueBot

GROUP = "spoiler"


class SpoilerGuardListener(commands.Cog):
    """New and edited members' messages, for the spoiler guard (needs ``message_content``)."""

    def __init__(self, bot: EpilogueBot, hooks: Webhooks) -> None:
        self.bot = bot
        self.hooks = hooks
        self.unknown = bot.unknown_channels
        # A text read against the films there are: one that named none may name one added since.
        films = lambda: bot.app.catalog.generation  # noqa: E731
        self.judged = JudgedTexts(films=films)
        self.judged_titles = JudgedTexts(films=films)
        self.renames = RenameBudget()
        self.names = bot.place_names
        self.seen = SeenChannels()
        self.titles = KnownTitles()
        self.whole = WholeMessages()
        self.catch_up = CatchUp(bot, self.seen, self.look, self.titles, self.look_at_title)
        self.withheld = WithheldContent()
        self.member_names = MemberNames()
        # Hides Discord failed (a repost answered 503 while it is down): read again each minute.
        self.failed_hides = FailedHides(bot, self.judge)
        self.retry_hides = tasks.loop(seconds=RETRY_SWEEP_S)(self.failed_hides.sweep)

    async def cog_load(self) -> None:
        self.retry_hides.start()

    async def cog_unload(self) -> None:
        self.retry_hides.cancel()
        self.failed_hides.close()
        self.renames.close()
        await self.catch_up.close()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        self.seen.saw(message)
        self.withheld.saw(message)
        await self.look(message, new=True)
        # Its author's name is in the member list too, where no repost hides it.
        if isinstance(message.author, discord.Member) and message.webhook_id is None:
            await self.member_names.saw(self.bot, seen_in(message.author))

    @commands.Cog.listener()
    async def on_member_name_seen(self, seen: NameSeen) -> None:
        # A member joined or changed (sent only with the Server Members intent).
        await self.member_names.saw(self.bot, seen)
        # Drawn by that name in messages mentioning them before.
        guard = self.bot.app.member_spoilers.guard
        await guard.place_named(seen.guild_id, seen.user_id, (seen.nick or seen.global_name,))

    async def look(self, message: discord.Message, *, new: bool = False) -> None:
        # A new message's arrival is noted before anything is awaited: a member's messages are
        # related (a follow-up to one naming a film) in the order Discord sent them, however
        # long each takes to read.
        arrival = self.arrived(message) if new else None
        try:
            await self.judge(message)
        finally:
            if arrival is not None:
                arrival.settle()

    async def judge(self, message: discord.Message) -> None:
        """Show ``message`` to the guard unless this very text was read already (and the
        reading holds whatever comes: ``Verdict.final``)."""
        text = as_judged(message)
        if self.judged.first_look(message.id, text):
            try:
                verdict = await guard_message(
                    self.bot, message, self.hooks, self.unknown, self.names
                )
            except FAILURES:
                # Discord failed mid-hide (no answer at all, say): the text is not taken as
                # read, so its next event, or the minute's sweep, reads it again.
                self.judged.read(message.id, text, final=False)
                self.failed_hides.failed(message)
                raise
            self.judged.read(message.id, text, final=verdict is not None and verdict.final)
            self.failed_hides.judged(message, verdict)

    def arrived(self, message: discord.Message) -> Arrival | None:
        if message.guild is None:
            return None
        follow_ups = self.bot.app.member_spoilers.guard.follow_ups
        return follow_ups.arrived(
            message.guild.id, message.channel.id, message.author.id, message.id
        )

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # A fresh session (never a RESUME, which replays what was missed): messages sent
        # while the last one was lost never reach the bot, so the guard reads the gap.
        if not isinstance(self.bot, commands.AutoShardedBot):
            self.catch_up.start()

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        self.catch_up.start(shard_id)

    @commands.Cog.listener()
    async def on_guild_unavailable(self, guild: discord.Guild) -> None:
        # An outage: Discord sends nothing of the server until it is back.
        self.catch_up.server_lost(guild.id)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        # A server sent after READY's wait (an outage as the bot connected, a big bot's
        # first minutes) or back from an outage: its gap could not be read before.
        self.catch_up.server_back(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        # Also what discord.py makes of a server's return described without ``unavailable``.
        self.catch_up.server_back(guild)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        # Raw: Epilogue keeps no message cache, so on_message_edit would never fire. Discord
        # also sends MESSAGE_UPDATE when nothing was written (a link preview unfurled, a pin,
        # a thread started from it), often while the guard is still hiding the message:
        # the same text is not judged again while it is read, nor after a reading that holds
        # whatever comes (``JudgedTexts``; a hide is made once however often it is judged:
        # ``MemberSpoilers._hide``). A link preview is read too (its page's title can state
        # the ending), so one unfurled is judged.
        await self.judge(payload.message)

    @commands.Cog.listener()
    async def on_partial_message_edit(self, update: PartialUpdate) -> None:
        # An event carrying only what changed (a link's preview, as Discord long sent one),
        # which discord.py cannot read: the message is read whole (client.partial_updates).
        # A new one's arrival is noted before that read, when the event names its author.
        arrival = None
        if update.created and update.guild_id is not None and update.author_id is not None:
            arrival = self.bot.app.member_spoilers.guard.follow_ups.arrived(
                update.guild_id, update.channel_id, update.author_id, update.message_id
            )
        try:
            message = await self.whole.read(self.bot, update, self.unknown)
            if message is not None:
                if update.created:
                    self.seen.saw(message)
                await self.look(message, new=update.created)
        finally:
            if arrival is not None:
                arrival.settle()

    async def look_at_title(self, thread: discord.Thread) -> None:
        title = as_titled(thread)
        self.judged_titles.first_look(thread.id, title, held_while_read=False)
        await self._read_title(thread, title)

    async def _read_title(self, thread: discord.Thread, title: Hashable) -> None:
        self.titles.saw(thread)
        verdict = await guard_thread_title(self.bot, thread, self.renames, self.unknown, self.names)
        final = verdict is not None and verdict.final
        self.judged_titles.read(thread.id, title, final=final)
        if not final:
            # A reading that may not hold (a replayed old title, one renamed since, an embargo
            # to come): a server listed again after an outage has this title read again.
            self.titles.unsure(thread.id)

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        # A channel's (a forum's) name tells which film its messages (its posts) are about;
        # a replayed rename puts an old one in discord.py's cache: both are kept.
        if before.name != after.name:
            self.names.saw(after.id, before.name, after.name)
            # What was said there before is read under the new name too.
            guard = self.bot.app.member_spoilers.guard
            await guard.place_named(after.guild.id, after.id, (after.name,))
        # A forum's tag renamed renames it on every post that carries it, by the tag's id.
        if isinstance(before, discord.ForumChannel) and isinstance(after, discord.ForumChannel):
            was = {tag.id: tag.name for tag in before.available_tags}
            renamed = []
            for tag in after.available_tags:
                if was.get(tag.id, tag.name) != tag.name:
                    self.names.saw(tag.id, was[tag.id], tag.name)
                    renamed.append(tag)
            # Shown by its new name on each post carrying it, above what was said there.
            guard = self.bot.app.member_spoilers.guard
            for post in after.threads if renamed else ():
                carried = {tag.id for tag in post.applied_tags}
                names = tuple(tag.name for tag in renamed if tag.id in carried)
                if names:
                    await guard.place_named(after.guild.id, post.id, names)

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        # A role's mention is drawn as its name ("@La La Land fans"): the same holds.
        if before.name != after.name:
            self.names.saw(after.id, before.name, after.name)
            # Drawn by its new name in messages mentioning it before.
            guard = self.bot.app.member_spoilers.guard
            await guard.place_named(after.guild.id, after.id, (after.name,))

    @commands.Cog.listener()
    async def on_stage_instance_create(self, stage: discord.StageInstance) -> None:
        # A live stage's topic is shown over the channel list and in "live now" notices.
        await guard_stage_topic(self.bot, stage, self.unknown, self.names)

    @commands.Cog.listener()
    async def on_stage_instance_update(
        self, before: discord.StageInstance, after: discord.StageInstance
    ) -> None:
        await guard_stage_topic(self.bot, after, self.unknown, self.names)

    @commands.Cog.listener()
    async def on_scheduled_event_create(self, event: discord.ScheduledEvent) -> None:
        # An event's name, description and location are the whole server's to read, drawn
        # with no spoiler bars (``client.scheduled_events``).
        await guard_scheduled_event(self.bot, event, self.unknown)

    @commands.Cog.listener()
    async def on_scheduled_event_listed(self, event: discord.ScheduledEvent) -> None:
        # Described with its server (``client.scheduled_events.watch_listed_events``).
        await guard_scheduled_event(self.bot, event, self.unknown)

    @commands.Cog.listener()
    async def on_scheduled_event_update(
        self, before: discord.ScheduledEvent, after: discord.ScheduledEvent
    ) -> None:
        # Not compared with ``before``: a replayed old event sets discord.py's copy back, and
        # the creator putting that text back would look like no change (the guard's claim
        # tells a replay from a change by what Discord shows now).
        await guard_scheduled_event(self.bot, after, self.unknown)

    @commands.Cog.listener()
    async def on_voice_status_update(self, update: VoiceStatusUpdate) -> None:
        # A voice channel's status is shown to the whole server in the channel list, drawn
        # without markdown: read as a thread's title is (``client.voice_status``).
        await guard_voice_status(self.bot, update, self.unknown, self.names)

    @commands.Cog.listener()
    async def on_thread_create(self, thread: discord.Thread) -> None:
        self.names.saw(thread.id, thread.name)
        # A thread's name (a forum post's title) is shown to all, and cannot be hidden.
        await self.look_at_title(thread)

    @commands.Cog.listener()
    async def on_thread_join(self, thread: discord.Thread) -> None:
        # Added to a private thread, or shown one that already existed: its name is read
        # as a new thread's would be.
        await self.look_at_title(thread)

    @commands.Cog.listener()
    async def on_thread_update(self, before: discord.Thread, after: discord.Thread) -> None:
        # Both names and tags: either may be what readers see (a replay's "after" is old).
        self.names.saw(after.id, before.name, after.name, *tag_names(before), *tag_names(after))
        # A forum post's tags are read with its title: one tagged later is read again. Not
        # compared with ``before`` alone: that is discord.py's copy, which a replayed event
        # (a RESUME's) sets to an old title; the creator putting that title back would then
        # look like no change at all.
        title = as_titled(after)
        # Nor is a title skipped while it is read: the guard's rename changes it meanwhile, and
        # its creator may put it back before the reading is done.
        if self.judged_titles.first_look(
            after.id, title, before=as_titled(before), held_while_read=False
        ):
            await self._read_title(after, title)
        # What was said in it before is read under the title and tags it shows now.
        guard = self.bot.app.member_spoilers.guard
        await guard.place_named(after.guild.id, after.id, (after.name, *tag_names(after)))


def as_judged(message: discord.Message) -> Hashable:
    """What the guard reads of ``message`` that an edit can change: its text (plain text
    too), its link previews' and embeds' text, and its files' names and alt text (a forward's
    included; an integration's edit may replace the files alone). A file's URL is left out:
    Discord signs it anew in each event."""
    read = member_message(message)
    files = tuple((file.filename, file.size, file.description) for file in read.files)
    return read.content, read.plain, read.previews, read.embeds, files


def as_titled(thread: discord.Thread) -> Hashable:
    """What the title guard reads of ``thread`` that a change can move: its name, its tags."""
    return thread.name, tag_names(thread)


_UNREAD = object()
"""A reading that may not hold (``Verdict.final`` false): the next event is read, whatever
it says."""


class JudgedTexts:
    """The text last shown to the guard for each recent message or thread (bounded, oldest
    forgotten), so that an event that changes nothing (a link preview unfurled, a pin) is not
    read again.

    Kept only where its reading holds whatever comes (``Verdict.final``). Any other reading may
    be of a text Discord no longer shows: a RESUME replays an old edit after a newer one, and
    were that old text kept as the last read, its author putting it back word for word would
    be skipped as no change, its ending left in the open. Nor can such a reading outlast an
    embargo set since. A final one holds for the films there were (``films``: the catalog's
    generation): a text that named no film is read again once a film is added or renamed."""

    def __init__(self, size: int = 4096, *, films: Callable[[], int] = lambda: 0) -> None:
        self._size = size
        self._texts: OrderedDict[int, Hashable] = OrderedDict()
        self._films = films

    def first_look(
        self,
        message_id: int,
        text: Hashable,
        *,
        before: Hashable = _UNREAD,
        held_while_read: bool = True,
    ) -> bool:
        """True unless this text is the one last read, or, for one never read here,
        ``before`` (what the event's sender had before it). ``held_while_read``: the same text
        coming again while it is read is skipped too (a message's: the guard never changes
        it, it deletes it)."""
        text, before = (text, self._films()), (before, self._films())
        if self._texts.get(message_id, before) == text:
            return False
        self._texts[message_id] = text if held_while_read else _UNREAD
        self._texts.move_to_end(message_id)
        if len(self._texts) > self._size:
            self._texts.popitem(last=False)
        return True

    def read(self, message_id: int, text: Hashable, *, final: bool) -> None:
        """The guard is done with ``text``: kept as read only if ``final``; otherwise the next
        event of it is read again (unless a newer text came meanwhile, which stays)."""
        text = (text, self._films())
        now = self._texts.get(message_id, _UNREAD)
        if final and now is _UNREAD:
            self._texts[message_id] = text
        elif not final and now == text:
            self._texts[message_id] = _UNREAD


async def setup(bot: EpilogueBot) -> None:
    bot.tree.add_command(group(GROUP))
    # One per bot: the guard's reposts and the menus' go through the same webhooks, one post
    # at a time per channel (``Webhooks.posting``), and each channel's is made once.
    hooks = Webhooks()
    for menu in context_menus(hooks):
        bot.tree.add_command(menu)
    if bot.app.config.discord.message_content:
        await bot.add_cog(SpoilerGuardListener(bot, hooks))


async def teardown(bot: EpilogueBot) -> None:
    bot.tree.remove_command(GROUP)
    for menu in context_menus(Webhooks()):
        bot.tree.remove_command(menu.name, type=AppCommandType.message)
