"""Message context-menu commands (Apps → …) built from the core's ``message_commands()``.

Discord cannot group context menus, so they are declared in ``bot.command_table`` rather than in
a feature's group; this module turns each into a discord.py ``ContextMenu`` whose callback hands
the core the message and a ``ChannelOps`` that carries out what the core decides (webhook
repost, deletion, a private note) with discord.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.cache import LruCache
from bot.command_table import MessageCommandSpec, message_commands
from bot.errors import AlreadyHandled, UserFacingError
from bot.features.spoiler.guard import Verdict, logged_verdict
from bot.features.spoiler.member_message import (
    FileRef,
    MemberMessage,
    Repost,
    RepostFailed,
    RepostTooHeavy,
)
from bot.features.spoiler.surfaces import ThreadTitle
from bot.minute_budget import MinuteBudget
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.epilogue import Epilogue
from client import attempts
from client.cdn import MessageFiles
from client.closed_threads import opened_for
from client.delivery import (
    NO_MENTIONS,
    ORIGINAL_FILLED,
    acknowledge,
    deliver,
    dm_message,
    installed_here,
    invocation_from,
    patiently,
    permission_names,
    posted,
)
from client.failed_hides import FAILURES, left_up
from client.message_reading import (
    linked_channel_ids,
    member_message,
    reply_reference,
    shown_files,
    shows_content,
    started_thread,
    tag_names,
    with_file_previews,
)
from client.own_member import OwnMembers
from client.permission_changes import PermissionChanges
from client.place_names import RecentNames
from client.renames import RenameBudget
from client.repost_outcomes import (
    REPOST_SEARCH_LIMIT,
    REQUEST_TOO_LARGE,
    posted_as,
    reading_the_answer,
    refusal,
    too_heavy,
    upload_limit,
)
from client.server_permissions import (
    ServerPermissions,
    as_rest_member,
    look_up_asker,
    roles_unknown,
)
from client.thread_parents import confirm_thread_parent
from client.webhooks import Webhooks

log = logging.getLogger(__name__)

Interaction = discord.Interaction["EpilogueBot"]


class DiscordChannel:
    """``ChannelOps`` for one message, with discord.py."""

    def __init__(
        self,
        client: discord.Client,
        message: discord.Message,
        hooks: Webhooks,
        interaction: discord.Interaction | None = None,
    ) -> None:
        """``interaction``: the menu's, whose ``attachment_size_limit`` is the server's."""
        self._client = client
        self._message = message
        self._hooks = hooks
        self._interaction = interaction
        self.files = MessageFiles()

    async def download(self, file: FileRef) -> bytes:
        limit = upload_limit(self._message.guild, self._interaction)
        if file.size > limit:
            # A member with Nitro may post a file heavier than the server takes from anyone
            # else (a webhook included): Discord would refuse the repost (413, 40005), so it
            # is not fetched at all.
            raise RepostTooHeavy(too_heavy(limit))
        # A forward's files are its snapshots': looked for among its own only, they could
        # never be fetched, and a forwarded file's telling name stayed in the open.
        for attachment in shown_files(self._message):
            if attachment.url == file.url:
                return await self.files.read(attachment)
        raise LookupError("the message no longer has that file")

    async def repost(self, repost: Repost) -> int | None:
        async with self._hooks.posting(repost.channel_id):
            return await self._repost(repost)

    async def _repost(self, repost: Repost) -> int | None:
        try:
            for attempt in range(2):
                hook = await patiently(lambda: self._hooks.get(self._client, repost.channel_id))
                try:
                    return await self._post_into_thread(hook, repost)
                except (discord.NotFound, WebhookMoved) as gone:
                    # Someone deleted the webhook, or moved it to another channel (a thread
                    # of this one is then unknown to it): find or make one here, once.
                    self._hooks.forget(repost.channel_id)
                    if attempt and isinstance(gone, WebhookMoved):
                        raise RepostFailed(MOVED_TWICE) from None
                    if attempt:
                        raise
                except discord.HTTPException as exc:
                    if exc.code != UNKNOWN_CHANNEL or repost.thread_id is None or attempt:
                        raise
                    self._hooks.forget(repost.channel_id)
        except discord.HTTPException as exc:
            if exc.code == REQUEST_TOO_LARGE:
                raise RepostTooHeavy(refusal(exc)) from None
            raise RepostFailed(refusal(exc)) from None
        raise RepostFailed("no webhook")

    async def _post_into_thread(self, hook: discord.Webhook, repost: Repost) -> int | None:
        """``_post``; into a thread a moderator locked (Discord refuses a webhook's post there,
        50083 or 160005), once Epilogue has opened it, and closed again after
        (``client.closed_threads``)."""
        if repost.thread_id is None:
            return await self._post(hook, repost)
        return await opened_for(self._client, repost.thread_id, lambda: self._post(hook, repost))

    async def _post(self, hook: discord.Webhook, repost: Repost) -> int | None:
        """The repost's id (None: posted, but which message it is cannot be told). Discord
        answers ``wait=true`` with the message; a Discord that answers 204 or ``{}`` has posted
        it all the same, and discord.py fails reading that answer: the repost is then found in
        the channel (or the original would stay beside it, in the open, and the hide could not
        be undone)."""
        # Reposts of the same words before this one are not this post's: another hide's.
        earlier = max(self._message.id, self._hooks.last_posted(repost.channel_id))
        with attempts.answers() as tries:
            try:
                sent = await patiently(lambda: self._send(hook, repost))
                posted: int | None = sent.id
            except (TypeError, KeyError, ValueError, AttributeError) as exc:
                if not reading_the_answer(exc):
                    raise  # failed before anything was sent: a fault of ours, not Discord's
                log.info("webhook %s posted without describing the message: %r", hook.id, exc)
                posted = await self._find_repost(hook, repost)
                if posted is None:
                    log.warning("repost through webhook %s is up but was not found", hook.id)
            else:
                landed = _landed_elsewhere(repost, sent)
                if landed is not None:
                    if attempts.tried_again_after_a_failure(tries):
                        await self._drop_doubles(hook, repost, sent.id, earlier, landed)
                    await self._take_back(hook, sent, landed)
        if posted is not None:
            self._hooks.posted(repost.channel_id, posted)
            if attempts.tried_again_after_a_failure(tries):
                await self._drop_doubles(hook, repost, posted, earlier)
        return posted

    async def _take_back(
        self, hook: discord.Webhook, sent: discord.WebhookMessage, landed: int
    ) -> None:
        """A repost that landed in another channel than asked (``_landed_elsewhere``) taken
        down at once, through the webhook (Manage Messages there is not needed), and
        ``WebhookMoved`` raised, for one found in the right channel to post it."""
        log.warning(
            "webhook %s was moved to channel %s: the repost meant for channel %s is taken down",
            hook.id,
            landed,
            self._message.channel.id,
        )
        with contextlib.suppress(discord.NotFound):  # already gone
            await patiently(lambda: hook.delete_message(sent.id))
        raise WebhookMoved(hook.id)

    async def _drop_doubles(
        self,
        hook: discord.Webhook,
        repost: Repost,
        posted: int,
        earlier: int,
        landed: int | None = None,
    ) -> None:
        """Delete what an earlier try of this post left up: Discord can carry a post out and
        answer a server error (the answer lost on the way back), and the post is tried
        again. A copy is a message ``hook`` posted with the same text under the same name
        between ``earlier`` and ``posted``; Undo would take down only the repost recorded.
        ``landed``: the channel the webhook was moved to, where the copies are (deleted
        through the webhook, as Manage Messages there is not needed)."""
        where = self._client.get_partial_messageable(
            landed or repost.thread_id or repost.channel_id,
            guild_id=self._message.guild and self._message.guild.id,
        )
        before = discord.Object(posted)
        try:
            doubles = [
                seen.id
                async for seen in where.history(limit=REPOST_SEARCH_LIMIT, before=before)
                if seen.id > earlier
                and posted_as(seen, hook, repost)
                and seen.author.name == repost.username
            ]
            for double in doubles:
                if landed is not None:
                    await patiently(lambda double=double: hook.delete_message(double))
                else:
                    await patiently(where.get_partial_message(double).delete)
                log.info("deleted message %s: a second copy of repost %s", double, posted)
        except (discord.HTTPException, KeyError, TypeError, ValueError) as exc:
            log.warning("could not look for copies of repost %s in %s: %r", posted, where.id, exc)

    async def _find_repost(self, hook: discord.Webhook, repost: Repost) -> int | None:
        """The newest message ``hook`` posted with the repost's text since the member's
        message (the repost comes after it), among the channel's latest."""
        where = self._client.get_partial_messageable(
            repost.thread_id or repost.channel_id,
            guild_id=self._message.guild and self._message.guild.id,
        )
        try:
            async for seen in where.history(limit=REPOST_SEARCH_LIMIT):
                if seen.id <= self._message.id:
                    break
                if posted_as(seen, hook, repost):
                    return seen.id
        except (discord.HTTPException, KeyError, TypeError, ValueError) as exc:
            # Refused, or answered in a shape discord.py cannot read: the repost is up all
            # the same, and the hide must not stop halfway with the original beside it.
            log.warning("could not look for the repost in %s: %r", where.id, exc)
        return None

    async def current(self, message: MemberMessage) -> MemberMessage | None:
        try:
            fetched = await self._message.channel.fetch_message(message.id)
        except discord.NotFound:
            return None
        except (discord.HTTPException, KeyError, TypeError, ValueError) as exc:
            # Without Read Message History (say), or answered in a shape discord.py cannot
            # read (a forward's snapshot without its empty fields), it cannot be told: as it
            # was read.
            log.info("could not read message %s again: %r", message.id, exc)
            return message
        held = self._message
        if fetched.id == held.id and shows_content(held) and not shows_content(fetched):
            # Discord withholds what a message says from an app without the Message Content
            # intent (switched off in the Developer Portal, as it may be when the guard is not
            # used), in REST reads too; only the menu's own copy of its target is exempt. The
            # texts cannot be compared then, but an edit shows in the message's edited time.
            if fetched.edited_at == held.edited_at:
                return message
            log.info("message %s was edited since it was read (its content withheld)", held.id)
        return member_message(fetched)

    @staticmethod
    async def _send(hook: discord.Webhook, repost: Repost) -> discord.WebhookMessage:
        return await hook.send(
            content=repost.content,
            username=repost.username,
            avatar_url=repost.avatar_url or discord.utils.MISSING,
            files=[
                discord.File(
                    io.BytesIO(f.data), filename=f.filename, description=f.description or None
                )
                for f in repost.files
            ],
            embeds=[discord.Embed(description=page) for page in repost.embeds]
            or discord.utils.MISSING,
            allowed_mentions=NO_MENTIONS,
            suppress_embeds=repost.suppress_embeds,
            thread=discord.Object(repost.thread_id)
            if repost.thread_id is not None
            else discord.utils.MISSING,
            wait=True,
        )

    async def delete(self, message: MemberMessage) -> bool:
        try:
            # In an archived thread, once Epilogue has unarchived it (Discord refuses a delete
            # there, 50083), archived again after.
            await opened_for(
                self._client, self._message.channel.id, lambda: patiently(self._message.delete)
            )
        except discord.NotFound:
            return True  # already gone
        except FAILURES as exc:
            log.warning("could not delete message %s: %r", message.id, exc)
            # Its repost is up: the minute's sweep deletes it, while it shows what was
            # reposted (``client.failed_hides``).
            left_up(self._client, self._message, message.as_sent)
            return False
        return True

    async def tell(self, user_id: int, reply: Reply) -> bool:
        return await tell_privately(self._client, user_id, reply)

    async def publishable_now(self) -> bool | None:
        channel_id = self._message.channel.id
        try:
            channel = await patiently(lambda: self._client.fetch_channel(channel_id))
        except (discord.HTTPException, discord.InvalidData, KeyError, TypeError) as exc:
            log.warning("could not ask Discord what channel %s is: %r", channel_id, exc)
            return None
        return channel.type is discord.ChannelType.news

    async def rename_thread(self, thread_id: int, name: str) -> bool:
        thread = started_thread(self._message)
        if thread is None or thread.id != thread_id:
            return False
        renaming = asyncio.ensure_future(
            opened_for(self._client, thread.id, lambda: patiently(lambda: renamed(thread, name)))
        )
        # Not waited for longer than a rename takes: Discord may hold one for minutes, which
        # discord.py sits out in silence; the member is told it was not renamed meanwhile.
        done, _ = await asyncio.wait({renaming}, timeout=RENAME_WAIT_S)
        if not done:
            log.warning("Discord holds the rename of thread %s", thread_id)
            _HELD_RENAMES.add(renaming)  # left to land when Discord lets it
            renaming.add_done_callback(_HELD_RENAMES.discard)
            return False
        try:
            renaming.result()
        except discord.HTTPException as exc:
            log.warning("could not rename thread %s: %s", thread_id, exc)
            return False
        return True


async def renamed(thread: discord.Thread, name: str) -> None:
    """Rename ``thread``; done once Discord took it, however it answered."""
    await attempts.done_whatever_the_answer(
        lambda: thread.edit(name=name), f"thread {thread.id}'s rename"
    )


_HELD_RENAMES: set[asyncio.Future[object]] = set()
"""Renames Discord holds, kept referenced until they land."""


async def tell_privately(client: discord.Client, user_id: int, reply: Reply) -> bool:
    """A DM to a member; False if it could not be delivered."""
    try:
        user = client.get_user(user_id) or await client.fetch_user(user_id)
        # Files (a member's own words handed back) are made afresh for each try.
        await posted(
            lambda: patiently(
                lambda: user.send(
                    **dm_message(reply),
                    files=[
                        discord.File(io.BytesIO(a.data), filename=a.filename)
                        for a in reply.attachments
                    ],
                )
            ),
            "a DM",
        )
    except discord.HTTPException as exc:
        # Closed DMs are common; the audit log still has the hide.
        log.info("could not tell user %s privately: %s", user_id, exc)
        return False
    return True


def _landed_elsewhere(repost: Repost, sent: discord.WebhookMessage) -> int | None:
    """The channel a repost landed in when not the one asked: a channel webhook posts
    wherever it is now, and an admin may have moved it to another channel since it was found
    (Integrations; Modify Webhook's ``channel_id``), whose readers may not see this one."""
    landed = getattr(sent.channel, "id", None)
    if landed is None or int(landed) == (repost.thread_id or repost.channel_id):
        return None
    return int(landed)


UNKNOWN_CHANNEL = 10003
"""Discord's code for a channel (a thread) it does not know, or not where it was asked."""

MOVED_TWICE = "Epilogue's webhook here was moved to another channel twice in a row; try again"


class WebhookMoved(Exception):
    """A channel webhook posted in another channel than the one it was found in."""


def message_command(spec: MessageCommandSpec, hooks: Webhooks) -> app_commands.ContextMenu:
    """One of the core's message commands as a discord.py context menu."""

    async def callback(interaction: Interaction, message: discord.Message) -> None:
        # A repost with files can outlast Discord's three seconds: acknowledge privately first.
        await acknowledge(interaction, ephemeral=True)
        if not installed_here(interaction):
            await deliver(interaction, Reply.error(NOT_IN_SERVER.format(name=spec.name)))
            return
        await locate(interaction, message)
        whole = await whole_target(interaction, message)
        if whole is None:
            await deliver(interaction, Reply.error(TARGET_UNREAD))
            return
        message = whole
        await as_member(interaction, message)
        permissions = await app_permissions(interaction, message)
        if permissions is None:
            await deliver(interaction, Reply.error(PERMISSIONS_UNKNOWN))
            return
        if (unseen := unseen_private_thread(message.channel, permissions)) is not None:
            await deliver(interaction, Reply.error(unseen))
            return
        await look_up_asker(interaction)
        await confirm_thread_parent(interaction)
        app = interaction.client.app
        ops = DiscordChannel(interaction.client, message, hooks, interaction)
        # Whoever its author says it is (``author.bot`` too): another app's bot user's
        # message is hidden as a member's; Epilogue's reposts are known by their stored hide.
        handling = asyncio.ensure_future(
            spec.run(app, invocation_from(interaction), member_message(message), ops, permissions)
        )
        # discord.py sits out Discord's rate limits in silence, for as long as Discord says:
        # the member is told why they wait, and the outcome follows when there is one.
        done, _ = await asyncio.wait({handling}, timeout=STILL_WORKING_S)
        if not done:
            await deliver(interaction, Reply.text(STILL_WORKING).private())
            # The outcome replaces the note (an edit of @original) rather than following it:
            # a follow-up Discord made while its answer was lost (a 5xx, which discord.py
            # sends again) would be up twice, and a private one cannot be found to be removed.
            interaction.extras.pop(ORIGINAL_FILLED, None)
        try:
            reply = await handling
        except UserFacingError as exc:
            reply = Reply.error(exc.message)
        except AlreadyHandled:
            return  # delivered again: done (or refused) once, and Discord has its answer
        await deliver(interaction, reply.private())

    return app_commands.ContextMenu(
        name=spec.name,
        callback=callback,
        allowed_contexts=app_commands.AppCommandContext(guild=True) if spec.guild_only else None,
    )


STILL_WORKING_S = 10.0
"""How long a member waits on Hide as spoiler or Undo before being told why."""
STILL_WORKING = (
    "⏳ Still at it: Discord is making Epilogue wait (it limits how fast a bot may post and"
    " delete), or the message's files are large. Nothing is lost meanwhile: the original is"
    " taken down only once its repost is up. The outcome will replace this note."
)


NOT_IN_SERVER = (
    "Epilogue is not in this server (it was added to someone's account, not to the server), so"
    " it cannot repost or delete messages here: a server admin can invite it to the server to"
    " use {name}. Nothing was changed."
)


async def app_permissions(
    interaction: Interaction, message: discord.Message
) -> frozenset[str] | None:
    """What the bot may do where ``message`` is: the interaction's ``app_permissions``
    (None: it cannot be told).

    As Discord stated them, ``"0"`` included (a private thread the bot was not added to:
    worked out from the cache, which knows no thread's members, they were its parent's, and a
    hide reposted there could not take the original down). discord.py reads a field Discord
    left out as no permissions at all too, so the client remembers a stated ``"0"``
    (``client.bot``) and fills in a field left out from its cache when it holds the bot's
    member: else the bot's member is looked up (``client.own_member``) and its roles read (in
    a server discord.py was never sent, the server's roles too: ``client.server_permissions``),
    rather than refuse as if it lacked Manage Webhooks."""
    value = interaction.app_permissions.value
    guild, channel = message.guild or interaction.guild, message.channel
    none: LruCache[int, bool] | None = getattr(interaction.client, "stated_no_permissions", None)
    if value or (none is not None and none.get(interaction.id)):
        return permission_names(value)
    if guild is None or not isinstance(channel, GuildChannelLike):
        return permission_names(value)
    me = await own_member(interaction.client, guild)
    found = None if me is None else await bot_permissions(interaction.client, channel, me, None)
    if found is None:
        # Not from discord.py's cache (a thread whose parent it does not hold, say): from REST.
        found = await looked_up_permissions(interaction.client, guild.id, channel.id)
    return found


def unseen_private_thread(channel: object, permissions: frozenset[str]) -> str | None:
    """What to tell a member in a private thread Epilogue may not view (None: elsewhere, or it
    may): Discord shows one only to those added to it and to holders of Manage Threads, so
    what Epilogue lacks there is to be added, whatever its roles grant."""
    if "view_channel" in permissions:
        return None
    if getattr(channel, "type", None) is not discord.ChannelType.private_thread:
        return None
    name = getattr(channel, "name", None)
    thread = f'"{name}"' if name else f"<#{getattr(channel, 'id', 0)}>"
    return NOT_IN_THREAD.format(thread=thread)


NOT_IN_THREAD = (
    "Epilogue was not added to the private thread {thread}, so Discord does not let it see"
    " the thread or touch its messages. To use this here, add Epilogue to the thread (mention"
    " @Epilogue in it) and try again. Nothing was changed."
)


PERMISSIONS_UNKNOWN = (
    "Epilogue could not tell what it may do in this channel: Discord did not say, and did not"
    " answer when asked (it may not have described this server to Epilogue yet). Nothing was"
    " changed: try again in a minute."
)


TARGET_UNREAD = (
    "Discord did not describe this message in full, and Epilogue could not read it (deleted,"
    " out of its reach, or its words withheld from an app without Discord's Message Content"
    " intent). Nothing was changed: try again."
)


async def whole_target(
    interaction: Interaction, message: discord.Message
) -> discord.Message | None:
    """The command's target message, read from Discord when the interaction described it
    without its text or author (``client.bot._complete_target``: a placeholder stood in);
    None if it cannot be read."""
    in_part = getattr(interaction.client, "targets_in_part", None)
    if in_part is None or not in_part.get(interaction.id):
        return message
    try:
        fetched = await patiently(lambda: message.channel.fetch_message(message.id))
    except (discord.HTTPException, KeyError, TypeError, ValueError) as exc:
        # Refused, gone, or answered in a shape discord.py cannot read.
        log.info("could not read message %s, described in part: %r", message.id, exc)
        return None
    if shows_content(fetched) or fetched.stickers:
        return fetched
    # Discord withholds the words of a message from an app without the Message Content intent
    # (a member's message always shows some). Described without its author only: the
    # interaction's words, the read's author; else there is nothing to repost.
    if shows_content(message):
        message.author = fetched.author
        return message
    log.info("message %s: its words are withheld, and the interaction left them out", message.id)
    return None


async def locate(interaction: Interaction, message: discord.Message) -> None:
    """Give ``message`` its real channel when discord.py left it a bare one.

    discord.py finds a command's target message's channel in its cache only: in a thread it
    does not hold (archived threads leave it, and GUILD_CREATE lists only active ones) or a
    server it has not been sent, the message gets a ``PartialMessageable`` without a parent,
    and a thread's message would be taken for a channel's: its parent's spoiler rule missed,
    and its repost sent to a "channel" that has no webhooks. The interaction's own ``channel``
    (Discord's partial channel, with ``parent_id``) names it; else it is asked for once."""
    if not isinstance(message.channel, discord.PartialMessageable):
        return
    channel: object = interaction.channel
    if getattr(channel, "id", None) != message.channel.id or not isinstance(
        channel, discord.Thread | discord.abc.GuildChannel
    ):
        channel = None
    if channel is None or (
        not isinstance(channel, discord.Thread)
        and interaction.client.get_channel(message.channel.id) is None
    ):
        # Not described, or only by id (then built as a plain text channel): ask Discord.
        try:
            channel = await interaction.client.fetch_channel(message.channel.id)
        except (discord.HTTPException, discord.ClientException) as exc:
            # Refused, or of a kind discord.py has no class for (InvalidData): as the
            # interaction described it, if it did (a kind it does not know read as the nearest
            # it knows, ``client.bot._complete_channel``); Discord's answer to the repost
            # says whether that kind takes one.
            log.info("could not look up channel %s: %s", message.channel.id, exc)
    if isinstance(channel, discord.Thread | discord.abc.GuildChannel):
        message.channel = channel  # type: ignore[assignment]


async def as_member(interaction: Interaction, message: discord.Message) -> None:
    """Give ``message`` its author as the server's member, so a repost goes out under the
    name and face the server knows them by (nickname, server avatar).

    Discord sends a message command's message as its REST API gives messages: the author is a
    user, with no member, and discord.py finds the member in its cache only, which holds none
    without the members intent. The invoker is in the interaction itself; anyone else is
    asked for once (a member who has left stays the user)."""
    author, guild = message.author, interaction.guild
    if isinstance(author, discord.Member) or message.webhook_id is not None or guild is None:
        return
    member: discord.Member | None = None
    if isinstance(interaction.user, discord.Member) and interaction.user.id == author.id:
        member = interaction.user
    else:
        member = guild.get_member(author.id)
    if member is None:
        try:
            member = await patiently(lambda: guild.fetch_member(author.id))
        except discord.HTTPException as exc:
            log.info("could not look up member %s: %s", author.id, exc)
            return
    message.author = member


def context_menus(hooks: Webhooks) -> list[app_commands.ContextMenu]:
    """The message commands, posting through ``hooks`` (the guard's too: one per bot)."""
    return [message_command(spec, hooks) for spec in message_commands()]


GuildChannelLike = discord.abc.GuildChannel | discord.Thread


class UnknownChannels:
    """Channels discord.py has not cached (a private thread the bot was never added to, a
    channel type it does not know), looked up once each through REST and remembered.

    Bounded, so members cannot make the bot call Discord at will by posting in many such
    channels: at most ``per_guild`` lookups a minute per server and ``overall`` a minute in
    all; past that a message is left to the guard's next look (and logged). A failed lookup
    is remembered too (for ``max_age`` seconds, like a found one), and two messages at once
    in one channel share a lookup."""

    def __init__(
        self,
        *,
        size: int = 2048,
        max_age: float = 600.0,
        per_guild: int = 5,
        overall: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._found: LruCache[int, GuildChannelLike | bool] = LruCache(
            size, max_age=max_age, clock=clock
        )
        self._pending: dict[int, asyncio.Task[GuildChannelLike | None]] = {}
        self._budget = MinuteBudget(per_guild=per_guild, overall=overall, servers=size, clock=clock)

    async def resolve(
        self, client: discord.Client, guild_id: int, channel_id: int
    ) -> GuildChannelLike | None:
        known = self._found.get(channel_id)
        if known is not None:
            return known if not isinstance(known, bool) else None
        pending = self._pending.get(channel_id)
        if pending is None:
            if not self._budget.take(guild_id):
                log.warning(
                    "guild %s: too many unknown channels looked up this minute; a message in"
                    " channel %s was left to the guard's next look",
                    guild_id,
                    channel_id,
                )
                return None
            pending = asyncio.ensure_future(self._fetch(client, channel_id))
            self._pending[channel_id] = pending
            pending.add_done_callback(lambda _: self._pending.pop(channel_id, None))
        return await asyncio.shield(pending)

    async def _fetch(self, client: discord.Client, channel_id: int) -> GuildChannelLike | None:
        # A kind newer than discord.py read as the nearest it knows, where the bot says so
        # (``EpilogueBot.fetch_channel_read_as_known``): the guard acts in any channel.
        fetch = getattr(client, "fetch_channel_read_as_known", client.fetch_channel)
        try:
            channel = await fetch(channel_id)
        except (discord.HTTPException, discord.ClientException) as exc:
            # Refused, gone, or of a type discord.py cannot build (InvalidData).
            log.info("could not look up channel %s: %s", channel_id, exc)
            channel = None
        if not isinstance(channel, GuildChannelLike):
            channel = None
        if self._pending.get(channel_id) is asyncio.current_task():  # not forgotten meanwhile
            self._found.put(channel_id, channel if channel is not None else False)
        return channel

    def forget(self, channel_id: int) -> None:
        """Drop what is known of a channel Discord says changed (its permission overwrites,
        say): discord.py discards a CHANNEL_UPDATE for a channel it does not hold, so the
        copy looked up here would be trusted, stale, for ``max_age``."""
        self._found.forget(channel_id)
        self._pending.pop(channel_id, None)  # a lookup under way may predate the change


def is_epilogues_repost(client: discord.Client, message: discord.Message, hooks: Webhooks) -> bool:
    """Whether ``message`` came through a webhook of Epilogue's own: a channel webhook it
    found or made (``Webhooks.made``), or its interaction webhook (its answers, under its
    own user). Not by the ``application_id`` an event states alone."""
    hook = message.webhook_id
    if hook is None or message.application_id != client.application_id:
        return False
    me = client.user
    answer = hook == client.application_id and me is not None and message.author.id == me.id
    return answer or hooks.made(hook)


async def guard_message(
    client: discord.Client,
    message: discord.Message,
    hooks: Webhooks,
    unknown: UnknownChannels | None = None,
    names: RecentNames | None = None,
) -> Verdict | None:
    """A member's new or edited message, shown to the spoiler guard (``cogs.spoiler``); the
    guard's verdict, None when it was not shown (or left it with a note). ``names``: the
    names its place was seen with lately besides the cached one."""
    # Not skipped for ``author.bot``, nor for an author said to be Epilogue's own user: in a
    # server Epilogue posts only through webhooks (its answers, its reposts:
    # ``is_epilogues_repost``), and a flag or id in an event is only what the event says.
    # Another app's bot user (a bridge relaying another chat, a "say" command) shows its
    # words to everyone as a member does.
    if message.guild is None:
        return None
    app = client.app  # type: ignore[attr-defined]
    channel = message.channel
    if not isinstance(channel, GuildChannelLike) and unknown is not None:
        # Not in discord.py's cache: the event names the channel by id only, so the thread's
        # parent (its rule, its webhook) and name would be unknown. Looked up once, bounded,
        # and only where the guard could act on it.
        if not (await app.member_spoilers.guard.settings(message.guild.id)).enabled:
            return None
        found = await unknown.resolve(client, message.guild.id, channel.id)
        if found is not None and found.guild.id == message.guild.id:
            message.channel = channel = found  # type: ignore[assignment]
    if not isinstance(channel, GuildChannelLike):
        log.info("guard left message %s: channel %s is unknown", message.id, channel.id)
        return None
    me = await own_member(client, message.guild)
    if me is None:
        log.info("guard left message %s: the bot's own member is unknown", message.id)
        return None
    permissions = await bot_permissions(client, channel, me, unknown)
    if permissions is None:
        # By id: discord.py writes a channel as its name, and a thread's can state the ending.
        log.info(
            "guard left message %s: the permissions in channel %s are unknown",
            message.id,
            channel.id,
        )
        return None
    try:
        # Epilogue's own reposts come through its application's webhook: never looked at
        # again. Another webhook's messages (a proxy bot's members, a feed) are read.
        own = is_epilogues_repost(client, message, hooks)
        read = replace(member_message(message), own_repost=own)
        guarded = not own and await _guarded(app, read)
        if names is not None:
            if guarded:  # Discord is asked only where the guard reads
                await confirm_names(client, names, message)
            read = replace(read, recent_names=names.of(*named_places(message)))
        channel_ops = DiscordChannel(client, message, hooks)
        if guarded:
            # Downloaded only where the guard may read them: not for every server's files.
            read = await with_file_previews(message, read, channel_ops.files)
            read = await with_answered_message(message, read)
        if isinstance(channel, discord.Thread) and not read.parent_name:
            # A parent discord.py was never sent (bot_permissions looked it up already).
            parent = await thread_parent(client, channel, unknown)
            read = replace(read, parent_name=parent.name if parent is not None else "")
        verdict = await app.member_spoilers.guard.check(
            read,
            channel_ops,
            permissions,
        )
    except UserFacingError as exc:
        log.info("guard left message %s: %s", message.id, exc.message)
        return None
    if verdict.hidden:
        log.info("guard hid message %s (%s)", message.id, logged_verdict(verdict))
    return verdict


ANSWERED_LOOKUPS = MinuteBudget(per_guild=10, overall=60)
"""Replies whose answered message Discord left out, looked up a minute (per server, in all):
members cannot send the bot to Discord at will by replying."""


async def with_answered_message(message: discord.Message, read: MemberMessage) -> MemberMessage:
    """``read`` with the message it answers, looked up when Discord left it out of the event
    (``referenced_message`` absent: "the backend did not attempt to fetch" it; null, deleted,
    is discord.py's ``DeletedReferencedMessage``). Discord shows it above the reply, so the
    film it names is the reply's context. Past the budget, or refused, read without it."""
    reference = reply_reference(message)
    if (
        read.replied is not None
        or reference is None
        or reference.resolved is not None
        or reference.message_id is None
        or message.guild is None
    ):
        return read
    channel = message.channel
    if reference.channel_id != channel.id:
        return read  # a reply is shown under the message it answers, in its channel
    if not ANSWERED_LOOKUPS.take(message.guild.id):
        log.info("guard read message %s without the one it answers: lookups spent", message.id)
        return read
    try:
        answered = await channel.fetch_message(reference.message_id)  # type: ignore[union-attr]
    except (discord.HTTPException, AttributeError, KeyError, TypeError, ValueError) as exc:
        log.info("could not read the message %s answers: %r", message.id, exc)
        return read
    return replace(read, replied=replace(member_message(answered), replied=None))


def named_places(message: discord.Message) -> list[int]:
    """The channels, threads and roles whose names readers see with ``message``: its own (a
    thread's parent too), those it mentions or links to (drawn as ``#name``, ``@name``), a
    forward's origin."""
    channel = message.channel
    places = [
        channel.id,
        *message.raw_channel_mentions,
        *message.raw_role_mentions,
        *linked_channel_ids(message),
    ]
    if isinstance(channel, discord.Thread):
        places.append(channel.parent_id)
        places += [tag.id for tag in channel.applied_tags]  # a forum post's tags, by id
    reference = message.reference
    if reference is not None and reference.type is discord.MessageReferenceType.forward:
        places.append(reference.channel_id)
    return places


async def confirm_names(
    client: discord.Client, names: RecentNames, message: discord.Message
) -> None:
    """Names of ``message``'s places that replays may have pushed out, read from Discord."""
    if message.guild is None:
        return
    channel = message.channel
    thread = channel if isinstance(channel, discord.Thread) else None
    reference = message.reference
    forwarded = (
        reference.channel_id
        if reference is not None and reference.type is discord.MessageReferenceType.forward
        else None
    )
    await names.confirm(
        client,
        message.guild.id,
        channels=[
            channel.id,
            thread.parent_id if thread is not None else None,
            *message.raw_channel_mentions,
            *linked_channel_ids(message),
            forwarded,
        ],
        roles=message.raw_role_mentions,
        tags=[tag.id for tag in thread.applied_tags] if thread is not None else (),
        forum_id=thread.parent_id if thread is not None else None,
    )


async def _guarded(app: Epilogue, message: MemberMessage) -> bool:
    """Whether the server's guard reads messages where ``message`` was sent."""
    settings = await app.member_spoilers.guard.settings(message.guild_id)
    return settings.enabled and settings.guards(message.channel_id, message.parent_channel_id)


async def bot_permissions(
    client: discord.Client,
    channel: GuildChannelLike,
    me: discord.Member,
    unknown: UnknownChannels | None,
) -> frozenset[str] | None:
    """What the bot may do in ``channel`` (None: it cannot be told).

    A thread's permissions are its parent channel's, and discord.py reads them only from a
    parent it holds: one it was never sent is looked up (once, bounded, as an unknown channel
    is) and its permissions taken.

    In a server whose roles, channels or the bot's own member changed since the bot was sent
    them (``client.permission_changes``), discord.py's cache may hold a replayed older state: a
    RESUME's old GUILD_ROLE_UPDATE or GUILD_MEMBER_UPDATE taking Manage Messages from the bot
    made the guard leave every spoiler there in the open. There they are read from Discord's
    API (looked up once, dropped at each change), and from the cache only if that fails."""
    if roles_unknown(channel.guild):
        # A server discord.py was never sent: it would read the permissions as none.
        return await looked_up_permissions(client, channel.guild.id, channel.id)
    changes: PermissionChanges | None = getattr(client, "permission_changes", None)
    looked_up: ServerPermissions | None = getattr(client, "server_permissions", None)
    if changes is not None and looked_up is not None and changes.unsure(channel.guild.id):
        guild_id = channel.guild.id
        if me is channel.guild.me:  # discord.py's, which a replayed GUILD_MEMBER_UPDATE may set
            value = await looked_up.in_channel(client, guild_id, channel.id)
        else:  # looked up since the last change (``client.own_member``)
            rest_member = as_rest_member(me, guild_id)
            value = await looked_up.member_in_channel(client, guild_id, channel.id, rest_member)
        if value is not None:
            return permission_names(value)
    try:
        return permission_names(channel.permissions_for(me).value)
    except discord.ClientException:
        pass
    parent = await thread_parent(client, channel, unknown)
    return None if parent is None else permission_names(parent.permissions_for(me).value)


async def looked_up_permissions(
    client: discord.Client, guild_id: int, channel_id: int
) -> frozenset[str] | None:
    """The bot's permissions in a channel worked out from REST (``client.server_permissions``);
    None: Discord did not say."""
    looked_up: ServerPermissions | None = getattr(client, "server_permissions", None)
    value = None if looked_up is None else await looked_up.in_channel(client, guild_id, channel_id)
    return None if value is None else permission_names(value)


async def thread_parent(
    client: discord.Client, channel: GuildChannelLike, unknown: UnknownChannels | None
) -> discord.abc.GuildChannel | None:
    """A thread's parent channel: discord.py's, else looked up (only where the guard is on)."""
    if not isinstance(channel, discord.Thread):
        return None
    if channel.parent is not None:
        return channel.parent
    guard = client.app.member_spoilers.guard  # type: ignore[attr-defined]
    if unknown is None or not (await guard.settings(channel.guild.id)).enabled:
        return None
    parent = await unknown.resolve(client, channel.guild.id, channel.parent_id)
    if parent is None or isinstance(parent, discord.Thread) or parent.guild.id != channel.guild.id:
        return None
    return parent


async def own_member(client: discord.Client, guild: discord.Guild) -> discord.Member | None:
    """The bot's member in ``guild``, for its permissions (``client.own_member``)."""
    own: OwnMembers | None = getattr(client, "own_members", None)
    return guild.me if own is None else await own.get(client, guild)


class DiscordThread:
    """``ThreadOps`` for one thread, with discord.py."""

    def __init__(
        self, client: discord.Client, thread: discord.Thread, renames: RenameBudget
    ) -> None:
        self._client = client
        self._thread = thread
        self._renames = renames

    async def rename(self, name: str) -> bool:
        if not self._renames.take(self._thread.id):
            # Discord would hold a third rename in 10 minutes for minutes (``client.renames``).
            log.warning(
                "thread %s renamed twice in 10 minutes: left to moderators", self._thread.id
            )
            return False
        thread = self._thread
        renaming = asyncio.ensure_future(
            opened_for(self._client, thread.id, lambda: patiently(lambda: renamed(thread, name)))
        )
        # Not waited for longer than a rename takes: Discord may hold one for minutes (after a
        # restart the count above starts afresh), which discord.py sits out in silence. The
        # moderators are told now; the rename is left to land when Discord lets it.
        done, _ = await asyncio.wait({renaming}, timeout=RENAME_WAIT_S)
        if not done:
            self._renames.keep(renaming)
            log.warning("Discord holds the rename of thread %s: moderators told", self._thread.id)
            return False
        try:
            renaming.result()
        except discord.HTTPException as exc:
            log.warning("could not rename thread %s: %s", self._thread.id, exc)
            return False
        return True

    async def tell(self, user_id: int, reply: Reply) -> bool:
        return await tell_privately(self._client, user_id, reply)

    async def name_now(self) -> str | None:
        # Read from Discord: the cached thread is what the (possibly replayed) event said.
        try:
            fetched = await self._client.fetch_channel(self._thread.id)
        except discord.HTTPException as exc:
            log.warning("could not read thread %s's name: %s", self._thread.id, exc)
            return None
        return getattr(fetched, "name", None)


RENAME_WAIT_S = 5.0
"""How long the guard waits for a thread's rename before telling the moderators instead."""


async def guard_thread_title(
    client: discord.Client,
    thread: discord.Thread,
    renames: RenameBudget,
    unknown: UnknownChannels | None = None,
    names: RecentNames | None = None,
) -> Verdict | None:
    """A new or renamed thread (a forum post), its title shown to the spoiler guard
    (``renames``: the guard's renames so far, held within what Discord allows); the guard's
    verdict, None when it was not shown. ``names``: the names its parent and tags were seen
    with besides the cached ones."""
    # Not skipped for an owner said to be Epilogue: it opens no thread, and an event saying
    # so is only what the event says.
    me = await own_member(client, thread.guild)
    if me is None:
        log.info("guard left thread %s: the bot's own member is unknown", thread.id)
        return None
    parent = await thread_parent(client, thread, unknown)
    if parent is None:
        log.info("guard left thread %s: its parent channel is unknown", thread.id)
        return None
    permissions = await bot_permissions(client, thread, me, unknown)
    if permissions is None:
        log.info("guard left thread %s: the permissions in it are unknown", thread.id)
        return None
    app = client.app  # type: ignore[attr-defined]
    if names is not None and (await app.member_spoilers.guard.settings(thread.guild.id)).enabled:
        tags = [tag.id for tag in thread.applied_tags]
        await names.confirm(
            client, thread.guild.id, channels=[parent.id], tags=tags, forum_id=parent.id
        )
    owner = thread.owner
    title = ThreadTitle(
        id=thread.id,
        guild_id=thread.guild.id,
        parent_channel_id=thread.parent_id,
        owner_id=thread.owner_id or 0,
        name=thread.name,
        parent_name=parent.name,
        owner_is_bot=owner is not None and owner.bot,
        tag_names=tag_names(thread),
        recent_names=(
            names.of(parent.id, *(tag.id for tag in thread.applied_tags)) if names else ()
        ),
    )
    verdict = await app.member_spoilers.guard.check_title(
        title, DiscordThread(client, thread, renames), permissions
    )
    if verdict.hidden:
        log.info("guard renamed thread %s (%s)", thread.id, logged_verdict(verdict))
    return verdict
