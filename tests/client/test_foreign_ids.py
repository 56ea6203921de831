"""Gateway events and interactions naming ids no Discord payload holds (2**63 or more, or
negative) are refused where the client reads them, in one log line, never a traceback.

Both databases store ids as signed 64-bit integers: such an id reaching them raised (SQLite's
OverflowError, PostgreSQL's "out of int64 range"), and the guard's listener or the autocomplete
crashed with a traceback in the log. Commands, buttons and forms are refused by the core
(tests/bot/db/test_snowflake_range.py); these are the paths that reached storage before it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import client.tree
from bot.epilogue import Epilogue
from client.bot import EpilogueBot
from client.delivery import foreign_id_of, invocation_from
from client.foreign_ids import INTERACTION, _unsigned, foreign_ids, unreadable_ids
from client.slash import prepared
from tests.support.fake_discord import (
    GUILD_ID,
    MEMBER_ID,
    TEXT_CHANNEL_ID,
    THREAD_ID,
    Asker,
    Channel,
    FakeDiscord,
    Session,
    role_payload,
    settle,
    user_payload,
)

OUT_OF_RANGE = [2**63, 2**64 - 1, -1]


@pytest.fixture
async def guarded(app: Epilogue, fake_discord: FakeDiscord) -> AsyncIterator[Session]:
    """The bot with the spoiler guard on (it reads members' messages)."""
    app.config.discord.message_content = True
    session = await Session.start(fake_discord, EpilogueBot(app, warm=False))
    try:
        yield session
    finally:
        await session.close()


def _message(guild: int, channel: int, author: int) -> dict[str, Any]:
    return {
        "id": "600000000000000001",
        "channel_id": str(channel),
        "guild_id": str(guild),
        "type": 0,
        "content": "la la land: mia marries someone else",
        "author": user_payload(author),
        "member": {"roles": [], "joined_at": "2024-01-01T00:00:00+00:00"},
        "timestamp": "2026-12-07T12:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "components": [],
        "flags": 0,
    }


def _thread(guild: int, thread: int, parent: int) -> dict[str, Any]:
    return {
        "id": str(thread),
        "guild_id": str(guild),
        "parent_id": str(parent),
        "type": 11,
        "name": "la la land: mia marries someone else",
        "owner_id": str(MEMBER_ID),
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2026-12-07T12:00:00+00:00",
            "locked": False,
        },
        "message_count": 0,
        "member_count": 1,
        "rate_limit_per_user": 0,
    }


EVENTS: dict[str, Callable[[int], tuple[str, dict[str, Any]]]] = {
    "message, its server": lambda v: ("MESSAGE_CREATE", _message(v, TEXT_CHANNEL_ID, MEMBER_ID)),
    "message, its channel": lambda v: ("MESSAGE_CREATE", _message(GUILD_ID, v, MEMBER_ID)),
    "message, its author": lambda v: ("MESSAGE_CREATE", _message(GUILD_ID, TEXT_CHANNEL_ID, v)),
    "edit, its channel": lambda v: ("MESSAGE_UPDATE", _message(GUILD_ID, v, MEMBER_ID)),
    "edit, its server": lambda v: ("MESSAGE_UPDATE", _message(v, TEXT_CHANNEL_ID, MEMBER_ID)),
    "thread, its id": lambda v: ("THREAD_CREATE", _thread(GUILD_ID, v, TEXT_CHANNEL_ID)),
    "thread, its server": lambda v: ("THREAD_CREATE", _thread(v, THREAD_ID, TEXT_CHANNEL_ID)),
    "thread renamed": lambda v: ("THREAD_UPDATE", _thread(v, THREAD_ID, TEXT_CHANNEL_ID)),
    "reaction": lambda v: (
        "MESSAGE_REACTION_ADD",
        {
            "user_id": str(MEMBER_ID),
            "channel_id": str(TEXT_CHANNEL_ID),
            "message_id": "600000000000000001",
            "guild_id": str(v),
            "emoji": {"id": None, "name": "x"},
            "type": 0,
            "burst": False,
        },
    ),
    "channel changed": lambda v: (
        "CHANNEL_UPDATE",
        {**Channel(TEXT_CHANNEL_ID, "general").payload(), "guild_id": str(v)},
    ),
    "channel overwrite": lambda v: (
        "CHANNEL_UPDATE",
        {
            **Channel(TEXT_CHANNEL_ID, "general").payload(),
            "permission_overwrites": [{"id": str(v), "type": 0, "allow": "0", "deny": "1024"}],
        },
    ),
    "role changed": lambda v: (
        "GUILD_ROLE_UPDATE",
        {"guild_id": str(v), "role": role_payload(5, "x")},
    ),
    "member renamed": lambda v: (
        "GUILD_MEMBER_UPDATE",
        {
            "guild_id": str(v),
            "user": user_payload(MEMBER_ID),
            "nick": "la la land: mia marries someone else",
            "roles": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
        },
    ),
}


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("what", sorted(EVENTS))
async def test_a_gateway_event_naming_an_id_past_64_bits_is_refused_in_one_line(
    guarded: Session, caplog: pytest.LogCaptureFixture, what: str
) -> None:
    for value in OUT_OF_RANGE:
        caplog.clear()
        event, payload = EVENTS[what](value)
        with caplog.at_level(logging.INFO):
            guarded.bot._connection.parsers[event](payload)
            await settle()
        assert _tracebacks(caplog) == [], (what, value)
        refused = [r.getMessage() for r in caplog.records if "no Discord id" in r.getMessage()]
        assert len(refused) == 1 and event in refused[0] and str(value) in refused[0], refused


def _askers(value: int) -> dict[str, Asker]:
    return {
        "user": Asker(user_id=value),
        "role": Asker(roles=(value,)),
        "channel": Asker(channel=Channel(value, "general")),
    }


TYPED = [
    ("film ending", "film", {"film": "La La Land"}),
    ("film faq", "question", {"film": "La La Land"}),
]


async def test_autocomplete_from_an_id_past_64_bits_is_answered_in_one_line(
    discord_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """Typing a title is answered and may be worked out ahead (``client.slash._prepare_soon``):
    both read the member's settings and the server's rules from storage."""
    for value in OUT_OF_RANGE:
        for where, asker in _askers(value).items():
            for name, focused, options in TYPED:
                caplog.clear()
                data = discord_session.command_data(name, options, focused=focused)
                payload = discord_session.discord.interaction(4, data, asker)
                with caplog.at_level(logging.INFO):
                    exchange = await discord_session.dispatch(payload)
                    await asyncio.gather(*prepared(discord_session.bot), return_exceptions=True)
                    await settle()
                assert _tracebacks(caplog) == [], (value, where, name)
                refused = [
                    r.getMessage() for r in caplog.records if "no Discord id" in r.getMessage()
                ]
                assert len(refused) == 1 and str(value) in refused[0], (where, name, refused)
                if where == "role" and value < 0:
                    # discord.py cannot read the member (roles are unsigned): nothing to answer.
                    assert exchange.sent == [] and INTERACTION in refused[0], refused
                    continue
                # Someone is typing: they are told, in the one place autocomplete answers.
                (choice,) = exchange.first.data["choices"]
                assert "not an id Discord gives" in choice["name"], (where, name, choice)


ANY_ID_KEY = st.sampled_from(["id", "guild_id", "channel_id", "parent_id", "webhook_id"])
IN_RANGE = st.integers(0, 2**63 - 1)
PAST = st.one_of(st.integers(2**63, 2**70), st.integers(-(2**70), -1))


def _nest(key: str, value: object, depth: int) -> dict[str, Any]:
    payload: dict[str, Any] = {key: value}
    for level in range(depth):
        payload = {
            "content": "x",
            "items" if level % 2 else "author": [payload] if level % 2 else payload,
        }
    return payload


@given(key=ANY_ID_KEY, value=PAST, depth=st.integers(0, 4), as_text=st.booleans())
def test_an_id_out_of_range_is_found_at_any_depth(
    key: str, value: int, depth: int, as_text: bool
) -> None:
    sent = str(value) if as_text else value
    found = list(foreign_ids(_nest(key, sent, depth)))
    assert [value for _, value in found] == [sent]


@given(key=ANY_ID_KEY, value=IN_RANGE, depth=st.integers(0, 4), as_text=st.booleans())
def test_an_id_in_range_is_read_as_usual(key: str, value: int, depth: int, as_text: bool) -> None:
    assert list(foreign_ids(_nest(key, str(value) if as_text else value, depth))) == []


@pytest.mark.parametrize(
    "payload",
    [
        # Anyone's text that only looks like an id: another bot's button, a voice session.
        {"components": [{"type": 1, "components": [{"type": 2, "custom_id": "9" * 30}]}]},
        {"session_id": "1" * 32, "nonce": "-5"},
        {"activities": [{"party": {"id": "9" * 25}}]},
        # Not a number at all: discord.py's to read or report.
        {"id": "x", "guild_id": None, "channel_id": "", "parent_id": True},
    ],
)
def test_text_that_only_looks_like_an_id_is_left_alone(payload: dict[str, Any]) -> None:
    assert list(foreign_ids(payload)) == []


@pytest.mark.parametrize("key", ["roles", "mention_roles", "applied_tags", "role_ids"])
def test_a_list_of_ids_is_read_item_by_item(key: str) -> None:
    assert list(foreign_ids({key: ["1", str(2**63), "-3"]})) == [
        (f"{key}[1]", str(2**63)),
        (f"{key}[2]", "-3"),
    ]


def _unreadable_by_walk(data: Any) -> list[tuple[str, object]]:
    """``unreadable_ids`` as it was: the whole member walked (``foreign_ids``), its roles kept."""
    member = data.get("member") if isinstance(data, dict) else None
    found = foreign_ids(member, "member") if isinstance(member, dict) else ()
    return [(w, v) for w, v in found if w.startswith("member.roles[") and not _unsigned(v)]


UNREADABLE = [
    {"member": {"roles": ["1", "2"], "user": {"id": str(2**64)}}},
    {"member": {"roles": [str(2**64), "-3", 2**65, "x", None, True]}},
    {"member": {"roles": [{"id": str(2**64)}, str(2**64)], "nick": "a"}},
    {"member": {"roles": [[str(2**66)], {"tags": {"bot_id": "-5"}}, "7"]}},
    {"member": {"roles": "12"}},
    {"member": {"roles": None}},
    {"member": ["roles"]},
    {"user": {"id": str(2**64)}},
    ["member"],
]


@pytest.mark.parametrize("payload", UNREADABLE)
def test_unreadable_roles_are_found_as_the_whole_member_walk_found_them(payload: Any) -> None:
    """Only the member's roles are read now, not the whole member: the same ids, in order."""
    assert list(unreadable_ids(payload)) == _unreadable_by_walk(payload)


FOREIGN_ASKERS = {
    "in range": Asker(),
    "user": Asker(user_id=2**63),
    "role": Asker(roles=(5, 2**64 - 1)),
    "channel": Asker(channel=Channel(2**63 + 4, "general")),
    "thread": Asker(channel=Channel(THREAD_ID, "t", type=11, parent_id=TEXT_CHANNEL_ID)),
    "thread's parent": Asker(channel=Channel(THREAD_ID, "t", type=11, parent_id=2**63 + 9)),
    "dm": Asker(channel=None),
}


@pytest.mark.parametrize("who", sorted(FOREIGN_ASKERS))
async def test_a_keystrokes_foreign_id_is_the_invocations(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    """Typing is checked without building the ``Invocation`` (``foreign_id_of``): the id it
    finds is the one the invocation would name, wherever it is (or none)."""
    seen: list[tuple[int | None, int | None]] = []

    def both(interaction: Any) -> int | None:
        found = foreign_id_of(interaction)
        seen.append((found, invocation_from(interaction).foreign_id()))
        return found

    monkeypatch.setattr(client.tree, "foreign_id_of", both)
    # The tree's path (a plain keystroke is answered from its payload: ``client.film_keystrokes``,
    # whose ids ``tests/client/test_film_keystrokes.py`` checks against this path's).
    monkeypatch.setattr(discord_session.bot.film_keystrokes, "enabled", False)
    data = discord_session.command_data("film info", {"film": "La"}, focused="film")
    await discord_session.dispatch(
        discord_session.discord.interaction(4, data, FOREIGN_ASKERS[who])
    )
    await settle()
    ((found, expected),) = seen
    assert found == expected
    # (A thread whose parent discord.py does not hold has no parent read: none counts.)
    assert (found is not None) == (who in ("user", "role", "channel")), found
