"""Users and members in REST answers completed as discord.py requires (``client.answer_people``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.client.test_answer_files import _read

USER = {"id": "1", "username": "mia", "global_name": "Mia"}
MEMBER = {"roles": ["5"], "joined_at": "2026-01-01T00:00:00+00:00", "user": USER}
AS_DISCORD = {"discriminator": "0", "avatar": None}


@pytest.mark.parametrize(
    ("answer", "completed"),
    [
        # GET /users/@me, the bot's own user at login (discord.py could not log in at all).
        (USER, lambda read: [read]),
        # GET /guilds/{id}/members/{id}, and a list of them.
        (MEMBER, lambda read: [read["user"]]),
        ([MEMBER], lambda read: [read[0]["user"]]),
        # A message read from Discord: its author, its mentions, the message it replies to.
        (
            {
                "id": "2",
                "content": "hi",
                "author": USER,
                "mentions": [USER],
                "referenced_message": {"id": "3", "content": "", "author": USER},
            },
            lambda read: [
                read["author"],
                read["mentions"][0],
                read["referenced_message"]["author"],
            ],
        ),
        # A DM opened (its recipients), webhooks listed (their user), the application's owner.
        ({"id": "4", "type": 1, "recipients": [USER]}, lambda read: read["recipients"]),
        ([{"id": "5", "type": 1, "user": USER}], lambda read: [read[0]["user"]]),
        ({"id": "6", "name": "Epilogue", "owner": USER}, lambda read: [read["owner"]]),
    ],
    ids=["own-user", "member", "members", "message", "dm", "webhooks", "application"],
)
async def test_every_user_a_rest_answer_describes_is_completed(answer: Any, completed: Any) -> None:
    read = await _read(answer)

    for user in completed(read):
        assert {**user, **AS_DISCORD} == user, user
        assert user["global_name"] == "Mia"


async def test_a_member_is_given_flags_and_what_discord_sent_is_kept() -> None:
    sent = {**MEMBER, "flags": 2, "user": {**USER, "discriminator": "7", "avatar": "a1"}}

    assert await _read({**MEMBER, "user": dict(USER)}) == {
        **MEMBER,
        "flags": 0,
        "user": {**USER, **AS_DISCORD},
    }
    assert await _read(sent) == sent


@pytest.mark.parametrize(
    "answer",
    [
        {**USER, "discriminator": "0"},
        {"id": "2", "content": "hi", "author": {**USER, "discriminator": "0"}, "mentions": []},
    ],
    ids=["own-user", "message"],
)
async def test_a_user_without_its_null_avatar_alone_is_completed(answer: Any) -> None:
    """A serializer that omits nulls sends a user's ``discriminator`` but no ``avatar``
    (nullable, required): the screen counted discriminators only, discord.py failed on it, and
    at ``GET /users/@me`` the bot never logged in."""
    read = await _read(answer)

    user = read.get("author", read)
    assert user["avatar"] is None and user["discriminator"] == "0"


@pytest.mark.parametrize("answer", [MEMBER, [MEMBER]], ids=["member", "members"])
async def test_a_member_without_its_empty_roles_is_completed(answer: Any) -> None:
    """``GET /guilds/{id}/members/{id}`` answered without ``roles`` (an empty list a serializer
    left out): discord.py failed on it, and Hide as spoiler of a member's message failed
    ('Something went wrong')."""
    without_roles = {key: value for key, value in MEMBER.items() if key != "roles"}
    sent = [without_roles] if isinstance(answer, list) else without_roles

    read = await _read(sent)

    for member in read if isinstance(read, list) else [read]:
        assert member["roles"] == [] and member["flags"] == 0
