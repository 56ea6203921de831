"""Which interactions name two places (``client.interaction_places.disagreement``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from client.interaction_places import disagreement

CLUB, OTHER, GENERAL, SPOILERS, LOBBY = 1, 2, 10, 11, 20


@dataclass
class _Guild:
    id: int
    channels: set[int] = field(default_factory=set)

    def _resolve_channel(self, channel_id: int) -> object | None:
        return object() if channel_id in self.channels else None


class _State:
    """What ``disagreement`` reads of discord.py's ``ConnectionState``."""

    def __init__(self, *guilds: _Guild) -> None:
        self.guilds = list(guilds)

    def _get_guild(self, guild_id: int) -> _Guild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)


STATE = _State(_Guild(CLUB, {GENERAL, SPOILERS}), _Guild(OTHER, {LOBBY}))


def _command(**fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "99",
        "type": 2,
        "guild_id": str(CLUB),
        "channel_id": str(GENERAL),
        "channel": {"id": str(GENERAL), "guild_id": str(CLUB), "type": 0},
    }
    payload.update(fields)
    return payload


@pytest.mark.parametrize(
    "payload",
    [
        _command(),
        _command(guild={"id": str(CLUB), "locale": "en-US"}),
        _command(channel_id=GENERAL, guild_id=CLUB),  # ids as numbers
        _command(channel={"id": str(GENERAL)}),  # described in part
        {k: v for k, v in _command().items() if k != "channel"},  # named by id alone
        _command(guild_id=str(OTHER), channel={"id": "555"}, channel_id="555"),  # not held
        _command(message={"id": "5", "flags": 64}),  # a press's message in part
        _command(message={"id": "5", "channel_id": str(GENERAL)}),
        # A thread's starter message, used in the thread it started (the thread's id is its).
        _command(channel_id="5", channel={"id": "5"}, message={"id": "5", "channel_id": "10"}),
        _command(data={"type": 3, "resolved": {"messages": {"5": {"id": "5"}}}}),  # in part
        _command(data={"type": 1, "resolved": {"messages": {"5": {"channel_id": "7"}}}}),
        {"id": "9", "type": 2, "channel_id": "7", "channel": {"id": "7", "type": 1}},  # a DM
    ],
)
def test_one_place_is_no_disagreement(payload: dict[str, Any]) -> None:
    assert disagreement(STATE, payload) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        (_command(guild_id=str(OTHER)), "channel 10 of server 1"),
        (_command(guild={"id": str(OTHER)}), "server 1, and server 2"),
        (
            _command(guild_id=str(OTHER), channel={"id": str(GENERAL), "guild_id": str(OTHER)}),
            "channel 10 of server 1",
        ),
        (_command(channel={"id": str(SPOILERS), "guild_id": str(CLUB)}), "channel 11"),
        (_command(message={"id": "5", "channel_id": str(SPOILERS)}), "a message of channel 11"),
        (
            _command(
                type=2,
                data={
                    "type": 3,
                    "target_id": "5",
                    "resolved": {"messages": {"5": {"id": "5", "channel_id": str(SPOILERS)}}},
                },
            ),
            "a message of channel 11",
        ),
    ],
)
def test_two_places_are_named(payload: dict[str, Any], named: str) -> None:
    why = disagreement(STATE, payload)  # type: ignore[arg-type]
    assert why is not None and named in why
