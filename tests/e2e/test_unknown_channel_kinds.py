"""A channel whose kind Epilogue cannot tell may be an announcement channel.

An announcement channel's messages can be published to every channel following it, in other
servers, so a `spoilers` rule opens nothing there (README, Moderators). Discord names an
interaction's channel by ``channel_id`` alone in older payloads, or describes it with a kind
discord.py has no class for; in a server discord.py does not hold it (one not yet sent, or a
channel made since), nothing says the channel is not an announcement channel. Read as a plain
text channel, its own `spoilers` rule (or the default) put the ending in the open there, to be
published to every server following it.
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, shown, spoils
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer

DESCRIBED = ["by-id-only", "kind-unknown-to-discord-py"]


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("described", DESCRIBED)
@pytest.mark.parametrize("rule", ["channel", "default"])
async def test_a_channel_of_unknown_kind_under_a_spoilers_rule_answers_wrapped(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, rule: str, described: str
) -> None:
    news = people.club.announcement_channel("news")  # made since: discord.py does not hold it
    where = f"channel channel:{news.mention}" if rule == "channel" else "default"
    done = await standin.run_command(
        f"/spoiler-rules {where} mode:spoilers", user=people.moderator, channel=people.general
    )
    assert "spoilers" in done.message.content, done.message.content
    if rule == "default":
        promise.allow_spoilers_in(people.general.id)
    if described == "by-id-only":
        standin.interaction_channels = False
    else:
        news.type = 99  # a kind Discord may add, that discord.py 2.7 has no class for

    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=news
    )

    (answer,) = asked.messages
    assert not spoils(answer), shown(answer)
    assert answer.ephemeral or "five years" in behind_bars(answer), shown(answer)
