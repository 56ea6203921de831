"""A discord.py message as the core reads it (``MemberMessage``): its text, components, cards,
files, link previews, embeds and poll, a forward's as its own, and who invoked an app's answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import discord

from bot.features.spoiler.member_message import (
    EmbedText,
    FileRef,
    LinkPreview,
    MemberMessage,
    PollText,
    StickerRef,
)
from client.cdn import FileUnreachable, MessageFiles

log = logging.getLogger(__name__)


def reply_reference(message: discord.Message) -> discord.MessageReference | None:
    """The reference to the message ``message`` replies to, if it is a reply.

    A reference of type 0 names the message answered, except on a crosspost (flag
    ``IS_CROSSPOST``: a copy of a message another channel published, Channel Following), where
    Discord's reference names the original it copies, in the other channel or server; and a
    forward's (type 1) names the message it shows."""
    reference = message.reference
    if reference is None or reference.type is not discord.MessageReferenceType.reply:
        return None
    return None if message.flags.is_crossposted else reference


def listed(message: discord.Message, name: str) -> list[Any]:
    """``message``'s ``components``, ``mentions`` or ``role_mentions``: discord.py sets each
    only when the payload has its list, and a message read from REST without one (optional,
    or an empty list a serializer left out; the gateway's are completed,
    ``client.nullable_fields.message_lists_completed``) has none at all. Telling such a REST
    answer before discord.py reads it would cost a parse of every answer."""
    return list(getattr(message, name, None) or ())


def shows_content(message: discord.Message) -> bool:
    """Whether ``message`` shows anything in the fields Discord leaves empty for an app without
    the Message Content intent (text, embeds, files, components, a poll, a forward's). A
    member's message always shows something there (Discord sends no empty message, and keeps
    an edit from emptying one), but one of stickers alone."""
    return bool(
        message.content
        or message.embeds
        or message.attachments
        or listed(message, "components")
        or message.poll is not None
        or any(
            snapshot.content or snapshot.embeds or snapshot.attachments
            for snapshot in message.message_snapshots
        )
    )


AUTHORED_TYPES = frozenset(
    {
        discord.MessageType.default,
        discord.MessageType.reply,
        discord.MessageType.chat_input_command,  # an app's answer, under the app's name
        discord.MessageType.context_menu_command,
    }
)
"""Message types whose words are their author's. Discord writes every other type itself (a
thread made or renamed, a pin, a poll's result), under the name of whoever caused it:
discord.py's ``is_system()`` leaves a poll's result (type 46) and a thread's first message
out, which members did not write either."""

DRAWN_EMBEDS = frozenset({"rich", "image", "video", "gifv", "article", "link"})
"""Embed types Discord draws as an embed. Another (a poll's result) is drawn as Discord's own
card, in plain text: its values are read as such, bars in them hiding nothing."""


def member_message(message: discord.Message) -> MemberMessage:
    """A discord.py message as the core reads it. A forward shows the forwarded message's
    text, files and previews as its own, in public: they are read, and hidden, as its own."""
    channel = message.channel
    snapshots = message.message_snapshots
    drawn = [(message.content, True), *component_texts(listed(message, "components"))]
    for snapshot in snapshots:
        drawn += [(snapshot.content, True), *component_texts(snapshot.components)]
    drawn = [(text, markdown) for text, markdown in drawn if text]
    content = "\n".join(text for text, _ in drawn)
    attachments = shown_files(message)
    # Each embed with whether it was forwarded. One Discord draws as its own card (a poll's
    # result) is no preview: its words are read as plain text, and never reposted as the
    # author's.
    every_embed = [(e, False) for e in message.embeds]
    every_embed += [(e, True) for s in snapshots for e in s.embeds]
    embeds = [(e, forwarded) for e, forwarded in every_embed if e.type in DRAWN_EMBEDS]
    cards = [text for e, _ in every_embed if e.type not in DRAWN_EMBEDS for text in card_texts(e)]
    # Embeds of its own: a member's message has only link previews (some drawn "rich"); a
    # webhook's or bot's, or a forwarded one's, may carry its own.
    own = [e.type == "rich" and (forwarded or message.author.bot) for e, forwarded in embeds]
    parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
    # A forward's reference names the message it shows, which it does not answer; Discord
    # shows the channel it came from under it.
    origin = forwarded_from(message)
    reference = reply_reference(message)
    reply_to = reference.jump_url if reference is not None and reference.message_id else None
    replied = reference.resolved if reference is not None else None
    return MemberMessage(
        id=message.id,
        guild_id=message.guild.id if message.guild else 0,
        channel_id=message.channel.id,
        author_id=message.author.id,
        author_name=message.author.display_name,
        content=content,
        avatar_url=message.author.display_avatar.url,
        files=tuple(
            FileRef(a.filename, a.url, a.size, a.description or "", a.title or "")
            for a in attachments
        ),
        author_is_bot=message.author.bot,
        webhook_id=message.webhook_id,
        parent_channel_id=parent_id,
        publishable=getattr(channel, "type", None) is discord.ChannelType.news,
        reply_to_url=reply_to,
        poll=poll_text(message.poll),
        stickers=tuple(
            StickerRef(sticker.name, sticker.url)
            for sticker in [*message.stickers, *(x for s in snapshots for x in s.stickers)]
        ),
        # A thread's (a forum post's title) or channel's name; none for a DM or an uncached one.
        where_name=getattr(channel, "name", None) or "",
        parent_name=parent_name(channel),
        tag_names=tag_names(channel),
        origin_names=origin,
        origin_ids=forwarded_from_ids(message),
        started_thread=started.name if (started := started_thread(message)) else None,
        started_thread_id=(
            started.id if started is not None and started.id != message.channel.id else None
        ),
        # Read as any message is (its forward, poll, files, previews), not as replying itself.
        replied=(
            replace(member_message(replied), replied=None)
            if isinstance(replied, discord.Message)
            else None
        ),
        previews=tuple(
            replace(link_preview(e), own=mine) for (e, _), mine in zip(embeds, own, strict=True)
        ),
        embeds=tuple(embed_text(e) for (e, _), mine in zip(embeds, own, strict=True) if mine),
        parts=tuple(text for text, markdown in drawn if markdown),
        plain=(*(text for text, markdown in drawn if not markdown), *cards),
        invoked_by=invoked_by(message),
        mention_names=mention_names(message, content),
        system=is_notice(message.type),
    )


KNOWN_TYPES = frozenset(kind.value for kind in discord.MessageType)
"""The message types discord.py names (and so knows whether Discord writes them)."""


def is_notice(kind: discord.MessageType) -> bool:
    """Whether a message of ``kind`` is Discord's own notice rather than its author's words.

    A kind newer than discord.py (Discord adds kinds members write: replies and commands were
    once new) is read as its author's: taken for a notice it would be deleted without a repost
    and the member's words lost; read as theirs it is at worst reposted, hidden, under their
    name."""
    return kind not in AUTHORED_TYPES and kind.value in KNOWN_TYPES


def card_texts(embed: discord.Embed) -> list[str]:
    """What Discord shows of an embed it draws as its own card (a poll's result: the question
    and the winning answer): every value, each in plain text."""
    return [text for text in (embed.title, embed.description) if text] + [
        field.value for field in embed.fields if field.value
    ]


def parent_name(channel: object) -> str:
    """The name of a thread's parent channel (a forum post's forum), "" for a channel or an
    uncached parent (``context_menus.guard_message`` looks that one up)."""
    parent = channel.parent if isinstance(channel, discord.Thread) else None
    return getattr(parent, "name", None) or ""


_MENTION = re.compile(
    r"<(#|@&|@!?)(\d+)>"
    r"|https?://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/channels/(\d+)/(\d+)(?:/\d+)?"
)


def mention_names(message: discord.Message, text: str) -> tuple[tuple[str, str], ...]:
    """Each mention in ``text`` with the name Discord draws for it, as far as discord.py
    knows it: a channel's or thread's ``#name``, a role's ``@name``, a member's ``@name``."""
    guild = message.guild
    users = {user.id: user for user in listed(message, "mentions")}
    named: dict[str, str] = {}
    for found in _MENTION.finditer(text):
        name: str | None = None
        if found[3] is not None:
            # A link into the server: drawn as its channel's name (and "› 💬" for a message).
            place = guild.get_channel_or_thread(int(found[4])) if guild is not None else None
            if guild is not None and int(found[3]) == guild.id and place is not None:
                named[found[0]] = f"{found[0]} #{place.name}"
            continue
        kind, key = found[1], int(found[2])
        if kind == "#" and guild is not None:
            channel = guild.get_channel_or_thread(key)
            name = f"#{channel.name}" if channel is not None else None
        elif kind == "@&" and guild is not None:
            role = guild.get_role(key)
            name = f"@{role.name}" if role is not None else None
        elif kind.startswith("@") and kind != "@&":
            user = users.get(key) or (guild.get_member(key) if guild is not None else None)
            name = f"@{user.display_name}" if user is not None else None
        if name:
            named[found[0]] = name
    return tuple(named.items())


def linked_channel_ids(message: discord.Message) -> list[int]:
    """The channels of the server that links in ``message`` point into (drawn by their names)."""
    guild_id = message.guild.id if message.guild is not None else None
    return [
        int(found[4])
        for found in _MENTION.finditer(message.content)
        if found[3] is not None and int(found[3]) == guild_id
    ]


def forwarded_from(message: discord.Message) -> tuple[str, ...]:
    """The names of the channel a forward's message came from (a thread's, and its parent's),
    as far as discord.py knows it; none for anything but a forward."""
    reference = message.reference
    if reference is None or reference.type is not discord.MessageReferenceType.forward:
        return ()
    guild = message.guild
    if guild is None or reference.guild_id not in (None, guild.id):
        return ()  # another server's channel: Discord names its server, not a channel here
    origin = guild.get_channel_or_thread(reference.channel_id)
    if origin is None:
        return ()
    parent = origin.parent if isinstance(origin, discord.Thread) else None
    return tuple(name for name in (origin.name, getattr(parent, "name", None)) if name)


def forwarded_from_ids(message: discord.Message) -> tuple[int, ...]:
    """The channel a forward's message came from (and a thread's parent, where discord.py
    holds the thread), by id; none for anything but a forward, or from another server."""
    reference = message.reference
    if reference is None or reference.type is not discord.MessageReferenceType.forward:
        return ()
    guild = message.guild
    if guild is None or reference.guild_id not in (None, guild.id) or not reference.channel_id:
        return ()
    origin = guild.get_channel_or_thread(reference.channel_id)
    parent = origin.parent_id if isinstance(origin, discord.Thread) else None
    return tuple(place for place in (reference.channel_id, parent) if place)


def tag_names(channel: object) -> tuple[str, ...]:
    """A forum post's tags by name (discord.py finds them in its forum's tags)."""
    if not isinstance(channel, discord.Thread):
        return ()
    return tuple(tag.name for tag in channel.applied_tags if tag.name)


PREVIEWED_TYPES = ("text/", "application/json", "application/xml", "application/x-yaml")
"""Media types Discord previews inline as text (a text file, code, a log)."""
PREVIEW_READ_BYTES = 1 << 20
"""A text file read for its preview at most (a bigger one is left unread, and logged)."""
PREVIEW_WAIT_S = 3.0
"""The longest a text file is waited for, for its preview (the message is in the open meanwhile)."""
PREVIEW_CHARS = 16_000
"""What of a text file's preview is read: its opening, which Discord shows (expanding it is a
click)."""


def previewed(file: discord.Attachment) -> bool:
    """Whether Discord previews ``file`` inline as text, in the open: a text file not sent as
    a spoiler (a spoiler's preview is blurred)."""
    kind = (file.content_type or "").split(";")[0].strip().lower()
    return not file.is_spoiler() and kind.startswith(PREVIEWED_TYPES)


async def with_file_previews(
    message: discord.Message, read: MemberMessage, fetched: MessageFiles
) -> MemberMessage:
    """``read`` with the inline preview of each text file it shows (``FileRef.preview``),
    read from Discord: its words are shown under the message as its text is. A file Discord
    does not hand over within ``PREVIEW_WAIT_S`` is read without its preview (the rest of the
    message is read all the same)."""
    files = list(read.files)
    for at, file in enumerate(shown_files(message)):
        if at >= len(files) or not previewed(file):
            continue
        if file.size > PREVIEW_READ_BYTES:
            log.info("a text file of message %s is too big to read for its preview", message.id)
            continue
        try:
            data = await fetched.read(file, within_s=PREVIEW_WAIT_S)
        except (discord.HTTPException, FileUnreachable) as exc:
            log.info("could not read a text file of message %s: %s", message.id, exc)
            continue
        text = data[: PREVIEW_CHARS * 4].decode("utf-8", errors="replace")[:PREVIEW_CHARS]
        files[at] = replace(files[at], preview=text)
    return replace(read, files=tuple(files))


def started_thread(message: discord.Message) -> discord.Thread | None:
    """The thread started from ``message`` (made from it, or the forum post it opens): the
    thread has the message's id."""
    if isinstance(message.channel, discord.Thread) and message.channel.id == message.id:
        return message.channel
    return message.thread


def shown_files(message: discord.Message) -> list[discord.Attachment]:
    """The files a message shows: its own, then each forwarded message's. Reading and
    fetching them share this list, so every file a hide reposts can be fetched."""
    return [*message.attachments, *(a for s in message.message_snapshots for a in s.attachments)]


def invoked_by(message: discord.Message) -> int | None:
    """The member whose command an app's message answers (``interaction_metadata.user``);
    None for anything else, Discord not saying, or the app's own bot user."""
    metadata = message.interaction_metadata
    if message.webhook_id is None or metadata is None or metadata.user is None:
        return None
    user_id = metadata.user.id
    return None if user_id == message.author.id else user_id


def component_texts(components: Iterable[object]) -> list[tuple[str, bool]]:
    """The text of a Components V2 message (flag ``IS_COMPONENTS_V2``, which a webhook can
    post), in order, each with whether Discord draws it with markdown: the message has no
    content, and its words are in Text Display components (markdown, each on its own), also
    inside containers and sections. Read, and reposted, as the message's text. So is every
    other word such a message shows, drawn as plain text: a button's label and link, a select
    menu's placeholder and options, a thumbnail's or gallery item's description (alt text) and
    a file's name; a media link is not (a file's link is signed anew in each event: the files
    are reposted)."""
    texts: list[tuple[str, bool]] = []
    plain: list[str] = []
    for component in components:
        plain = []
        if isinstance(component, discord.components.TextDisplay):
            texts.append((component.content, True))
        elif isinstance(component, discord.components.Button):
            plain = [text for text in (component.label, component.url) if text]
        elif isinstance(component, discord.components.SelectMenu):
            plain = [component.placeholder or ""]
            plain += [f"{o.label} {o.description or ''}".strip() for o in component.options]
        elif isinstance(component, discord.components.ThumbnailComponent):
            plain = [component.description or ""]
        elif isinstance(component, discord.components.MediaGalleryComponent):
            plain = [item.description or "" for item in component.items]
        elif isinstance(component, discord.components.FileComponent):
            plain = [component.name or ""]
        elif isinstance(component, discord.components.SectionComponent):
            texts += component_texts([*component.children, component.accessory])
        elif isinstance(component, discord.components.Container | discord.components.ActionRow):
            texts += component_texts(component.children)
        texts += [(text, False) for text in plain]
    return [(text, markdown) for text, markdown in texts if text]


def link_preview(embed: discord.Embed) -> LinkPreview:
    """A link preview's text as readers see it under the message: its description and field
    values drawn with markdown, each on its own; its title, author, site, field names and
    footer as plain text."""
    plain = [embed.title, embed.author.name, embed.provider.name]
    plain += [field.name for field in embed.fields]
    plain.append(embed.footer.text)
    return LinkPreview(
        embed.url,
        embed.description or "",
        fields=tuple(field.value for field in embed.fields if field.value),
        plain="\n".join(part for part in plain if part),
    )


def embed_text(embed: discord.Embed) -> EmbedText:
    """An embed's words and links, in the order Discord draws them."""
    texts = [embed.author.name, embed.title, embed.url, embed.description]
    for field in embed.fields:
        texts += [field.name, field.value]
    texts += [embed.image.url, embed.thumbnail.url, embed.footer.text]
    return EmbedText(tuple(text for text in texts if text))


def poll_text(poll: discord.Poll | None) -> PollText | None:
    """A poll's question and answers with their votes (an answer may be an emoji alone)."""
    if poll is None:
        return None
    answers = tuple(
        (answer.text or str(answer.emoji or ""), answer.vote_count) for answer in poll.answers
    )
    return PollText(poll.question or "", answers)
