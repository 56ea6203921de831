"""Members' names read once per name and catalog (``client.member_names.MemberNames``)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot.features.spoiler.guard import Verdict
from client import member_names
from client.member_names import MemberNames, NameSeen


async def test_a_name_that_named_no_film_is_read_again_once_the_films_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A nickname naming no film was kept as read for good: a film added (or given an alias)
    later, whose ending that nickname tells, was never looked for in it, and the member list
    went on showing it over every message the member sent."""
    read: list[NameSeen] = []

    async def guard(client: Any, seen: NameSeen) -> Verdict:
        read.append(seen)
        return Verdict(False, "names no film", final=True)

    monkeypatch.setattr(member_names, "guard_member_name", guard)
    catalog = SimpleNamespace(generation=1)
    client: Any = SimpleNamespace(app=SimpleNamespace(catalog=catalog))
    names = MemberNames()
    seen = NameSeen(guild_id=1, user_id=2, nick="the keeper drowns", global_name="ann", bot=False)

    await names.saw(client, seen)
    await names.saw(client, seen)
    assert len(read) == 1  # the same name against the same films: read once

    catalog.generation = 2  # a film imported
    await names.saw(client, seen)
    await names.saw(client, seen)
    assert len(read) == 2
