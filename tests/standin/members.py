"""Members typing in channels: their messages, edits, channel webhooks, DMs and message commands.

A mixin over the stand-in's shared state, kept apart from the slash-command paths so sharding
and other extensions of ``rest.py`` / ``gateway.py`` merge without touching it. Shapes follow
what discord.py 2.7 parses (``message.py``, ``webhook/async_.py``, ``app_commands``).

- ``member_says`` / ``member_edits`` store a member's message and send MESSAGE_CREATE /
  MESSAGE_UPDATE to a bot that asked for the guild-messages intent; without the Message Content
  intent the bot gets the event with empty content, files and embeds, as from Discord.
- ``run_message_command`` is Apps → <name> on a message (an interaction of type 2, command
  type 3, with the message in ``resolved``: as Discord sends it, without the author's
  ``member``, so a nickname is only known from the server).
- Channel webhooks: create, list and delete (Manage Webhooks; a delete by its token needs
  none), moved to another channel by an admin (``move_webhook``), a message they posted
  deleted through them, execute (``?wait``, ``thread_id``,
  files), and a message delete that needs Manage Messages for someone else's message.
- DMs: ``POST /users/@me/channels`` and the messages sent there (``dms_to``).
"""

# ruff: noqa: ASYNC109  -- helpers take ``timeout=`` on purpose: tests read better.

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from typing import Any

from aiohttp import web

from .builder import ChannelRef, InteractionBuilder, MessageRef, UserRef
from .limits import (
    CREATE_FLAGS,
    EPHEMERAL_FLAG,
    flag_problems,
    invalid_form_body,
    is_empty_message,
    message_problems,
)
from .records import WAIT_S, InteractionResult, RecordedRequest, StandinError, StandinMessage
from .rest import (
    EMPTY_ANSWERS,
    REC,
    RestApi,
    error_response,
    json_response,
    locked_thread,
    stage_payload,
)
from .state import API_PREFIX
from .world import (
    GUILD_FORUM,
    GUILD_MEDIA,
    MANAGE_MESSAGES,
    THREAD_TYPES,
    VIEW_CHANNEL,
    Channel,
    Guild,
    Role,
    ScheduledEvent,
    User,
    snowflake,
)

MANAGE_WEBHOOKS = 1 << 29
MESSAGE_CONTENT_INTENT = 1 << 15
SUPPRESS_EMBEDS = 1 << 2
MESSAGE_COMMAND = 3
MAX_WEBHOOKS = 15
"""Webhooks a channel may have; one more is refused with code 30007."""


IS_COMPONENTS_V2 = 1 << 15
IS_CROSSPOST = 1 << 1
TEXT_DISPLAY, CONTAINER = 10, 17


class MemberMessages(RestApi, InteractionBuilder):
    def _member_state(self) -> dict[str, Any]:
        state: dict[str, Any] | None = getattr(self, "_members_state", None)
        if state is None:
            state = {"webhooks": {}, "dms": {}, "announcing": set()}
            self._members_state = state
        return state

    @property
    def member_texts(self) -> set[str]:
        """Every text members (and other apps' webhooks) posted or edited to, deleted or not."""
        texts: set[str] = self._member_state().setdefault("member_texts", set())
        return texts

    @property
    def webhooks(self) -> dict[int, dict[str, Any]]:
        """Channel webhooks by id (each with its ``token`` and ``channel_id``)."""
        return self._member_state()["webhooks"]

    def dms_to(self, user: UserRef) -> list[StandinMessage]:
        """What the bot sent a user in direct messages, oldest first."""
        uid = self._find_user(user).id
        cid = self._member_state()["dms"].get(uid)
        return [] if cid is None else self.messages_in(cid)

    def _add_member_routes(self, router: web.UrlDispatcher) -> None:
        """Routes to add before ``_add_routes`` (whose catch-all must stay last)."""
        p = API_PREFIX
        router.add_route("POST", p + "/channels/{cid}/webhooks", self._create_webhook)
        router.add_route("GET", p + "/channels/{cid}/webhooks", self._list_webhooks)
        router.add_route("DELETE", p + "/webhooks/{hid}", self._delete_webhook)
        router.add_route("DELETE", p + "/webhooks/{hid}/{token}", self._delete_webhook)
        route = p + "/webhooks/{app}/{token}/messages/{mid}"
        router.add_route("DELETE", route, self._delete_webhook_message)
        # Interaction follow-ups share this shape; they go on to the slash-command handler.
        router.add_route("POST", p + "/webhooks/{app}/{token}", self._execute_webhook)
        router.add_route("DELETE", p + "/channels/{cid}/messages/{mid}", self._delete_message)
        router.add_route("POST", p + "/users/@me/channels", self._open_dm)

    def someone_else_webhook(self, channel: Channel) -> dict[str, Any]:
        """A webhook another integration made in ``channel`` (it counts toward the 15)."""
        hid = snowflake()
        hook = {
            "id": str(hid),
            "type": 1,
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
            "name": "someone else's",
            "avatar": None,
            "token": secrets.token_hex(16),
            "application_id": None,
            "user": self.world.owner.payload(),
        }
        self.webhooks[hid] = hook
        return hook

    def following_webhook(
        self, channel: Channel, source_guild_id: int, source_channel_id: int
    ) -> dict[str, Any]:
        """The webhook Discord makes in ``channel`` when it follows another server's
        announcement channel (Channel Following): type 2, "Channel Follower", with no token
        (only Discord posts through it), naming its ``source_guild`` and ``source_channel``;
        listed with the channel's webhooks and counted toward the 15."""
        hid = snowflake()
        hook = {
            "id": str(hid),
            "type": 2,
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
            "name": "Film News #announcements",
            "avatar": None,
            "application_id": None,
            "user": self.world.owner.payload(),
            "source_guild": {"id": str(source_guild_id), "name": "Film News", "icon": None},
            "source_channel": {"id": str(source_channel_id), "name": "announcements"},
        }
        self.webhooks[hid] = hook
        return hook

    def move_webhook(self, hook_id: int | str, channel: Channel) -> None:
        """A server admin moves a webhook to another channel (Integrations → the webhook's
        channel; Modify Webhook's ``channel_id``): its posts land there from then on."""
        self.webhooks[int(hook_id)]["channel_id"] = str(channel.id)

    def delete_webhook(self, hook_id: int | str) -> None:
        """A server admin deletes a webhook (Channel settings → Integrations)."""
        del self.webhooks[int(hook_id)]

    async def archive_thread(self, thread: Channel, *, locked: bool = False) -> None:
        """Discord archives an idle thread: THREAD_UPDATE with ``archived`` true (discord.py then
        drops it from its cache, and GUILD_CREATE no longer lists it). ``locked``: a moderator
        closed and locked it (a forum's "Close and lock post")."""
        thread.archived = True
        thread.locked = thread.locked or locked
        await self.thread_changed(thread)

    async def lock_thread(self, thread: Channel) -> None:
        """A moderator locks a thread and leaves it open ("Lock thread"): only those with
        Manage Threads may post in it; THREAD_UPDATE with ``locked`` true."""
        thread.locked = True
        await self.thread_changed(thread)

    async def role_changed(self, guild: Guild, role: Role) -> None:
        """A role's permissions (say) were changed: GUILD_ROLE_UPDATE, as Discord sends it."""
        payload = {"guild_id": str(guild.id), "role": role.payload()}
        await self.gateway.dispatch("GUILD_ROLE_UPDATE", payload)
        await self.settle()

    async def channel_changed(self, channel: Channel) -> None:
        """A channel's settings (its permission overwrites, say) were changed: CHANNEL_UPDATE,
        as Discord sends it."""
        payload = {**channel.payload(), "guild_id": str(channel.guild_id)}
        await self.gateway.dispatch("CHANNEL_UPDATE", payload)
        await self.settle()

    async def member_changed(self, guild: Guild, user: UserRef) -> None:
        """A member's roles (say) were changed: GUILD_MEMBER_UPDATE, as Discord sends it."""
        member = guild.members[self._find_user(user).id]
        await self.gateway.dispatch(
            "GUILD_MEMBER_UPDATE", {**member.payload(), "guild_id": str(guild.id)}
        )
        await self.settle()

    async def thread_changed(self, thread: Channel) -> None:
        payload = {**thread.payload(), "guild_id": str(thread.guild_id)}
        await self.gateway.dispatch("THREAD_UPDATE", payload)
        await self.settle()

    # -- what members do ---------------------------------------------------------------------

    async def member_starts_thread(
        self,
        name: str,
        *,
        user: UserRef,
        parent: ChannelRef,
        private: bool = False,
        from_message: StandinMessage | None = None,
        tags: Sequence[int] = (),
        timeout: float = WAIT_S,
    ) -> Channel:
        """A member starts a thread (or, in a forum, a post titled ``name``); the bot gets
        THREAD_CREATE (Discord sends it a private thread only once it may see it).
        ``from_message``: started from that message of ``parent`` (Apps → Create Thread): the
        thread takes the message's id, and the message names it in its ``thread`` field."""
        ctx = self._context(user, None, parent, None, False)
        assert ctx.guild is not None and ctx.channel is not None
        started_from = None if from_message is None else int(from_message.raw["id"])
        thread = ctx.guild.thread(name, ctx.channel, private=private, id=started_from)
        thread.owner_id = ctx.user.id
        thread.applied_tags = list(tags)  # a forum post's tags, of its forum's
        if started_from is not None and started_from in self._messages:
            self._messages[started_from]["thread"] = thread.payload()
        payload = {**thread.payload(), "guild_id": str(ctx.guild.id), "newly_created": True}
        await self.gateway.dispatch("THREAD_CREATE", payload)
        await self.settle(timeout=timeout)
        return thread

    async def threads_synced(
        self, guild: Guild, parents: Sequence[Channel], *, timeout: float = WAIT_S
    ) -> None:
        """THREAD_LIST_SYNC, as Discord sends it when the bot gains access to ``parents``
        (given View Channel back, say): their active threads as they are now, names changed
        while the bot could not see them included (no THREAD_UPDATE reached it then)."""
        ids = {parent.id for parent in parents}
        threads = [
            {**channel.payload(), "guild_id": str(guild.id)}
            for channel in guild.channels.values()
            if channel.parent_id in ids and channel.type in THREAD_TYPES and not channel.archived
        ]
        channel_ids = [str(i) for i in ids]
        data = {"guild_id": str(guild.id), "channel_ids": channel_ids, "threads": threads}
        await self.gateway.dispatch("THREAD_LIST_SYNC", {**data, "members": []})
        await self.settle(timeout=timeout)

    async def member_creates_event(
        self,
        name: str,
        *,
        user: UserRef,
        description: str | None = None,
        channel: ChannelRef | None = None,
        location: str | None = None,
        guild: Guild | None = None,
        timeout: float = WAIT_S,
    ) -> ScheduledEvent:
        """A member with Create Events schedules an event: in a voice or stage ``channel``, or
        elsewhere (``location``, in ``guild``); the bot gets GUILD_SCHEDULED_EVENT_CREATE."""
        ctx = self._context(user, guild, channel, None, False) if channel is not None else None
        where = ctx.guild if ctx is not None else guild
        assert where is not None
        event = ScheduledEvent(
            snowflake(),
            where.id,
            self._find_user(user).id,
            name,
            description,
            channel_id=ctx.channel.id if ctx is not None and ctx.channel is not None else None,
            location=location,
        )
        where.events[event.id] = event
        await self.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", event.payload())
        await self.settle(timeout=timeout)
        return event

    async def member_edits_event(
        self, event: ScheduledEvent, *, timeout: float = WAIT_S, **changes: Any
    ) -> None:
        """Its creator changes an event's ``name``, ``description`` or ``location``: GUILD_
        SCHEDULED_EVENT_UPDATE."""
        for key, value in changes.items():
            setattr(event, key, value)
        await self.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event.payload())
        await self.settle(timeout=timeout)

    async def member_sets_nick(
        self, guild: Guild, user: UserRef, nick: str | None, *, timeout: float = WAIT_S
    ) -> None:
        """A member sets (None: removes) their server nickname: GUILD_MEMBER_UPDATE (which
        Discord sends only to an app with the Server Members intent)."""
        guild.members[self._find_user(user).id].nick = nick
        await self.member_changed(guild, user)

    async def member_starts_stage(
        self, topic: str, *, user: UserRef, channel: ChannelRef, timeout: float = WAIT_S
    ) -> None:
        """A stage's moderator takes it live under ``topic`` (or, live already, changes the
        topic): STAGE_INSTANCE_CREATE, or _UPDATE."""
        ctx = self._context(user, None, channel, None, False)
        assert ctx.guild is not None and ctx.channel is not None
        event = (
            "STAGE_INSTANCE_CREATE" if ctx.channel.stage_topic is None else "STAGE_INSTANCE_UPDATE"
        )
        ctx.channel.stage_topic = topic
        await self.gateway.dispatch(event, stage_payload(ctx.channel))
        await self.settle(timeout=timeout)

    async def member_sets_voice_status(
        self, status: str | None, *, user: UserRef, channel: ChannelRef, timeout: float = WAIT_S
    ) -> None:
        """A member in a voice channel sets (None: clears) its status, shown under the
        channel's name in the channel list; the bot gets VOICE_CHANNEL_STATUS_UPDATE."""
        ctx = self._context(user, None, channel, None, False)
        assert ctx.guild is not None and ctx.channel is not None
        ctx.channel.status = status or None
        payload = {"id": str(ctx.channel.id), "guild_id": str(ctx.guild.id), "status": status}
        await self.gateway.dispatch("VOICE_CHANNEL_STATUS_UPDATE", payload)
        await self.settle(timeout=timeout)

    async def member_says(
        self,
        content: str,
        *,
        user: UserRef,
        channel: ChannelRef,
        files: Sequence[tuple[str, bytes]] = (),
        reply_to: MessageRef | None = None,
        parts: dict[str, Any] | None = None,
        timeout: float = WAIT_S,
        quoted: bool = True,
    ) -> StandinMessage:
        """A member posts in a guild channel; the bot gets MESSAGE_CREATE if it listens.
        ``parts``: more of the message as Discord sends it (``poll``, ``sticker_items``);
        ``quoted``: False leaves out a reply's ``referenced_message``, as Discord may ("the
        backend did not attempt to fetch the message that was being replied to")."""
        ctx = self._context(user, None, channel, None, False)
        assert ctx.guild is not None and ctx.channel is not None
        if ctx.channel.archived:  # writing in an archived thread unarchives it
            ctx.channel.archived = False
            await self.thread_changed(ctx.channel)
        mid = snowflake()
        message = self._member_message(mid, ctx.channel, ctx.user.id, content)
        message["attachments"] = [self.add_attachment(name, data) for name, data in files]
        message.update(parts or {})
        if reply_to is not None:
            ref = reply_to.id if isinstance(reply_to, StandinMessage) else int(reply_to)
            message["type"] = 19
            message["message_reference"] = {
                "message_id": str(ref),
                "channel_id": str(ctx.channel.id),
                "guild_id": str(ctx.guild.id),
            }
            if ref in self._messages and quoted:
                # Discord sends the answered message along (null once it is deleted).
                message["referenced_message"] = dict(self._messages[ref])
        self._messages[mid] = message
        self._posted_in(ctx.channel.id, mid)
        await self._dispatch_message("MESSAGE_CREATE", message, timeout=timeout)
        return StandinMessage(message)

    async def member_forwards(
        self,
        message: MessageRef | StandinMessage,
        *,
        user: UserRef,
        channel: ChannelRef,
        timeout: float = WAIT_S,
    ) -> StandinMessage:
        """A member forwards ``message`` into ``channel``: a message of their own with no text,
        showing a snapshot of the forwarded one (its text, files and embeds)."""
        raw = message.raw if isinstance(message, StandinMessage) else self._messages[int(message)]
        ctx = self._context(user, None, channel, None, False)
        assert ctx.guild is not None and ctx.channel is not None
        mid = snowflake()
        forward = self._member_message(mid, ctx.channel, ctx.user.id, "")
        forward["message_reference"] = {
            "type": 1,
            "message_id": raw["id"],
            "channel_id": raw["channel_id"],
        }
        keep = ("type", "content", "embeds", "attachments", "timestamp", "edited_timestamp")
        shown = {key: raw.get(key) for key in keep}
        if not self.snapshot_empties:
            shown = {key: value for key, value in shown.items() if value not in (None, [])}
        forward["message_snapshots"] = [{"message": shown}]
        self._messages[mid] = forward
        self._posted_in(ctx.channel.id, mid)
        await self._dispatch_message("MESSAGE_CREATE", forward, timeout=timeout)
        return StandinMessage(forward)

    async def member_edits(
        self, message: MessageRef, content: str, *, timeout: float = WAIT_S
    ) -> StandinMessage:
        """The author edits their message; the bot gets MESSAGE_UPDATE if it listens."""
        mid = message.id if isinstance(message, StandinMessage) else int(message)
        raw = self._messages.get(mid)
        if raw is None:
            raise StandinError(f"message {mid} does not exist (deleted?)")
        raw["content"] = content
        raw["edited_timestamp"] = raw["timestamp"]
        changed = ("content", "edited_timestamp", "mentions", "mention_roles", "mention_everyone")
        await self._dispatch_message("MESSAGE_UPDATE", raw, timeout=timeout, changed=changed)
        return StandinMessage(raw)

    async def member_deletes(self, message: MessageRef, *, timeout: float = WAIT_S) -> None:
        """The author deletes their message; the bot gets MESSAGE_DELETE if it listens."""
        mid = message.id if isinstance(message, StandinMessage) else int(message)
        raw = self._messages.get(mid)
        if raw is None:
            raise StandinError(f"message {mid} does not exist (deleted?)")
        self._delete(mid, announce=False)  # announced below, whatever ``answers_announced``
        if self.gateway.current is None or not self.gateway.wants_messages():
            return
        ids = {key: raw[key] for key in ("channel_id", "guild_id") if key in raw}
        await self.gateway.dispatch("MESSAGE_DELETE", {"id": str(mid), **ids})
        await self.settle(timeout=timeout)

    async def unfurl(
        self,
        message: MessageRef | StandinMessage,
        *,
        timeout: float = WAIT_S,
        title: str = "A",
        description: str | None = None,
    ) -> StandinMessage:
        """Discord unfurls a link in ``message``: MESSAGE_UPDATE with the preview's embed and
        the text unchanged (``edited_timestamp`` too: nobody edited it). Sent even when the
        message was deleted meanwhile, as an update already on its way is."""
        raw = message.raw if isinstance(message, StandinMessage) else self._messages[int(message)]
        embed = {"type": "link", "url": "https://example.com/", "title": title}
        if description is not None:
            embed["description"] = description
        raw = {**raw, "embeds": [embed]}
        if int(raw["id"]) in self._messages:
            self._messages[int(raw["id"])]["embeds"] = raw["embeds"]
        await self._dispatch_message("MESSAGE_UPDATE", raw, timeout=timeout, changed=("embeds",))
        return StandinMessage(raw)

    async def run_message_command(
        self,
        name: str,
        message: MessageRef,
        *,
        user: UserRef,
        timeout: float = WAIT_S,
        followups: int = 0,
    ) -> InteractionResult:
        """Apps → ``name`` on ``message``, as Discord's client sends it."""
        mid = message.id if isinstance(message, StandinMessage) else int(message)
        raw = self._messages.get(mid)
        if raw is None:
            raise StandinError(f"message {mid} does not exist (deleted?)")
        ctx = self._message_context(raw, user)
        commands = self.commands_for(ctx.guild.id if ctx.guild else None)
        command = next(
            (c for c in commands if c["name"] == name and c.get("type") == MESSAGE_COMMAND), None
        )
        if command is None:
            raise StandinError(f"no message command {name!r} is registered")
        self._check_can_use(command, ctx)
        data = {
            "id": command["id"],
            "name": name,
            "type": MESSAGE_COMMAND,
            "target_id": str(mid),
            # A partial message as the REST API gives it: its author is a user, with no
            # member (nickname, server avatar) as gateway events carry.
            "resolved": {"messages": {str(mid): dict(raw)}},
        }
        if not self.options_resolved:
            del data["resolved"]  # the target named by ``target_id`` alone
        record = await self.send_interaction(2, ctx, data)
        return await self._answer(record, timeout=timeout, followups=followups)

    # -- helpers ---------------------------------------------------------------------------

    def _member_message(
        self, mid: int, channel: Channel, author_id: int, content: str
    ) -> dict[str, Any]:
        author = self.world.users[author_id]
        return {
            "id": str(mid),
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
            "author": author.payload(),
            "content": content,
            "embeds": [],
            "components": [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "type": 0,
            "flags": 0,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
        }

    def _as_seen(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A message as Discord shows it to the bot: with the author's member, if any."""
        seen = dict(raw)
        found = self.world.find_channel(int(raw["channel_id"]))
        if found:
            seen.setdefault("guild_id", str(found[0].id))  # as every guild message event has
        author_id = int(raw["author"]["id"])
        if found and author_id in found[0].members:
            member = found[0].members[author_id].payload()
            del member["user"]
            seen["member"] = member
        return seen

    @staticmethod
    def _as_webhooks(message: dict[str, Any], hook: dict[str, Any], username: Any) -> None:
        """``message`` as sent through ``hook``: its author, and the application owning it."""
        message["webhook_id"] = hook["id"]
        message["author"] = {
            "id": hook["id"],
            "username": username or hook["name"],
            "avatar": None,
            "discriminator": "0000",
            "bot": True,
        }
        if hook.get("application_id"):
            message["application_id"] = hook["application_id"]

    def _announce(self, message: dict[str, Any], event: str = "MESSAGE_CREATE") -> None:
        """``event`` for a message made (edited, deleted) while answering the bot: sent, not
        waited for."""
        session = self.gateway.current
        if session is None or not self.gateway.wants_messages():
            return
        found = self.world.find_channel(int(message["channel_id"]))
        if found is not None and not self._bot_sees(*found):
            return  # a private thread the bot was not added to: no events from it
        if event == "MESSAGE_DELETE":
            seen = dict(message)  # its ids alone
        else:
            seen = self._as_seen(message)
            if not session.intents & MESSAGE_CONTENT_INTENT:
                seen.update(content="", embeds=[], attachments=[], components=[])
        task = asyncio.get_running_loop().create_task(self.gateway.dispatch(event, seen))
        announcing: set[asyncio.Task[None]] = self._member_state()["announcing"]
        announcing.add(task)  # kept until done: the loop holds only a weak reference
        task.add_done_callback(announcing.discard)

    async def webhook_says(
        self,
        hook: dict[str, Any],
        content: str,
        *,
        username: str,
        layout: Sequence[str | dict[str, Any]] = (),
        embeds: Sequence[dict[str, Any]] = (),
        crosspost_of: tuple[int, int, int] | None = None,
        timeout: float = WAIT_S,
    ) -> StandinMessage:
        """Another integration posts through its webhook ``hook`` (a proxy bot, a feed).
        ``embeds``: embeds of its own (``type`` "rich"), as a webhook may post.

        ``crosspost_of``: ``(guild_id, channel_id, message_id)`` of a message another server
        published in an announcement channel this one follows (Channel Following): Discord
        posts a copy through the follow's webhook, flagged ``IS_CROSSPOST``, its
        ``message_reference`` (type 0, as a reply's) naming the original with all three ids
        (Message Reference, "Crosspost messages"), and its ``mention_channels`` the original's
        channel.

        ``layout``: a Components V2 message instead (flag ``IS_COMPONENTS_V2``), its text in
        Text Display components inside a container (a dict is a component as given, such as
        an action row of link buttons): such a message has no content at all."""
        body: dict[str, Any] = {"content": content}
        if layout:
            texts = [
                {"type": TEXT_DISPLAY, "content": text} if isinstance(text, str) else text
                for text in layout
            ]
            body = {
                "content": "",
                "flags": IS_COMPONENTS_V2,
                "components": [{"type": CONTAINER, "components": texts}],
            }
        message = self._new_message(int(hook["channel_id"]), body, [])
        message["embeds"] = [{"type": "rich", **embed} for embed in embeds]
        if crosspost_of is not None:
            guild_id, channel_id, message_id = (str(x) for x in crosspost_of)
            message["flags"] = int(message.get("flags") or 0) | IS_CROSSPOST
            message["message_reference"] = {
                "type": 0,
                "message_id": message_id,
                "channel_id": channel_id,
                "guild_id": guild_id,
            }
            channel = {"id": channel_id, "guild_id": guild_id, "name": "news", "type": 5}
            message["mention_channels"] = [channel]
        self._as_webhooks(message, hook, username)
        await self._dispatch_message("MESSAGE_CREATE", message, timeout=timeout)
        return StandinMessage(message)

    async def webhook_edits(
        self,
        message: MessageRef | StandinMessage,
        *,
        content: str | None = None,
        files: Sequence[tuple[str, bytes] | dict[str, Any]] | None = None,
        timeout: float = WAIT_S,
    ) -> StandinMessage:
        """The integration that posted ``message`` through its webhook edits it (Discord's
        Edit Webhook Message, which may replace its files too; an app finishing a deferred
        answer does the same): MESSAGE_UPDATE with what changed. ``files``: (name, bytes),
        or an attachment made with ``add_attachment`` (to give it alt text, say)."""
        mid = message.id if isinstance(message, StandinMessage) else int(message)
        raw = self._messages.get(mid)
        if raw is None:
            raise StandinError(f"message {mid} does not exist (deleted?)")
        changed = ["edited_timestamp"]
        if content is not None:
            raw["content"] = content
            changed.append("content")
        if files is not None:
            raw["attachments"] = [
                file if isinstance(file, dict) else self.add_attachment(*file) for file in files
            ]
            changed.append("attachments")
        raw["edited_timestamp"] = raw["timestamp"]
        await self._dispatch_message("MESSAGE_UPDATE", raw, timeout=timeout, changed=tuple(changed))
        return StandinMessage(raw)

    async def app_answers(
        self,
        app: User,
        content: str,
        *,
        invoked_by: UserRef,
        channel: ChannelRef,
        embeds: list[dict[str, Any]] | None = None,
    ) -> StandinMessage:
        """Another app's answer to a member's command (a user-installed app, say): Discord
        posts it as the app (``webhook_id`` and ``application_id`` are the app's), naming the
        member who ran the command in ``interaction_metadata.user``; ``embeds``: its own."""
        ctx = self._context(invoked_by, None, channel, None, False)
        assert ctx.channel is not None
        message = self._new_message(ctx.channel.id, {"content": content}, [], type_=20)
        message["embeds"] = [{"type": "rich", **embed} for embed in embeds or ()]
        message.update(
            author=app.payload(),
            webhook_id=str(app.id),
            application_id=str(app.id),
            interaction_metadata={
                "id": str(snowflake()),
                "type": 2,
                "user": ctx.user.payload(),
                "authorizing_integration_owners": {"1": str(ctx.user.id)},
                "name": "ending",
            },
        )
        await self._dispatch_message("MESSAGE_CREATE", message, timeout=WAIT_S)
        return StandinMessage(message)

    async def _dispatch_message(
        self, event: str, raw: dict[str, Any], *, timeout: float, changed: tuple[str, ...] = ()
    ) -> None:
        """``changed``: what a MESSAGE_UPDATE changed, all it carries with
        ``partial_message_updates`` (besides the ids)."""
        # Remembered (the message may be deleted later): Undo puts a member's words back.
        self.member_texts.add(str(raw.get("content") or ""))
        session = self.gateway.current
        if session is None or not self.gateway.wants_messages():
            return
        found = self.world.find_channel(int(raw["channel_id"]))
        if found is not None and not self.world.has_bot(found[0]):
            return  # a server the bot is not in: no events from it
        if found is not None and not self._bot_sees(found[0], found[1]):
            return  # a private thread the bot was not added to: no events from it
        seen = self._as_seen(raw)
        if not session.intents & MESSAGE_CONTENT_INTENT:
            # Discord blanks what a bot without the Message Content intent may not read.
            seen.update(content="", embeds=[], attachments=[], components=[])
        if event == "MESSAGE_UPDATE" and self.partial_message_updates:
            kept = {"id", "channel_id", "guild_id", *changed}
            seen = {key: value for key, value in seen.items() if key in kept}
        if not self.message_guild_ids:
            seen.pop("guild_id", None)
        if not self.message_types:
            seen.pop("type", None)
        await self.gateway.dispatch(event, seen)
        await self.settle(timeout=timeout)

    def _bot_sees(self, guild: Guild, channel: Channel) -> bool:
        """Whether Discord sends the bot events of ``channel``'s messages: not of one it may
        not view (its overwrites deny the bot View Channel, or a private thread it was not
        added to, without Manage Threads)."""
        return bool(guild.permissions_in(self.world.bot.id, channel) & VIEW_CHANNEL)

    def _bot_may(self, channel_id: int, permission: int) -> bool:
        guild, channel = self._where(channel_id)
        if guild is None or channel is None:
            return False
        return bool(guild.permissions_in(self.world.bot.id, channel) & permission)

    # -- REST ------------------------------------------------------------------------------

    async def _create_webhook(self, request: web.Request) -> web.Response:
        cid = int(request.match_info["cid"])
        channel = self._where(cid)[1]
        if channel is None:
            return error_response(404, "Unknown Channel", 10003)
        if (refused := self._missing_access(cid)) is not None:
            return refused
        if not self._bot_may(cid, MANAGE_WEBHOOKS):
            return error_response(403, "Missing Permissions", 50013)
        if channel.type in THREAD_TYPES:
            # A webhook belongs to a channel; it posts into that channel's threads by
            # ``thread_id`` (Execute Webhook) and cannot be made on a thread itself.
            return error_response(400, "Cannot execute action on this channel type", 50024)
        body = request[REC].json or {}
        if sum(int(h["channel_id"]) == cid for h in self.webhooks.values()) >= MAX_WEBHOOKS:
            return error_response(400, "Maximum number of webhooks reached (15)", 30007)
        hid = snowflake()
        guild, _ = self._where(cid)
        assert guild is not None
        hook = {
            "id": str(hid),
            "type": 1,
            "channel_id": str(cid),
            "guild_id": str(guild.id),
            "name": body.get("name") or "webhook",
            "avatar": None,
            "token": secrets.token_hex(16),
            "application_id": str(self.world.application_id),
            "user": self.world.bot.payload(),
        }
        self.webhooks[hid] = hook
        if self.webhook_create_answer in EMPTY_ANSWERS:
            return json_response(EMPTY_ANSWERS[self.webhook_create_answer])
        if self.webhook_create_answer == "none":
            return web.Response(status=204)
        return json_response(hook)

    async def _list_webhooks(self, request: web.Request) -> web.Response:
        cid = int(request.match_info["cid"])
        if (refused := self._missing_access(cid)) is not None:
            return refused
        if not self._bot_may(cid, MANAGE_WEBHOOKS):
            return error_response(403, "Missing Permissions", 50013)
        hooks = [h for h in self.webhooks.values() if int(h["channel_id"]) == cid]
        if not self.webhook_users:
            # ``user`` is optional in Discord's webhook object; ``application_id`` is not.
            hooks = [{k: v for k, v in h.items() if k != "user"} for h in hooks]
        return json_response(hooks)

    async def _delete_webhook(self, request: web.Request) -> web.Response:
        hook = self.webhooks.get(int(request.match_info["hid"]))
        if hook is None:
            return error_response(404, "Unknown Webhook", 10015)
        token = request.match_info.get("token")
        if token is not None and token != hook.get("token"):
            return error_response(401, "Invalid Webhook Token", 50027)
        if token is None and not self._bot_may(int(hook["channel_id"]), MANAGE_WEBHOOKS):
            return error_response(403, "Missing Permissions", 50013)
        del self.webhooks[int(hook["id"])]
        return web.Response(status=204)

    async def _delete_webhook_message(self, request: web.Request) -> web.StreamResponse:
        hook = self.webhooks.get(int(request.match_info["app"]))
        if hook is None:
            return await self._webhook_message(request)  # an interaction's message
        if request.match_info["token"] != hook.get("token"):
            return error_response(401, "Invalid Webhook Token", 50027)
        message = self._messages.get(int(request.match_info["mid"]))
        if message is None or message.get("webhook_id") != hook["id"]:
            return error_response(404, "Unknown Message", 10008)
        in_thread = self._where(int(message["channel_id"]))[1]
        named = request.query.get("thread_id")
        if in_thread is not None and in_thread.is_thread and named != message["channel_id"]:
            # Delete Webhook Message: ``thread_id``, "id of the thread the message is in";
            # without it Discord looks in the webhook's own channel and finds no such message.
            return error_response(404, "Unknown Message", 10008)
        self._delete(int(message["id"]))
        return web.Response(status=204)

    async def _execute_webhook(self, request: web.Request) -> web.StreamResponse:
        hook = self.webhooks.get(int(request.match_info["app"]))
        if hook is None:
            return await self._followup(request)  # an interaction follow-up
        if request.match_info["token"] != hook.get("token"):
            return error_response(401, "Invalid Webhook Token", 50027)
        rec: RecordedRequest = request[REC]
        body = rec.json or {}
        # A webhook's post is the channel's: never ephemeral.
        flags = flag_problems(body.get("flags"), CREATE_FLAGS & ~EPHEMERAL_FLAG)
        if problems := message_problems(body) + flags:
            return json_response(invalid_form_body(problems), 400)
        if is_empty_message(body, rec.files):
            return error_response(400, "Cannot send an empty message", 50006)
        name = str(body.get("username") or "").casefold()
        # Discord refuses these webhook usernames (USERNAME_INVALID_CONTAINS / USERNAME_INVALID),
        # and one past 80 characters, or empty once trimmed, when one is given.
        if "discord" in name or "clyde" in name or name in {"everyone", "here", "system message"}:
            return error_response(400, "Invalid Form Body", 50035)
        if "username" in body and not 1 <= len(name.strip()) <= 80:
            return error_response(400, "Invalid Form Body", 50035)
        channel_id = int(hook["channel_id"])
        if (heavy := self._too_heavy(channel_id, rec.files)) is not None:
            return heavy
        _guild, hook_channel = self._where(channel_id)
        in_posts = hook_channel is not None and hook_channel.type in (GUILD_FORUM, GUILD_MEDIA)
        thread_named = "thread_name" in body
        if in_posts and not thread_named and not request.query.get("thread_id"):
            return error_response(
                400,
                "Webhooks posted to forum channels must have a thread_name or thread_id",
                220001,
            )
        if in_posts and thread_named and request.query.get("thread_id"):
            return error_response(
                400,
                "Webhooks posted to forum channels cannot have both a thread_name and thread_id",
                220002,
            )
        # (A new post by ``thread_name`` is not modelled: Epilogue posts in existing threads.)
        if thread_named and not in_posts:
            return error_response(400, "Webhooks can only create threads in forum channels", 220003)
        if thread := request.query.get("thread_id"):
            _guild, channel = self._where(int(thread))
            if channel is None or channel.parent_id != channel_id:
                return error_response(400, "Unknown thread", 10003)
            channel_id = int(thread)
            if channel.locked:
                # A webhook has no Manage Threads to unlock (or unarchive) a locked thread with.
                return locked_thread(channel.archived)
            if channel.archived:
                # "The thread will automatically be unarchived" (Execute Webhook, thread_id).
                channel.archived = False
                await self.thread_changed(channel)
        message = self._new_message(channel_id, body, rec.files)
        self._as_webhooks(message, hook, body.get("username"))
        # Discord tells listening bots of every message, a webhook's too, and may do so before
        # the webhook's answer arrives (the bot then sees its own repost first).
        self._announce(message)
        if request.query.get("wait") not in ("1", "true", "True"):
            return web.Response(status=204)
        if self.webhook_wait_answer in EMPTY_ANSWERS:
            return json_response(EMPTY_ANSWERS[self.webhook_wait_answer])
        if self.webhook_wait_answer == "none":
            return web.Response(status=204)
        return json_response(message)

    async def _delete_message(self, request: web.Request) -> web.StreamResponse:
        mid = int(request.match_info["mid"])
        cid = int(request.match_info["cid"])
        if (refused := self._missing_access(cid)) is not None:
            return refused
        raw = self._messages.get(mid)
        own = raw is not None and int(raw["author"]["id"]) == self.world.bot.id
        guild, _ = self._where(cid)
        theirs = raw is not None and guild is not None and not own
        if theirs and not self._bot_may(cid, MANAGE_MESSAGES):
            return error_response(403, "Missing Permissions", 50013)
        if (closed := self._archived_thread(cid)) is not None:
            return closed
        return await self._channel_message(request)

    async def _open_dm(self, request: web.Request) -> web.Response:
        body = request[REC].json or {}
        user = self.world.users.get(int(body.get("recipient_id", 0)))
        if user is None:
            return error_response(404, "Unknown User", 10013)
        cid = self._dm_channel_id(user.id)
        self._member_state()["dms"][user.id] = cid
        return json_response(
            {"id": str(cid), "type": 1, "recipients": [user.payload()], "last_message_id": None}
        )
