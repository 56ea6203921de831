"""A message too big to repost whole, hidden all the same.

A hide reposts a message's words behind bars in one webhook message: 2,000 characters of
content, ten embeds of 6,000 characters in all. Escaping lengthens markdown (each ``*``, ``_``
or ``~`` doubles), and a message can carry far more than that: a Nitro member's 4,000
characters, ten files with 1,024 characters of alt text each, a feed's own embeds. Such a
message was refused ("too long to repost hidden"), by the guard silently, and its ending stayed
in the open for anyone to read. The repost now carries as much as one message holds, every word
behind bars, and says the rest was left out (the whole is kept for Undo).
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, shown
from tests.e2e.test_spoiler_guard import SPOILS, turn_on
from tests.standin import StandinServer
from tests.support.fake_discord import settle as discord_tasks_done

ALT = ("my cat asleep on the sofa next to the popcorn bowl, " * 20)[:1024]
"""Harmless alt text as long as Discord takes (1,024 characters)."""
MARKDOWN_HEAVY = ("~~_*wow*_~~ " * 400)[: 4000 - len(SPOILS) - 2]
"""A Nitro member's padding: two thirds of it markdown, so escaped it grows by as much."""


async def hidden(standin: StandinServer, said_id: int) -> None:
    await standin.wait_for(lambda: standin.message(said_id) is None, what="the hide")
    await discord_tasks_done()


def repost_in(standin: StandinServer, people: FilmClub):  # type: ignore[no-untyped-def]
    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)
    assert "cut" in shown(repost) or "left out" in shown(repost)
    return repost


@pytest.mark.usefixtures("guarded_bot")
async def test_ten_files_with_long_alt_text_are_hidden_with_the_ending(
    standin: StandinServer, people: FilmClub
) -> None:
    """Any member may attach ten files, each with 1,024 characters of alt text: their alt
    texts behind bars alone outgrow a message's embeds."""
    await turn_on(standin, people)
    files = []
    for number in range(10):
        file = standin.add_attachment(f"pic{number}.png", b"png")
        file["description"] = ALT
        files.append(file)

    said = await standin.member_says(
        SPOILS, user=people.member, channel=people.general, parts={"attachments": files}
    )
    await hidden(standin, said.id)

    repost = repost_in(standin, people)
    assert len(repost.raw["attachments"]) == 10
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")
    (note,) = standin.dms_to(people.member)
    assert "longer than one message holds" in note.content
    assert "Nothing was lost" not in note.content


@pytest.mark.usefixtures("guarded_bot")
async def test_a_nitro_members_markdown_heavy_4000_characters_are_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    await turn_on(standin, people)
    text = f"{SPOILS}\n\n{MARKDOWN_HEAVY}"
    assert len(text) <= 4000

    said = await standin.member_says(text, user=people.member, channel=people.general)
    await hidden(standin, said.id)

    repost_in(standin, people)
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")
    (note,) = standin.dms_to(people.member)
    assert "what you wrote is attached" in note.content, note.content
    (kept,) = note.attachments
    assert standin.attachment_bytes(kept).decode() == text, "handed back whole, privately"


@pytest.mark.usefixtures("guarded_bot")
async def test_a_feeds_long_embed_stating_the_ending_is_hidden(
    standin: StandinServer, people: FilmClub
) -> None:
    """A feed's webhook may post embeds holding 6,000 characters, which a repost carries as
    text behind bars, lengthened by escaping."""
    await turn_on(standin, people)
    feed = standin.someone_else_webhook(people.general)
    embed = {
        "title": "La La Land recap",
        "description": (f"{SPOILS}. " + ALT * 4)[:4096],
        "fields": [{"name": "more", "value": ALT[:1000]}],
    }

    said = await standin.webhook_says(feed, "tonight", username="Recaps", embeds=[embed])
    await hidden(standin, said.id)

    repost_in(standin, people)


@pytest.mark.usefixtures("bot")
async def test_hide_as_spoiler_on_a_message_too_big_to_repost_whole_hides_it(
    standin: StandinServer, people: FilmClub
) -> None:
    """A moderator's Hide was refused the same way ("ask the author to shorten it"), the
    ending left where everyone reads it."""
    text = f"{SPOILS}\n\n{MARKDOWN_HEAVY}"
    said = await standin.member_says(text, user=people.member, channel=people.general)

    done = await standin.run_message_command("Hide as spoiler", said, user=people.moderator)

    assert done.message.ephemeral and "Hidden as a spoiler" in done.message.content
    await hidden(standin, said.id)
    repost_in(standin, people)
    assert LA_LA_LAND in shown(standin.messages_in(people.general)[0])


HEAVY = b"\0" * (10 * 2**20 + 1)
"""One byte over what a server without boosts lets Epilogue post in one file."""
WEBHOOK = r"/webhooks/\d+/[^/]+"


@pytest.mark.usefixtures("guarded_bot")
async def test_a_file_too_heavy_to_repost_keeps_no_ending_in_the_open(
    standin: StandinServer, people: FilmClub
) -> None:
    """A member with Nitro may attach a file heavier than Discord lets Epilogue post in the
    server: the guard refused to hide the whole message and left the ending in the open, so
    any such file kept the guard off a spoiler. The text is reposted hidden, the file's name
    behind bars, and its author told to post the file again as a spoiler."""
    await turn_on(standin, people)

    said = await standin.member_says(
        SPOILS, user=people.member, channel=people.general, files=[("clip.mp4", HEAVY)]
    )
    await hidden(standin, said.id)

    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)
    assert repost.attachments == [] and "clip.mp4" in behind_bars(repost).replace("\\", "")
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")
    (note,) = standin.dms_to(people.member)
    assert "heavier than Discord lets Epilogue post" in note.content
    assert "Mark as spoiler" in note.content and "clip.mp4" not in shown(note)


@pytest.mark.usefixtures("guarded_bot")
async def test_files_discord_finds_too_heavy_together_keep_no_ending_in_the_open(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord weighs a message's files together too (413, 40005): the guard reposts the text
    hidden without them, rather than leave it."""
    await turn_on(standin, people)
    standin.fail("POST", WEBHOOK, 413, code=40005)
    said = await standin.member_says(
        SPOILS, user=people.member, channel=people.general, files=[("clip.mp4", b"frames")]
    )

    await hidden(standin, said.id)

    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)
    assert repost.attachments == []


@pytest.mark.usefixtures("guarded_bot")
async def test_an_apps_long_answer_is_not_handed_to_its_asker_as_an_open_file(
    standin: StandinServer, people: FilmClub
) -> None:
    """Another app's answer to a member's command, too big to repost whole, is cut like a
    member's message; what "you wrote" was handed back to the member who ran the command, as a
    file in their DMs. They did not write it, and may never have read it (the guard hides it as
    it arrives): Discord shows a text file's opening lines in the open, and a hidden ending
    reached them unasked."""
    await turn_on(standin, people)
    bot_app = people.world.user("ReelBot", bot=True)
    embed = {
        "title": "Trivia",
        "description": (ALT * 4)[:3900],
        "fields": [{"name": "more", "value": ALT[:1000]}],
    }
    content = f"{SPOILS}\n\n{ALT * 2}"[:2000]

    answer = await standin.app_answers(
        bot_app, content, invoked_by=people.member, channel=people.general, embeds=[embed]
    )
    await hidden(standin, answer.id)

    repost_in(standin, people)
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")
    (note,) = standin.dms_to(people.member)
    assert "your command" in note.content, note.content
    assert "what you wrote" not in note.content, note.content
    for file in note.attachments:
        assert "marries" not in standin.attachment_bytes(file).decode(), "the ending, unasked"
