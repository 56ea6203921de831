"""What one file may weigh in a message depends on the server's boost level (10 MiB, 50 MiB at
level 2, 100 MiB at level 3), for a webhook as for anyone; a member with Nitro may post heavier
files than that. Discord refuses a heavier file, 413 Request entity too large (40005)."""

from __future__ import annotations

import pytest

from tests.e2e.harness import FilmClub, behind_bars
from tests.standin import StandinServer

pytestmark = pytest.mark.usefixtures("bot")

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"
HIDE = "Hide as spoiler"
ATTACHMENT = r"/attachments/\d+/.*"
WEBHOOK = r"/webhooks/\d+/[^/]+"
HEAVY = b"\0" * (10 * 2**20 + 1)
"""One byte over what a server without boosts takes in one file."""


async def test_a_file_heavier_than_the_server_takes_is_not_fetched_and_the_hider_is_told(
    standin: StandinServer, people: FilmClub
) -> None:
    original = await standin.member_says(
        SPOILER, user=people.member, channel=people.general, files=[("clip.mp4", HEAVY)]
    )

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert result.message.ephemeral
    assert "larger than Discord lets Epilogue post in this server" in result.message.content
    assert "10 MB" in result.message.content and "left as it was" in result.message.content
    assert standin.message(original.id) is not None, "the original stays"
    assert standin.requests_to("GET", ATTACHMENT) == [], "not fetched for nothing"
    assert standin.requests_to("POST", WEBHOOK) == []


async def test_a_boosted_server_takes_the_heavier_file(
    standin: StandinServer, people: FilmClub
) -> None:
    people.club.premium_tier = 2
    await standin.gateway.dispatch("GUILD_UPDATE", people.club.payload(standin.world.bot.id))
    original = await standin.member_says(
        SPOILER, user=people.member, channel=people.general, files=[("clip.mp4", HEAVY)]
    )

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost)
    (kept,) = repost.attachments
    assert len(standin.attachment_bytes(kept)) == len(HEAVY)
    assert standin.message(original.id) is None


async def test_discords_own_refusal_of_a_heavy_file_is_explained(
    standin: StandinServer, people: FilmClub
) -> None:
    """Should Epilogue's reading of the limit be wrong, Discord's 413 says the same."""
    original = await standin.member_says(
        SPOILER, user=people.member, channel=people.general, files=[("clip.mp4", b"frames")]
    )
    standin.fail("POST", WEBHOOK, 413, code=40005)

    result = await standin.run_message_command(HIDE, original, user=people.member)

    assert "larger than Discord lets Epilogue post in this server" in result.message.content
    assert standin.message(original.id) is not None


SCREENSHOT = b"\x89PNG" + b"\0" * (3 * 2**20)
"""A phone screenshot's weight: more than content files may weigh (1 MiB), well within 10 MiB."""


async def test_spoiler_post_takes_a_screenshot_and_refuses_what_the_server_cannot_take(
    standin: StandinServer, people: FilmClub
) -> None:
    """Was: any file over 1 MiB (the content files' limit) refused with "Split it or trim it"."""
    posted = await standin.run_command(
        f"/spoiler post film:La La Land text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("last-shot.png", SCREENSHOT)},
    )
    assert not posted.message.ephemeral, posted.message.content
    (kept,) = posted.message.attachments
    assert len(standin.attachment_bytes(kept)) == len(SCREENSHOT)

    refused = await standin.run_command(
        f"/spoiler post film:La La Land text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("clip.mp4", HEAVY)},
    )
    assert refused.message.ephemeral
    assert "more than Discord lets Epilogue post in this server (10 MB" in refused.message.content
    fetched = [request.path for request in standin.requests_to("GET", ATTACHMENT)]
    assert not [path for path in fetched if path.endswith("clip.mp4")], "not fetched for nothing"
