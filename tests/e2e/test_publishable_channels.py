"""What is posted in an announcement channel can be published to other servers.

A channel whose kind Epilogue cannot tell may be an announcement channel.

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

from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, shown, spoils, turn_on
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.world import GUILD_ANNOUNCEMENT
from tests.support.fake_discord import settle as discord_tasks_done

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


SPOILS = "la la land: mia marries someone else and they meet again in seb's jazz club"


@pytest.mark.usefixtures("guarded_bot")
@pytest.mark.parametrize("rule", ["channel", "default"])
async def test_the_guard_reads_an_announcement_channel_under_a_spoilers_rule(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, rule: str
) -> None:
    """The spoiler guard leaves spoiler channels alone, as their readers asked for endings.
    An announcement channel's messages can be published to every channel following it, in
    other servers, whose readers no rule here asked: its `spoilers` rule (its own, or the
    default) opens nothing there, for the guard as for answers, and a member's ending posted
    there is hidden as in a standard channel."""
    news = people.club.announcement_channel("news")
    await standin.gateway.dispatch(
        "CHANNEL_CREATE", {**news.payload(), "guild_id": str(people.club.id)}
    )
    await standin.settle()
    where = f"channel channel:{news.mention}" if rule == "channel" else "default"
    done = await standin.run_command(
        f"/spoiler-rules {where} mode:spoilers", user=people.moderator, channel=people.general
    )
    assert "spoilers" in done.message.content, done.message.content
    if rule == "default":
        promise.allow_spoilers_in(people.general.id)
    await turn_on(standin, people)

    said = await standin.member_says(SPOILS, user=people.member, channel=news)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()

    (repost,) = standin.messages_in(news)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("update", ["lost", "replayed"])
async def test_a_channel_the_interaction_describes_as_an_announcement_one_answers_wrapped(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, update: str
) -> None:
    """discord.py reads an interaction's channel from its cache when it holds it, and the
    cache may be behind Discord: the update that made a spoiler channel an announcement one
    lost, or an older one replayed after it. The interaction's own description (type 5) is
    then the newer: read as the cached text channel, its `spoilers` rule put the ending in the
    open where it may be published to every server following it. A channel the interaction
    describes otherwise than the cache holds it is of unknown kind: the strictest reading."""
    news = people.club.text_channel("news")
    created = {**news.payload(), "guild_id": str(people.club.id)}
    await standin.gateway.dispatch("CHANNEL_CREATE", created)
    await standin.settle()
    done = await standin.run_command(
        f"/spoiler-rules channel channel:{news.mention} mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    assert "spoilers" in done.message.content, done.message.content
    news.type = GUILD_ANNOUNCEMENT
    if update == "replayed":
        changed = {**news.payload(), "guild_id": str(people.club.id)}
        await standin.gateway.dispatch("CHANNEL_UPDATE", changed)
        await standin.gateway.dispatch("CHANNEL_UPDATE", created)
        await standin.settle()

    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=news
    )

    (answer,) = asked.messages
    assert not spoils(answer), shown(answer)
    assert answer.ephemeral or "five years" in behind_bars(answer), shown(answer)


@pytest.mark.usefixtures("guarded_bot")
@pytest.mark.parametrize("update", ["lost", "replayed"])
async def test_the_guard_asks_discord_about_a_spoiler_channel_the_cache_may_hold_behind(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, update: str
) -> None:
    """A message event does not say what kind its channel is: discord.py reads it from its
    cache, which the update that made a spoiler channel an announcement one, lost or replayed
    over, leaves behind. Read as the cached text channel, its `spoilers` rule left a member's
    ending up, to be published to every server following it. An ending found in a channel a
    `spoilers` rule opens only if it is no announcement channel is hidden unless Discord,
    asked, says it is none; a plain spoiler channel's stays (``test_spoiler_guard``)."""
    news = people.club.text_channel("news")
    created = {**news.payload(), "guild_id": str(people.club.id)}
    await standin.gateway.dispatch("CHANNEL_CREATE", created)
    await standin.settle()
    done = await standin.run_command(
        f"/spoiler-rules channel channel:{news.mention} mode:spoilers",
        user=people.moderator,
        channel=people.general,
    )
    assert "spoilers" in done.message.content, done.message.content
    await turn_on(standin, people)
    news.type = GUILD_ANNOUNCEMENT
    if update == "replayed":
        changed = {**news.payload(), "guild_id": str(people.club.id)}
        await standin.gateway.dispatch("CHANNEL_UPDATE", changed)
        await standin.gateway.dispatch("CHANNEL_UPDATE", created)
        await standin.settle()

    said = await standin.member_says(SPOILS, user=people.member, channel=news)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()

    (repost,) = standin.messages_in(news)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)
