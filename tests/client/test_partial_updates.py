"""Which MESSAGE_UPDATE events are read whole, and the bound on reading them."""

from __future__ import annotations

import pytest

from client.partial_updates import PartialUpdate, WholeMessages, in_part

WHOLE = {
    "id": "10",
    "channel_id": "20",
    "guild_id": "30",
    "type": 0,
    "content": "",
    "author": {"id": "40"},
}


def without(*keys: str) -> dict[str, object]:
    return {key: value for key, value in WHOLE.items() if key not in keys}


def test_a_whole_update_is_left_to_discord_py() -> None:
    assert in_part(WHOLE) is None


@pytest.mark.parametrize("missing", ["type", "content", "author"])
def test_an_update_without_what_discord_py_needs_is_read_whole(missing: str) -> None:
    assert in_part(without(missing)) == PartialUpdate(10, 20, 30)


def test_an_unfurl_as_discord_long_sent_it() -> None:
    unfurl = {"id": "10", "channel_id": "20", "guild_id": "30", "embeds": []}
    assert in_part(unfurl) == PartialUpdate(10, 20, 30)
    assert in_part({"id": "10", "channel_id": "20", "embeds": []}) == PartialUpdate(10, 20, None)


@pytest.mark.parametrize(
    "data", [{"channel_id": "20"}, {"id": "10"}, {"id": "x", "channel_id": "20"}, [], None]
)
def test_an_update_without_its_ids_is_left_to_discord_py_to_report(data: object) -> None:
    assert in_part(data) is None


def test_reads_are_bounded_per_server_and_overall() -> None:
    now = [0.0]
    whole = WholeMessages(per_guild=2, overall=3, clock=lambda: now[0])
    assert [whole._take_slot(1) for _ in range(3)] == [True, True, False]
    assert whole._take_slot(2) is True
    assert whole._take_slot(3) is False, "three in all this minute"
    now[0] = 60.0
    assert whole._take_slot(1) is True, "a minute later"
