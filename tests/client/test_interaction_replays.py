"""An interaction delivered again is read only as its first delivery was: the same member and
place, asking the same thing (``client.interaction_replays``)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from client.interaction_replays import FirstReadings

REVEAL = "epi:a:reveal:abc:1f:ending:-:0:w:11"


def _press() -> dict[str, Any]:
    return {
        "id": "1300000000000000001",
        "type": 3,
        "guild_id": "1",
        "channel_id": "10",
        "member": {"user": {"id": "11"}, "roles": []},
        "message": {"id": "500", "flags": 0},
        "data": {"custom_id": "epi:a:page:abc:1f:ending:-:1:w:11", "component_type": 2},
    }


def _command(payload: dict[str, Any]) -> None:
    payload["type"] = 2
    del payload["message"]
    payload["data"] = {"name": "film", "options": [{"name": "ending", "type": 1}]}


def test_the_same_delivery_again_is_read() -> None:
    readings = FirstReadings()
    assert readings.same_as_first(_press())
    again = _press()
    again["data"] = dict(reversed(list(again["data"].items())))  # laid out otherwise
    assert readings.same_as_first(again)


def _another_button(payload: dict[str, Any]) -> None:
    payload["data"]["custom_id"] = REVEAL


def _another_message(payload: dict[str, Any]) -> None:
    payload["message"]["id"] = "501"


def _a_press_for_the_command(payload: dict[str, Any]) -> None:
    payload["type"] = 3
    payload["message"] = {"id": "500", "flags": 0}
    payload["data"] = {"custom_id": REVEAL, "component_type": 2}


def _another_option(payload: dict[str, Any]) -> None:
    payload["data"]["options"][0]["options"] = [{"name": "private", "type": 5, "value": True}]


@pytest.mark.parametrize("change", [_another_button, _another_message])
def test_a_press_delivered_again_asking_something_else_is_not_read(
    change: Callable[[dict[str, Any]], None],
) -> None:
    readings = FirstReadings()
    assert readings.same_as_first(_press())
    changed = _press()
    change(changed)
    assert not readings.same_as_first(changed)
    assert readings.same_as_first(_press()), "the first reading is kept"


@pytest.mark.parametrize("change", [_a_press_for_the_command, _another_option])
def test_a_command_delivered_again_asking_something_else_is_not_read(
    change: Callable[[dict[str, Any]], None],
) -> None:
    readings = FirstReadings()
    first = _press()
    _command(first)
    assert readings.same_as_first(copy.deepcopy(first))
    change(first)
    assert not readings.same_as_first(first)


@pytest.mark.parametrize("odd", [2**64 + 1, "\ud800"], ids=["past 64 bits", "a lone surrogate"])
def test_a_value_json_writes_only_one_way_is_still_read_and_told_apart(odd: object) -> None:
    readings = FirstReadings()
    first = _press()
    first["data"]["values"] = [odd]
    assert readings.same_as_first(copy.deepcopy(first))
    assert readings.same_as_first(copy.deepcopy(first)), "the same again"
    first["data"]["values"] = [str(odd) + "0"]
    assert not readings.same_as_first(first)
