"""``/spoilers …``: a member's own opt-ins, which follow them to every server and DM."""

from __future__ import annotations

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, shown, spoils
from tests.standin import StandinServer

pytestmark = pytest.mark.usefixtures("bot")


async def test_seen_film_comes_privately_and_unwrapped_everywhere(
    standin: StandinServer, people: FilmClub
) -> None:
    marked = await standin.run_command(
        f"/spoilers seen film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert marked.message.ephemeral and "La La Land" in marked.message.content

    here = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert here.message.ephemeral and spoils(here.message)
    assert standin.messages_in(people.general) == [], "nothing was posted for everyone"

    elsewhere = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.other_general
    )
    assert elsewhere.message.ephemeral and spoils(elsewhere.message)

    # Her friend has not seen it: his answer stays public and wrapped.
    friend = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert not friend.message.ephemeral and not spoils(friend.message)

    status = await standin.run_command("/spoilers status", user=people.member, dm=True)
    assert status.message.ephemeral
    assert "La La Land" in shown(status.message)

    await standin.run_command(
        f"/spoilers unseen film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    again = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert not again.message.ephemeral and not spoils(again.message)


async def test_every_film_on_and_off(standin: StandinServer, people: FilmClub) -> None:
    on = await standin.run_command("/spoilers on", user=people.member, channel=people.general)
    assert on.message.ephemeral

    answer = await standin.run_command(
        f"/film recap film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert answer.message.ephemeral and spoils(answer.message)
    status = await standin.run_command(
        "/spoilers status", user=people.member, channel=people.general
    )
    assert "**Every film:** on" in status.message.embeds[0]["description"]

    await standin.run_command("/spoilers off", user=people.member, channel=people.general)
    answer = await standin.run_command(
        f"/film recap film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert not answer.message.ephemeral and not spoils(answer.message)


async def test_opt_in_answers_in_direct_messages(standin: StandinServer, people: FilmClub) -> None:
    await standin.run_command(f"/spoilers seen film:{LA_LA_LAND}", user=people.member, dm=True)

    answer = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, dm=True
    )

    assert spoils(answer.message)


async def test_unknown_film_changes_nothing(standin: StandinServer, people: FilmClub) -> None:
    result = await standin.run_command(
        "/spoilers seen film:Nope Not A Film", user=people.member, channel=people.general
    )

    assert result.message.ephemeral and "No film matches" in result.message.content
    status = await standin.run_command(
        "/spoilers status", user=people.member, channel=people.general
    )
    assert "marked seen:** none" in status.message.embeds[0]["description"]
