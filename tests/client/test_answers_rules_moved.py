"""An answer shown openly as a spoiler channel's while the channel stopped being one."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from bot.command_table import ChannelRef
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from tests.support.discord_markdown import hidden_text, visible_text
from tests.support.fake_discord import (
    DEFERRED_UPDATE_MESSAGE,
    GUILD_ID,
    MEMBER,
    MODERATOR,
    TEXT_CHANNEL,
    TEXT_CHANNEL_ID,
    FakeDiscord,
    Session,
    _Response,
)

ENDING = "Sebastian"  # a name the ending page holds, and the spoiler-free card does not


class _Held:
    """A request whose answer comes once ``first`` has run: what happens on Discord's side
    while the bot's message is on its way."""

    def __init__(self, first: Callable[[], Awaitable[None]], respond: Callable[[], _Response]):
        self._first, self._respond = first, respond

    async def __aenter__(self) -> _Response:
        await self._first()
        return self._respond()

    async def __aexit__(self, *exc: object) -> None:
        return None


class _Lost:
    """A request whose connection is closed before any answer comes."""

    async def __aenter__(self) -> _Response:
        raise aiohttp.ServerDisconnectedError()

    async def __aexit__(self, *exc: object) -> None:
        return None


class RacingDiscord(FakeDiscord):
    """The next request carrying the ending (the answer's callback, or the edit that fills
    its "thinking…" message) is held until ``meanwhile`` has run. ``edits_lost``: every
    edit of an interaction's @original gets no answer."""

    meanwhile: Callable[[], Awaitable[None]] | None = None
    edits_lost = False

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        if self.edits_lost and method == "PATCH" and str(url).endswith("/messages/@original"):
            return _Lost()
        first = self.meanwhile
        if first is None or ENDING not in str(kwargs.get("data")):
            return super().request(method, url, **kwargs)
        self.meanwhile = None
        return _Held(first, lambda: self._handle(method, str(url), kwargs))


@pytest.fixture
def fake_discord() -> FakeDiscord:
    return RacingDiscord()


def moderator() -> Invocation:
    return Invocation(
        user_id=MODERATOR.user_id,
        guild_id=GUILD_ID,
        channel_id=TEXT_CHANNEL_ID,
        permissions=frozenset({"manage_messages"}),
        now=dt.datetime.now(dt.UTC),
    )


def shown(data: dict[str, Any]) -> str:
    texts = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        texts.append(embed.get("description") or "")
        texts += [field["value"] for field in embed.get("fields") or []]
    return "\n".join(visible_text(text) for text in texts)


@pytest.mark.parametrize(("mode", "wrapped"), [("standard", True), ("no-spoilers", False)])
async def test_an_answer_sent_as_the_channel_stopped_showing_spoilers_is_hidden_again(
    app: Epilogue, discord_session: Session, mode: str, wrapped: bool
) -> None:
    here = ChannelRef(TEXT_CHANNEL_ID, GUILD_ID)
    await app.spoiler_rules.set_channel(moderator(), here, "spoilers")
    racing = discord_session.discord
    assert isinstance(racing, RacingDiscord)

    async def channel_turned_back() -> None:
        await app.spoiler_rules.set_channel(moderator(), here, mode)

    racing.meanwhile = channel_turned_back
    exchange = await discord_session.command("film ending", MEMBER, film="La La Land")

    posted = next(sent for sent in exchange.sent if ENDING in shown(sent.data))
    assert not posted.ephemeral, "answered as a spoiler channel's, before the change"
    edit = exchange.sent[-1]
    assert edit.method == "PATCH" and edit.path.endswith("/messages/@original"), exchange.sent
    assert ENDING not in shown(edit.data)
    described = edit.data["embeds"][0]
    assert described["title"] == posted.data["embeds"][0]["title"]
    assert (ENDING in hidden_text(described["description"])) is wrapped


async def test_an_answer_whose_channel_still_shows_spoilers_is_left_as_sent(
    app: Epilogue, discord_session: Session
) -> None:
    await app.spoiler_rules.set_channel(
        moderator(), ChannelRef(TEXT_CHANNEL_ID, GUILD_ID), "spoilers"
    )
    exchange = await discord_session.command("film ending", MEMBER, film="La La Land")
    assert ENDING in shown(exchange.reply.data) and not exchange.reply.ephemeral
    assert len([sent for sent in exchange.sent if ENDING in shown(sent.data)]) == 1


@pytest.mark.parametrize(
    ("taken_first", "mode", "wrapped"),
    [(False, "standard", True), (True, "standard", True), (True, "no-spoilers", False)],
)
async def test_a_page_turned_as_the_channel_stopped_showing_spoilers_is_hidden_again(
    app: Epilogue,
    discord_session: Session,
    monkeypatch: pytest.MonkeyPatch,
    taken_first: bool,
    mode: str,
    wrapped: bool,
) -> None:
    """A page turn edits an open answer under the rules read at the press: a moderator's
    change while its edit is on its way finds the old page to hide, and the edit then puts
    the new one in the open. Taken first (the work past Discord's window: the press taken
    quietly, its edit sent to @original), it was never looked at again."""
    here = ChannelRef(TEXT_CHANNEL_ID, GUILD_ID)
    await app.spoiler_rules.set_channel(moderator(), here, "spoilers")
    racing = discord_session.discord
    assert isinstance(racing, RacingDiscord)
    asked = await discord_session.command("film ending", MEMBER, film="La La Land")
    assert not asked.reply.ephemeral and ENDING in shown(asked.reply.data)
    if taken_first:
        monkeypatch.setattr("client.slash.READY_WITHIN_S", 0)  # never ready in time
        press = app.press

        async def slow_press(*args: Any, **kwargs: Any) -> Any:
            for _ in range(3):  # turns of the loop: the window's timer goes off, the press taken
                await asyncio.sleep(0)
            return await press(*args, **kwargs)

        monkeypatch.setattr(app, "press", slow_press)

    async def channel_turned_back() -> None:
        await app.spoiler_rules.set_channel(moderator(), here, mode)

    racing.meanwhile = channel_turned_back
    next_page = next(i for i in asked.custom_ids() if i.startswith("epi:a:page:") and ":1:" in i)
    pressed = await discord_session.press(asked.message, next_page, MEMBER)

    assert pressed.first.callback_type == (DEFERRED_UPDATE_MESSAGE if taken_first else 7)
    assert any(ENDING in shown(sent.data) for sent in pressed.sent), pressed.sent
    last = pressed.sent[-1]
    assert ENDING not in shown(last.data), (
        "the page turned last stays open in a channel that stopped showing spoilers: "
        + str([(sent.method, sent.path) for sent in pressed.sent])
    )
    assert last.method == "PATCH" and last.path.endswith("/messages/@original"), pressed.sent
    assert (ENDING in hidden_text(last.data["embeds"][0]["description"])) is wrapped


ANNOUNCEMENT = 5


async def test_an_answer_sent_as_its_channel_became_an_announcement_channel_is_hidden_again(
    app: Epilogue, discord_session: Session
) -> None:
    """A spoiler channel made an announcement channel while an open answer is on its way:
    the sweep of the change finds nothing to hide yet, and what is posted may be published
    to every server following the channel, whose readers no rule asked."""
    here = ChannelRef(TEXT_CHANNEL_ID, GUILD_ID)
    await app.spoiler_rules.set_channel(moderator(), here, "spoilers")
    racing = discord_session.discord
    assert isinstance(racing, RacingDiscord)
    state = discord_session.bot._connection

    async def made_an_announcement_channel() -> None:
        state.parse_channel_update(replace(TEXT_CHANNEL, type=ANNOUNCEMENT).payload())
        await asyncio.sleep(0)  # the update's listeners run (their sweep finds nothing yet)

    racing.meanwhile = made_an_announcement_channel
    exchange = await discord_session.command("film ending", MEMBER, film="La La Land")

    posted = next(sent for sent in exchange.sent if ENDING in shown(sent.data))
    assert not posted.ephemeral, "answered as a spoiler channel's, before the change"
    last = exchange.sent[-1]
    assert ENDING not in shown(last.data), (
        "an ending stays open in an announcement channel: "
        + str([(sent.method, sent.path) for sent in exchange.sent])
    )


async def test_an_answer_whose_hiding_edit_failed_is_left_recorded_to_be_hidden_again(
    app: Epilogue, discord_session: Session
) -> None:
    """The edit that hides again an answer sent as its channel stopped showing spoilers is
    lost (a connection closed, a 5xx past its tries): the place is recorded for the minute's
    sweep (``client.rehiding.sweep_unfinished``), which reads it and hides it; before, the
    failure was only logged, and the change's own sweep had run already."""
    here = ChannelRef(TEXT_CHANNEL_ID, GUILD_ID)
    await app.spoiler_rules.set_channel(moderator(), here, "spoilers")
    racing = discord_session.discord
    assert isinstance(racing, RacingDiscord)

    async def channel_turned_back() -> None:
        await app.spoiler_rules.set_channel(moderator(), here, "no-spoilers")

    racing.meanwhile = channel_turned_back
    racing.edits_lost = True
    exchange = await discord_session.command("film ending", MEMBER, film="La La Land")

    assert any(ENDING in shown(sent.data) for sent in exchange.sent)
    (pending,) = await app.rehidings.of_guild(GUILD_ID)
    assert pending.places == {TEXT_CHANNEL_ID: True}, "withheld, as a no-spoilers channel's"
