"""Discord saying no, as its API documents it, and what a member then sees.

Rate limits (429 with ``retry_after`` and the ``X-RateLimit-*`` headers, global or not), server
errors, an interaction Discord dropped (10062), an acknowledgement Discord took while its answer
was lost (so a retry meets 40060), and the webhook and message errors of Hide as spoiler (50013,
50001, 30007, 10015, 10008, 50035). Whatever happens: the member is told plainly, what they
wrote is kept, and no spoiler is shown (every test ends with the promise checked).
"""

from __future__ import annotations

import logging

import pytest

from client import context_menus
from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, footer, shown
from tests.standin import StandinServer
from tests.standin.faults import CUT
from tests.standin.world import GUILD_STAGE_VOICE, GUILD_VOICE
from tests.support.fake_discord import settle as discord_tasks_done

pytestmark = pytest.mark.usefixtures("bot")

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"
HIDE = "Hide as spoiler"
CALLBACK = r"/interactions/\d+/[^/]+/callback"
CHANNEL_WEBHOOKS = r"/channels/\d+/webhooks"
WEBHOOK = r"/webhooks/\d+/[^/]+"


@pytest.mark.parametrize("global_limit", [False, True], ids=["bucket", "global"])
async def test_a_rate_limited_answer_is_sent_once_the_limit_passes(
    standin: StandinServer, people: FilmClub, global_limit: bool
) -> None:
    standin.fail("POST", CALLBACK, 429, retry_after=0.2, global_limit=global_limit)

    result = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    assert "Damien Chazelle" in result.message.text
    # Taken the second time: 204, as Discord answers a callback not asked to describe itself.
    assert [r.status for r in standin.requests_to("POST", CALLBACK)] == [429, 204]


async def test_a_rate_limit_without_googles_header_is_waited_out_too(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord's reference documents a 429's ``retry_after`` and headers, not the ``Via``
    header discord.py needs before it waits one out (else it takes it for a Cloudflare ban)."""
    standin.fail("POST", CALLBACK, 429, retry_after=0.2, via=False)
    answered = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", WEBHOOK, 429, retry_after=0.2, via=False)
    standin.fail("DELETE", rf"/channels/\d+/messages/{original.id}", 429, via=False)
    hidden = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Damien Chazelle" in answered.message.text
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert standin.message(original.id) is None
    assert len(standin.messages_in(people.general)) == 2, "the answer and one repost"


async def test_a_rate_limit_whose_body_names_no_wait_is_waited_out_for_its_headers(
    standin: StandinServer, people: FilmClub
) -> None:
    """A 429 through Google's front end (``Via``) whose JSON body names no ``retry_after`` (a
    stand-in or proxy writing its own, its wait in ``Retry-After`` alone): discord.py read
    ``data['retry_after']`` and failed with a KeyError, on the interaction's webhook and on
    the REST client alike, and the member read "something went wrong"."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", WEBHOOK, 429, retry_after=0.01, wait_in_body=False)
    deleting = rf"/channels/\d+/messages/{original.id}"
    standin.fail("DELETE", deleting, 429, retry_after=0.01, wait_in_body=False)

    hidden = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert [r.status for r in standin.requests_to("DELETE", deleting)] == [429, 204]
    assert standin.message(original.id) is None
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_a_rate_limit_in_a_rate_limiters_own_text_is_waited_out(
    standin: StandinServer, people: FilmClub
) -> None:
    """A 429 in plain text with Google's ``Via`` and a ``Retry-After`` (a stand-in's rate
    limiter, not Discord's JSON): discord.py's webhook read its wait out of the text and failed
    with a TypeError, on the command's answer and on Hide's repost alike."""
    limited = ("text/plain", "429: Too Many Requests")
    standin.fail("POST", CALLBACK, 429, retry_after=0.01, framework_body=limited)
    answered = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", WEBHOOK, 429, retry_after=0.01, framework_body=limited)
    hidden = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Damien Chazelle" in answered.message.text
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert standin.message(original.id) is None


@pytest.mark.parametrize("limit", ["global", "shared"])
async def test_a_rate_limit_is_waited_out_for_its_own_wait_not_the_routes(
    standin: StandinServer, people: FilmClub, limit: str
) -> None:
    """A global or a shared (per-resource) 429 comes with the route's own headers, which
    describe the route's bucket (requests left in it, refilled in 30 s), not the limit hit: its
    wait is the 429's own (``Retry-After``, a second). Taken for the route's 30 s, the answer
    was given up at once, and the member read that Discord was limiting Epilogue."""
    standin.fail(
        "POST",
        CALLBACK,
        429,
        retry_after=0.3,
        via=False,
        global_limit=limit == "global",
        shared=limit == "shared",
        bucket_reset_after=30.0,
    )

    result = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    assert "Damien Chazelle" in result.message.text, result.message.content
    assert [r.status for r in standin.requests_to("POST", CALLBACK)] == [429, 204]


async def test_a_rate_limited_note_to_the_author_still_arrives(
    standin: StandinServer, people: FilmClub
) -> None:
    await standin.run_command(
        "/spoiler-rules member-hiding enabled:true", user=people.moderator, channel=people.general
    )
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", r"/channels/\d+/messages", 429, retry_after=0.2, via=False)

    hidden = await standin.run_message_command(HIDE, original, user=people.friend)

    assert "Hidden as a spoiler" in hidden.message.content
    (note,) = standin.dms_to(people.member)
    assert "reposted behind spoiler bars" in note.content


async def test_a_server_error_then_success_answers_once(
    standin: StandinServer, people: FilmClub
) -> None:
    standin.fail("POST", CALLBACK, 502)

    result = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    assert "Damien Chazelle" in result.message.text
    assert len(result.messages) == 1


async def test_an_acknowledgement_taken_while_its_answer_was_lost_is_still_answered(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord took "thinking…" but the 200 never arrived (a 500 instead): discord.py's retry
    is refused as already acknowledged (40060). The hide must go on and its answer arrive."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", CALLBACK, 500, after=True)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert [r.status for r in result.record.requests[:2]] == [500, 400]
    assert result.message.ephemeral and "Nothing was lost" in result.message.content
    assert not result.message.loading
    assert standin.message(original.id) is None
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_a_reply_taken_while_its_answer_was_lost_stays_one_message(
    standin: StandinServer, people: FilmClub
) -> None:
    standin.fail("POST", CALLBACK, 500, after=True)

    result = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    assert "Damien Chazelle" in result.message.text
    assert len(standin.messages_in(people.general)) == 1, "no second copy, no error message"


async def test_a_page_turn_taken_while_its_answer_was_lost_stays_turned(
    standin: StandinServer, people: FilmClub, caplog: pytest.LogCaptureFixture
) -> None:
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    standin.fail("POST", CALLBACK, 500, after=True)

    with caplog.at_level(logging.WARNING):
        turned = await standin.press_button(
            asked.message, asked.message.button_id("Next"), user=people.member
        )
        await discord_tasks_done()

    assert not [r for r in caplog.records if r.name.startswith(("client", "cogs"))]

    assert turned.callback_type == 7
    page = standin.message(asked.message.id)
    assert page is not None and "Page 2/3" in footer(page)
    assert len(standin.messages_in(people.general)) == 1, "no error message, no second copy"


async def test_a_dismissed_thinking_message_still_gets_its_answer(
    standin: StandinServer, people: FilmClub
) -> None:
    """The member dismissed "thinking…" (Discord then answers @original with 10008): the answer
    comes as a follow-up."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 404, code=10008)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert result.message.ephemeral and "Nothing was lost" in result.message.content
    assert standin.message(original.id) is None


async def test_an_interaction_discord_dropped_is_logged_once_and_not_answered_again(
    standin: StandinServer, people: FilmClub, caplog: pytest.LogCaptureFixture
) -> None:
    standin.fail("POST", CALLBACK, 404, code=10062, times=5)

    with caplog.at_level(logging.WARNING):
        where = standin._context(people.member, None, people.general, None, False)
        data = standin._command_data(f"/film info film:{LA_LA_LAND}", where, None, focused=None)
        record = await standin.send_interaction(2, where, data)
        await standin.wait_for(lambda: len(standin.requests_to("POST", CALLBACK)) >= 1)
        await discord_tasks_done()  # the bot has finished with it, error handling included

    sent = standin.requests_to("POST", CALLBACK)
    assert len(sent) == 1, "a reply Discord refused as too late is not tried again"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    (dropped,) = [r for r in caplog.records if "dropped interaction" in r.getMessage()]
    assert str(record.id) in dropped.getMessage()


@pytest.mark.parametrize("times", [3, 1], ids=["long", "short"])
async def test_a_dropped_command_hands_the_member_their_long_text_in_a_dm(
    standin: StandinServer, people: FilmClub, times: int
) -> None:
    """No reply reaches a member once Discord dropped the interaction, and Discord kept none of
    what they typed: it comes to them privately instead. A post's text however short: it is
    what they meant everyone to read."""
    long_text = f"{SPOILER}. " * times
    standin.fail("POST", CALLBACK, 404, code=10062, times=5)
    where = standin._context(people.member, None, people.general, None, False)
    command = f"/spoiler post film:{LA_LA_LAND} text:{long_text}"
    await standin.send_interaction(
        2, where, standin._command_data(command, where, None, focused=None)
    )
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the DM")

    (note,) = standin.dms_to(people.member)
    assert "What you typed is attached" in note.content and "marries" not in note.content
    (kept,) = note.attachments
    assert standin.attachment_bytes(kept).decode() == long_text.strip()
    assert standin.messages_in(people.general) == []


async def test_a_deferred_answer_fills_the_thinking_message(
    standin: StandinServer, people: FilmClub
) -> None:
    """The documented way to answer "thinking…": edit @original (not a second message)."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    paths = [f"{r.method} {r.path.split('/')[-1]}" for r in result.record.requests]
    assert paths == ["POST callback", "PATCH @original"]
    assert len(result.messages) == 1 and not result.message.loading
    assert result.message.ephemeral and "Nothing was lost" in result.message.content


@pytest.mark.parametrize(
    ("route", "status", "code", "reason"),
    [
        (CHANNEL_WEBHOOKS, 403, 50013, "Manage Webhooks"),
        (CHANNEL_WEBHOOKS, 403, 50001, "Missing Access"),
        (WEBHOOK, 403, 50001, "Missing Access"),
        (WEBHOOK, 400, 50035, "refused the repost as invalid"),
    ],
)
async def test_a_refused_repost_leaves_the_message_and_says_why(
    standin: StandinServer, people: FilmClub, route: str, status: int, code: int, reason: str
) -> None:
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    method = "GET" if route == CHANNEL_WEBHOOKS else "POST"
    standin.fail(method, route, status, code=code, times=10)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert result.message.ephemeral and reason in result.message.content
    assert "left as it was" in result.message.content
    assert [m.id for m in standin.messages_in(people.general)] == [original.id]


async def test_a_server_error_on_the_repost_is_retried(
    standin: StandinServer, people: FilmClub
) -> None:
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", WEBHOOK, 503)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content
    assert len(standin.messages_in(people.general)) == 1
    assert standin.message(original.id) is None


@pytest.mark.usefixtures("content_intent")
@pytest.mark.parametrize("status", [500, 503, CUT], ids=["500", "503", "connection-closed"])
async def test_a_repost_discord_made_while_its_answer_was_lost_is_up_once(
    standin: StandinServer, people: FilmClub, status: int
) -> None:
    """Discord posted the repost but answered a server error, or closed the connection before
    answering (the answer lost on the way back); the post is tried again (by discord.py, or
    Epilogue for a 503 or a closed connection) and lands a second time. The copy goes: the
    channel holds one repost, and Undo leaves none behind."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", WEBHOOK, status, after=True)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)
    (back,) = standin.messages_in(people.general)
    assert back.raw["author"]["username"] == standin.world.users[people.member.id].username


@pytest.mark.parametrize("status", [500, CUT], ids=["500", "connection-closed"])
async def test_a_webhook_discord_made_while_its_answer_was_lost_is_made_once(
    standin: StandinServer, people: FilmClub, status: int
) -> None:
    """Discord made the channel's webhook but its answer was lost; the creation is tried
    again (by discord.py after a 500, by Epilogue after a closed connection) and makes
    a second. The channel keeps one Epilogue webhook, the one the repost came through, and
    the next hide there uses it: lost answers do not creep up on the channel's 15."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", CHANNEL_WEBHOOKS, status, after=True)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content
    (repost,) = standin.messages_in(people.general)
    assert list(standin.webhooks) == [int(repost.raw["webhook_id"])]
    second = await standin.member_says(f"{SPOILER}!", user=people.member, channel=people.general)
    await standin.run_message_command(HIDE, second, user=people.member)
    assert {int(m.raw["webhook_id"]) for m in standin.messages_in(people.general)} == set(
        standin.webhooks
    )
    assert len(standin.requests_to("POST", CHANNEL_WEBHOOKS)) == 2  # the lost try, its retry


async def test_a_channel_full_of_webhooks_is_explained(
    standin: StandinServer, people: FilmClub
) -> None:
    for _ in range(15):
        standin.someone_else_webhook(people.general)
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "15 webhooks" in result.message.content and "Integrations" in result.message.content
    assert [m.id for m in standin.messages_in(people.general)] == [original.id]


async def test_a_deleted_webhook_is_replaced_and_nothing_is_lost(
    standin: StandinServer, people: FilmClub
) -> None:
    first = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    await standin.run_message_command(HIDE, first, user=people.member)
    (hook_id,) = standin.webhooks
    standin.delete_webhook(hook_id)  # a server admin tidies up Integrations

    second = await standin.member_says(f"{SPOILER}!", user=people.member, channel=people.general)
    result = await standin.run_message_command(HIDE, second, user=people.member)

    assert "Nothing was lost" in result.message.content
    assert standin.message(second.id) is None
    assert len(standin.messages_in(people.general)) == 2
    assert list(standin.webhooks) != [hook_id]


@pytest.mark.parametrize("where", ["channel", "thread"])
async def test_a_webhook_an_admin_moved_to_another_channel_does_not_take_the_repost_there(
    standin: StandinServer, people: FilmClub, where: str
) -> None:
    """An admin moves Epilogue's webhook from #general to another channel (Integrations: a
    webhook's channel is Discord's to change). A later hide in #general or a thread of it
    reposts there, never in the other channel (its readers may not see #general, and the
    member's words would be shown to them), and the channel the webhook went to keeps
    nothing."""
    first = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    await standin.run_message_command(HIDE, first, user=people.member)
    (hook_id,) = standin.webhooks
    standin.move_webhook(hook_id, people.quiet)

    place = people.general if where == "channel" else people.thread
    second = await standin.member_says(f"{SPOILER}!", user=people.member, channel=place)
    result = await standin.run_message_command(HIDE, second, user=people.member)

    assert "Nothing was lost" in result.message.content
    assert standin.message(second.id) is None
    assert standin.messages_in(people.quiet) == []
    (repost,) = standin.messages_in(place)[-1:]
    assert "marries" in behind_bars(repost) and int(repost.raw["webhook_id"]) != hook_id


@pytest.mark.parametrize("moved", [False, True], ids=["new", "moved-away"])
@pytest.mark.parametrize("answer", ["none", "empty", "null"])
async def test_a_webhook_made_without_being_described_still_carries_the_repost(
    standin: StandinServer, people: FilmClub, answer: str, moved: bool
) -> None:
    """A webhook's creation answered 204, ``{}`` or ``null`` (its id and token not said): the
    hide failed with "Something went wrong", the original left in the open. The webhook Discord
    made is found in the channel's list; and where an admin moved Epilogue's webhook away, the
    one made here to replace it is, never the moved one."""
    standin.webhook_create_answer = answer
    if moved:
        first = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        await standin.run_message_command(HIDE, first, user=people.member)
        (hook_id,) = standin.webhooks
        standin.move_webhook(hook_id, people.quiet)

    said = await standin.member_says(f"{SPOILER}!", user=people.member, channel=people.general)
    result = await standin.run_message_command(HIDE, said, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(said.id) is None
    assert standin.messages_in(people.quiet) == []
    (repost,) = standin.messages_in(people.general)[-1:]
    assert "marries" in behind_bars(repost)
    hook = standin.webhooks[int(repost.raw["webhook_id"])]
    assert int(hook["channel_id"]) == people.general.id
    assert sum(int(h["channel_id"]) == people.general.id for h in standin.webhooks.values()) == 1


async def test_a_moved_webhooks_repost_made_while_its_answer_was_lost_leaves_nothing_there(
    standin: StandinServer, people: FilmClub
) -> None:
    """Through a webhook an admin moved, the repost landed in the other channel and its
    answer was lost, so discord.py posted it again: both copies come down there."""
    first = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    await standin.run_message_command(HIDE, first, user=people.member)
    (hook_id,) = standin.webhooks
    standin.move_webhook(hook_id, people.quiet)
    standin.fail("POST", rf"/webhooks/{hook_id}/[^/]+", 500, after=True)

    second = await standin.member_says(f"{SPOILER}!", user=people.member, channel=people.general)
    result = await standin.run_message_command(HIDE, second, user=people.member)

    assert "Nothing was lost" in result.message.content
    assert standin.messages_in(people.quiet) == []
    assert len(standin.messages_in(people.general)) == 2


async def test_an_original_already_deleted_counts_as_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("DELETE", rf"/channels/\d+/messages/{original.id}", 404, code=10008)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content


async def test_an_original_discord_will_not_delete_is_left_for_the_author(
    standin: StandinServer, people: FilmClub
) -> None:
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("DELETE", rf"/channels/\d+/messages/{original.id}", 403, code=50013)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "could not delete the original" in result.message.content
    assert standin.message(original.id) is not None


@pytest.mark.parametrize("kind", ["voice", "stage", "announcement"])
async def test_a_voice_channels_chat_takes_a_repost(
    standin: StandinServer, people: FilmClub, kind: str
) -> None:
    """Voice and stage channels have a text chat, and Discord gives them (and announcement
    channels) webhooks."""
    lounge = (
        people.club.announcement_channel("watch-party")
        if kind == "announcement"
        else people.club.voice_channel(
            "watch-party", kind=GUILD_STAGE_VOICE if kind == "stage" else GUILD_VOICE
        )
    )
    await standin.gateway.dispatch(
        "CHANNEL_CREATE", {**lounge.payload(), "guild_id": str(people.club.id)}
    )
    original = await standin.member_says(SPOILER, user=people.member, channel=lounge)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    (repost,) = standin.messages_in(lounge)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


@pytest.mark.parametrize("status", [502, 503])
async def test_an_html_server_error_on_the_answer_is_retried(
    standin: StandinServer, people: FilmClub, status: int
) -> None:
    """Discord's front end answers a 5xx with an HTML page, not JSON (a 503 "upstream connect
    error" among them). discord.py retries some of them itself (500, 502, 504, 524) and raises
    the rest at once; the member gets the answer either way, not "something went wrong"."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", status, html=True)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert result.message.ephemeral and "Nothing was lost" in result.message.content
    assert [r.status for r in standin.requests_to("PATCH", rf"{WEBHOOK}/messages/@original")] == [
        status,
        200,
    ]
    assert standin.message(original.id) is None


async def test_a_rate_limit_too_long_to_wait_out_is_told_as_discords(
    standin: StandinServer, people: FilmClub
) -> None:
    """A 429 asking for a longer wait than the member should sit through (the answer's PATCH,
    after "thinking…"): the member reads that Discord is limiting Epilogue, not that something
    broke on Epilogue's side."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 429, retry_after=30, via=False)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert result.message.ephemeral and "limiting how fast" in result.message.content


async def test_a_cloudflare_ban_is_not_tried_again(
    standin: StandinServer, people: FilmClub
) -> None:
    """Cloudflare's 429 (an HTML page, "error code: 1015", no Retry-After) bans the IP for far
    longer than a member waits: no second try adds to the invalid requests, and the member
    reads that Discord is limiting Epilogue."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 429, html=True, via=False)

    hidden = await standin.run_message_command(HIDE, original, user=people.member)

    patches = standin.requests_to("PATCH", rf"{WEBHOOK}/messages/@original")
    assert [r.status for r in patches][:1] == [429] and len(
        [r for r in patches if r.status == 429]
    ) == 1
    assert "limiting how fast" in hidden.message.content, hidden.message.content


@pytest.mark.parametrize("answer", ["none", "empty", "null", "summary"])
async def test_callbacks_discord_takes_without_describing_them_are_answers_not_errors(
    standin: StandinServer, people: FilmClub, answer: str
) -> None:
    """discord.py asks Discord to describe each callback it takes (``with_response``) and reads
    that answer once the callback is made; Discord's reference's default answer is 204 with no
    body. Answered so, every reply was followed by "something went wrong on Epilogue's side"
    and a deferred answer never came: the callback stands, whatever its answer's body (none,
    ``{}``, or the interaction without the optional ``resource``), for every kind of answer."""
    standin.callback_bodies = answer != "none"
    standin.callback_answer = answer

    info = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    ending = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    turned = await standin.press_button(
        ending.message, ending.message.button_id("Next"), user=people.member
    )
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    hidden = await standin.run_message_command(HIDE, said, user=people.member)
    form = await standin.run_command("/film-admin add", user=people.admin, channel=people.general)
    added = await standin.submit_modal(
        "epi:add",
        {"title": "Paper Moons", "year": "2021", "synopsis": "Sisters.", "quick_answer": "Fire."},
        user=people.admin,
    )
    choices = await standin.autocomplete(
        "/film info film:La La", user=people.member, channel=people.general
    )
    await discord_tasks_done()

    assert "Added Paper Moons (2021)" in added.message.content.replace("\\", "")
    assert any(choice["name"].startswith("La La Land") for choice in choices), choices
    for result in (info, ending, turned, hidden, form, added):
        texts = [m.content for m in result.messages]
        assert not any("went wrong" in text for text in texts), texts
    assert len(info.messages) == 1 and "Damien Chazelle" in info.message.text
    assert turned.callback_type == 7 and "Page 2/3" in footer(standin.message(ending.message.id))  # type: ignore[arg-type]
    assert "reposted" in hidden.message.content and standin.message(said.id) is None
    assert form.callback_type == 9 and form.modal is not None


async def test_a_hide_discord_holds_tells_the_member_why_they_wait_then_how_it_went(
    standin: StandinServer, people: FilmClub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py sits out a rate limit Discord names (429 with its own ``Via``) for as long as
    Discord says, in silence: the member saw "thinking…" for all of it. They are told why they
    wait, and the outcome still follows; the message is hidden all the same."""
    monkeypatch.setattr(context_menus, "STILL_WORKING_S", 0.3)
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail(
        "DELETE", rf"/channels/{people.general.id}/messages/{said.id}", 429, retry_after=1.5
    )

    # A follow-up Discord makes while its answer is lost (500): discord.py sends it again.
    standin.fail("POST", r"/webhooks/\d+/standin-[^/]+", 500, after=True)

    result = await standin.run_message_command(HIDE, said, user=people.member)
    await standin.wait_for(
        lambda: any("Nothing was lost" in m.content for m in result.messages),
        what="the outcome",
        timeout=10,
    )
    await discord_tasks_done()

    told = [m for m in result.messages if "Nothing was lost" in m.content]
    assert len(told) == 1, "the outcome is up once"
    waiting, outcome = [
        r.json["content"] for r in standin.requests_to("PATCH", rf"{WEBHOOK}/messages/@original")
    ]
    assert "Discord is making Epilogue wait" in waiting and "Nothing was lost" in outcome
    assert result.message.ephemeral
    assert len(result.messages) == 1, "the outcome replaces the note, once"
    assert standin.message(said.id) is None


TYPING = {
    "film": "/film ending film:la la",
    "faq question": f"/film faq film:{LA_LA_LAND} question:end",
    "embargo film": "/spoiler-rules embargo film:la la",
}


@pytest.mark.parametrize("typed", list(TYPING.values()), ids=list(TYPING))
async def test_choices_taken_while_their_answer_was_lost_are_no_error(
    standin: StandinServer, people: FilmClub, caplog: pytest.LogCaptureFixture, typed: str
) -> None:
    """Discord took the choices but its answer was lost (a 5xx): discord.py's retry is refused
    as already acknowledged (40060). The member has their choices; nothing failed, so nothing
    is logged as an error, and they are not sent a third time."""
    standin.fail("POST", CALLBACK, 500, after=True)

    with caplog.at_level(logging.WARNING):
        choices = await standin.autocomplete(typed, user=people.moderator, channel=people.general)
        await discord_tasks_done()

    assert choices, "the choices Discord took"
    assert [r.status for r in standin.requests_to("POST", CALLBACK)] == [500, 400]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("typed", list(TYPING.values()), ids=list(TYPING))
async def test_choices_too_late_for_discord_are_logged_once_and_not_sent_again(
    standin: StandinServer, people: FilmClub, caplog: pytest.LogCaptureFixture, typed: str
) -> None:
    """Choices ready after Discord's 3 seconds are refused (10062), as a late answer to a
    command is: one line says so, no error with a traceback, and no second try."""
    standin.fail("POST", CALLBACK, 404, code=10062, times=5)

    with caplog.at_level(logging.WARNING):
        where = standin._context(people.moderator, None, people.general, None, False)
        data = standin._command_data(typed, where, None, focused="")
        record = await standin.send_interaction(4, where, data)
        await standin.wait_for(lambda: len(standin.requests_to("POST", CALLBACK)) >= 1)
        await discord_tasks_done()

    assert len(standin.requests_to("POST", CALLBACK)) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    (dropped,) = [r for r in caplog.records if "dropped interaction" in r.getMessage()]
    assert str(record.id) in dropped.getMessage()


async def test_a_note_discord_made_while_its_answer_was_lost_arrives_once(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord created the DM but answered 500 (the answer lost on the way back), and
    discord.py sent it again: discord.py sends every channel message with a nonce and
    ``enforce_nonce``, so Discord answers the second try with the first message."""
    await standin.run_command(
        "/spoiler-rules member-hiding enabled:true", user=people.moderator, channel=people.general
    )
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("POST", r"/channels/\d+/messages", 500, after=True)

    hidden = await standin.run_message_command(HIDE, original, user=people.friend)

    assert "Hidden as a spoiler" in hidden.message.content
    sent = standin.requests_to("POST", r"/channels/\d+/messages")
    assert [r.status for r in sent] == [500, 200]
    assert sent[0].json["nonce"] == sent[1].json["nonce"] and sent[0].json["enforce_nonce"]
    (note,) = standin.dms_to(people.member)
    assert "reposted behind spoiler bars" in note.content


@pytest.mark.parametrize("answer", ["empty", "null", "none", "partial"])
async def test_posts_discord_takes_without_describing_them_are_up_not_errors(
    standin: StandinServer, people: FilmClub, answer: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A follow-up and a DM that Discord posted and answered with less than the message its
    reference describes (``{}``, 204, or only a part): discord.py fails reading that answer,
    and a hide already done ended in "something went wrong on Epilogue's side" (or a note to
    the author failed the hide). The post is up: it is not an error, nor sent again."""
    await standin.run_command(
        "/spoiler-rules member-hiding enabled:true", user=people.moderator, channel=people.general
    )
    standin.post_answer = answer
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 404, code=10008)  # dismissed

    with caplog.at_level(logging.WARNING):
        hidden = await standin.run_message_command(HIDE, said, user=people.friend)
        await discord_tasks_done()

    texts = [m.content for m in hidden.messages]
    assert len(texts) == 1 and "Hidden as a spoiler" in texts[0], texts
    assert standin.message(said.id) is None
    (note,) = standin.dms_to(people.member)
    assert "reposted behind spoiler bars" in note.content
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


FOLLOWUP = r"/webhooks/\d+/standin-[^/]+"
REPOST = r"/webhooks/\d+/(?!standin-)[^/]+"
"""A webhook post (a repost), not an interaction's (whose tokens the stand-in names so)."""


@pytest.mark.parametrize("scope", ["global", "shared", "route"])
@pytest.mark.parametrize("where", ["callback", "repost", "follow-up", "original"])
async def test_a_rate_limit_anywhere_a_hide_posts_is_waited_out_once(
    standin: StandinServer, people: FilmClub, scope: str, where: str
) -> None:
    """A 429 (without Google's ``Via``) on each request a hide makes, global
    (``X-RateLimit-Global``), shared (``X-RateLimit-Scope: shared``) or the route's: waited
    out, and everything is posted once."""
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    limit = {"via": False, "retry_after": 0.2, "global_limit": scope == "global"}
    limit["shared"] = scope == "shared"
    if where == "callback":
        standin.fail("POST", CALLBACK, 429, **limit)
    elif where == "repost":
        standin.fail("POST", REPOST, 429, **limit)
    elif where == "follow-up":
        standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 404, code=10008)
        standin.fail("POST", FOLLOWUP, 429, **limit)
    else:
        standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 429, **limit)

    result = await standin.run_message_command(HIDE, said, user=people.member)

    assert len(result.messages) == 1 and "Nothing was lost" in result.message.content
    assert standin.message(said.id) is None
    assert len(standin.messages_in(people.general)) == 1


async def test_a_public_follow_up_discord_made_while_its_answer_was_lost_is_up_once(
    standin: StandinServer, people: FilmClub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A /spoiler post acknowledged for everyone, its "thinking…" message gone (10008), so it
    follows up; Discord put the follow-up up but answered 500, and discord.py posted it again:
    it was in the channel twice. The copy is deleted, one post stays."""
    monkeypatch.setattr("client.slash.READY_WITHIN_S", 0.0)  # acknowledged before fetching
    standin.fail("PATCH", rf"{WEBHOOK}/messages/@original", 404, code=10008)
    standin.fail("POST", FOLLOWUP, 500, after=True)

    await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("last-shot.png", b"\x89PNG")},
    )
    await standin.wait_for(
        lambda: len(standin.requests_to("POST", FOLLOWUP)) == 2, what="the follow-up's retry"
    )
    await discord_tasks_done()

    (post,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(post) and "marries" not in shown(post)


FRAMEWORK_REFUSALS = {
    405: ("text/plain", "405: Method Not Allowed"),  # aiohttp's, for a method not routed
    415: ("text/plain", "415: Unsupported Media Type"),
    422: (  # FastAPI's, for a body its model would not take
        "application/json",
        '{"detail": [{"type": "missing", "loc": ["body", "content"], "msg": "Field required"}]}',
    ),
}


@pytest.mark.parametrize("status", sorted(FRAMEWORK_REFUSALS))
async def test_a_refusal_in_a_web_frameworks_words_is_told(
    standin: StandinServer, people: FilmClub, status: int
) -> None:
    """The answer's edit refused not in Discord's JSON but in a stand-in's web framework's
    (aiohttp's plain text 405 and 415, FastAPI's 422 ``detail``): the hide stands, and the
    member is told, privately, that it was done and what Discord answered (held as it was)."""
    original = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    standin.fail(
        "PATCH",
        rf"{WEBHOOK}/messages/@original",
        status,
        framework_body=FRAMEWORK_REFUSALS[status],
    )

    result = await standin.run_message_command(HIDE, original, user=people.member)

    told = result.message.content
    assert result.message.ephemeral and "did what you asked" in told, told
    assert f"answered {status}" in told, told
    assert standin.message(original.id) is None
