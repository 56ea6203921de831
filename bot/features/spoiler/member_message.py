"""What the core knows of a member's message and asks of the adapter: the message as read (its
text, files, link previews, poll, stickers, embeds), the repost to make, and ``ChannelOps``, the
operations an adapter carries out in a channel (Discord's webhooks in ``client/``, memory in the
console).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.places import channel_mention
from bot.replies import Attachment, Reply

# Needed to repost under the author's name and take the original down. A channel the bot may
# not view grants nothing there, whatever other permissions its roles hold: "denying a user or
# a role VIEW_CHANNEL on a channel implicitly denies other permissions on the channel" (Discord,
# Implicit Permissions), which an interaction's ``app_permissions`` leaves to its reader.
NEEDED_PERMISSIONS = {
    "view_channel": "View Channel",
    "manage_messages": "Manage Messages",
    "manage_webhooks": "Manage Webhooks",
}


@dataclass(frozen=True)
class FileRef:
    """A file on a member's message, not downloaded yet. ``description``: its alt text, shown
    on its ALT badge and read aloud by screen readers, with no markdown. ``title``: the name as
    its uploader gave it, which Discord keeps when ``filename`` had to be cleaned of what is not
    ASCII (Cyrillic, accents, emoji) and which its clients show instead; "" when there is none.
    """

    filename: str
    url: str
    size: int = 0
    description: str = ""
    title: str = ""
    # The text Discord previews inline under the message for a text file not sent as a
    # spoiler (its first lines, no click needed), as far as the adapter read it; "" for none.
    preview: str = ""

    @property
    def shown_names(self) -> tuple[str, ...]:
        """Every name readers may see for the file: what it is stored as, and its title."""
        return (self.filename, self.title) if self.title else (self.filename,)


@dataclass(frozen=True)
class LinkPreview:
    """A link preview (embed) Discord unfurled on a member's message (or another app's
    embed): its page's ``url`` and the text it shows, which readers see. Each part is drawn on
    its own: ``text`` (the description) and each of ``fields`` (a field's value) with markdown,
    so bars pair within one; ``plain`` (title, author, site, field names, footer) without,
    so bars there hide nothing."""

    url: str | None
    text: str
    fields: tuple[str, ...] = ()
    plain: str = ""
    # An embed the message carries of its own (a feed's, an app's), no link's preview: shown
    # whatever its text hides.
    own: bool = False


@dataclass(frozen=True)
class PollText:
    """A poll on a member's message, as text: its question, and each answer with its votes.

    Readers see all of it in plain text (a poll draws no markdown, so bars hide nothing), and
    a repost cannot carry it as a poll (its votes belong to the original, and a poll's text
    cannot be hidden): it is reposted as text behind bars, votes counted."""

    question: str
    answers: tuple[tuple[str, int], ...] = ()

    @property
    def words(self) -> str:
        return "\n".join([self.question, *(answer for answer, _ in self.answers)])

    def lines(self, show: Callable[[str], str]) -> list[str]:
        lines = [f"📊 Poll: {show(self.question)}"]
        for answer, votes in self.answers:
            lines.append(f"• {show(answer)} ({votes} vote{'' if votes == 1 else 's'})")
        return lines


@dataclass(frozen=True)
class StickerRef:
    """A sticker on a member's message: its name (shown when hovered; it can state an
    ending) and its image's address. A webhook cannot post stickers: a repost links it."""

    name: str
    url: str

    def line(self, show: Callable[[str], str]) -> str:
        return f"🏷️ Sticker: {show(self.name)} {show(self.url)}"


@dataclass(frozen=True)
class EmbedText:
    """An embed a message carries of its own (a webhook's or an app's, or one forwarded with
    its message), not a link preview (a link in the text makes that again): its words and
    links in the order Discord draws them. A repost suppresses embeds, and a webhook's embed
    could not be hidden anyway (bars in its title, author or footer hide nothing): it is
    reposted as text behind bars, as a poll is."""

    texts: tuple[str, ...]

    def line(self, show: Callable[[str], str]) -> str:
        return "🗂️ Embed: " + " ".join(show(text) for text in self.texts if text.strip())


@dataclass(frozen=True)
class MemberMessage:
    """A member's message as the core sees it, whichever adapter read it."""

    id: int
    guild_id: int
    channel_id: int
    author_id: int
    author_name: str
    content: str
    avatar_url: str | None = None
    files: tuple[FileRef, ...] = ()
    author_is_bot: bool = False
    # Set on messages sent through a webhook (Epilogue's own reposts among them).
    webhook_id: int | None = None
    # A thread's messages are reposted through its parent channel's webhook, into the thread.
    parent_channel_id: int | None = None
    # Sent in an announcement channel: it can be published to every channel following it, in
    # other servers, so a spoilers rule does not make it a spoiler channel's (``GuildRules.mode``).
    publishable: bool = False
    # A link to the message it answered: webhooks cannot reply, so the repost links it.
    reply_to_url: str | None = None
    # A poll and stickers: readers see them, a webhook cannot post them, so a repost carries
    # them as text behind bars.
    poll: PollText | None = None
    stickers: tuple[StickerRef, ...] = ()
    # Embeds of its own (not link previews): reposted as text behind bars too.
    embeds: tuple[EmbedText, ...] = ()
    # What the message holds that a repost cannot carry in any form (an adapter's part the
    # core does not know): hiding it would delete it, so such a message is never hidden.
    unreposted: tuple[str, ...] = ()
    # The name of the thread (a forum post's title) or channel it was sent in: one named after
    # a film tells every reader there which film its messages are about.
    where_name: str = ""
    # A thread's parent channel's name (a forum's): a forum or channel named after a film tells
    # the readers of every post (thread) in it which film it is about, whatever its title.
    parent_name: str = ""
    # A forum post's tags, shown with its title (in the forum's list and above its messages):
    # a post tagged "La La Land" is about that film.
    tag_names: tuple[str, ...] = ()
    # A forward's origin, which Discord shows under it: the name of the channel (a thread's,
    # and its parent's) the forwarded message was sent in ("#la-la-land-spoilers").
    origin_names: tuple[str, ...] = ()
    # The same channels by id: Discord draws the origin by the name it has now, so one renamed
    # after a film later makes the forward about it (``FollowUps.in_place``).
    origin_ids: tuple[int, ...] = ()
    # Other names its thread or channel (and a thread's parent) had in events read lately: a
    # replayed rename may have given the adapter an old name for the one readers see
    # (``client.place_names``).
    recent_names: tuple[str, ...] = ()
    # The title of the thread started from this message (the thread has the message's id: a
    # thread made from it, or the forum post it opens), None if none. Discord titles one made
    # from a message with its opening words, and shows the title to everyone.
    started_thread: str | None = None
    # That thread's id, when it is not the message's own channel (a forum post's): the
    # message is shown at its top, to its readers, under its rule as much as its channel's.
    started_thread_id: int | None = None
    # The message it replies to, which Discord shows above it: a reply to "anyone seen La La
    # Land?" is about that film without naming it, and so is one to a forward, a poll or a
    # file naming it. Read as the guard reads any message (``guard.shown_text``).
    replied: MemberMessage | None = None
    # Link previews Discord added (a member cannot post embeds of their own).
    previews: tuple[LinkPreview, ...] = ()
    # Sent through Epilogue's own webhook: one of its reposts, or a message Undo put back.
    own_repost: bool = False
    # Discord's own notice (a thread made or renamed, a pin, a poll's result, a member joined):
    # its text is not the member's words (a thread's name, a poll's question and winning
    # answer, as Discord wrote them), so it is never reposted under their name; one that gives
    # an ending away is deleted only.
    system: bool = False
    # Another app's answer to a member's command (Discord's ``interaction_metadata.user``):
    # the member who ran it may hide it as their own, and is told when someone else does.
    invoked_by: int | None = None
    # What ``content`` joins, as Discord draws it: ``parts`` each on its own with markdown (a
    # Components V2 message's Text Displays, a forward's text), so bars pair only within one
    # (none: ``content`` is one part); ``plain`` with no markdown (a button's label or link, a
    # select menu's text, alt text, a component's file name, the words of a card Discord draws
    # such as a poll's result), so bars there hide nothing.
    parts: tuple[str, ...] = ()
    plain: tuple[str, ...] = ()
    # Each mention in its text (``<#id>``, ``<@&id>``, ``<@id>``, a link to a channel or message
    # of the server) with what Discord draws it as (the channel's, role's or member's name:
    # "#la-la-land"): readers read the name. Only those the adapter could name; the text (and
    # a repost) keeps the mention as written.
    mention_names: tuple[tuple[str, str], ...] = ()

    @property
    def thread_id(self) -> int | None:
        return self.channel_id if self.parent_channel_id is not None else None

    @property
    def as_sent(self) -> tuple[str, tuple[tuple[str, int], ...]]:
        """What the author sent: text and files by name and size (a file's URL is signed
        anew in each event Discord sends, so it cannot tell one version from another)."""
        return self.content, tuple((file.filename, file.size) for file in self.files)

    def carried_as_text(self, show: Callable[[str], str]) -> list[str]:
        """The lines a repost carries the poll, stickers and embeds in (``show`` hides each
        text)."""
        lines = self.poll.lines(show) if self.poll is not None else []
        lines += [sticker.line(show) for sticker in self.stickers]
        return lines + [embed.line(show) for embed in self.embeds if embed.texts]

    @property
    def kept_text(self) -> str:
        """What a hide keeps for Undo: the text, with the poll and stickers as text."""
        return "\n".join([self.content, *self.carried_as_text(lambda text: text)]).strip()

    @property
    def webhook_channel_id(self) -> int:
        return self.parent_channel_id if self.parent_channel_id is not None else self.channel_id

    @property
    def where(self) -> str:
        """Where it was sent, as moderators' texts name it (a thread behind bars)."""
        return channel_mention(self.channel_id, thread=self.parent_channel_id is not None)


@dataclass(frozen=True)
class Repost:
    """What to post through the channel's webhook, under the author's name and avatar."""

    channel_id: int
    thread_id: int | None
    username: str
    avatar_url: str | None
    content: str
    files: tuple[Attachment, ...] = ()
    # Link previews could show what the bars hide.
    suppress_embeds: bool = True
    # The hidden text, when it is too long for ``content``: embeds' descriptions, each a
    # run of whole paragraphs. (Discord drops a message's own embeds with its link previews:
    # such a repost suppresses neither, as its content has no link of the member's to preview.)
    embeds: tuple[str, ...] = ()

    @property
    def embed(self) -> str | None:
        """The embeds' descriptions as one text, as a console shows them (None: none)."""
        return "\n\n".join(self.embeds) or None


class RepostFailed(Exception):
    """The adapter could not post the repost; the reason is safe to show."""


class RepostTooHeavy(RepostFailed):
    """A file of the repost, or its files together, weigh more than Discord lets Epilogue post
    in this server (a member with Nitro posts heavier ones): refused before it is fetched, or by
    Discord (413, 40005)."""


class ChannelOps(Protocol):
    """What an adapter does in a channel on the core's behalf."""

    async def download(self, file: FileRef) -> bytes:
        """The file's bytes. Raises RepostTooHeavy for a file that could not be reposted here
        anyway (heavier than the server lets a message carry), without fetching it."""
        ...

    async def repost(self, repost: Repost) -> int | None:
        """Post through the channel's webhook; the new message's id (None: posted, but
        Discord did not say as which message). Raises RepostFailed (RepostTooHeavy when its
        files weigh more than Discord takes here)."""
        ...

    async def current(self, message: MemberMessage) -> MemberMessage | None:
        """The message as it is now (None: it is gone); as it was read when that cannot be
        told."""
        ...

    async def delete(self, message: MemberMessage) -> bool:
        """Delete the member's message; False if it could not be."""
        ...

    async def tell(self, user_id: int, reply: Reply) -> bool:
        """Say something privately to a member (a DM); False if it could not be delivered."""
        ...

    async def rename_thread(self, thread_id: int, name: str) -> bool:
        """Rename the thread started from the message; False if it could not be."""
        ...

    async def publishable_now(self) -> bool | None:
        """Whether the message's channel is an announcement channel as Discord says it is now,
        not as the adapter's cache holds it (a lost or replayed update leaves that behind);
        None if Discord could not be asked."""
        ...
