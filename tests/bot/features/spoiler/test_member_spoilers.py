"""Members' own spoilers in the core: /spoiler post and "Hide as spoiler", over a memory channel."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.command_table import ChannelRef, command_table, message_commands
from bot.db.models import HiddenMessage
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.errors import UserFacingError
from bot.features.spoiler.member_message import (
    EmbedText,
    FileRef,
    MemberMessage,
    PollText,
    Repost,
    StickerRef,
)
from bot.features.spoiler.members import POST_TEXT_LIMIT, MemberSpoilers
from bot.features.spoiler.memory_channel import MemoryChannel
from bot.invocation import Invocation
from bot.replies import Attachment, PendingFile, Reply
from tests.support.discord_markdown import hidden_text, visible_text

GUILD, MEMBER, AUTHOR, MOD = 1, 1000, 2000, 3000
NOW = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
BOT_CAN = frozenset({"view_channel", "manage_messages", "manage_webhooks", "send_messages"})
SPOILER = "Mia marries someone else and five years later they meet in his jazz club"


def seat(user: int = MEMBER, *, channel: int = 10, mod: bool = False) -> Invocation:
    perms = frozenset({"manage_messages"}) if mod else frozenset()
    return Invocation(user_id=user, guild_id=GUILD, channel_id=channel, permissions=perms, now=NOW)


def message(text: str = f"La La Land: {SPOILER}", **kw: Any) -> MemberMessage:
    fields: dict[str, Any] = {
        "id": 555,
        "guild_id": GUILD,
        "channel_id": 10,
        "author_id": AUTHOR,
        "author_name": "ann",
        "content": text,
    }
    return MemberMessage(**(fields | kw))


async def run(app: Epilogue, name: str, invocation: Invocation, **options: Any) -> Reply:
    return await run_command(app, command_table()[name], invocation, options)


async def hide(
    app: Epilogue,
    invocation: Invocation,
    target: MemberMessage,
    channel: MemoryChannel,
    perms: frozenset[str] = BOT_CAN,
) -> Reply:
    """Through the declared message command, as an adapter calls it."""
    spec = next(spec for spec in message_commands() if spec.name == "Hide as spoiler")
    try:
        return await spec.handler(app, invocation, target, channel, perms)
    except UserFacingError as exc:
        return Reply.error(exc.message)


async def test_post_is_wrapped_labelled_and_public(app: Epilogue) -> None:
    reply = await run(app, "spoiler post", seat(), film="La La Land", text=SPOILER)

    assert not reply.ephemeral and not reply.is_error and reply.suppress_embeds
    assert "La La Land" in visible_text(reply.content or "")
    assert "marries" not in visible_text(reply.content or "")
    assert SPOILER in hidden_text(reply.content or "").replace("\\", "")


async def test_a_long_posts_embeds_fit_discords_total_with_their_titles(app: Epilogue) -> None:
    """Discord refuses a message whose embeds hold more than 6,000 characters together, titles
    included. The hidden text was packed to 6,000 before each page got its title ("🔒 Spoiler
    (1/2)"), so a post whose wrapped text came just under it was refused by Discord. Every
    length of a post in that range is either posted within the total or refused by Epilogue."""
    paragraphs = "\n\n".join(["*" * 40] * 200)  # escaping doubles each star
    totals = set()
    for length in range(2_000, 3_200, 3):
        reply = await run(app, "spoiler post", seat(), film="La La Land", text=paragraphs[:length])
        if reply.is_error:
            continue
        total = sum(len(e.title) + len(e.description or "") for e in reply.embeds)
        totals.add(total)
        assert total <= 6_000, (length, total)
    assert max(totals) > 5_900  # the lengths tried reach the limit


async def test_a_post_longer_than_a_message_is_posted_whole_behind_bars(app: Epilogue) -> None:
    """The text option takes what a member can write (4,000 characters); wrapped and labelled,
    a post past a message's 2,000 was refused and the member's words were lost. The text now
    goes in embeds' descriptions, every paragraph behind its own bars."""
    paragraph = "In the end Mia marries another man and Sebastian plays their song. " * 9
    text = "\n\n".join(f"{n}. {paragraph} https://example.com/{n} @everyone" for n in range(6))
    assert 2000 < len(text) <= POST_TEXT_LIMIT
    reply = await run(app, "spoiler post", seat(), film="La La Land", text=text)

    assert not reply.ephemeral and not reply.is_error, reply.content
    assert reply.embeds and not reply.suppress_embeds  # suppressing would drop the embeds too
    shown = [reply.content or ""] + [e.description or "" for e in reply.embeds]
    shown += [e.title for e in reply.embeds]
    assert "La La Land" in visible_text(reply.content or "")
    for part in shown:
        assert "marries" not in visible_text(part) and "@everyone" not in part
        assert "https://" not in visible_text(part)  # no link preview from the member's words
    hidden = "".join(hidden_text(e.description or "") for e in reply.embeds).replace("\\", "")
    assert hidden.count("Mia marries another man") == 6 * 9


async def test_post_cannot_break_out_of_the_bars(app: Epilogue) -> None:
    reply = await run(
        app, "spoiler post", seat(), film="La La Land", text="a || Mia marries @everyone"
    )

    assert "marries" not in visible_text(reply.content or "")
    assert "@everyone" not in (reply.content or "")


async def test_post_attachment_becomes_a_spoiler_file(app: Epilogue) -> None:
    reply = await run(
        app,
        "spoiler post",
        seat(),
        film="La La Land",
        text="the last shot",
        attachment=Attachment("shot.png", b"png"),
    )

    assert [a.filename for a in reply.attachments] == ["SPOILER_file1.png"]


MIB = 2**20


@pytest.mark.parametrize(
    ("size", "limit"),
    [
        (3 * MIB, None),  # a phone screenshot: was refused as "the limit is 1 MiB"
        (10 * MIB, None),  # exactly what a server without boosts takes
        (30 * MIB, 50 * MIB),  # a server at boost level 2
    ],
)
async def test_post_takes_a_file_up_to_what_discord_takes_here(
    app: Epilogue, size: int, limit: int | None
) -> None:
    fetched: list[str] = []

    async def fetch() -> Attachment:
        fetched.append("shot.png")
        return Attachment("shot.png", b"png")

    extra = {} if limit is None else {"limit": limit}
    file = PendingFile("shot.png", size, fetch, **extra)
    reply = await run(app, "spoiler post", seat(), film="La La Land", text="x", attachment=file)

    assert not reply.is_error, reply.content
    assert fetched and [a.filename for a in reply.attachments] == ["SPOILER_file1.png"]


async def test_post_refuses_a_file_heavier_than_discord_takes_here_unfetched(
    app: Epilogue,
) -> None:
    async def fetch() -> Attachment:
        raise AssertionError("a file that will not be posted is not fetched")

    heavy = PendingFile("clip.mp4", 10 * MIB + 1, fetch)
    reply = await run(app, "spoiler post", seat(), film="La La Land", text="x", attachment=heavy)

    assert reply.is_error and reply.ephemeral
    assert "10.1 MB, more than Discord lets Epilogue post in this server (10 MB" in reply.content
    assert "Nothing was posted" in reply.content
    # The console's file (already read) is held to the same limit.
    read = Attachment("clip.mp4", bytes(10 * MIB + 1))
    again = await run(app, "spoiler post", seat(), film="La La Land", text="x", attachment=read)
    assert again.is_error and "more than Discord lets Epilogue post" in again.content


async def test_post_refused_in_no_spoiler_channel_and_under_embargo(app: Epilogue) -> None:
    mod = seat(MOD, mod=True)
    await run(app, "spoiler-rules channel", mod, channel=_ref(20), mode="no-spoilers")
    quiet = await run(app, "spoiler post", seat(channel=20), film="La La Land", text=SPOILER)
    assert quiet.is_error and "keeps spoilers out" in (quiet.content or "")

    await run(app, "spoiler-rules embargo", mod, film="La La Land", until="2031-01-01")
    embargoed = await run(app, "spoiler post", seat(), film="La La Land", text=SPOILER)
    assert embargoed.is_error and "embargo" in (embargoed.content or "")

    await run(app, "spoiler-rules channel", mod, channel=_ref(30), mode="spoilers")
    allowed = await run(app, "spoiler post", seat(channel=30), film="La La Land", text=SPOILER)
    assert not allowed.is_error


def _ref(channel: int) -> ChannelRef:
    return ChannelRef(channel, GUILD)


async def test_author_hides_own_message(app: Epilogue) -> None:
    channel = MemoryChannel()

    reply = await hide(app, seat(AUTHOR), message(), channel)

    assert reply.ephemeral and not reply.is_error
    ((_, repost),) = channel.reposts
    assert channel.deleted == [555]
    assert repost.username == "ann" and repost.suppress_embeds
    assert "La La Land" in visible_text(repost.content)
    assert "marries" not in visible_text(repost.content)
    assert "marries" in hidden_text(repost.content)
    assert channel.told == []  # the author asked: the reply itself is the note
    log = await run(app, "spoiler-rules log", seat(MOD, mod=True))
    assert "hid a message by" in log.embeds[0].description  # type: ignore[operator]


async def test_member_needs_the_servers_permission(app: Epilogue) -> None:
    channel = MemoryChannel()

    refused = await hide(app, seat(MEMBER), message(), channel)
    assert refused.is_error and channel.reposts == [] and channel.deleted == []

    await run(app, "spoiler-rules member-hiding", seat(MOD, mod=True), enabled=True)
    allowed = await hide(app, seat(MEMBER), message(), channel)
    assert not allowed.is_error and channel.deleted == [555]
    ((told, note),) = channel.told
    assert told == AUTHOR and note.ephemeral and "Nothing was lost" in (note.content or "")


async def test_moderator_hides_and_author_is_told(app: Epilogue) -> None:
    channel = MemoryChannel()

    reply = await hide(app, seat(MOD, mod=True), message(), channel)

    assert not reply.is_error and channel.deleted == [555]
    assert [user for user, _ in channel.told] == [AUTHOR]


async def test_missing_bot_permissions_change_nothing(app: Epilogue) -> None:
    channel = MemoryChannel()

    reply = await hide(app, seat(AUTHOR), message(), channel, frozenset({"manage_messages"}))

    assert reply.is_error and "Manage Webhooks" in (reply.content or "")
    assert channel.reposts == [] and channel.deleted == []


async def test_failed_repost_keeps_the_original(app: Epilogue) -> None:
    channel = MemoryChannel(fail_repost="Discord said 500")

    reply = await hide(app, seat(AUTHOR), message(), channel)

    assert reply.is_error and "left as it was" in (reply.content or "")
    assert channel.deleted == []


async def test_files_are_reuploaded_as_spoilers(app: Epilogue) -> None:
    channel = MemoryChannel(files={"u://x": b"data"})
    target = message("look", files=(FileRef("ending.png", "u://x", 4),))

    await hide(app, seat(AUTHOR), target, channel)

    ((_, repost),) = channel.reposts
    assert [(f.filename, f.data) for f in repost.files] == [("SPOILER_file1.png", b"data")]


async def test_epilogues_own_message_is_not_hidden_another_bots_is(app: Epilogue) -> None:
    channel = MemoryChannel()

    reply = await hide(app, seat(MOD, mod=True), message(own_repost=True), channel)
    assert reply.is_error and channel.reposts == []

    reply = await hide(app, seat(MOD, mod=True), message(author_is_bot=True), channel)
    assert not reply.is_error and len(channel.reposts) == 1 and channel.told == []


async def test_a_proxy_bots_webhook_message_is_hidden_by_a_moderator(app: Epilogue) -> None:
    """A proxy bot (PluralKit) posts a member's message through its webhook: a moderator (or
    any member where member hiding is on) hides it as the guard would; no one is its author."""
    proxied = {"webhook_id": 7, "author_is_bot": True, "author_name": "Mia (she/her)"}
    refused = MemoryChannel()
    reply = await hide(app, seat(MEMBER), message(id=901, **proxied), refused)
    assert reply.is_error and refused.reposts == []

    channel = MemoryChannel()
    reply = await hide(app, seat(MOD, mod=True), message(id=902, **proxied), channel)

    assert not reply.is_error, reply.content
    ((_, repost),) = channel.reposts
    assert repost.username == "Mia (she/her)" and channel.deleted == [902]
    assert channel.told == []  # the webhook's id is no member's


async def test_thread_message_goes_back_into_its_thread(app: Epilogue) -> None:
    channel = MemoryChannel()

    await hide(app, seat(AUTHOR, channel=11), message(channel_id=11, parent_channel_id=10), channel)

    ((_, repost),) = channel.reposts
    assert (repost.channel_id, repost.thread_id) == (10, 11)


async def test_undo_gives_back_every_file_exactly_as_the_author_sent_it(app: Epilogue) -> None:
    """An author's own spoiler file (``SPOILER_…``) comes back from Undo still a spoiler: only
    the prefix the hide added is taken off, so Undo never shows more than the author did."""
    sent = ("SPOILER_final-shot.png", "poster.png")
    channel = MemoryChannel(files={f"u://{name}": name.encode() for name in sent})
    target = message("look", files=tuple(FileRef(name, f"u://{name}", 4) for name in sent))
    await hide(app, seat(AUTHOR), target, channel)
    ((repost_id, repost),) = channel.reposts
    assert all(f.filename.startswith("SPOILER_") for f in repost.files)
    reply = await undo_repost(app, channel, repost_id, repost)

    assert not reply.is_error
    (_, restored) = channel.reposts[-1]
    assert [(f.filename, f.data) for f in restored.files] == [
        (name, name.encode()) for name in sent
    ]


async def undo_repost(
    app: Epilogue, channel: MemoryChannel, repost_id: int, repost: Repost
) -> Reply:
    """A moderator's Undo spoiler hide on ``repost``, its files served back from ``channel``."""
    channel.files |= {f"r://{f.filename}": f.data for f in repost.files}
    hidden = message(
        repost.content,
        id=repost_id,
        webhook_id=77,
        files=tuple(FileRef(f.filename, f"r://{f.filename}", 4) for f in repost.files),
    )
    undo = next(spec for spec in message_commands() if spec.name == "Undo spoiler hide")
    return await undo.handler(app, seat(MOD, mod=True), hidden, channel, BOT_CAN)


NAMED = "mia-marries-greg.pdf"  # a file name that is itself the ending


async def test_a_posted_file_is_renamed_as_its_name_cannot_be_hidden(app: Epilogue) -> None:
    """Discord shows a file's name in plain text, spoiler or not: a posted file goes out under a
    neutral name (its kind kept, so it still displays), and its own name stays hidden."""
    reply = await run(
        app,
        "spoiler post",
        seat(),
        film="La La Land",
        text="the last shot",
        attachment=Attachment(NAMED, b"%PDF"),
    )

    assert [(a.filename, a.data) for a in reply.attachments] == [("SPOILER_file1.pdf", b"%PDF")]
    assert "marries" not in visible_text(reply.content or "")
    assert NAMED in hidden_text(reply.content or "").replace("\\", "")


async def test_a_hidden_files_name_is_hidden_too_and_undo_gives_it_back(app: Epilogue) -> None:
    channel = MemoryChannel(files={"u://x": b"data", "u://y": b"img"})
    target = message(
        "look", files=(FileRef(NAMED, "u://x", 4), FileRef("SPOILER_her.ending", "u://y", 3))
    )

    await hide(app, seat(AUTHOR), target, channel)

    ((repost_id, repost),) = channel.reposts
    assert [f.filename for f in repost.files] == ["SPOILER_file1.pdf", "SPOILER_file2"]
    assert "marries" not in visible_text(repost.content)
    assert "ending" not in visible_text(repost.content)
    assert NAMED in hidden_text(repost.content).replace("\\", "")
    await undo_repost(app, channel, repost_id, repost)
    (_, restored) = channel.reposts[-1]
    assert [(f.filename, f.data) for f in restored.files] == [
        (NAMED, b"data"),
        ("SPOILER_her.ending", b"img"),
    ]


async def test_a_member_whose_name_discord_refuses_for_a_webhook_is_still_hidden(
    app: Epilogue,
) -> None:
    """Discord refuses a webhook username containing "discord", that is "here" or "system
    message", or that is blank once it trims what it draws as nothing (a "blank" name of
    Hangul fillers or zero-width spaces): the repost must still go out, or the spoiler stays in
    the open (and the guard could never hide it)."""
    names = (
        *("DiscordFan", "here", "Clyde", " Everyone ", "System Message"),
        *("\u3164", "\u200b\u200b", "\u3164 \u3164", "\ufeff\u200d"),
    )
    for number, name in enumerate(names):
        channel = MemoryChannel()
        reply = await hide(app, seat(AUTHOR), message(author_name=name, id=555 + number), channel)
        assert not reply.is_error, reply.content
        ((_, repost),) = channel.reposts
        assert channel.deleted == [555 + number]
        assert "discord" not in repost.username.casefold()
        assert "clyde" not in repost.username.casefold()
        assert repost.username.casefold() not in {"here", "everyone", "system message"}
        assert repost.username.strip("\u3164\u200b\u200d\ufeff ")


class SlowChannel(MemoryChannel):
    """A channel whose webhook answers only when told: two hides can be under way at once."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def repost(self, repost: Repost) -> int:
        await self.release.wait()
        return await super().repost(repost)


async def test_two_hides_of_one_message_at_once_repost_it_once(app: Epilogue) -> None:
    """Two moderators pressing Hide together (or the guard on a message and on the link
    preview Discord adds to it a moment later): the second must not post a second copy, DM
    the author again and log a second hide."""
    channel = SlowChannel()
    first = asyncio.create_task(hide(app, seat(MOD, mod=True), message(), channel))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(hide(app, seat(MOD + 1, mod=True), message(), channel))
    await asyncio.sleep(0.01)
    channel.release.set()
    replies = await asyncio.gather(first, second)

    assert len(channel.reposts) == 1, channel.reposts
    assert sum(not reply.is_error for reply in replies) == 1
    (refused,) = [reply for reply in replies if reply.is_error]
    assert "already" in (refused.content or "") and "Nothing was changed" in (refused.content or "")
    assert len(channel.told) == 1


async def test_a_replayed_hide_of_a_hidden_message_posts_nothing_more(app: Epilogue) -> None:
    """The same message, hidden and deleted, arrives again as it was (a replayed interaction,
    a late edit event): one repost exists already; no second is made."""
    channel = MemoryChannel()
    assert not (await hide(app, seat(AUTHOR), message(), channel)).is_error

    again = await hide(app, seat(AUTHOR), message(), channel)

    assert again.is_error and len(channel.reposts) == 1


class EditedWhileHiding(MemoryChannel):
    """The author edits the message while its repost is being made."""

    async def repost(self, repost: Repost) -> int:
        repost_id = await super().repost(repost)
        self.edited[555] = f"{SPOILER}. Also: see you at 8!"
        return repost_id


async def test_an_edit_made_while_hiding_is_never_deleted(app: Epilogue) -> None:
    """The author edits the message while it is being hidden: deleting the original then
    deleted the edit with it, and the repost had only the text from before."""
    channel = EditedWhileHiding()

    reply = await hide(app, seat(MOD, mod=True), message(), channel)

    assert channel.deleted == [] and len(channel.reposts) == 1
    assert "edited it meanwhile" in (reply.content or "")


class EditedAwayWhileHiding(MemoryChannel):
    """The author takes the spoiler out of the message while its repost is being made."""

    async def repost(self, repost: Repost) -> int:
        repost_id = await super().repost(repost)
        if len(self.reposts) == 1:
            self.edited[555] = "La La Land: no spoilers from me"
        return repost_id


@pytest.mark.parametrize("seen_by", ["this process", "another process"])
async def test_a_message_edited_back_after_a_hide_left_it_is_hidden(
    app: Epilogue, seen_by: str
) -> None:
    """A hide that left the original in place (its author edited the spoiler out meanwhile)
    was remembered as done for the version it read: when the author put the spoiler back,
    word for word, its edit event (or a replay of the first) was refused as already hidden,
    and the ending stayed in the open. Only a version taken down counts as hidden."""
    channel = EditedAwayWhileHiding()
    left = await hide(app, seat(MOD, mod=True), message(), channel)
    assert "edited it meanwhile" in (left.content or "") and channel.deleted == []

    del channel.edited[555]  # put back as it was first sent
    if seen_by == "another process":
        app.member_spoilers = MemberSpoilers(app)  # the same database, nothing in memory
    again = await hide(app, seat(MOD, mod=True), message(), channel)

    assert not again.is_error, again.content
    assert channel.deleted == [555] and len(channel.reposts) == 2


async def test_a_message_a_hide_could_not_delete_is_hidden_when_seen_again(app: Epilogue) -> None:
    """Its repost is up but the original stayed (Discord refused the delete): the next time
    it is seen as it is (a replay, an edit put back) it is taken down, not refused as hidden."""
    channel = MemoryChannel(fail_delete=True)
    left = await hide(app, seat(MOD, mod=True), message(), channel)
    assert "could not delete" in (left.content or "") and channel.deleted == []

    channel.fail_delete = False
    again = await hide(app, seat(MOD, mod=True), message(), channel)

    assert not again.is_error, again.content
    assert channel.deleted == [555]


async def test_a_hide_from_an_old_copy_of_the_message_changes_nothing(app: Epilogue) -> None:
    """A replayed Hide (or a late event) carries the message as it was; the author has edited
    it since. Reposting that copy and deleting the message would lose the edit."""
    channel = MemoryChannel(edited={555: "La La Land was great, no spoilers from me"})

    reply = await hide(app, seat(MOD, mod=True), message(), channel)

    assert reply.is_error and "edited" in (reply.content or "")
    assert channel.reposts == [] and channel.deleted == []


async def test_a_hide_of_a_message_already_gone_posts_nothing(app: Epilogue) -> None:
    channel = MemoryChannel(deleted=[555])

    reply = await hide(app, seat(MOD, mod=True), message(), channel)

    assert reply.is_error and "gone" in (reply.content or "") and channel.reposts == []


def _as_posted(repost_id: int, repost: Repost) -> MemberMessage:
    """A message Epilogue posted through its webhook, as Discord describes it: sent by a
    webhook (whose author is flagged a bot), under the member's name."""
    return message(
        repost.content,
        id=repost_id,
        author_id=88,  # a webhook message's author is the webhook
        author_name=repost.username,
        author_is_bot=True,
        webhook_id=88,
    )


async def test_a_message_put_back_by_undo_can_be_hidden_again(app: Epilogue) -> None:
    """A moderator's Undo (a misclick next to Hide as spoiler, or a change of mind) puts the
    ending back in the open through Epilogue's webhook. That message was refused by Hide
    ("sent by a webhook") and skipped by the guard: nothing could hide it again, and the
    ending stayed in the open until someone deleted it by hand."""
    channel = MemoryChannel()
    await hide(app, seat(AUTHOR), message(), channel)
    ((repost_id, repost),) = channel.reposts
    await undo_repost(app, channel, repost_id, repost)
    restored_id, restored = channel.reposts[-1]
    assert SPOILER in visible_text(restored.content)

    again = await hide(app, seat(MOD, mod=True), _as_posted(restored_id, restored), channel)

    assert not again.is_error, again.content
    hidden_id, hidden = channel.reposts[-1]
    assert "marries" not in visible_text(hidden.content)
    assert SPOILER in hidden_text(hidden.content).replace("\\", "")
    assert channel.deleted[-1] == restored_id
    assert channel.told[-1][0] == AUTHOR  # the author, not the webhook, is told
    # The author may hide their own message put back; and the hide can be undone again.
    undone = await undo_repost(app, channel, hidden_id, hidden)
    assert not undone.is_error and channel.reposts[-1][1].content == message().content


async def test_hidden_reposts_are_refused_and_other_webhook_messages_hidden(
    app: Epilogue,
) -> None:
    """Epilogue's own repost is already hidden; another app's webhook message (a proxy bot's
    member) is hidden like a member's."""
    channel = MemoryChannel()
    await hide(app, seat(AUTHOR), message(), channel)
    ((repost_id, repost),) = channel.reposts

    rehidden = await hide(app, seat(MOD, mod=True), _as_posted(repost_id, repost), channel)
    assert rehidden.is_error and "already hidden" in (rehidden.content or "")
    assert len(channel.reposts) == 1

    foreign = await hide(app, seat(MOD, mod=True), _as_posted(4242, repost), channel)
    assert not foreign.is_error, foreign.content
    assert len(channel.reposts) == 2 and 4242 in channel.deleted


async def test_two_undos_of_one_hide_at_once_put_it_back_once(app: Epilogue) -> None:
    """Two moderators pressing Undo together both found the hide and both reposted the
    message: it came back twice, in the open."""
    plain = MemoryChannel()
    await hide(app, seat(AUTHOR), message(), plain)
    ((repost_id, repost),) = plain.reposts
    channel = SlowChannel()
    channel.files = {f"r://{f.filename}": f.data for f in repost.files}
    hidden = message(repost.content, id=repost_id, author_is_bot=True, webhook_id=77)
    undo = next(spec for spec in message_commands() if spec.name == "Undo spoiler hide")

    async def undo_as(user: int) -> Reply:
        try:
            return await undo.handler(app, seat(user, mod=True), hidden, channel, BOT_CAN)
        except UserFacingError as exc:
            return Reply.error(exc.message)

    first = asyncio.create_task(undo_as(MOD))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(undo_as(MOD + 1))
    await asyncio.sleep(0.01)
    channel.release.set()
    replies = await asyncio.gather(first, second)

    assert len(channel.reposts) == 1, channel.reposts
    assert sorted(reply.is_error for reply in replies) == [False, True]


LONG = f"La La Land: {SPOILER}. " + "I *still* can't get over it_ " * 120  # ~3,900 characters


async def test_a_message_too_long_to_repost_as_text_is_still_hidden(app: Epilogue) -> None:
    """A member may write 4,000 characters (Nitro), and escaping its markdown lengthens it; a
    webhook's message holds 2,000. Such a message was refused ("too long to repost hidden")
    by Hide and by the guard alike, and its ending stayed in the open."""
    assert len(LONG) <= 4000
    channel = MemoryChannel()

    reply = await hide(app, seat(AUTHOR), message(LONG), channel)

    assert not reply.is_error, reply.content
    ((_, repost),) = channel.reposts
    assert len(repost.content) <= 2000 and len(repost.embeds) == 1
    assert len(repost.embeds[0]) <= 4096
    for text in (repost.content, *repost.embeds):
        assert "marries" not in visible_text(text)
    assert SPOILER in hidden_text(repost.embeds[0]).replace("\\", "")
    assert "La La Land" in visible_text(repost.content)
    assert channel.deleted == [555]


async def test_undo_of_a_message_too_long_to_post_says_so_and_keeps_it_hidden(
    app: Epilogue,
) -> None:
    channel = MemoryChannel()
    await hide(app, seat(AUTHOR), message(LONG), channel)
    ((repost_id, repost),) = channel.reposts

    with pytest.raises(UserFacingError, match="cannot be put back"):
        await undo_repost(app, channel, repost_id, repost)

    assert len(channel.reposts) == 1 and channel.deleted == [555]


async def test_a_sticker_or_poll_alone_is_hidden_as_text_labelled_with_its_film(
    app: Epilogue,
) -> None:
    """A message with no text but a poll (or only a sticker) was "nothing to hide"; a poll
    naming a film labels the repost with it, as the text would."""
    poll = PollText("La La Land: who does Mia marry?", (("Greg", 2), ("Seb", 1)))
    sticker = StickerRef("mia marries greg", "https://x/s.png")
    for target, label in (
        (message("", id=901, poll=poll), "La La Land"),
        (message("", id=902, stickers=(sticker,)), "Spoiler"),
    ):
        channel = MemoryChannel()

        reply = await hide(app, seat(AUTHOR), target, channel)

        assert not reply.is_error, reply
        ((_, repost),) = channel.reposts
        shown = visible_text(repost.content)
        assert label in shown and "marr" not in shown.casefold() and "greg" not in shown.casefold()
        assert "greg" in hidden_text(repost.content).casefold()
        assert channel.deleted == [target.id]


THREAD = 4242
"""A thread whose title gives an ending away (one the guard could not rename)."""


def _names_the_thread(text: str) -> bool:
    """Whether a reader sees the thread drawn by name: Discord draws a channel mention, and a
    link to a message in it, as the thread's current title."""
    shown = visible_text(text)
    return f"<#{THREAD}>" in shown or f"/{THREAD}/" in shown


@pytest.mark.parametrize("by_guard", [False, True])
async def test_moderators_views_of_a_hide_in_a_thread_keep_its_title_behind_bars(
    app: Epilogue, by_guard: bool
) -> None:
    """A thread's name is a member's words, shown with no markdown wherever Discord draws the
    thread: the moderators' log and their list of hides name it (and link into it) behind
    bars, from the hide to its undo, as they do for a message the guard left in a thread; so
    does the note telling its author."""
    mod = seat(MOD, mod=True)
    channel = MemoryChannel()
    target = message(channel_id=THREAD, parent_channel_id=10)
    if by_guard:
        guard = await run(app, "spoiler-rules guard", mod, enabled=True, all_films=True)
        assert not guard.is_error
        verdict = await app.member_spoilers.guard.check(target, channel, BOT_CAN)
        assert verdict.hidden, verdict
    else:
        hidden = await hide(app, seat(AUTHOR, channel=THREAD), target, channel)
        assert not hidden.is_error and not _names_the_thread(hidden.content or "")
    ((repost_id, repost),) = channel.reposts
    # The author is told where, in a DM that names the thread behind bars too.
    assert all(not _names_the_thread(note.content or "") for _, note in channel.told)

    listed = await run(app, "spoiler-rules hidden", mod)
    ((field,),) = [embed.fields for embed in listed.embeds]
    assert not _names_the_thread(field.value), field.value
    assert f"<#{THREAD}>" in hidden_text(field.value)
    assert not (await undo_repost(app, channel, repost_id, repost)).is_error
    log = (await run(app, "spoiler-rules log", mod)).embeds[0].description or ""
    assert log.count(f"<#{THREAD}>") == 2, log  # the hide and its undo
    assert not _names_the_thread(log), log


@pytest.mark.parametrize(
    "change",
    [
        ("spoiler-rules channel", {"channel": ChannelRef(10, GUILD), "mode": "no-spoilers"}),
        ("spoiler-rules embargo", {"film": "La La Land", "until": "2031-01-01"}),
    ],
    ids=["no-spoilers", "embargo"],
)
async def test_a_post_whose_file_is_fetched_as_the_rules_change_is_not_posted(
    app: Epilogue, change: tuple[str, dict[str, Any]]
) -> None:
    """A post with a file is acknowledged, then the file fetched: a channel made no-spoilers
    (or the film embargoed) meanwhile keeps the spoiler out, as a post after the change is."""
    from bot.dispatch import complete, start_command
    from bot.replies import Deferred, PendingFile

    name, options = change

    async def fetch() -> Attachment:
        # The moderator's change lands while the member's file is downloading.
        changed = await run(app, name, seat(MOD, mod=True), **options)
        assert not changed.is_error, changed
        return Attachment("shot.png", b"png")

    spec = command_table()["spoiler post"]
    file = PendingFile("shot.png", 3, fetch)
    options_ = {"film": "La La Land", "text": SPOILER, "attachment": file}
    outcome = await start_command(app, spec, seat(), options_)
    assert isinstance(outcome, Deferred) and not outcome.ephemeral
    reply = await complete(outcome)

    assert reply.is_error and "Nothing was posted" in (reply.content or "")
    assert "marries" not in (reply.content or "")
    # Was: the text was lost. It comes back, to its author alone (a public "thinking…" is
    # told only that the answer went to them).
    assert reply.ephemeral and reply.attachments[0].data.decode() == SPOILER


class NamesAnEarlierRepost(MemoryChannel):
    """A channel that names as the new repost one already recorded for another hide (a repost
    Discord did not describe, looked for in the channel, and another alike taken for it)."""

    async def repost(self, repost: Repost) -> int:
        await super().repost(repost)
        return self.reposts[0][0]


async def test_a_repost_named_as_another_hides_is_left_unrecorded_and_the_original_goes(
    app: Epilogue,
) -> None:
    """The repost of a second hide is named as the first hide's repost: the first hide's
    record stays as it was (its Undo puts back its own message), and the second hide does not
    fail halfway, leaving its original in the open beside its repost: the original goes,
    unrecorded, and the member is told Undo cannot put it back."""
    channel = NamesAnEarlierRepost()
    assert not (await hide(app, seat(AUTHOR), message(), channel)).is_error
    other = message(f"La La Land: {SPOILER}, and he plays their song", id=556)

    reply = await hide(app, seat(AUTHOR), other, channel)

    assert not reply.is_error, reply.content
    assert channel.deleted == [555, 556] and len(channel.reposts) == 2
    assert "Undo spoiler hide cannot" in (reply.content or "")
    undone = await undo_repost(app, channel, *channel.reposts[0])
    put_back = channel.reposts[-1][1].content or ""
    assert "marries" in put_back and "plays their song" not in put_back, undone.content


async def test_a_repost_recorded_by_another_hide_meanwhile_still_takes_the_original_down(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process records the same repost between ``_unclaimed``'s look and this hide's
    record: the record fails on the repost's unique id, and the hide must not stop there,
    leaving the original in the open beside its repost."""

    async def looked_too_early(self: object, repost_id: int | None) -> int | None:
        return repost_id

    channel = NamesAnEarlierRepost()
    assert not (await hide(app, seat(AUTHOR), message(), channel)).is_error
    monkeypatch.setattr(MemberSpoilers, "_unclaimed", looked_too_early)
    other = message(f"La La Land: {SPOILER}, and he plays their song", id=556)

    reply = await hide(app, seat(AUTHOR), other, channel)

    assert not reply.is_error, reply.content
    assert channel.deleted == [555, 556] and len(channel.reposts) == 2
    assert "Undo spoiler hide cannot" in (reply.content or "")


async def test_an_undo_whose_message_put_back_was_recorded_meanwhile_still_undoes(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message Undo puts back is named as a repost another process recorded since
    ``_unclaimed`` looked: the undo is recorded without it, instead of failing after the
    message was put back and the hidden repost deleted."""

    async def looked_too_early(self: object, repost_id: int | None) -> int | None:
        return repost_id

    channel = NamesAnEarlierRepost()
    assert not (await hide(app, seat(AUTHOR), message(), channel)).is_error
    recorded = channel.reposts[0][0]
    async with app.sessions() as session, session.begin():
        first = await session.get(HiddenMessage, recorded)
        assert first is not None
        session.add(  # a second hide, in the same channel, to undo
            HiddenMessage(
                repost_id=9_001,
                guild_id=first.guild_id,
                channel_id=first.channel_id,
                thread_id=first.thread_id,
                author_id=first.author_id,
                hidden_by=first.hidden_by,
                work=first.work,
                content=first.content,
                created_at=first.created_at,
                file_names=first.file_names,
            )
        )
    monkeypatch.setattr(MemberSpoilers, "_unclaimed", looked_too_early)

    undone = await undo_repost(app, channel, 9_001, channel.reposts[0][1])

    assert not undone.is_error, undone.content
    assert "Put <@" in (undone.content or "")
    async with app.sessions() as session:
        assert await session.get(HiddenMessage, 9_001) is None  # the undone hide is gone
        assert await session.get(HiddenMessage, recorded) is not None  # the other stays


@pytest.mark.parametrize(
    ("title", "renamed"),
    [
        (f"La La Land: {SPOILER}"[:40], True),  # Discord's default, cut inside a word
        ("MIA MARRIES someone", True),  # the member's own, repeating its words
        ("mia mar\u200bries", True),  # a zero-width space keeps the word's look
        ("Mіа ｍａｒｒｉｅｓ", True),  # Cyrillic look-alikes, full-width letters
        ("Movie night chat", False),  # repeats nothing of it
        ("marries Mia", False),  # its words, not as it says them
    ],
)
async def test_a_thread_titled_with_the_hidden_words_is_renamed(
    app: Epilogue, title: str, renamed: bool
) -> None:
    """A thread's title is drawn without markdown, in the channel list and under the message:
    one repeating the hidden message's words showed them after the hide."""
    channel = MemoryChannel()

    reply = await hide(app, seat(MOD, mod=True), message(started_thread=title), channel)

    assert not reply.is_error, reply.content
    if not renamed:
        assert channel.renamed == {} and "renamed" not in (reply.content or "")
        return
    assert channel.renamed == {555: "Spoiler discussion: La La Land"}
    ((told, note),) = channel.told
    for said in (reply.content or "", note.content or ""):
        assert "marries" not in visible_text(said).casefold()
        assert "renamed" in visible_text(said)
    assert told == AUTHOR and title in hidden_text(note.content or "").replace("\\", "")


@pytest.mark.parametrize(
    "texts",
    [
        ("a || Mia marries", "|| b"),
        ("`||`", "Mia marries ||"),
        ("> quote\n\n# Mia marries", "- list ||"),
        ("[x](https://e.com/||) Mia marries", "https://e.com/x||"),
        ("**||", "Mia marries **", "@everyone"),
    ],
)
async def test_a_messages_own_embed_is_reposted_behind_bars_whatever_it_holds(
    app: Epilogue, texts: tuple[str, ...]
) -> None:
    """An embed's words go into the repost as text: bars, code, blocks and links in them
    never open it, and nothing in them pings."""
    channel = MemoryChannel()
    target = message("Recap is up", embeds=(EmbedText(texts),), webhook_id=77, author_is_bot=True)

    reply = await hide(app, seat(MOD, mod=True), target, channel)

    assert not reply.is_error, reply.content
    ((_, repost),) = channel.reposts
    assert "marries" not in visible_text(repost.content).casefold()
    assert "Mia marries" in hidden_text(repost.content).replace("\\", "")
    assert "@everyone" not in repost.content


async def test_a_long_review_whose_escaped_form_outgrows_one_embed_is_still_hidden(
    app: Epilogue,
) -> None:
    """A Nitro member's 4,000 characters of prose in paragraphs, with the odd dash and
    bracket: escaped and wrapped, they outgrow one embed's 4,096 characters, and the hide
    was refused ("too long to repost hidden"), its ending left in the open. The paragraphs
    are spread over the repost's embeds (a message holds ten, 6,000 characters in all)."""
    sentence = f"La La Land (2016) - what an ending: {SPOILER}. "
    paragraph = sentence * 3
    review = "\n\n".join([paragraph] * (4000 // (len(paragraph) + 2)))
    assert len(review) <= 4000
    channel = MemoryChannel()

    reply = await hide(app, seat(AUTHOR), message(review), channel)

    assert not reply.is_error, reply.content
    ((_, repost),) = channel.reposts
    assert len(repost.content) <= 2000 and 1 < len(repost.embeds) <= 10
    assert all(len(page) <= 4096 for page in repost.embeds)
    assert sum(map(len, repost.embeds)) <= 6000
    for text in (repost.content, *repost.embeds):
        assert "marries" not in visible_text(text)
    kept = "\n\n".join(hidden_text(page) for page in repost.embeds).replace("\\", "")
    assert kept.count("Mia marries") == review.count("Mia marries")
    assert channel.deleted == [555]


async def test_one_long_paragraph_whose_escaped_form_outgrows_an_embed_is_still_hidden(
    app: Epilogue,
) -> None:
    """4,000 characters in one paragraph, with dashes and brackets: escaped and wrapped it
    outgrows an embed's 4,096 characters, and a paragraph was never cut, so the hide was
    refused and the ending stayed in the open. It is cut between words, each part hidden."""
    sentence = f"La La Land (2016) - [what] an ending: {SPOILER}. "
    review = (sentence * (4000 // len(sentence))).strip()
    assert len(review) <= 4000
    channel = MemoryChannel()

    reply = await hide(app, seat(AUTHOR), message(review), channel)

    assert not reply.is_error, reply.content
    ((_, repost),) = channel.reposts
    assert 1 < len(repost.embeds) <= 10 and sum(map(len, repost.embeds)) <= 6000
    assert all(len(page) <= 4096 for page in repost.embeds)
    for text in (repost.content, *repost.embeds):
        assert "marries" not in visible_text(text)
    kept = " ".join(hidden_text(page) for page in repost.embeds).replace("\\", "")
    assert " ".join(kept.split()) == " ".join(review.split())


async def test_files_whose_names_and_alt_texts_outgrow_a_message_are_still_hidden(
    app: Epilogue,
) -> None:
    """Each file's name and alt text (up to 1,024 characters) go behind bars in the repost's
    text: a few long alt texts outgrew a webhook's 2,000 characters, and the hide was refused,
    the ending they told left in the open. They go into the embeds as the text does."""
    alt = f"A still from La La Land's last scene: {SPOILER}. " * 8
    files = tuple(FileRef(f"ending-{n}.png", f"u://{n}", 4, alt[:1000]) for n in range(4))
    channel = MemoryChannel(files={f"u://{n}": b"data" for n in range(4)})

    reply = await hide(app, seat(AUTHOR), message("look", files=files), channel)

    assert not reply.is_error, reply.content
    ((_, repost),) = channel.reposts
    assert len(repost.content) <= 2000 and repost.embeds
    assert all(len(page) <= 4096 for page in repost.embeds)
    for text in (repost.content, *repost.embeds):
        assert "marries" not in visible_text(text)
    kept = "\n".join(hidden_text(page) for page in repost.embeds).replace("\\", "")
    assert kept.count("Mia marries") == 4 * alt[:1000].count("Mia marries")
    assert all(f"ending-{n}.png" in kept for n in range(4))
    assert len(repost.files) == 4


class _FailingDownloads(MemoryChannel):
    """A channel whose file downloads fail as an adapter's may, naming the file."""

    async def download(self, file: FileRef) -> bytes:
        raise LookupError(f"no attachment {file.filename}")


async def test_a_failed_download_is_logged_without_the_files_name(
    app: Epilogue, caplog: pytest.LogCaptureFixture
) -> None:
    """Whoever runs the bot reads its log, and a member's name for a file can state the
    ending: a download that failed was logged with its error, which named the file."""
    target = message("look", files=(FileRef("mia-marries-greg.png", "u://x", 4),))

    with caplog.at_level("DEBUG"):
        reply = await hide(app, seat(AUTHOR), target, _FailingDownloads())

    assert reply.is_error and "try again" in reply.content
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "555" in logged and "marries" not in logged, logged
