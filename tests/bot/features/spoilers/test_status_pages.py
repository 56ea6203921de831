"""``/spoilers status`` pages through every film a member marked seen.

Was: the list was cut at 3,500 characters, "… and 214 more", and a member with hundreds of films
seen could not read the rest anywhere.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from bot.catalog import shelf_order
from bot.command_table import command_table
from bot.db.models import SeenFilm
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from bot.replies import Reply
from tests.standin.limits import message_problems
from tests.support.discord_markdown import visible_text

GUILD = 1
OWNER, OTHER = 7, 8
TITLE_SHAPES = [
    "Up",
    "The Film Number {n}",
    "A *Very* Long Title With **Markdown** and _Underscores_ in It, Number {n} " + "x" * 20,
    "{n} ||Bars|| <@&1> `Code` " + "W" * 60,
]


def member(user: int = OWNER, *, guild: int | None = GUILD, interaction: int = 0) -> Invocation:
    return Invocation(
        user_id=user, guild_id=guild, channel_id=10 if guild else None, interaction_id=interaction
    )


async def mark_seen(app: Epilogue, user: int, count: int, seed: int) -> list[str]:
    """``count`` films marked seen, of every shape of title; their labels in shelf order."""
    rnd = random.Random(seed)
    films = {
        (TITLE_SHAPES[rnd.randrange(len(TITLE_SHAPES))].format(n=n), 1950 + n % 70)
        for n in range(count)
    }
    async with app.sessions() as session, session.begin():
        for at, (title, year) in enumerate(films):
            session.add(
                SeenFilm(
                    user_id=user,
                    work=f"w{at}",
                    title=title,
                    year=year,
                    created_at=dt.datetime(2030, 1, 1),
                )
            )
    return [f"{title} ({year})" for title, year in sorted(films, key=lambda f: shelf_order(*f))]


def listed(reply: Reply) -> list[str]:
    text = visible_text(reply.embeds[0].description or "").replace("\u200b", "")
    return [
        f"{title} ({year})" for title, year in re.findall(r"^• \*\*(.*)\*\* \((\d+)\)$", text, re.M)
    ]


def page_ids(reply: Reply) -> tuple[str | None, str | None]:
    """The Previous and Next buttons' ids, None where disabled or absent."""
    if not reply.rows:
        return None, None
    back, on = reply.rows[0]
    return (None if back.disabled else back.custom_id), (None if on.disabled else on.custom_id)


@pytest.mark.parametrize(("count", "seed"), [(1, 1), (40, 2), (300, 3), (700, 4)])
@pytest.mark.parametrize("guild", [GUILD, None], ids=["server", "dm"])
async def test_status_pages_through_every_film_marked_seen(app, count, seed, guild):
    expected = await mark_seen(app, OWNER, count, seed)
    await run_command(
        app,
        command_table()["spoiler-rules embargo"],
        Invocation(
            user_id=5,
            guild_id=GUILD,
            channel_id=10,
            permissions=frozenset({"manage_messages"}),
            interaction_id=1,
        ),
        {"film": "La La Land", "until": "2031-01-01"},
    )
    reply = await run_command(app, command_table()["spoilers status"], member(guild=guild), {})
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        assert reply.ephemeral and not reply.is_error, reply.content
        assert message_problems(reply.payload()) == []
        assert "more" not in (reply.embeds[0].description or "").split("\n")[-1]
        seen += listed(reply)
        back, on = page_ids(reply)
        assert (back is None) == (pages == 1)
        if on is None:
            break
        reply = await app.press(member(guild=guild, interaction=pages), on, on_private_message=True)
        assert reply.edits_original
    assert seen == expected
    assert pages > 1 or count < 100  # hundreds of films never fit one message
    if pages > 1:
        assert f"page {pages}/{pages}" in reply.embeds[0].footer
        # And back again, from the last page to the one before it.
        earlier = await app.press(member(guild=guild), back, on_private_message=True)
        assert f"page {pages - 1}/{pages}" in earlier.embeds[0].footer


@pytest.mark.parametrize("typed", ["epi:seen:-5", "epi:seen:999999", "epi:seen:0", "epi:seen:1"])
async def test_a_tampered_page_id_shows_only_the_pressers_own_films(app, typed):
    """The id names a page, never a member: whoever presses reads their own list, and a page
    out of range is the nearest one there is."""
    owners = await mark_seen(app, OWNER, 300, 5)
    others = await mark_seen(app, OTHER, 3, 6)
    mine = await app.press(member(OTHER), typed, on_private_message=True)
    assert not mine.is_error and listed(mine) == others and not mine.rows
    theirs = await app.press(member(OWNER), typed, on_private_message=True)
    shown = listed(theirs)
    assert shown and set(shown) <= set(owners)
    assert shown[0] == owners[0] if typed in ("epi:seen:-5", "epi:seen:0") else True
    assert shown[-1] == owners[-1] if typed == "epi:seen:999999" else True


async def test_status_opens_at_the_page_asked_for(app):
    """Was: no ``page:`` option, so a member with films on page 9 pressed Next eight times
    (and again after every new status). It opens at the page typed, as /film list does, and
    a page past the last is refused naming how many there are."""
    expected = await mark_seen(app, OWNER, 300, 7)
    status = command_table()["spoilers status"]
    first = await run_command(app, status, member(), {})
    pages = int(re.search(r"page 1/(\d+)", first.embeds[0].footer)[1])
    assert pages > 2
    second = await run_command(app, status, member(), {"page": 2})
    assert f"page 2/{pages}" in second.embeds[0].footer
    assert listed(second)[0] == expected[len(listed(first))]
    last = await run_command(app, status, member(), {"page": pages})
    assert listed(last)[-1] == expected[-1] and page_ids(last)[1] is None

    refused = await run_command(app, status, member(), {"page": pages + 1})
    assert refused.is_error and f"give page: from 1 to {pages}" in refused.content
    none_seen = await run_command(app, status, member(OTHER), {"page": 2})
    assert none_seen.is_error and "has 1 page (leave page: out)" in none_seen.content
