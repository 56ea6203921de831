"""Users and members completed as discord.py requires, and nothing else touched."""

from __future__ import annotations

import copy
from typing import Any

from client.people_fields import asker_as_member, people_completed

USER = {"id": "1", "username": "mia"}
MEMBER = {"roles": ["5"], "joined_at": None}


def test_every_user_and_member_an_event_nests_is_completed() -> None:
    event: dict[str, Any] = {
        "member": {**MEMBER, "user": dict(USER)},
        "channel": {"id": "9", "type": 1, "recipients": [dict(USER)]},
        "data": {"resolved": {"users": {"1": dict(USER)}, "members": {"1": dict(MEMBER)}}},
        "message": {"author": dict(USER), "mentions": [{**USER, "member": dict(MEMBER)}]},
        "members": [{**MEMBER, "user": dict(USER)}],
    }
    people_completed(event)

    users = [
        event["member"]["user"],
        event["channel"]["recipients"][0],
        event["data"]["resolved"]["users"]["1"],
        event["message"]["author"],
        event["message"]["mentions"][0],
        event["members"][0]["user"],
    ]
    members = [
        event["member"],
        event["data"]["resolved"]["members"]["1"],
        event["message"]["mentions"][0]["member"],
        event["members"][0],
    ]
    assert all(u["discriminator"] == "0" and u["avatar"] is None for u in users)
    assert all(m["flags"] == 0 and m["roles"] == ["5"] for m in members)


def test_partial_users_embeds_and_sent_fields_are_left_as_sent() -> None:
    event: dict[str, Any] = {
        "user": {"id": "1"},  # a presence's partial user: discord.py reads it as partial
        "embeds": [{"author": {"name": "Cinemablend", "username": "x", "id": "2"}}],
        "author": {**USER, "discriminator": "1234", "avatar": "abc"},
        "member": {**MEMBER, "flags": 2},
    }
    sent = copy.deepcopy(event)
    people_completed(event)

    assert event == sent


def test_an_asker_in_a_server_sent_as_a_user_alone_is_read_as_a_member_of_no_roles() -> None:
    in_server: dict[str, Any] = {"guild_id": "7", "user": dict(USER)}
    in_dm: dict[str, Any] = {"user": dict(USER)}
    as_member: dict[str, Any] = {"guild_id": "7", "member": {**MEMBER, "user": dict(USER)}}
    kept = copy.deepcopy([in_dm, as_member])

    for interaction in (in_server, in_dm, as_member):
        asker_as_member(interaction)

    assert in_server["member"]["user"] == USER and in_server["member"]["roles"] == []
    assert "permissions" not in in_server["member"]  # worked out from the server, never more
    assert [in_dm, as_member] == kept
