"""One interaction, handled once: Discord may deliver an interaction again (a gateway RESUME's
replay, two processes holding one shard during a deploy), and a change it carries must not be
made again, above all not over a newer change (an old ``/spoilers on`` after ``off``, an old
"spoilers" mode after "standard"). On SQLite and PostgreSQL, across processes."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.buttons import AnswerAction, AnswerButton
from bot.command_table import ChannelRef, command_table
from bot.db.models import AuditEntry
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.errors import AlreadyHandled
from bot.features.spoiler.memory_channel import DISCORD_EPOCH_MS
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoiler_policy.markup import Treatment
from tests.support.discord_markdown import visible_text

MOD = Invocation(user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"}))


def interaction_id(age: dt.timedelta = dt.timedelta(0)) -> int:
    """A new interaction's id, made ``age`` ago (Discord's ids carry their time)."""
    made = dt.datetime.now(dt.UTC) - age
    interaction_id.count += 1  # type: ignore[attr-defined]
    return ((int(made.timestamp() * 1000) - DISCORD_EPOCH_MS) << 22) | interaction_id.count  # type: ignore[attr-defined]


interaction_id.count = 0  # type: ignore[attr-defined]


async def run(app: Epilogue, name: str, invocation: Invocation, **options: Any) -> object:
    try:
        return await run_command(app, command_table()[name], invocation, options)
    except AlreadyHandled:
        return None


async def channel_mode(app: Epilogue) -> str | None:
    shown = await run_command(app, command_table()["spoiler-rules show"], MOD, {})
    return shown.embeds[0].description if shown.embeds else shown.content


async def rule_changes(app: Epilogue) -> int:
    async with app.sessions() as session:
        counted = await session.scalar(select(func.count()).select_from(AuditEntry))
    return int(counted or 0)


async def test_a_change_two_processes_receive_at_once_is_made_once(
    app: Epilogue, other: Epilogue
) -> None:
    delivered = replace(MOD, interaction_id=interaction_id())
    before = await rule_changes(app)
    answers = await asyncio.gather(
        *(
            run(process, "spoiler-rules channel", delivered, channel=_channel(), mode="spoilers")
            for process in (app, other, app, other)
        )
    )
    assert sum(answer is not None for answer in answers) == 1, answers
    assert await rule_changes(app) == before + 1


async def test_an_older_change_delivered_again_leaves_the_newer_one(
    app: Epilogue, other: Epilogue
) -> None:
    older = replace(MOD, interaction_id=interaction_id())
    await run(app, "spoiler-rules channel", older, channel=_channel(), mode="spoilers")
    newer = replace(MOD, interaction_id=interaction_id())
    await run(app, "spoiler-rules channel", newer, channel=_channel(), mode="standard")
    shown = await channel_mode(app)
    for process in (other, app):  # the other process, that was behind; a RESUME here
        assert (
            await run(process, "spoiler-rules channel", older, channel=_channel(), mode="spoilers")
            is None
        )
    assert await channel_mode(app) == shown


@pytest.mark.parametrize("forged", [2**63, 2**64 + 5], ids=["2^63", "2^64"])
async def test_a_change_with_no_discord_id_is_not_made(app: Epilogue, forged: int) -> None:
    """An id no Discord id is (past a signed 64-bit integer), which the database could not
    store, is taken as handled."""
    old = replace(MOD, interaction_id=forged)
    before = await rule_changes(app)
    assert await run(app, "spoiler-rules channel", old, channel=_channel(), mode="spoilers") is None
    assert await rule_changes(app) == before


@pytest.mark.parametrize(
    "ids",
    [
        [interaction_id(dt.timedelta(days=2)), interaction_id(dt.timedelta(days=2))],
        [1, 2],
        [123456789012345678, 987654321098765432],
    ],
    ids=["made 2 days ago", "counted from 1", "random 18 digits"],
)
async def test_a_change_is_made_once_whatever_time_its_id_carries(
    app: Epilogue, ids: list[int]
) -> None:
    """A Discord stand-in may number interactions its own way (a counter, random digits) or
    with a clock of its own: an id's time says nothing about a replay. Each new id's change is
    made; each id delivered again is not."""
    modes = ["spoilers", "standard"]
    for forged, mode in zip(ids, modes, strict=True):
        asked = replace(MOD, interaction_id=forged)
        before = await rule_changes(app)
        assert await run(app, "spoiler-rules channel", asked, channel=_channel(), mode=mode)
        assert await rule_changes(app) == before + 1
    shown = await channel_mode(app)
    replayed = replace(MOD, interaction_id=ids[0])
    assert (
        await run(app, "spoiler-rules channel", replayed, channel=_channel(), mode="spoilers")
        is None
    )
    assert await channel_mode(app) == shown


async def test_a_read_delivered_again_is_answered_again(app: Epilogue, other: Epilogue) -> None:
    """A read changes nothing and writes nothing: each delivery is answered (the adapter
    keeps a second answer from widening the first, ``client.delivery``)."""
    asked = replace(MOD, interaction_id=interaction_id())
    for process in (app, other):
        assert await run(process, "film info", asked, film="La La Land") is not None


def _channel() -> ChannelRef:
    return ChannelRef(id=10, guild_id=1)


ADMIN = Invocation(user_id=6, guild_id=1, channel_id=10, permissions=frozenset({"manage_guild"}))
READER = Invocation(user_id=7, guild_id=1, channel_id=10)
ENDING_WORDS = ("marries", "jazz club")


def said(reply: Reply) -> str:
    """What a reader sees of ``reply`` without clicking a spoiler."""
    texts = [reply.content or ""] + [e.description or "" for e in reply.embeds]
    texts += [f.value for e in reply.embeds for f in e.fields]
    return visible_text("\n".join(texts))


async def change(app: Epilogue, name: str, invocation: Invocation, **options: Any) -> None:
    done = await run(app, name, replace(invocation, interaction_id=interaction_id()), **options)
    assert isinstance(done, Reply) and not done.is_error, done


@pytest.mark.parametrize("meanwhile", ["hidden here", "pressed elsewhere", "opted out"])
async def test_a_page_button_pressed_again_after_a_change_shows_no_ending(
    app: Epilogue, meanwhile: str
) -> None:
    """An opted-in reader's private answer shows the ending unwrapped; its page button (as
    it was, treatment "show") is pressed again after the film was hidden in the server, from
    another server that hid it, or after the reader opted out: no ending in the open."""
    await change(app, "spoilers on", READER)
    answer = await run_command(app, command_table()["film ending"], READER, {"film": "La La Land"})
    assert answer.ephemeral and any(word in said(answer) for word in ENDING_WORDS), said(answer)
    entry = app.catalog.resolve(1, "La La Land")
    assert entry is not None
    page = AnswerButton(
        AnswerAction.PAGE,
        entry.key,
        entry.revision,
        "ending",
        None,
        0,
        Treatment.SHOW,
        7,
        private=True,  # as posted on the private answer
    ).encode()
    first = await app.press(READER, page, on_private_message=True)
    assert any(word in said(first) for word in ENDING_WORDS), said(first)  # before the change
    presser = READER
    if meanwhile == "hidden here":
        await change(app, "film-admin hide", ADMIN, film="La La Land")
    elif meanwhile == "pressed elsewhere":
        presser = replace(READER, guild_id=2)
        await change(app, "film-admin hide", replace(ADMIN, guild_id=2), film="La La Land")
    else:
        await change(app, "spoilers off", READER)

    pressed = await app.press(presser, page, on_private_message=True)
    assert not any(word in said(pressed) for word in ENDING_WORDS), said(pressed)
