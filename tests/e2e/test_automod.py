"""A server's AutoMod blocking Epilogue's answers (400, 200000 "Message was blocked by automatic
moderation"): a film's ending easily holds a word a server blocks, spoiler bars or not. The
stand-in's ``automod_keywords`` blocks an interaction's answer holding one, as Discord does."""

from __future__ import annotations

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub
from tests.standin import StandinServer

pytestmark = pytest.mark.usefixtures("bot")


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
async def test_an_answer_automod_blocks_is_explained_to_the_asker_alone(
    standin: StandinServer, people: FilmClub, private: bool
) -> None:
    """The member read "Something went wrong on Epilogue's side" (public) or "Discord refused
    to show its answer ... ask again" (private), as if asking again could help."""
    standin.automod_keywords = ("married",)  # in its first page

    result = await standin.run_command(
        f"/film ending film:{LA_LA_LAND} private:{str(private).lower()}",
        user=people.member,
        channel=people.general,
    )

    answer = result.message
    assert answer.ephemeral and "AutoMod" in answer.content, answer.content
    assert "Something went wrong" not in answer.content and "ask again" not in answer.content
    assert "married" not in answer.content
    assert standin.messages_in(people.general) == []
    assert standin.dms_to(people.member) == [], "film content follows the place's rules only"


async def test_a_page_automod_blocks_is_explained_to_the_presser_alone(
    standin: StandinServer, people: FilmClub
) -> None:
    """A page turned on a public answer into words the server's AutoMod blocks (added since the
    answer was posted): the page stays as it was, and the presser reads why."""
    ending = (
        await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    ).message
    before = ending.content
    standin.automod_keywords = ("land",)  # in every page's heading

    turned = await standin.press_button(ending, ending.button_id("Next"), user=people.member)

    note = turned.message
    assert note.ephemeral and "AutoMod" in note.content, note.content
    page = standin.message(ending.id)
    assert page is not None and page.content == before


async def test_a_hides_note_automod_blocks_goes_by_dm_and_says_it_was_done(
    standin: StandinServer, people: FilmClub
) -> None:
    """Behind "thinking…" (the PATCH of @original refused): the hide was done, and its note,
    the member's alone and no film content, goes where no server's AutoMod reaches."""
    said = await standin.member_says(
        "Mia ends up married to someone else", user=people.member, channel=people.general
    )
    standin.automod_keywords = ("spoiler",)  # in the note: "you hid it as a spoiler"

    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert hidden.message.ephemeral and "sent to you by DM" in hidden.message.content, (
        hidden.message.content
    )
    assert standin.message(said.id) is None, "the hide itself was done"
    (note,) = standin.dms_to(people.member)
    assert "reposted behind spoiler bars" in note.content, note.content
