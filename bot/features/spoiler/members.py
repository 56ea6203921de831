"""Members' own spoilers: ``/spoiler post`` and "Hide as spoiler".

The core decides who may hide what, how the repost reads and in which order things happen; the
adapter only carries it out through ``ChannelOps`` (Discord's webhooks in ``client/``, memory in
the console). The order is the promise "nothing is lost": the repost is made first and the
original deleted only once the repost exists.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import audit
from bot.cache import LruCache
from bot.catalog import FilmEntry
from bot.claims import revision_of
from bot.db.models import HiddenMessage
from bot.errors import InvalidInput, NotAllowed
from bot.features.spoiler.member_message import (
    NEEDED_PERMISSIONS,
    ChannelOps,
    MemberMessage,
    Repost,
    RepostFailed,
    RepostTooHeavy,
)
from bot.features.spoiler.mentions import FilmMentions
from bot.features.spoiler.repost_text import (
    LEFT_OUT,
    NAME_WITHHELD,
    RETITLED,
    SPOILER_PREFIX,
    THREAD_TITLE_LIMIT,
    echoes,
    embed_pages,
    file_parts,
    films_to_label,
    fitted_pages,
    hidden_pieces,
    hidden_text,
    neutral_filename,
    page_title,
    posted,
    spoiler_label,
    webhook_username,
    with_files,
)
from bot.invocation import Invocation
from bot.labels import bold_film_label, logged_label
from bot.places import channel_mention, message_link
from bot.replies import (
    UPLOAD_LIMIT_BYTES,
    Attachment,
    Colour,
    Deferred,
    Embed,
    EmbedField,
    PendingFile,
    Reply,
)
from bot.spoiler_policy.markup import escape_text, truncate_plain
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.stored_rules import guild_settings

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000
POST_TEXT_LIMIT = 4000
"""What ``/spoiler post`` takes: what a member may write in a message (Nitro's limit)."""
HIDDEN_LIST_SIZE = 5  # fields under 1,024 characters each, under 6,000 together
GUARD_USER_ID = 0
"""``HiddenMessage.hidden_by`` / audit ``user_id`` of hides made by the automatic guard."""
HIDES_REMEMBERED = 10_000
"""Messages whose hide is remembered, so the same message arriving again is not reposted twice."""
EDITED_SINCE = (
    "This message was edited after it was read for hiding, so nothing was changed: look at"
    " it again, and hide it if it still gives something away."
)
ALREADY_HIDDEN = (
    "This message is already hidden as a spoiler (or being hidden right now). Nothing was changed."
)
UNDONE_ALREADY = (
    "This hide was undone already (by another moderator, or this Undo reached Epilogue"
    " twice). Nothing more was changed."
)


UNRECORDED_REPOST = (
    "(Discord did not say which message the repost is, so Undo spoiler hide cannot put this"
    " one back: a moderator can repost it.)"
)
UNSTORED_REPOST = (
    "(Epilogue could not record this hide, so Undo spoiler hide cannot put this one back: a"
    " moderator can repost it.)"
)


def _check_weight(file: Attachment | PendingFile) -> None:
    """Refuse a file heavier than Discord lets Epilogue post here, before it is fetched: the
    member's own limit (Nitro) can be far above the server's."""
    size, limit = (
        (file.size, file.limit)
        if isinstance(file, PendingFile)
        else (len(file.data), UPLOAD_LIMIT_BYTES)
    )
    if size <= limit:
        return
    weighs = f"{math.ceil(size * 10 / 2**20) / 10:g}"  # rounded up: never "10 MB" over 10 MB
    raise InvalidInput(
        f"The attached file is {weighs} MB, more than Discord lets Epilogue post in this"
        f" server ({limit // 2**20} MB; server boosts raise it). Nothing was posted: attach a"
        " smaller file."
    )


@dataclass(frozen=True)
class _Hid:
    """A hide's reply, and whether the original is down: only then is its version hidden."""

    reply: Reply
    taken_down: bool = True


class MemberSpoilers:
    def __init__(self, app: Epilogue) -> None:
        self._app = app
        self.mentions = FilmMentions(app.catalog)
        # Imported here: the guard hides through this service.
        from bot.features.spoiler.guard import SpoilerGuard
        from bot.features.spoiler.guard_rules import GuardRules

        self.guard = SpoilerGuard(app)
        self.guard_rules = GuardRules(app)
        # Each message's version (``MemberMessage.as_sent``) hidden or being hidden now. The
        # same message comes again as it was in many ways: two moderators pressing Hide at
        # once, the guard seeing it posted and then edited by Discord's link preview, a
        # replayed event after its original is gone. A second repost of it would help no one.
        # An edit is another version: it is reposted, so what the author added is not lost.
        # Hides being undone now: a second Undo of one hide at once would put it back twice.
        self._undoing: set[int] = set()
        self._hidden: LruCache[tuple[int, tuple[str, tuple[tuple[str, int], ...]]], bool] = (
            LruCache(HIDES_REMEMBERED)
        )

    # -- /spoiler post ---------------------------------------------------------------------------

    async def post(
        self,
        invocation: Invocation,
        film: FilmEntry,
        text: str,
        attachment: Attachment | PendingFile | None = None,
    ) -> Reply | Deferred:
        """A member's spoiler comment, wrapped and labelled, where the channel's rules allow.

        Every refusal comes before a file not fetched yet (``PendingFile``) is: it is the
        reply itself, private. Only a post that will be made is acknowledged, publicly, and
        fetches the file then.
        """
        if invocation.timed_out and invocation.timed_out_until is not None:
            # Discord lets a timed-out member use an app's commands, not post: Epilogue does
            # not post their words for them either.
            raise NotAllowed(
                "You are timed out in this server, so Epilogue does not post for you until the"
                f" timeout ends (<t:{int(invocation.timed_out_until.timestamp())}:R>)."
                " Nothing was posted."
            )
        if invocation.pending and invocation.in_guild:
            raise NotAllowed(
                "You have not agreed to this server's rules yet (Discord asks new members to),"
                " so Epilogue does not post for you until you have. Nothing was posted."
            )
        _check_may_write(invocation, with_file=attachment is not None)
        await self._check_post_allowed(invocation, film)
        if not text.strip():
            raise InvalidInput("text: is empty: write the spoiler you want to post.")
        names = [attachment.filename] if attachment is not None else []
        # The post is about every film its words name: an embargo on any of them keeps it out,
        # as one on the film: option does. The whole text is hidden at its author's asking, so
        # the label counts those films without naming them (a film compared to may be the
        # spoiler).
        about = films_to_label(
            film, partial(self.mentions.named, invocation.guild_id), (), [text, *names]
        )
        for named in about.unnamed:
            await self._check_post_allowed(invocation, named)
        label = f"{spoiler_label(about)} from <@{invocation.user_id}>"
        content = with_files(f"{label}\n{hidden_text(text)}", names)
        pages: tuple[str, ...] = ()
        if len(content) > MESSAGE_LIMIT:
            # Past a message's 2,000 characters, the hidden text goes in embeds' descriptions,
            # cut only between pieces that each hold their own bars (as a long hide's repost).
            content = with_files(label, names)
            pages = embed_pages(hidden_pieces(text), page_title) or ()
            if not pages or len(content) > MESSAGE_LIMIT:
                raise InvalidInput(
                    f"text: is too long once hidden ({len(hidden_text(text))} characters, more"
                    " than Discord lets Epilogue post in one message): shorten it, or post it"
                    " in two parts. Nothing was posted."
                )
        if attachment is not None:
            _check_weight(attachment)
        if not isinstance(attachment, PendingFile):
            return posted(content, pages, attachment)
        pending = attachment

        async def finish() -> Reply:
            fetched = await pending.fetch()
            # Fetching takes time, in which the channel may have been made no-spoilers or the
            # film embargoed: the rules in force when it is posted decide.
            for named in about.every:
                await self._check_post_allowed(invocation, named)
            return posted(content, pages, fetched)

        return Deferred(ephemeral=False, finish=finish)

    async def _check_post_allowed(self, invocation: Invocation, film: FilmEntry) -> None:
        """Refuse a post the rules here keep out: a no-spoilers channel, or an embargo."""
        standing = await self._app.standings.of(invocation, film.work)
        if standing.in_guild and standing.mode is ChannelMode.NO_SPOILERS:
            raise NotAllowed(
                "This channel keeps spoilers out, even wrapped ones: post it in a spoiler"
                " channel instead. Nothing was posted."
            )
        if standing.keeps_spoilers_private and standing.embargo_until is not None:
            raise NotAllowed(
                f"{bold_film_label(film)} is under a spoiler embargo here until"
                f" {standing.embargo_until.isoformat()}: spoilers about it go only in spoiler"
                " channels until then. Nothing was posted."
            )

    # -- Hide as spoiler -------------------------------------------------------------------------

    async def hide(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        bot_permissions: frozenset[str],
    ) -> Reply:
        """Repost ``message`` hidden behind spoiler bars, then delete it; the reply says what
        happened, privately, to whoever asked."""
        if invocation.guild_id is None:
            raise NotAllowed("Hide as spoiler works in a server's channels, not in DMs.")
        async with self._app.sessions() as session:
            settings = await guild_settings(session, invocation.guild_id)
            ours = (
                await session.get(HiddenMessage, message.id)
                if message.webhook_id is not None
                else None
            )
        if ours is not None and ours.guild_id == invocation.guild_id and not ours.restored:
            raise InvalidInput(
                "This message is already hidden as a spoiler: it is Epilogue's repost."
                " Nothing was changed."
            )
        restored = ours is not None and ours.guild_id == invocation.guild_id and ours.restored
        if restored and ours is not None:
            # Put back by Undo through Epilogue's webhook: its author's message again.
            message = replace(
                message, author_id=ours.author_id, author_is_bot=False, webhook_id=None
            )
        elif message.own_repost:
            # Another app's message is hidden like a member's: proxy bots (PluralKit) post
            # members' messages through webhooks, bridges as their bot user. Epilogue's own
            # reposts have their hide stored (above); what it posted as itself is its own.
            raise NotAllowed(
                "This message is Epilogue's own; Hide as spoiler is for messages others"
                " posted. Nothing was changed."
            )
        moderator = invocation.is_moderator(settings.moderator_role_id)
        own = invocation.user_id in (message.author_id, message.invoked_by)
        if not (own or moderator or settings.member_hiding):
            raise NotAllowed(
                "Only the message's author and moderators can hide it as a spoiler here"
                " (moderators can let every member with /spoiler-rules member-hiding)."
                " Nothing was changed."
            )
        missing = [name for key, name in NEEDED_PERMISSIONS.items() if key not in bot_permissions]
        if missing:
            raise NotAllowed(
                f"Epilogue needs {' and '.join(missing)} in this channel to repost a message"
                " hidden and take the original down; ask a server admin to grant"
                f" {'them' if len(missing) > 1 else 'it'}. Nothing was changed."
            )
        return await self._hide(
            invocation,
            message,
            ops,
            hidden_by=invocation.user_id,
            replaces=message.id if restored else None,
        )

    async def hide_for_guard(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        film: FilmEntry,
        *,
        unread: bool = False,
    ) -> Reply:
        """The automatic guard's hide (its checks are in ``SpoilerGuard.check``); ``unread``:
        hidden because it is told in a script the guard cannot read, as its author is told."""
        return await self._hide(
            invocation, message, ops, hidden_by=GUARD_USER_ID, film=film, unread=unread
        )

    async def undo(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        bot_permissions: frozenset[str],
    ) -> Reply:
        """A moderator puts a hidden message back as its author wrote it (Apps → Undo)."""
        if invocation.guild_id is None:
            raise NotAllowed("Undo spoiler hide works in a server's channels, not in DMs.")
        # Claimed before the hide is read: a second Undo that read it while the first was
        # putting the message back would find it still hidden and post it again.
        if message.id in self._undoing:
            raise InvalidInput(
                "This hide is being undone right now (by another moderator?). Nothing more was"
                " changed."
            )
        self._undoing.add(message.id)
        try:
            # Another process may be sent this Undo too (two on one shard, a replayed event),
            # and each reads the hide before either has recorded it undone: the database's
            # claim lets one put the message back (``bot.claims``), as for a hide.
            acted = await self._app.claims.once(
                "undo",
                message.id,
                "",
                lambda: self._checked_undo(invocation, message, ops, bot_permissions),
                done=lambda reply: not reply.is_error,
            )
        finally:
            self._undoing.discard(message.id)
        if acted is None:
            raise InvalidInput(UNDONE_ALREADY)
        return acted.result

    async def _checked_undo(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        bot_permissions: frozenset[str],
    ) -> Reply:
        assert invocation.guild_id is not None
        async with self._app.sessions() as session:
            settings = await guild_settings(session, invocation.guild_id)
            hidden = await session.get(HiddenMessage, message.id)
        if not invocation.is_moderator(settings.moderator_role_id):
            raise NotAllowed(
                "Only moderators can undo a spoiler hide: you need Manage Messages or the"
                " server's moderator role. Nothing was changed."
            )
        if hidden is None or hidden.guild_id != invocation.guild_id or hidden.restored:
            raise InvalidInput(
                "This is not a message Epilogue hid as a spoiler (or its hide was already"
                " undone). Nothing was changed."
            )
        missing = [name for key, name in NEEDED_PERMISSIONS.items() if key not in bot_permissions]
        if missing:
            raise NotAllowed(
                f"Epilogue needs {' and '.join(missing)} in this channel to undo a hide."
                " Nothing was changed."
            )
        if len(hidden.content) > MESSAGE_LIMIT:
            raise InvalidInput(
                f"This message is {len(hidden.content)} characters long, more than Discord lets"
                f" Epilogue post ({MESSAGE_LIMIT}), so it cannot be put back as it was written;"
                " it stays hidden. Nothing was changed: ask its author to post it again."
            )
        return await self._undo(invocation, message, ops, hidden)

    async def _undo(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        hidden: HiddenMessage,
    ) -> Reply:
        names = _original_names(hidden.file_names, len(message.files))
        alts = _original_alts(hidden.file_names, len(message.files))
        try:
            files = tuple(
                [
                    Attachment(
                        # The name the author gave it; a hide from before names were kept
                        # reposted it as the original with one ``SPOILER_`` more.
                        names[index] if names else ref.filename.removeprefix(SPOILER_PREFIX),
                        await ops.download(ref),
                        description=alts[index],
                    )
                    for index, ref in enumerate(message.files)
                ]
            )
            restored = Repost(
                channel_id=message.webhook_channel_id,
                thread_id=message.thread_id,
                username=webhook_username(message.author_name),
                avatar_url=message.avatar_url,
                content=hidden.content,
                files=files,
                suppress_embeds=False,
            )
            restored_id = await self._unclaimed(await ops.repost(restored))
        except RepostFailed as exc:
            return Reply.error(f"Epilogue could not put the message back ({exc}); nothing changed.")
        await ops.delete(message)
        try:
            await self._record_undo(invocation, hidden, message.id, restored_id)
        except IntegrityError:
            # The message put back was recorded for another hide since ``_unclaimed`` looked
            # (another process): the undo is recorded without it.
            log.warning("repost %s was recorded meanwhile: left unrecorded", restored_id)
            restored_id = None
            await self._record_undo(invocation, hidden, message.id, None)
        put_back = f"↩️ Put <@{hidden.author_id}>'s message back as they wrote it, files included."
        if restored_id is None:
            put_back += (
                " Discord did not say which message it is, so Hide as spoiler cannot take it"
                " again: a moderator can delete it."
            )
        return Reply.text(put_back)

    async def _record_undo(
        self,
        invocation: Invocation,
        hidden: HiddenMessage,
        repost_id: int,
        restored_id: int | None,
    ) -> None:
        """The hide of ``repost_id`` undone, in one transaction: its record gone, the message
        put back remembered (unless Discord did not say which it is), the log's entry."""
        async with self._app.sessions() as session, session.begin():
            row = await session.get(HiddenMessage, repost_id)
            if row is not None:
                await session.delete(row)
            # Remembered, so the message put back can be hidden again (Discord calls it a
            # webhook's message, which Hide as spoiler otherwise refuses); unless Discord did
            # not say which message it is.
            session.add_all(
                []
                if restored_id is None
                else [
                    HiddenMessage(
                        repost_id=restored_id,
                        guild_id=hidden.guild_id,
                        channel_id=hidden.channel_id,
                        thread_id=hidden.thread_id,
                        author_id=hidden.author_id,
                        hidden_by=invocation.user_id,
                        work=hidden.work,
                        content=hidden.content,
                        created_at=audit.naive_utc(invocation.now),
                        file_names=hidden.file_names,
                        restored=True,
                    )
                ]
            )
            audit.record(
                session,
                self._app.standings,
                invocation,
                "unhide-spoiler",
                f"undid the spoiler hide of a message by user {hidden.author_id} in"
                f" {channel_mention(hidden.channel_id, thread=hidden.thread_id is not None)}",
            )

    async def hidden(self, invocation: Invocation) -> Reply:
        """The server's latest hides, for moderators: where, whose, and the text (wrapped)."""
        if invocation.guild_id is None:
            raise NotAllowed("Hidden messages belong to a server: run this in the server.")
        async with self._app.sessions() as session:
            rows = (
                await session.scalars(
                    select(HiddenMessage)
                    .where(
                        HiddenMessage.guild_id == invocation.guild_id,
                        HiddenMessage.restored.is_(False),
                    )
                    .order_by(HiddenMessage.created_at.desc(), HiddenMessage.repost_id.desc())
                    .limit(HIDDEN_LIST_SIZE)
                )
            ).all()
        if not rows:
            return Reply.text("Nothing has been hidden as a spoiler in this server yet.")
        fields = []
        for row in rows:
            # A thread's mention and a link into it are drawn as its title: behind bars.
            thread = row.thread_id is not None
            where = row.thread_id or row.channel_id
            link = message_link(row.guild_id, where, row.repost_id, thread=thread)
            where_named = channel_mention(row.channel_id, thread=thread)
            by = "the spoiler guard" if row.hidden_by == GUARD_USER_ID else f"<@{row.hidden_by}>"
            text = hidden_text(truncate_plain(row.content, 250)) or "(files only)"
            fields.append(
                EmbedField(
                    f"{row.created_at:%Y-%m-%d %H:%M} UTC",
                    f"<@{row.author_id}> in {where_named}, hidden by {by} · {link}\n{text}",
                )
            )
        return Reply(
            embeds=(
                Embed(
                    title="Hidden as spoilers, newest first",
                    fields=tuple(fields),
                    footer="Undo one: Apps → Undo spoiler hide on the hidden message",
                    colour=Colour.SPOILER,
                ),
            ),
            ephemeral=True,
        )

    async def _hide(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        *,
        hidden_by: int,
        film: FilmEntry | None = None,
        replaces: int | None = None,
        unread: bool = False,
    ) -> Reply:
        """``replaces``: the row of a message Undo put back, which this hide takes over."""
        # Discord's own notice shows its words as plain text (a poll's result), not as content.
        shown = [message.content, *(message.plain if message.system else ())]
        if (
            not any(map(str.strip, shown))
            and not message.files
            and not message.carried_as_text(str)
        ):
            raise InvalidInput("This message has no text or files to hide. Nothing was changed.")
        if message.unreposted:
            # The repost carries text and files only: deleting the original would lose the rest.
            raise InvalidInput(
                f"This message has {' and '.join(message.unreposted)}, which a repost cannot"
                " carry, so hiding it would lose them. Nothing was changed: ask the author to"
                " delete it and post the text again with /spoiler post."
            )
        version = (message.id, message.as_sent)
        if self._hidden.get(version) is not None:
            raise InvalidInput(ALREADY_HIDDEN)
        # Taken before the first await, so a second hide of this version finds it.
        self._hidden.put(version, True)
        reposted = False
        try:

            async def act() -> _Hid:
                if not message.system:
                    return await self._repost_hidden(
                        invocation, message, ops, hidden_by, film, replaces, unread=unread
                    )
                reply = await self._delete_notice(invocation, message, ops, film)
                return _Hid(reply, taken_down=not reply.is_error)

            # Another process may be shown this message too (two on one shard, a replayed
            # event): the database's claim decides which one hides it (``bot.claims``). Done
            # only once the original is down: a version left in the open (its author
            # edited it meanwhile, or it could not be deleted) may be seen again, put back
            # word for word or replayed, and is then judged again, never taken as hidden.
            acted = await self._app.claims.once(
                "hide",
                message.id,
                revision_of(message.as_sent),
                act,
                done=lambda hid: hid.taken_down,
            )
            if acted is None:  # hidden by another process
                reposted = True
                raise InvalidInput(ALREADY_HIDDEN)
            reposted = acted.result.taken_down
            return acted.result.reply
        finally:
            if not reposted:
                # Not taken down after all (refused, the repost failed, the original stayed):
                # it may be tried again.
                self._hidden.forget(version)

    async def _delete_notice(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        film: FilmEntry | None,
    ) -> Reply:
        """Delete Discord's notice (``MemberMessage.system``) that gives something away: its
        text is Discord's (a thread's name, a poll's question and winning answer), not the
        member's words, so it is never reposted under their name, and nobody is told they wrote
        it. A thread's own title is the title guard's (``SpoilerGuard.check_title``): renamed
        there."""
        if await ops.current(message) is None:
            raise InvalidInput("This message is gone already. Nothing was changed.")
        if not await ops.delete(message):
            return Reply.error(
                "This is Discord's own notice (of a thread's name, a poll's result), which cannot"
                " be reposted under a member's name, and Epilogue could not delete it: delete it"
                " yourself (or check Epilogue's Manage Messages permission)."
            )
        about = f" about {bold_film_label(film)}" if film else ""
        log.info("deleted Discord's notice %s giving an ending away", message.id)
        async with self._app.sessions() as session, session.begin():
            audit.record(
                session,
                self._app.standings,
                invocation,
                "delete-spoiler-notice",
                f"deleted Discord's notice in {message.where} (a thread's name or a poll's result,"
                f" as Discord wrote it){' about ' + logged_label(film) if film else ''} instead of"
                " reposting it hidden: no member wrote it",
            )
        return Reply.text(
            f"✅ Deleted{about}: it was Discord's own notice (a thread's name, a poll's result),"
            " not a member's message, so it was not reposted; a thread's title is checked on its"
            " own."
        )

    async def _shown_name(self, message: MemberMessage, films: Sequence[FilmEntry]) -> str:
        """The name a repost goes up under: its author's, unless that name gives away an ending
        of a film the hidden words name (or it names): a name is plain text no bar hides, and
        the repost must not show in the open what it hides."""
        name = webhook_username(message.author_name)
        named = films_to_label(None, partial(self.mentions.named, message.guild_id), [name], ())
        about = {film.work: film for film in (*films, *named.every)}
        if about and await self.guard.tells_an_ending(message.guild_id, list(about.values()), name):
            return NAME_WITHHELD
        return name

    async def _repost_hidden(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        hidden_by: int,
        film: FilmEntry | None,
        replaces: int | None,
        *,
        unread: bool = False,
    ) -> _Hid:
        # A hide acts on the message as it was read (an event, an interaction's copy): if it
        # is gone or was edited since (a replayed or late event), acting on that copy would
        # repost what is no longer there and delete what the author wrote since.
        now = await ops.current(message)
        if now is None:
            raise InvalidInput(
                "This message is gone (deleted, or already hidden as a spoiler). Nothing was"
                " changed."
            )
        if now.as_sent != message.as_sent:
            raise InvalidInput(EDITED_SINCE)
        names = [ref.filename for ref in message.files]
        alts = [ref.description for ref in message.files]
        # Every film the hidden words name is on the label, the one the hide is about first
        # (the guard's, else the first named in the open): a reader decides by it whether to
        # click. Those named only behind the author's own bars are counted, not named.
        from bot.features.spoiler.guard import shown_text  # the guard imports this module

        labelled = films_to_label(
            film,
            partial(self.mentions.named, message.guild_id),
            [shown_text(message)],
            [message.kept_text, *names, *alts],
        )
        film = labelled.about
        lines = [spoiler_label(labelled)]
        if message.reply_to_url:
            lines[0] += f" · replying to {message.reply_to_url}"
        if body := hidden_text(message.content):
            lines.append(body)
        # Each a balanced run of bars: a wrapped paragraph (or part of one), or a carried line.
        pieces = hidden_pieces(message.content)
        if carried := message.carried_as_text(hidden_text):
            # A poll or sticker cannot be reposted as one: its text is, behind bars.
            pieces += [(line, "\n") for line in carried]
            lines.extend(carried)
        whole = content = with_files("\n".join(lines), names, alts)
        embeds: tuple[str, ...] | None = ()
        if len(content) > MESSAGE_LIMIT:
            # A member may write 4,000 characters, and escaping lengthens them; a webhook's
            # message holds 2,000. The hidden text goes in embeds' descriptions instead, and
            # the files' names and alt texts too when even they outgrow it.
            content = with_files(lines[0], names, alts)
            if len(content) > MESSAGE_LIMIT or not pieces:
                content = lines[0]
                pieces += [(f"📎 {part}", "\n") for part in file_parts(names, alts)]
            embeds = embed_pages(pieces)
        if embeds is None:
            # More than one message holds once hidden: as much as it holds, and a note that
            # the rest was left out. Refusing left the ending in the open for everyone (the
            # guard's hides silently); the whole is kept for Undo (``kept_text``).
            log.info("message %s is too long to repost whole (%s)", message.id, len(whole))
            content = f"{lines[0]}\n{LEFT_OUT}"
            embeds = fitted_pages(pieces)
        cut = content.endswith(LEFT_OUT)
        # The guard acts alone: a file heavier than Discord lets Epilogue post here (a member
        # with Nitro may attach one) is left out of its repost rather than leaving the ending
        # in the open, or any member could keep the guard off a spoiler by attaching one. Its
        # name stays behind bars in the text, and its author is told to post it again. A
        # person hiding one is told instead, and decides.
        by_guard = hidden_by == GUARD_USER_ID
        carried: list[int] = []  # indexes of the files the repost carries
        unfetched: list[int] = []  # and of those Discord did not hand over (the guard's)
        files: list[Attachment] = []
        try:
            for index, ref in enumerate(message.files):
                try:
                    data = await ops.download(ref)
                except RepostTooHeavy:  # not fetched at all
                    if not by_guard:
                        raise
                    continue
                except RepostFailed:
                    raise
                except Exception as exc:
                    # Discord's CDN refused, failed or never answered: the guard hides the
                    # words without the file, or the ending would stay in the open for as long
                    # as the CDN is down (a person hiding one is told, and tries again).
                    if not by_guard:
                        raise
                    log.warning(
                        "could not download a file of message %s: %s",
                        message.id,
                        type(exc).__name__,
                    )
                    unfetched.append(index)
                    continue
                carried.append(index)
                files.append(Attachment(neutral_filename(ref.filename, len(files) + 1), data))
        except RepostFailed as exc:  # a file this server would refuse: not fetched at all
            return _Hid(
                Reply.error(
                    f"Epilogue could not repost the message hidden ({exc}), so the original"
                    " was left as it was."
                ),
                taken_down=False,
            )
        except Exception as exc:  # the adapter's network error: nothing was changed yet
            # The error's kind only: its text may name the file, and a member's name for a file
            # can state the ending (the operator's log names no member's words).
            log.warning(
                "could not download a file of message %s: %s", message.id, type(exc).__name__
            )
            raise InvalidInput(
                "Epilogue could not fetch this message's files to repost them. Nothing was"
                " changed: try again."
            ) from None
        repost = Repost(
            channel_id=message.webhook_channel_id,
            thread_id=message.thread_id,
            username=(shown_as := await self._shown_name(message, labelled.every)),
            avatar_url=message.avatar_url,
            content=content,
            files=tuple(files),
            suppress_embeds=not embeds,
            embeds=embeds,
        )
        try:
            try:
                posted_id = await ops.repost(repost)
            except RepostTooHeavy:
                # Discord weighs the files together too: the guard reposts the text alone.
                if not (by_guard and repost.files):
                    raise
                carried = []
                posted_id = await ops.repost(replace(repost, files=()))
            repost_id = await self._unclaimed(posted_id)
        except RepostFailed as exc:
            return _Hid(
                Reply.error(
                    f"Epilogue could not repost the message hidden ({exc}), so the original"
                    " was left as it was."
                ),
                taken_down=False,
            )
        left_out = [
            names[index]
            for index in range(len(names))
            if index not in carried and index not in unfetched
        ]
        unfetched_names = [names[index] for index in unfetched]
        names = [names[index] for index in carried]
        alts = [alts[index] for index in carried]
        recorded = False
        unrecorded = UNRECORDED_REPOST
        if repost_id is None:
            log.warning("message %s reposted hidden as an unknown message", message.id)
        else:
            try:
                # Recorded before the original goes: from the moment it is gone, the hide can
                # be undone.
                await self._record(
                    invocation, message, repost_id, hidden_by, film, names, replaces, alts=alts
                )
                recorded = True
            except IntegrityError:
                # Recorded for another hide since ``_unclaimed`` looked (another process).
                log.warning("repost %s was recorded meanwhile: left unrecorded", repost_id)
            except Exception:
                # The repost is up: the original goes whatever became of its record (the
                # database refused it, or is down), or the ending stays in the open beside it.
                log.exception("the hide of message %s could not be recorded", message.id)
                unrecorded = UNSTORED_REPOST
        hid = await self._take_original_down(
            invocation,
            message,
            ops,
            hidden_by,
            film,
            left_out,
            cut=cut,
            unfetched=unfetched_names,
            name_withheld=shown_as == NAME_WITHHELD,
            unread=unread,
        )
        if recorded:
            return hid
        # Posted, but not as a message of its own that Epilogue could record: the original goes
        # all the same (the repost holds all of it, and it must not stay in the open).
        reply = hid.reply
        return replace(hid, reply=replace(reply, content=f"{reply.content} {unrecorded}"))

    async def _take_original_down(
        self,
        invocation: Invocation,
        message: MemberMessage,
        ops: ChannelOps,
        hidden_by: int,
        film: FilmEntry | None,
        left_out: Sequence[str] = (),
        *,
        cut: bool = False,
        unfetched: Sequence[str] = (),
        name_withheld: bool = False,
        unread: bool = False,
    ) -> _Hid:
        """Delete the original once its repost is up, and say so to whom it concerns
        (``left_out``: the names of files too heavy for the repost, which the guard left out;
        ``unfetched``: of those Discord did not hand over, which it left out too;
        ``name_withheld``: the repost went up under a neutral name, its author's telling an
        ending)."""
        now = await ops.current(message)
        if now is not None and now.as_sent != message.as_sent:
            # Edited while the repost was made: deleting it would lose the edit.
            log.info("message %s was edited while being hidden; left in place", message.id)
            return _Hid(
                Reply.text(
                    "The message was reposted hidden, but its author edited it meanwhile, so"
                    " the original was left as it is now, edit included: check it, and hide it"
                    " again if it still gives something away."
                ),
                taken_down=False,
            )
        deleted = await ops.delete(message)
        retitled = await self._retitle(message, ops, film)
        about = f" about {bold_film_label(film)}" if film else ""
        if hidden_by == GUARD_USER_ID and unread:
            why = (
                "the server's spoiler guard cannot read the script most of it is written in and"
                " could not rule out an ending detail (a moderator can undo the hide)"
            )
        elif hidden_by == GUARD_USER_ID:
            why = "the server's spoiler guard found an ending detail in it"
        elif invocation.user_id in (message.author_id, message.invoked_by):
            why = "you hid it as a spoiler"
        else:
            why = f"<@{invocation.user_id}> hid it as a spoiler"
        # Whose message it is, to them: their own, or an app's answer to their command.
        # A bot posting as itself reads no DM: nobody is told, as for a webhook's own.
        members_own = message.webhook_id is None and not message.author_is_bot
        told = (
            message.author_id
            if members_own
            else message.invoked_by
            if message.webhook_id is not None
            else None
        )
        whose = (
            f"Your message in {message.where} was reposted behind spoiler bars{about},"
            " under your name"
            if message.webhook_id is None
            else f"The answer an app gave to your command in {message.where} was reposted"
            f" behind spoiler bars{about}, under the app's name"
        )
        if name_withheld:
            # Discord draws a name over every message, in plain text: it cannot go behind bars.
            whose = whose.rsplit(", under ", 1)[0] + (
                ", under a neutral name: the name Discord shows over it here gives an ending"
                " away, and no bar can hide a name"
                + (" (your server nickname can be changed)" if message.webhook_id is None else "")
            )
        note = f"{whose}: {why}, so members choose whether to read it."
        # What is handed back as a file goes only to the one who wrote it. An app's answer is
        # not its asker's words, and they may never have read it (the guard hides it as it
        # comes): Discord shows a text file's opening lines in the open, ending and all.
        hand_back = cut and len(message.kept_text) > MESSAGE_LIMIT and members_own
        if cut:
            # Not all of it is in the repost: what one message holds (``fitted_pages``).
            note += (
                " It was longer than one message holds once hidden, so the repost shows as much"
                " as it holds; "
                + (
                    "the whole is kept, and a moderator's Undo puts it back."
                    if len(message.kept_text) <= MESSAGE_LIMIT
                    else "what you wrote is attached, to post again with /spoiler post."
                    if hand_back
                    else "the rest is not in the repost."
                )
            )
        elif not left_out and not unfetched:
            note += " Nothing was lost: the text and files are all in the repost."
        if left_out:
            note += (
                f" {_files_left_out(left_out)} heavier than Discord lets Epilogue post in this"
                " server, so the repost goes without: post"
                f" {'it' if len(left_out) == 1 else 'them'} again marked as a spoiler (Discord's"
                " “Mark as spoiler” on the file)."
            )
        if unfetched:
            note += (
                f" {_files_named(unfetched)} could not be fetched from Discord to repost,"
                " so the repost goes without: post"
                f" {'it' if len(unfetched) == 1 else 'them'} again marked as a spoiler (Discord's"
                " “Mark as spoiler” on the file)."
            )
        if message.poll is not None:
            note += (
                " A repost cannot carry a poll: its question, answers and votes are in the"
                " repost as text (voting on it is closed)."
            )
        if message.stickers:
            note += " A repost cannot carry stickers: each is in the repost by name and link."
        if message.embeds:
            note += " Its embeds are in the repost as text, behind spoiler bars."
        note += retitled
        # A webhook's message has no member to tell (its author id is the webhook's), unless
        # it answers a member's command.
        # A cut message no Undo can put back goes back to its author whole, privately.
        kept = (Attachment("your-message.txt", message.kept_text.encode()),) if hand_back else ()
        if told is not None and told != invocation.user_id:
            await ops.tell(told, Reply(content=note, attachments=kept, ephemeral=True))
        if left_out:
            log.info(
                "message %s: %s file(s) too heavy to repost left out", message.id, len(left_out)
            )
        if not deleted:
            return _Hid(
                Reply.text(
                    "The message was reposted hidden, but Epilogue could not delete the"
                    " original: delete it yourself (or check Epilogue's Manage Messages"
                    " permission)." + retitled
                ),
                taken_down=False,
            )
        return _Hid(self._hidden_reply(invocation, message, note, kept, about, told, retitled))

    @staticmethod
    def _hidden_reply(
        invocation: Invocation,
        message: MemberMessage,
        note: str,
        kept: tuple[Attachment, ...],
        about: str,
        told: int | None,
        retitled: str,
    ) -> Reply:
        """What whoever hid the message is told once it is down."""
        if told == invocation.user_id:
            return Reply(content=note, attachments=kept, ephemeral=True)
        if message.webhook_id is None and not message.author_is_bot:
            return Reply.text(
                f"✅ Hidden as a spoiler{about}: <@{message.author_id}>'s message was reposted"
                " behind spoiler bars under their name, and they were told privately." + retitled
            )
        return Reply.text(
            f"✅ Hidden as a spoiler{about}: the message was reposted behind spoiler bars under"
            " the name it was sent under"
            + (f", and <@{told}>, whose command it answered, was told privately." if told else ".")
            + retitled
        )

    async def _retitle(
        self, message: MemberMessage, ops: ChannelOps, film: FilmEntry | None
    ) -> str:
        """Rename the thread started from ``message`` when its title repeats the message's
        words (a title is drawn without markdown: nothing in it can go behind bars); what
        was done, as a sentence for the notes ("" when there is no such thread)."""
        title = message.started_thread
        said = "\n".join(
            [message.kept_text, *(name for file in message.files for name in file.shown_names)]
        )
        if not title or not echoes(title, said):
            return ""
        neutral = truncate_plain(
            f"{RETITLED}: {film.title}" if film else RETITLED, THREAD_TITLE_LIMIT
        )
        if not await ops.rename_thread(message.id, neutral):
            log.warning("thread %s repeats a hidden message; not renamed", message.id)
            return (
                " The thread started from it is still titled with its words: rename it"
                " (Epilogue needs Manage Threads to)."
            )
        return (
            " The thread started from it was titled with its words, so it was renamed to"
            f" “{escape_text(neutral)}”; its title was: {hidden_text(title)}"
        )

    async def _unclaimed(self, repost_id: int | None) -> int | None:
        """``repost_id``, unless another hide or Undo recorded it already (None: unknown).

        A repost Discord did not describe is looked for in the channel, and one alike may be
        taken for it: recording it again would fail halfway (the original left in the open
        beside its repost) or, for Undo, tie one message to two hides."""
        if repost_id is None:
            return None
        async with self._app.sessions() as session:
            if await session.get(HiddenMessage, repost_id) is None:
                return repost_id
        log.warning("repost %s is already recorded for another hide: left unrecorded", repost_id)
        return None

    async def _record(
        self,
        invocation: Invocation,
        message: MemberMessage,
        repost_id: int,
        hidden_by: int,
        film: FilmEntry | None,
        file_names: Sequence[str],
        replaces: int | None = None,
        *,
        alts: Sequence[str] = (),
    ) -> None:
        """The hide, for undo, and its entry in the moderators' audit log, in one transaction."""
        guild_id = message.guild_id
        about = f" about {logged_label(film)}" if film else ""
        by_guard = hidden_by == GUARD_USER_ID
        by = "the spoiler guard" if by_guard else "a member"
        # The log shows channel mentions and plain text (user mentions would be escaped).
        detail = f"hid a message by user {message.author_id} in {message.where}{about}"
        logged = invocation
        if by_guard:
            # No member acted: the log's line is about the author (the guard's id, 0, would
            # read as "<@0>"), and says who hid it.
            logged = replace(invocation, user_id=message.author_id)
            detail = f"had a message hidden by the spoiler guard in {message.where}{about}"
        async with self._app.sessions() as session, session.begin():
            if replaces is not None and (put_back := await session.get(HiddenMessage, replaces)):
                await session.delete(put_back)
            session.add(
                HiddenMessage(
                    repost_id=repost_id,
                    guild_id=guild_id,
                    channel_id=message.channel_id,
                    thread_id=message.thread_id,
                    author_id=message.author_id,
                    hidden_by=hidden_by,
                    work=film.work if film else None,
                    content=message.kept_text,
                    created_at=audit.naive_utc(invocation.now),
                    file_names=_kept_files(file_names, alts),
                )
            )
            audit.record(session, self._app.standings, logged, "hide-spoiler", detail)
        log.info("guild %s: %s hid message %s as %s", guild_id, by, message.id, repost_id)


def _files_left_out(names: Sequence[str]) -> str:
    """The files a repost left out, as a sentence's subject and its verb."""
    return _files_named(names) + (" is" if len(names) == 1 else " are")


def _files_named(names: Sequence[str]) -> str:
    """The files a repost left out, as a sentence's subject: their names behind bars (a
    member's name for a file can state the ending)."""
    shown = ", ".join(hidden_text(name) for name in names)
    return f"The file {shown}" if len(names) == 1 else f"The files {shown}"


def _kept_files(names: Sequence[str], alts: Sequence[str]) -> str | None:
    """What a hide keeps of its files for Undo: their names, as a JSON list; with their alt
    texts, ``{"names": [...], "alts": [...]}`` (read back by ``_original_names`` and
    ``_original_alts``)."""
    if not names:
        return None
    if not any(alt.strip() for alt in alts):
        return json.dumps(list(names))
    return json.dumps({"names": list(names), "alts": list(alts)})


def _kept(stored: str | None) -> dict[str, object]:
    if not stored:
        return {}
    try:
        kept = json.loads(stored)
    except ValueError:
        return {}
    return {"names": kept} if isinstance(kept, list) else kept if isinstance(kept, dict) else {}


def _original_alts(stored: str | None, count: int) -> list[str]:
    """The alt texts a hide kept for the repost's ``count`` files ("" where none)."""
    alts = _kept(stored).get("alts")
    if not isinstance(alts, list) or len(alts) != count:
        return [""] * count
    return [alt if isinstance(alt, str) else "" for alt in alts]


def _original_names(stored: str | None, count: int) -> list[str] | None:
    """The names a hide kept for the repost's ``count`` files, or None if it kept none (or
    they no longer match the repost's files, so no file is given another's name)."""
    names = _kept(stored).get("names")
    if not isinstance(names, list) or len(names) != count:
        return None
    if not all(isinstance(name, str) and name for name in names):
        return None
    return names


def _check_may_write(invocation: Invocation, *, with_file: bool) -> None:
    """Refuse to post for a member what the channel does not let them post themselves.

    Using an app's commands is a permission of its own, so Discord delivers the command of a
    member whose Send Messages (in a thread, Send Messages in Threads; for a file, Attach Files)
    the channel's overwrites take away: posting for them would undo a moderator's decision.
    The adapter says what the channel lets them do (``Invocation.may_write``)."""
    where = "Send Messages in Threads" if invocation.parent_channel_id else "Send Messages"
    if not invocation.may_write:
        raise NotAllowed(
            f"You may not {where.lower()} here ({where} is turned off for you in this"
            " channel), so Epilogue does not post for you either. Nothing was posted."
        )
    if with_file and not invocation.may_attach:
        raise NotAllowed(
            "You may not attach files here (Attach Files is turned off for you in this"
            " channel), so Epilogue does not post your file for you either: post the text"
            " alone. Nothing was posted."
        )
