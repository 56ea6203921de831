"""The automatic spoiler guard through the real client: MESSAGE_CREATE/UPDATE to webhook repost."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from client.bot import EpilogueBot
from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, bot_in_process, make_config, shown
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.world import MESSAGE_CONTENT_INTENT, snowflake
from tests.support.fake_discord import settle as discord_tasks_done

SPOILS = "la la land: mia marries someone else and they meet again in seb's jazz club"
HARMLESS = "la la land has the best soundtrack, the freeway number rules"


@pytest.fixture
async def guarded_bot(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> AsyncIterator[EpilogueBot]:
    """The bot configured to read members' messages (the Message Content intent is on)."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.message_content = True
    async with bot_in_process(standin, config) as running:
        yield running
    assert promise.violations() == []
    assert standin.unknown_requests == []


async def turn_on(standin: StandinServer, people: FilmClub) -> None:
    for command in (
        "/spoiler-rules guard enabled:true",
        f"/spoiler-rules embargo film:{LA_LA_LAND} until:2099-01-01",
    ):
        done = await standin.run_command(command, user=people.moderator, channel=people.general)
        assert "✅" in done.message.content, done.message.content


@pytest.mark.usefixtures("guarded_bot")
async def test_an_ending_spoiler_is_hidden_and_its_author_told(
    standin: StandinServer, people: FilmClub
) -> None:
    await turn_on(standin, people)

    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")

    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)
    assert repost.raw["author"]["username"] == "mia"
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")
    (note,) = standin.dms_to(people.member)
    assert "guard" in note.content and "marries" not in note.content


@pytest.mark.usefixtures("guarded_bot")
async def test_harmless_talk_stays_and_an_edit_is_looked_at_again(
    standin: StandinServer, people: FilmClub
) -> None:
    await turn_on(standin, people)

    said = await standin.member_says(HARMLESS, user=people.member, channel=people.general)
    assert standin.message(said.id) is not None

    await standin.member_edits(said, SPOILS)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    assert "marries" in behind_bars(standin.messages_in(people.general)[0])


@pytest.mark.usefixtures("guarded_bot")
async def test_moderator_undoes_a_hide(standin: StandinServer, people: FilmClub) -> None:
    await turn_on(standin, people)
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    (repost,) = standin.messages_in(people.general)

    undone = await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)

    assert "back as they wrote it" in undone.message.content
    (restored,) = standin.messages_in(people.general)
    assert restored.content == SPOILS and restored.raw["webhook_id"]
    # The restored message came through a webhook: the guard does not hide it again.
    assert standin.message(restored.id) is not None


@pytest.mark.usefixtures("bot")
async def test_without_the_message_content_intent_nothing_is_read(
    standin: StandinServer, people: FilmClub
) -> None:
    await turn_on(standin, people)

    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)

    assert standin.message(said.id) is not None
    assert standin.webhooks == {}


@pytest.mark.usefixtures("guarded_bot")
async def test_a_link_preview_unfurling_is_no_second_hide(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord sends MESSAGE_UPDATE when it unfurls a link, text unchanged, and it may cross
    the guard's own hide: the same text is judged once, so the message is reposted once."""
    await turn_on(standin, people)
    said = await standin.member_says(
        f"{SPOILS} https://example.com/", user=people.member, channel=people.general
    )
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")

    await standin.unfurl(said)
    await discord_tasks_done()

    assert len(standin.messages_in(people.general)) == 1, "one repost"
    assert len(standin.dms_to(people.member)) == 1, "one note"


@pytest.mark.usefixtures("guarded_bot")
async def test_an_update_discord_py_cannot_read_is_skipped_and_the_bot_stays_up(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord's reference long said a MESSAGE_UPDATE "may contain only a subset of the full
    message object payload" (always ``id`` and ``channel_id``); discord.py 2.7 fails to read
    one, and a failure inside its gateway loop used to end the connection for good."""
    said = await standin.member_says(HARMLESS, user=people.member, channel=people.general)
    await standin.gateway.dispatch(
        "MESSAGE_UPDATE",
        {
            "id": str(said.id),
            "channel_id": str(people.general.id),
            "guild_id": str(people.club.id),
            "embeds": [],
        },
    )
    await standin.settle()

    answered = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert "Damien Chazelle" in answered.message.text
    assert standin.gateway.identify_count == 1, "the same connection, not a new session"


@pytest.mark.usefixtures("guarded_bot")
async def test_a_message_whose_text_discord_withheld_is_left_alone(
    standin: StandinServer, people: FilmClub, caplog: pytest.LogCaptureFixture
) -> None:
    """Without the Message Content intent for it, Discord sends a message with ``content`` ""
    (and no files or embeds): nothing to judge, nothing hidden, nothing fails."""
    await turn_on(standin, people)
    raw = standin._member_message(snowflake(), people.general, people.member.id, "")
    standin._messages[int(raw["id"])] = raw
    standin.channel_messages.setdefault(people.general.id, []).append(int(raw["id"]))

    with caplog.at_level(logging.WARNING):
        await standin.gateway.dispatch("MESSAGE_CREATE", standin._as_seen(raw))
        await standin.settle()
        await discord_tasks_done()

    assert standin.message(int(raw["id"])) is not None
    assert standin.webhooks == {}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.usefixtures("guarded_bot")
async def test_in_a_thread_named_after_the_film_an_ending_that_names_none_is_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    """The thread's name (a forum post's title) names the film for every message in it."""
    await turn_on(standin, people)

    said = await standin.member_says(
        "omg mia marries someone else and they meet again in seb's jazz club",
        user=people.member,
        channel=people.thread,
    )
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")

    (repost,) = standin.messages_in(people.thread)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)


@pytest.mark.usefixtures("guarded_bot")
async def test_a_link_preview_that_states_the_ending_is_hidden_with_its_message(
    standin: StandinServer, people: FilmClub
) -> None:
    """The page's title and description Discord shows under a link are read like text."""
    await turn_on(standin, people)
    said = await standin.member_says(
        "la la land, read this https://example.com/", user=people.member, channel=people.general
    )
    assert standin.message(said.id) is not None

    await standin.unfurl(
        said,
        title="La La Land's ending explained",
        description="Why Mia marries someone else, and the jazz club Seb owns at the end",
    )
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    (repost,) = standin.messages_in(people.general)
    assert repost.raw.get("flags", 0) & 4, "the repost shows no preview"


@pytest.mark.usefixtures("guarded_bot")
async def test_a_proxy_bots_webhook_message_is_read_and_epilogues_own_reposts_never_again(
    standin: StandinServer, people: FilmClub
) -> None:
    """A proxy bot (PluralKit) posts its members' messages through its own webhook: such a
    message gives the ending away like any other. Epilogue's repost reaches the bot too (as
    Discord sends a webhook's messages to listening bots), and is left alone."""
    await turn_on(standin, people)
    proxy = standin.someone_else_webhook(people.general)

    said = await standin.webhook_says(proxy, SPOILS, username="Mia (she/her)")
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()

    (repost,) = standin.messages_in(people.general)
    assert repost.raw["author"]["username"] == "Mia (she/her)"
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)


@pytest.mark.usefixtures("guarded_bot")
async def test_a_components_v2_message_is_read_by_its_text_displays(
    standin: StandinServer, people: FilmClub
) -> None:
    """A webhook may post a Components V2 message: no content, its words in Text Display
    components inside a container. They give the ending away as content would."""
    await turn_on(standin, people)
    feed = standin.someone_else_webhook(people.general)

    said = await standin.webhook_says(feed, "", username="Film feed", layout=["Tonight:", SPOILS])
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()

    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)


@pytest.mark.usefixtures("guarded_bot")
async def test_a_forward_of_a_spoiler_into_a_standard_channel_is_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    """A forward shows the forwarded message whole, in public: forwarded out of a spoiler
    channel, an ending reaches every reader of the channel it lands in."""
    spoilers = await standin.run_command(
        "/spoiler-rules channel channel:#spoiler-room mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    assert "✅" in spoilers.message.content, spoilers.message.content
    await turn_on(standin, people)
    there = await standin.member_says(SPOILS, user=people.member, channel=people.spoiler_room)
    assert standin.message(there.id) is not None  # a spoiler channel: left alone

    forward = await standin.member_forwards(there, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(forward.id) is None, what="the hide")

    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)
    assert standin.message(there.id) is not None  # the forwarded message itself stays


async def test_a_refused_message_content_intent_is_explained_and_the_bot_runs_on(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """discord.message_content: true, but the intent is not switched on in the Developer Portal:
    Discord closes the gateway with 4014 after IDENTIFY. The operator is told what to switch on,
    and the bot connects again without it: members' commands and Hide as spoiler still work."""
    people.world.granted_intents = 0
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.message_content = True

    with caplog.at_level(logging.ERROR):
        async with bot_in_process(standin, config) as running:
            answered = await standin.run_command(
                f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
            )
            said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
            hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)
            assert not running.intents.message_content

    (refused,) = standin.gateway.refused_intents
    assert refused & MESSAGE_CONTENT_INTENT
    assert standin.gateway.identify_count == 1, "one session, without the intent"
    identified = [p["d"] for p in standin.gateway.received if p.get("op") == 2]
    assert not identified[-1]["intents"] & MESSAGE_CONTENT_INTENT
    (told,) = [r.getMessage() for r in caplog.records if "4014" in r.getMessage()]
    assert "Message Content Intent" in told and "Privileged Gateway Intents" in told
    assert "Damien Chazelle" in answered.message.text
    assert "Nothing was lost" in hidden.message.content
    assert standin.message(said.id) is None


@pytest.mark.usefixtures("guarded_bot")
async def test_a_reply_that_gives_away_the_film_its_message_names_is_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord shows the answered message above a reply: the reply need not name the film."""
    await turn_on(standin, people)
    asked = await standin.member_says(
        "anyone seen la la land yet?", user=people.friend, channel=people.general
    )

    said = await standin.member_says(
        "omg mia marries someone else and they meet again in seb's jazz club",
        user=people.member,
        channel=people.general,
        reply_to=asked,
    )
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    assert standin.message(asked.id) is not None
