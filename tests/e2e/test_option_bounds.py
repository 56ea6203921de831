"""Bounds the core checks are registered with Discord too, so its client stops a value outside
them before it is sent (the stand-in's client refuses it as Discord's does)."""

from __future__ import annotations

import pytest

from bot.cooldowns import MAX_COOLDOWN_SECONDS
from bot.features.spoiler.members import POST_TEXT_LIMIT
from tests.e2e.harness import LA_LA_LAND, FilmClub
from tests.standin import StandinError, StandinServer

pytestmark = pytest.mark.usefixtures("bot")


async def test_an_integer_outside_the_core_bounds_is_stopped_by_the_client(
    standin: StandinServer, people: FilmClub
) -> None:
    at_most = await standin.run_command(
        f"/spoiler-rules cooldown seconds:{MAX_COOLDOWN_SECONDS}",
        user=people.moderator,
        channel=people.general,
    )
    assert "must be from" not in (at_most.message.content or ""), "the bound is the core's own"
    sent = len(standin.interactions)
    for command in (
        f"/spoiler-rules cooldown seconds:{MAX_COOLDOWN_SECONDS + 1}",
        "/spoiler-rules cooldown seconds:-1",
        f"/spoiler-rules embargo film:{LA_LA_LAND} days:0",
        "/spoiler-rules log page:0",
        "/film list page:0",
    ):
        with pytest.raises(StandinError, match="outside"):
            await standin.run_command(command, user=people.moderator, channel=people.general)
    assert len(standin.interactions) == sent, "nothing out of bounds reached the bot"


async def test_a_spoiler_too_long_to_post_is_stopped_by_the_client(
    standin: StandinServer, people: FilmClub
) -> None:
    with pytest.raises(StandinError, match="outside"):
        await standin.run_command(
            f"/spoiler post film:{LA_LA_LAND} text:{'a' * (POST_TEXT_LIMIT + 1)}",
            user=people.member,
            channel=people.general,
        )
