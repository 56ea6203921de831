"""HTTP as another Discord, or the network before it, may carry it: answers compressed and
chunked, and a connection closed under a request with no answer at all, before Discord carried
the request out or after.

HTTP/1.1 lets either end close a kept-alive connection at any time (RFC 9112, 9.6): a server's
or proxy's idle timeout closes one just as the bot sends on it. aiohttp sends such a request
again only for an idempotent method and discord.py only after a reset numbered as on macOS or
Windows, so a member's command (a POST) was answered "something went wrong".
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, footer, shown
from tests.standin import StandinServer
from tests.standin.faults import CUT

pytestmark = pytest.mark.usefixtures("bot")

CALLBACK = r"/interactions/\d+/[^/]+/callback"
SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"


async def test_a_command_sent_on_a_kept_alive_connection_the_server_closed_is_answered(
    standin: StandinServer, people: FilmClub
) -> None:
    await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    standin.keep_alive_cuts = 1  # the connection the first answer went on is closed under the next

    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    assert standin.keep_alive_cut == 1
    assert "Page 1/3" in footer(asked.message)
    assert not shown(asked.message).count("marries")
    assert len(asked.messages) == 1


async def test_a_post_with_a_file_cut_off_before_discord_took_it_is_posted_whole_once(
    standin: StandinServer, people: FilmClub
) -> None:
    """The callback carries the file (multipart): sent again whole, not a body half read."""
    standin.fail("POST", CALLBACK, CUT)

    result = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("last-shot.png", b"\x89PNG")},
    )

    assert [r.status for r in standin.requests_to("POST", CALLBACK)] == [CUT, 200]
    (posted,) = standin.messages_in(people.general)
    assert posted.id == result.message.id
    assert [a["filename"] for a in posted.attachments] == ["SPOILER_file1.png"]
    assert "marries" in behind_bars(posted) and "marries" not in shown(posted)


async def test_a_reply_discord_took_as_its_connection_closed_stays_one_message(
    standin: StandinServer, people: FilmClub
) -> None:
    standin.fail("POST", CALLBACK, CUT, after=True)

    def tried_again(_: object) -> bool:
        return [r.status for r in standin.requests_to("POST", CALLBACK)][1:] != []

    result = await standin.run_command(
        f"/film info film:{LA_LA_LAND}",
        user=people.member,
        channel=people.general,
        until=tried_again,
    )

    assert [r.status for r in standin.requests_to("POST", CALLBACK)][:2] == [CUT, 400]
    assert "Damien Chazelle" in result.message.text
    assert len(standin.messages_in(people.general)) == 1, "no second copy, no error message"


async def test_answers_gzip_encoded_and_chunked_are_read(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord's front end compresses an answer for a client that accepts it, and a server may
    stream one without its length: every journey reads them as the same JSON or file."""
    standin.answers_encoded = "gzip-chunked"

    choices = await standin.autocomplete(
        "/film ending film:la la", user=people.member, channel=people.general
    )
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    turned = await standin.press_button(
        asked.message, asked.message.button_id("Next"), user=people.member
    )
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)
    picture = b"\x89PNG" + bytes(range(256)) * 8  # fetched from the CDN, compressed too
    await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("last-shot.png", picture)},
    )

    assert any(choice["name"].startswith("La La Land") for choice in choices), choices
    assert turned.callback_type == 7
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert [r for r in standin.requests if r.status >= 400] == []
    (posted,) = standin.requests_to("POST", CALLBACK)[-1].files
    assert posted.filename == "SPOILER_file1.png" and posted.data == picture
