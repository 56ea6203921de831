"""The console's channel: ``say TEXT`` (a member's message, shown to the spoiler guard) and the
Apps menu (``hide`` / ``undo``: Hide as spoiler and Undo spoiler hide), offline.

The guard and the message commands run exactly as for Discord: the same core calls (the guard's
``check``, each ``message_commands()`` handler) over a ``MemoryChannel``, which keeps the
messages said and the reposts made, so a message said can be hidden and its hide undone. The
reply says what happened in the channel (the matched ending terms and hidden text stay behind
spoiler bars: they are ending details).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.command_table import MessageCommandSpec, message_commands
from bot.errors import InvalidInput, UserFacingError
from bot.features.spoiler.member_message import NEEDED_PERMISSIONS, FileRef, MemberMessage, Repost
from bot.features.spoiler.memory_channel import MemoryChannel, next_snowflake
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoiler_policy.markup import escape_text, wrap

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

CONSOLE_WEBHOOK_ID = 1
"""The webhook Epilogue reposts through in the console's channels (Discord gives each its own)."""
APPS = {"hide": "Hide as spoiler", "undo": "Undo spoiler hide"}
"""The console's verbs for the Apps menu's message commands, by the name Discord shows."""


@dataclass
class ConsoleChannels:
    """The console's channels as members see them: every message said there and every repost
    made there, by id, in the order posted; the ``MemoryChannel`` the core acts on."""

    ops: MemoryChannel = field(default_factory=MemoryChannel)
    messages: dict[int, MemberMessage] = field(default_factory=dict)
    # Messages Undo put back: posted by Epilogue's webhook, yet the author's message again,
    # which Hide as spoiler takes (not a hide for Undo).
    put_back: set[int] = field(default_factory=set)
    _reposts_seen: int = 0

    def add(self, message: MemberMessage) -> None:
        self.messages[message.id] = message

    def showing(self, message_id: int) -> MemberMessage | None:
        """The message as it is now (None: never said here, or taken down)."""
        message = self.messages.get(message_id)
        return None if message is None or message_id in self.ops.deleted else message

    def latest(self, guild_id: int, channel_id: int, *, hidden: bool) -> MemberMessage | None:
        """The newest message still in that channel: a hidden one (Epilogue's repost of it),
        or one in the open (a member's, or one Undo put back)."""
        for message in reversed(self.messages.values()):
            here = (message.guild_id, message.channel_id) == (guild_id, channel_id)
            is_hide = message.own_repost and message.id not in self.put_back
            if here and is_hide == hidden and self.showing(message.id):
                return message
        return None

    def take_in_reposts(self, guild_id: int, *, put_back: bool = False) -> None:
        """The reposts the core made since last looked: messages of the channel, as Discord
        shows them (sent by Epilogue's webhook under the author's name, files included);
        ``put_back``: made by Undo."""
        for repost_id, repost in self.ops.reposts[self._reposts_seen :]:
            self.add(_as_message(repost_id, repost, guild_id, self.ops))
            if put_back:
                self.put_back.add(repost_id)
        self._reposts_seen = len(self.ops.reposts)


def _as_message(repost_id: int, repost: Repost, guild_id: int, ops: MemoryChannel) -> MemberMessage:
    files = []
    for attachment in repost.files:
        url = f"console://{repost_id}/{attachment.filename}"
        ops.files[url] = attachment.data
        files.append(
            FileRef(attachment.filename, url, len(attachment.data), attachment.description)
        )
    in_thread = repost.thread_id is not None
    return MemberMessage(
        id=repost_id,
        guild_id=guild_id,
        channel_id=repost.thread_id if repost.thread_id is not None else repost.channel_id,
        parent_channel_id=repost.channel_id if in_thread else None,
        author_id=CONSOLE_WEBHOOK_ID,  # a webhook's message is its webhook's, as Discord says
        author_name=repost.username,
        content=repost.content,
        files=tuple(files),
        author_is_bot=True,
        webhook_id=CONSOLE_WEBHOOK_ID,
        own_repost=True,
    )


async def say(
    app: Epilogue, invocation: Invocation, text: str, channels: ConsoleChannels | None = None
) -> Reply:
    """A member's message in the invocation's channel, shown to the guard; kept in
    ``channels`` (with any repost the guard made) for ``hide`` and ``undo``."""
    if invocation.guild_id is None or invocation.channel_id is None:
        return Reply.error("say: members' messages are guarded in server channels: use --guild.")
    channels = channels if channels is not None else ConsoleChannels()
    message = MemberMessage(
        id=next_snowflake(),  # unlike a count, never an id an earlier session stored
        guild_id=invocation.guild_id,
        channel_id=invocation.channel_id,
        parent_channel_id=invocation.parent_channel_id,
        publishable=invocation.publishable,
        author_id=invocation.user_id,
        author_name=f"member {invocation.user_id}",
        content=text,
    )
    channels.add(message)
    guard = app.member_spoilers.guard
    guard.follow_ups.arrived(message.guild_id, message.channel_id, message.author_id, message.id)
    before = _Moment.of(channels.ops)
    verdict = await guard.check(message, channels.ops, frozenset(NEEDED_PERMISSIONS), invocation)
    channels.take_in_reposts(invocation.guild_id)
    if not verdict.hidden:
        return Reply.text(
            f"The guard left the message as it is: {verdict.reason}.\n"
            f"(Message {message.id}; Apps → Hide as spoiler on it: hide {message.id})",
            ephemeral=False,
        )
    terms = wrap(escape_text(", ".join(verdict.terms)))
    lines = [f"🛡️ The guard hid the message (ending terms: {terms})."]
    lines += _happened(channels.ops, before)
    return Reply.text("\n".join(lines), ephemeral=False)


async def use_app(
    app: Epilogue,
    invocation: Invocation,
    verb: str,
    message_id: int | None,
    channels: ConsoleChannels,
) -> Reply:
    """``hide [ID]`` / ``undo [ID]``: the Apps menu's command on a message in the invocation's
    channel (by default its newest member's message / Epilogue's newest repost), run through
    the same core handler Discord's menu runs. The reply is the one only the member sees,
    followed by what happened in the channel."""
    spec = _app_command(APPS[verb])
    if invocation.guild_id is None or invocation.channel_id is None:
        raise InvalidInput(f"{verb}: {spec.name} works on messages in a server's channels.")
    message = _target(verb, message_id, invocation, channels)
    before = _Moment.of(channels.ops)
    try:
        reply = await spec.handler(
            app, invocation, message, channels.ops, frozenset(NEEDED_PERMISSIONS)
        )
    except UserFacingError as exc:
        reply = Reply.error(exc.message)
    channels.take_in_reposts(invocation.guild_id, put_back=verb == "undo")
    happened = _happened(channels.ops, before)
    reply = reply.private()
    if happened:
        reply = replace(reply, content="\n".join([reply.content or "", "", *happened]).strip())
    return reply


def _app_command(name: str) -> MessageCommandSpec:
    return next(spec for spec in message_commands() if spec.name == name)


def _target(
    verb: str, message_id: int | None, invocation: Invocation, channels: ConsoleChannels
) -> MemberMessage:
    assert invocation.guild_id is not None and invocation.channel_id is not None
    if message_id is None:
        found = channels.latest(invocation.guild_id, invocation.channel_id, hidden=verb == "undo")
        repost = None
        if found is None and verb == "hide":
            repost = channels.latest(invocation.guild_id, invocation.channel_id, hidden=True)
        if repost is not None:
            # Said here, then reposted by the guard or a hide: "say TEXT first" hid that.
            raise InvalidInput(
                "hide: the messages said in this channel are hidden already (the newest"
                f" repost is message {repost.id}; undo puts it back). say TEXT for another."
            )
        if found is None:
            raise InvalidInput(
                "hide acts on a member's message in this channel: say TEXT first."
                if verb == "hide"
                else "undo acts on a message Epilogue hid in this channel: hide one first."
            )
        return found
    found = channels.showing(message_id)
    if found is None:
        said = message_id in channels.messages
        raise InvalidInput(
            f"{verb}: message {message_id} "
            + ("was taken down (hidden or put back since)." if said else "was never said here.")
            + " say shows each message's id, and each repost's."
        )
    where = (found.guild_id, found.channel_id)
    if where != (invocation.guild_id, invocation.channel_id):
        raise InvalidInput(
            f"{verb}: message {message_id} is in channel {found.channel_id} of server"
            f" {found.guild_id}: the Apps menu acts on a message where you see it (as --guild"
            f" {found.guild_id} --channel {found.channel_id})."
        )
    return found


@dataclass(frozen=True)
class _Moment:
    reposts: int
    deleted: int
    told: int

    @classmethod
    def of(cls, ops: MemoryChannel) -> _Moment:
        return cls(len(ops.reposts), len(ops.deleted), len(ops.told))


def _happened(ops: MemoryChannel, before: _Moment) -> list[str]:
    """What the channel and the members saw since ``before``: reposts, take-downs, DMs."""
    lines: list[str] = []
    for repost_id, repost in ops.reposts[before.reposts :]:
        where = "thread" if repost.thread_id is not None else "channel"
        lines.append(
            f"Posted in the {where} as {repost.username} (message {repost_id}; Epilogue's"
            " webhook), as:"
        )
        lines.append(repost.content)
        if repost.embed:
            lines.append(repost.embed)
        lines += [f"[file] {attachment.filename}" for attachment in repost.files]
    lines += [f"Took message {gone} down." for gone in ops.deleted[before.deleted :]]
    for user_id, note in ops.told[before.told :]:
        lines.append(f"Told <@{user_id}> privately: {note.content}")
    return lines
