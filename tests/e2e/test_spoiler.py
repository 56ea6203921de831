"""Members' own spoilers through the real client: ``/spoiler post`` and Apps → Hide as spoiler."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.features.spoiler.repost_text import hidden_text
from client.context_menus import DiscordChannel
from tests.e2e.harness import (
    LA_LA_LAND,
    FilmClub,
    behind_bars,
    bot_in_process,
    make_config,
    shown,
)
from tests.standin import StandinServer
from tests.standin.world import DEFAULT_EVERYONE, MANAGE_MESSAGES

pytestmark = pytest.mark.usefixtures("bot")

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"
HIDE = "Hide as spoiler"


def _plain(text: str) -> str:
    return text.replace("\\", "")


async def test_post_is_public_wrapped_and_labelled(
    standin: StandinServer, people: FilmClub
) -> None:
    result = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("last-shot.png", b"\x89PNG")},
    )

    posted = result.message
    assert not posted.ephemeral
    assert "La La Land" in shown(posted) and "marries" not in shown(posted)
    assert SPOILER in _plain(behind_bars(posted))
    # A file's name shows in plain text: it goes out under a neutral one, its own hidden.
    assert [a["filename"] for a in posted.attachments] == ["SPOILER_file1.png"]
    assert "last-shot.png" in _plain(behind_bars(posted))
    assert posted.flags & (1 << 2), "link previews are suppressed"


async def test_a_post_longer_than_a_message_arrives_whole_and_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    text = " ".join(f"{n}. {SPOILER}." for n in range(45))  # one line, as Discord's box sends
    assert 2000 < len(text) <= 4000
    result = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{text}", user=people.member, channel=people.general
    )

    posted = result.message
    assert not posted.ephemeral and posted.embeds, posted.content
    assert "La La Land" in shown(posted) and "marries" not in shown(posted)
    assert _plain(behind_bars(posted)).count(SPOILER) == 45
    assert not posted.flags & (1 << 2), "embeds of its own are not suppressed"


async def test_files_described_without_a_proxy_url_are_posted_and_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    """An attachment option, and a hidden message's file, without ``proxy_url`` (which a
    stand-in or proxy may not have): discord.py could not read either interaction."""
    standin.attachment_proxies = False
    posted = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("last-shot.png", b"\x89PNG")},
    )
    said = await standin.member_says(
        SPOILER, user=people.member, channel=people.general, files=[("shot.png", b"png")]
    )
    hidden = await standin.run_message_command(HIDE, said, user=people.member)

    assert [a["filename"] for a in posted.message.attachments] == ["SPOILER_file1.png"]
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is None


async def keep_spoilers_out_of_quiet(standin: StandinServer, people: FilmClub) -> None:
    await standin.run_command(
        f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
        user=people.moderator,
        channel=people.general,
    )


async def test_post_refused_in_a_no_spoilers_channel(
    standin: StandinServer, people: FilmClub
) -> None:
    await keep_spoilers_out_of_quiet(standin, people)

    result = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}", user=people.member, channel=people.quiet
    )

    assert result.message.ephemeral and "keeps spoilers out" in result.message.content
    assert standin.messages_in(people.quiet) == []


async def test_a_refused_post_hands_the_member_their_text_back(
    standin: StandinServer, people: FilmClub
) -> None:
    # Discord keeps nothing of a sent command: the refusal is all that is left of the text.
    await keep_spoilers_out_of_quiet(standin, people)
    long_text = f"{SPOILER} " * 10

    result = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{long_text}",
        user=people.member,
        channel=people.quiet,
    )

    assert result.message.ephemeral and "What you typed is attached" in result.message.content
    (kept,) = result.message.attachments
    assert standin.attachment_bytes(kept).decode() == long_text.strip()
    assert standin.messages_in(people.quiet) == []


async def test_refusing_a_post_with_a_file_is_private(
    standin: StandinServer, people: FilmClub
) -> None:
    # A file makes the client acknowledge before the core answers: the refusal must still be
    # seen by the member alone, in a no-spoilers channel and under an embargo alike.
    await keep_spoilers_out_of_quiet(standin, people)
    await standin.run_command(
        f"/spoiler-rules embargo film:{LA_LA_LAND} until:2999-01-01",
        user=people.moderator,
        channel=people.general,
    )

    for channel, refusal in ((people.quiet, "keeps spoilers out"), (people.general, "embargo")):
        result = await standin.run_command(
            f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}",
            user=people.member,
            channel=channel,
            options={"attachment": ("last-shot.png", b"\x89PNG")},
        )

        assert result.message.ephemeral and refusal in result.message.content
        assert standin.messages_in(channel) == []


async def test_a_post_whose_file_is_gone_hands_the_text_back_to_its_author_alone(
    standin: StandinServer, people: FilmClub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post with a file is acknowledged for everyone before the file is fetched; the file was
    gone from the CDN by then. The error that followed edited the public "thinking…" message,
    with the member's spoiler attached as a text file the whole channel could open."""
    monkeypatch.setattr("client.slash.READY_WITHIN_S", 0.0)  # acknowledged before fetching
    standin.fail("GET", r"/attachments/.*", 404, message="This content is no longer available.")
    text = f"{SPOILER}, " * 2

    result = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{text}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("last-shot.png", b"\x89PNG")},
    )
    await standin.wait_for(
        lambda: any(m.ephemeral and m.attachments for m in result.messages), what="the text back"
    )

    for message in standin.messages_in(people.general):
        assert "marries" not in shown(message)
        for file in message.attachments:
            assert b"marries" not in standin.attachment_bytes(file)
    kept = [
        standin.attachment_bytes(file)
        for message in result.messages
        if message.ephemeral
        for file in message.attachments
    ]
    assert kept == [text.strip().encode()]


@pytest.mark.usefixtures("content_intent")
async def test_author_hides_own_message_through_a_webhook(
    standin: StandinServer, people: FilmClub
) -> None:
    """Without the intent, the message read again before it is reposted showed nothing, and
    the hide was refused as if its author had edited it since."""
    original = await standin.member_says(
        f"la la land ending: {SPOILER}",
        user=people.member,
        channel=people.general,
        files=[("ending.png", b"png-bytes")],
    )

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert result.message.ephemeral and "Nothing was lost" in result.message.content
    assert standin.message(original.id) is None, "the original is gone"
    (repost,) = standin.messages_in(people.general)
    assert repost.raw["webhook_id"] and repost.raw["author"]["username"] == "mia"
    assert "La La Land" in shown(repost) and "marries" not in shown(repost)
    assert "marries" in behind_bars(repost)
    (file,) = repost.attachments
    assert file["filename"] == "SPOILER_file1.png"
    assert "ending.png" in _plain(behind_bars(repost)) and "ending.png" not in shown(repost)
    assert standin.attachment_bytes(file) == b"png-bytes"
    assert repost.flags & (1 << 2)


async def test_other_members_need_the_servers_permission_and_the_author_is_told(
    standin: StandinServer, people: FilmClub
) -> None:
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    refused = await standin.run_message_command(HIDE, original, user=people.friend)
    assert refused.message.ephemeral and "Only the message's author" in refused.message.content
    assert standin.message(original.id) is not None

    await standin.run_command(
        "/spoiler-rules member-hiding enabled:true", user=people.moderator, channel=people.general
    )
    hidden = await standin.run_message_command(HIDE, original, user=people.friend)

    assert "Hidden as a spoiler" in hidden.message.content
    assert standin.message(original.id) is None
    (note,) = standin.dms_to(people.member)
    assert "reposted behind spoiler bars" in note.content and "marries" not in note.content
    log = await standin.run_command(
        "/spoiler-rules log", user=people.moderator, channel=people.general
    )
    assert "hid a message by" in log.message.embeds[0]["description"]


async def test_without_manage_webhooks_nothing_changes(
    standin: StandinServer, people: FilmClub
) -> None:
    (bot_role,) = [r for r in people.club.roles.values() if r.managed]
    bot_role.permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, original, user=people.moderator)

    assert result.message.ephemeral and "Manage Webhooks" in result.message.content
    assert standin.message(original.id) is not None
    assert standin.webhooks == {}
    assert [m.id for m in standin.messages_in(people.general)] == [original.id]


async def test_a_thread_message_is_reposted_in_its_thread(
    standin: StandinServer, people: FilmClub
) -> None:
    original = await standin.member_says(SPOILER, user=people.member, channel=people.thread)

    await standin.run_message_command(HIDE, original, user=people.member)

    (repost,) = standin.messages_in(people.thread)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert standin.messages_in(people.general) == []


POLL = {
    "question": {"text": "Did they end up together?"},
    "answers": [
        {"answer_id": 1, "poll_media": {"text": "no, she marries greg"}},
        {"answer_id": 2, "poll_media": {"text": "yes"}},
    ],
    "expiry": "2030-01-01T00:00:00+00:00",
    "allow_multiselect": False,
    "layout_type": 1,
    "results": {"is_finalized": False, "answer_counts": [{"id": 1, "count": 4, "me_voted": False}]},
}
STICKER = {"id": "749054660769218631", "name": "wave", "format_type": 1}


@pytest.mark.parametrize(
    ("parts", "kept", "said"),
    [
        (
            {"poll": POLL},
            ["Did they end up together?", "no, she marries greg", "(4 votes)"],
            "poll",
        ),
        ({"sticker_items": [STICKER]}, ["wave", "stickers/749054660769218631"], "sticker"),
    ],
)
async def test_a_message_with_a_poll_or_sticker_is_hidden_with_them_as_text(
    standin: StandinServer,
    people: FilmClub,
    parts: dict[str, object],
    kept: list[str],
    said: str,
) -> None:
    """A webhook can repost text and files, not a poll or a sticker; a spoiler with one added
    used to be impossible to hide. Now the repost carries them as text behind bars (question,
    answers, votes; a sticker's name and image link), and the author is told which."""
    original = await standin.member_says(
        f"la la land ending: {SPOILER}", user=people.member, channel=people.general, parts=parts
    )

    result = await standin.run_message_command(HIDE, original, user=people.moderator)

    assert "Hidden as a spoiler" in result.message.content, result.message.content
    assert standin.message(original.id) is None
    (repost,) = standin.messages_in(people.general)
    assert not repost.raw.get("poll") and not repost.raw.get("sticker_items")
    for text in kept:
        assert text in repost.content
    assert "marries" not in shown(repost)
    for text in kept[:2]:
        assert text in behind_bars(repost).replace("\\", "")
    (note,) = standin.dms_to(people.member)
    assert said in note.content


async def test_a_message_undo_put_back_can_be_hidden_again(
    standin: StandinServer, people: FilmClub
) -> None:
    """Undo puts the ending back through Epilogue's webhook; Discord calls that message a
    webhook's (its author a bot). Hide as spoiler must still take it, as the author's."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    await standin.run_message_command(HIDE, original, user=people.member)
    (repost,) = standin.messages_in(people.general)
    await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)
    (restored,) = standin.messages_in(people.general)
    assert "marries" in shown(restored)

    again = await standin.run_message_command(HIDE, restored, user=people.moderator)

    assert "Hidden as a spoiler" in again.message.content, again.message.content
    (hidden,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(hidden) and "marries" not in shown(hidden)
    assert hidden.raw["author"]["username"] == "mia"
    assert len(standin.dms_to(people.member)) == 1  # told once: by this moderator's hide


@pytest.mark.usefixtures("content_intent")
async def test_a_replayed_hide_of_an_edited_message_changes_nothing(
    standin: StandinServer, people: FilmClub
) -> None:
    """Hide as spoiler sent again with the message as it was (a replayed interaction), after
    its author edited it: the bot acted on that copy, reposting the old text and deleting the
    message with the author's edit in it. Without the intent the message read again shows no
    words to compare: its edited time tells the edit."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    as_it_was = copy.deepcopy(standin._as_seen(standin._messages[original.id]))
    await standin.member_edits(original, "changed my mind: go and see it, that's all")

    hide = next(
        c for c in standin.commands_for(people.club.id) if c["name"] == HIDE and c.get("type") == 3
    )
    data = {
        "id": hide["id"],
        "name": HIDE,
        "type": 3,
        "target_id": str(original.id),
        "resolved": {"messages": {str(original.id): as_it_was}},
    }
    ctx = standin._message_context(standin._messages[original.id], people.moderator)
    result = await standin._answer(await standin.send_interaction(2, ctx, data), timeout=5.0)

    assert "edited" in result.message.content
    (kept,) = standin.messages_in(people.general)
    assert kept.id == original.id and "go and see it" in kept.content


async def test_a_message_longer_than_a_webhook_may_post_is_hidden_in_an_embed(
    standin: StandinServer, people: FilmClub
) -> None:
    long = f"la la land ending: {SPOILER}. " + "I *still* can't get over it_ " * 120
    original = await standin.member_says(long, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    (repost,) = standin.messages_in(people.general)
    assert len(repost.content) <= 2000 and repost.embeds
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert "La La Land" in shown(repost)


@pytest.mark.parametrize("hidden_by", ["author", "moderator"])
async def test_hide_reposts_under_the_server_nickname_and_avatar(
    standin: StandinServer, people: FilmClub, hidden_by: str
) -> None:
    # Discord's message command carries its message as the REST API gives it: the author as a
    # user, with no member, so no nickname nor server avatar. The repost is still under the
    # name and face the server knows the member by, whoever hides it.
    people.member.global_name = "Mia Dolan"
    seat = people.club.members[people.member.id]
    seat.nick, seat.avatar = "Mia (she/her)", "a" * 32
    original = await standin.member_says(
        f"la la land ending: {SPOILER}", user=people.member, channel=people.general
    )
    hider = people.member if hidden_by == "author" else people.moderator

    result = await standin.run_message_command(HIDE, original, user=hider)

    assert "reposted behind spoiler bars" in result.message.content
    (repost,) = standin.messages_in(people.general)
    assert repost.raw["author"]["username"] == "Mia (she/her)"
    (execute,) = standin.requests_to("POST", r"/webhooks/\d+/[^/]+$")
    assert f"/guilds/{people.club.id}/users/{people.member.id}/avatars/" in str(
        (execute.json or {}).get("avatar_url")
    )


async def test_hide_of_a_message_by_someone_who_left_goes_under_their_account_name(
    standin: StandinServer, people: FilmClub
) -> None:
    people.member.global_name = "Mia Dolan"
    people.club.members[people.member.id].nick = "Mia (she/her)"
    original = await standin.member_says(
        f"la la land ending: {SPOILER}", user=people.member, channel=people.general
    )
    del people.club.members[people.member.id]  # she left: Discord knows no member (10007)

    result = await standin.run_message_command(HIDE, original, user=people.moderator)

    assert "reposted behind spoiler bars" in result.message.content
    (repost,) = standin.messages_in(people.general)
    assert repost.raw["author"]["username"] == "Mia Dolan"
    assert standin.requests_to("GET", rf"/guilds/{people.club.id}/members/{people.member.id}")


async def test_an_apps_answer_to_a_members_command_is_theirs_to_hide_and_to_be_told_of(
    standin: StandinServer, people: FilmClub
) -> None:
    """An app a member ran a command of (one installed to their account, say) posts its answer
    as itself; Discord names the member who ran it in ``interaction_metadata.user``. That
    member may hide it as they may hide their own message, and is the one told when someone
    else hides it (the app has no one to read a DM); it is reposted under the app's name, as
    the words are the app's."""
    app = people.world.user("ReelBot", bot=True)
    answer = await standin.app_answers(
        app, f"la la land ending: {SPOILER}", invoked_by=people.member, channel=people.general
    )

    refused = await standin.run_message_command(HIDE, answer, user=people.friend)
    assert "Only the message's author" in refused.message.content
    mine = await standin.run_message_command(HIDE, answer, user=people.member)
    assert "Nothing was lost" in mine.message.content and standin.message(answer.id) is None
    (repost,) = standin.messages_in(people.general)
    assert repost.raw["author"]["username"] == "ReelBot" and "marries" in behind_bars(repost)

    again = await standin.app_answers(
        app, f"la la land ending: {SPOILER}", invoked_by=people.member, channel=people.general
    )
    hidden = await standin.run_message_command(HIDE, again, user=people.moderator)
    assert "whose command it answered, was told" in hidden.message.content
    (note,) = standin.dms_to(people.member)
    assert "your command" in note.content and "marries" not in note.content


async def test_a_restarted_bot_finds_its_webhook_when_discord_leaves_out_who_made_it(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Discord's webhook object may leave out ``user`` (who made it). A webhook Epilogue made
    before a restart is found again by its name then, not made anew each time until the
    channel holds 15 and Discord refuses one more (30007)."""
    standin.webhook_users = False
    for _ in range(2):
        config = make_config(tmp_path / "epilogue.db", people.owner)
        async with bot_in_process(standin, config):
            said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
            result = await standin.run_message_command(HIDE, said, user=people.member)
            assert "Nothing was lost" in result.message.content

    assert len(standin.webhooks) == 1


async def test_a_webhook_someone_else_named_like_epilogues_never_carries_a_repost(
    standin: StandinServer, people: FilmClub
) -> None:
    """Without ``user`` in Discord's webhook list, a webhook a person (or another app) made
    and named as Epilogue names its own is not Epilogue's: whoever holds its token could edit
    the repost, under the member's name, to show the ending in the open, and the guard takes
    a repost's edits for its own. Epilogue reposts through a webhook its application made."""
    standin.webhook_users = False
    planted = standin.someone_else_webhook(people.general)
    planted["name"] = "Epilogue spoilers"

    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    result = await standin.run_message_command(HIDE, said, user=people.member)

    assert "Nothing was lost" in result.message.content
    (repost,) = standin.messages_in(people.general)
    assert repost.raw["webhook_id"] != planted["id"] and "marries" in behind_bars(repost)


@pytest.mark.parametrize(
    ("answer", "where"), [("empty", "general"), ("null", "general"), ("none", "thread")]
)
async def test_a_repost_discord_does_not_describe_is_found_and_the_original_taken_down(
    standin: StandinServer, people: FilmClub, answer: str, where: str
) -> None:
    """A webhook's post asked ``wait=true`` answered 200 with ``{}`` or 204 with no body (a
    more minimal Discord): the repost is up, so the original must not stay beside it, in the
    open, and the hide must still be undoable: the repost is found in the channel (a thread's
    message's in the thread)."""
    standin.webhook_wait_answer = answer
    channel = getattr(people, where)
    said = await standin.member_says(SPOILER, user=people.member, channel=channel)

    result = await standin.run_message_command(HIDE, said, user=people.member)

    assert "Nothing was lost" in result.message.content
    assert standin.message(said.id) is None, "the original is gone"
    (repost,) = standin.messages_in(channel)
    assert repost.raw["webhook_id"] and "marries" in behind_bars(repost)

    undone = await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)

    assert standin.message(repost.id) is None, undone.message.content


async def test_an_undescribed_repost_that_cannot_be_found_still_takes_the_original_down(
    standin: StandinServer, people: FilmClub
) -> None:
    """The repost posted without its message, and the channel cannot be read back: the
    repost is up (Discord answered 2xx) and holds all the member wrote, so the original goes
    all the same (it must not stay in the open); the member is told Undo cannot take it."""
    standin.webhook_wait_answer = "none"
    standin.fail("GET", r"/channels/\d+/messages", 403, code=50001, times=5)
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, said, user=people.member)

    assert "Nothing was lost" in result.message.content
    assert "Undo spoiler hide cannot" in result.message.content
    assert standin.message(said.id) is None, "the original is gone"
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_hide_without_app_permissions_nor_the_bots_member_asks_discord_for_its_member(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """An interaction without ``app_permissions`` in a server whose GUILD_CREATE left out the
    bot's own member: what the bot may do there is not read as nothing (Hide as spoiler would
    refuse, saying it lacks Manage Webhooks); its member is looked up and its roles read."""
    standin.app_permissions_sent = False
    standin.gateway.members_in_guild_create = False
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        result = await standin.run_message_command(HIDE, said, user=people.member)

    assert "Nothing was lost" in result.message.content
    assert standin.message(said.id) is None, "the original is gone"


async def test_an_undo_whose_message_put_back_cannot_be_found_still_puts_it_back(
    standin: StandinServer, people: FilmClub
) -> None:
    """Undo's message put back posted without its message and not found: it is up, so the
    hidden repost goes as Undo asked; the moderator is told it cannot be hidden again."""
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    await standin.run_message_command(HIDE, said, user=people.member)
    (repost,) = standin.messages_in(people.general)
    standin.webhook_wait_answer = "none"
    standin.fail("GET", r"/channels/\d+/messages", 403, code=50001, times=5)

    undone = await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)

    assert "Put" in undone.message.content and "cannot take it again" in undone.message.content
    assert standin.message(repost.id) is None
    (back,) = standin.messages_in(people.general)
    assert "marries" in back.content


@pytest.mark.usefixtures("content_intent")
async def test_two_undescribed_reposts_of_the_same_words_at_once_are_each_their_own(
    standin: StandinServer, people: FilmClub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two members hide the same words at once and Discord describes neither repost: each
    hide is recorded with its own repost (under its own member's name), not both with the
    newest one that reads alike; else one repost could never be undone and Undo of the other
    would put back the wrong member's message."""
    standin.webhook_wait_answer = "none"
    first = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    second = await standin.member_says(SPOILER, user=people.friend, channel=people.general)
    look = DiscordChannel._find_repost

    async def late(self: DiscordChannel, hook: object, repost: object) -> int | None:
        # The channel is read as the other hide's repost lands (if it can land by then).
        for _ in range(50):
            if len(standin.messages_in(people.general)) == 2:
                break
            await asyncio.sleep(0.01)
        return await look(self, hook, repost)  # type: ignore[arg-type]

    monkeypatch.setattr(DiscordChannel, "_find_repost", late)

    await asyncio.gather(
        standin.run_message_command(HIDE, first, user=people.member),
        standin.run_message_command(HIDE, second, user=people.friend),
    )

    reposts = standin.messages_in(people.general)
    assert len(reposts) == 2 and standin.message(first.id) is None
    for repost in reposts:
        undone = await standin.run_message_command(
            "Undo spoiler hide", repost, user=people.moderator
        )
        assert standin.message(repost.id) is None, undone.message.content
    authors = sorted(m.raw["author"]["username"] for m in standin.messages_in(people.general))
    names = sorted(r.raw["author"]["username"] for r in reposts)
    assert authors == names, "each message is put back under its own member's name"


async def test_an_undescribed_repost_looked_for_in_a_history_discord_py_cannot_read(
    standin: StandinServer, people: FilmClub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The channel's latest messages come back in a shape discord.py cannot read (a field it
    requires left out): the repost is up all the same, so the original still goes, and the
    member is told Undo cannot take it; the hide does not fail halfway with both in view."""
    standin.webhook_wait_answer = "none"

    def unreadable(*_args: object, **_kwargs: object) -> AsyncIterator[discord.Message]:
        async def pages() -> AsyncIterator[discord.Message]:
            raise KeyError("author")
            yield  # an async generator

        return pages()

    monkeypatch.setattr(discord.PartialMessageable, "history", unreadable)
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, said, user=people.member)

    assert "Undo spoiler hide cannot" in result.message.content, result.message.content
    assert standin.message(said.id) is None, "the original is gone"


async def test_a_forwarded_file_whose_name_tells_the_ending_can_be_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    """A forward shows the forwarded message's files as its own, each under its name (shown
    in plain text, spoiler or not). Their bytes were looked for among the forward's own files
    only, which a forward has none of: Hide as spoiler failed with 'try again', for ever, and
    the file name stayed in the open."""
    there = await standin.member_says(
        "from last night",
        user=people.member,
        channel=people.spoiler_room,
        files=[("mia-marries-greg.png", b"png-bytes")],
    )
    forward = await standin.member_forwards(there, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, forward, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(forward.id) is None, "the forward is gone"
    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost)
    assert "replying to" not in repost.content, "a forward answers nothing"
    assert "mia-marries-greg.png" in _plain(behind_bars(repost))
    (file,) = repost.attachments
    assert file["filename"] == "SPOILER_file1.png"
    assert standin.attachment_bytes(file) == b"png-bytes"


async def test_a_forward_whose_snapshot_leaves_out_its_empty_fields_can_be_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    """Hide as spoiler on such a forward (see the guard's test of the same name): discord.py
    could not read the interaction, which went unanswered."""
    standin.snapshot_empties = False
    there = await standin.member_says(SPOILER, user=people.member, channel=people.spoiler_room)
    forward = await standin.member_forwards(there, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, forward, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)


async def test_a_thread_titled_with_a_hidden_messages_words_is_renamed(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord titles a thread started from a message with the message's opening words, and
    shows the title in the channel list and under the repost's place: hiding the message left
    them in the open. A title of the member's own that repeats none of them stays."""
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    # Discord's default title: the message's opening, cut off in a word.
    titled = SPOILER[:37]
    thread = await standin.member_starts_thread(
        titled, user=people.friend, parent=people.general, from_message=said
    )
    other = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    chat = await standin.member_starts_thread(
        "Movie night chat", user=people.friend, parent=people.general, from_message=other
    )

    result = await standin.run_message_command(HIDE, said, user=people.member)
    again = await standin.run_message_command(HIDE, other, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(said.id) is None
    assert "marries" not in thread.name and "Mia" not in thread.name, thread.name
    assert thread.name.startswith("Spoiler discussion")
    assert "Mia marries" in _plain(behind_bars(result.message))
    assert "Mia marries" not in shown(result.message)
    assert "Nothing was lost" in again.message.content, again.message.content
    assert chat.name == "Movie night chat"


async def test_a_webhook_messages_own_embed_is_reposted_behind_bars(
    standin: StandinServer, people: FilmClub
) -> None:
    """A feed's or proxy bot's message may carry embeds of its own (not link previews, which
    a link makes again): a repost suppressed them with the previews, so hiding the message
    deleted their words, while the author was told nothing was lost. They are carried as text
    behind bars, as a poll is."""
    feed = standin.someone_else_webhook(people.general)
    embed = {
        "title": "La La Land recap",
        "description": "In the end Mia marries someone else",
        "fields": [{"name": "Final scene", "value": "they meet again in the jazz club"}],
        "footer": {"text": "Recap bot"},
    }
    said = await standin.webhook_says(feed, "Recap is up", username="Recaps", embeds=[embed])

    result = await standin.run_message_command(HIDE, said, user=people.moderator)

    assert "Hidden as a spoiler" in result.message.content, result.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(people.general)
    hidden = _plain(behind_bars(repost))
    for text in ("Mia marries someone else", "Final scene", "jazz club", "La La Land recap"):
        assert text in hidden, text
    assert "marries" not in shown(repost) and "jazz" not in shown(repost)


async def test_a_long_review_is_hidden_across_embeds(
    standin: StandinServer, people: FilmClub
) -> None:
    """4,000 characters of prose in paragraphs outgrow one embed once escaped and wrapped:
    the hide was refused and the ending stayed in the open."""
    paragraph = f"La La Land (2016) - [what] an *ending*: {SPOILER}."
    review = "\n\n".join([paragraph] * (4000 // (len(paragraph) + 2)))
    assert len(review) <= 4000 < 4096 < len(hidden_text(review))
    original = await standin.member_says(review, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    (repost,) = standin.messages_in(people.general)
    assert len(repost.embeds) > 1
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_a_moderator_hides_another_bots_own_message(
    standin: StandinServer, people: FilmClub
) -> None:
    """A bot posting as itself (a bridge relaying another chat) shows an ending as a member
    does: a moderator may hide it (``author.bot`` is no reason to refuse)."""
    bridge = people.world.user("ChatBridge", bot=True)
    said = await standin.member_says(
        f"la la land ending: {SPOILER}", user=bridge, channel=people.general
    )

    hidden = await standin.run_message_command(HIDE, said, user=people.moderator)
    assert "Hidden as a spoiler" in hidden.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(people.general)
    assert repost.raw["author"]["username"] == "ChatBridge" and "marries" in behind_bars(repost)
