"""Discord's permission computation over REST objects (``client.server_permissions``)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import discord

from client.server_permissions import ALL, FAILED_AGE_S, SharedLookups, permissions_in

GUILD, BOT, MODS = "100", "200", "300"
VIEW = discord.Permissions(view_channel=True).value
WEBHOOKS = discord.Permissions(manage_webhooks=True).value
MESSAGES = discord.Permissions(manage_messages=True).value
HISTORY = discord.Permissions(read_message_history=True).value


def guild(everyone: int = VIEW, mods: int = 0, owner: str = "1") -> dict[str, Any]:
    roles = [{"id": GUILD, "permissions": str(everyone)}, {"id": MODS, "permissions": str(mods)}]
    return {"id": GUILD, "owner_id": owner, "roles": roles}


def member(*roles: str, timed_out_until: str | None = None) -> dict[str, Any]:
    return {
        "user": {"id": BOT},
        "roles": list(roles),
        "communication_disabled_until": timed_out_until,
    }


def overwrite(id_: str, kind: int, allow: int = 0, deny: int = 0) -> dict[str, Any]:
    return {"id": id_, "type": kind, "allow": str(allow), "deny": str(deny)}


def test_roles_add_up_and_everyone_counts() -> None:
    assert permissions_in(guild(mods=WEBHOOKS), member(MODS), []) == VIEW | WEBHOOKS
    assert permissions_in(guild(mods=WEBHOOKS), member(), []) == VIEW


def test_the_owner_and_an_administrator_may_do_everything_whatever_the_channel_says() -> None:
    deny_all = [overwrite(BOT, 1, deny=ALL)]
    assert permissions_in(guild(owner=BOT), member(), deny_all) == ALL
    admin = discord.Permissions(administrator=True).value
    assert permissions_in(guild(mods=admin), member(MODS), deny_all) == ALL


def test_overwrites_apply_everyone_then_roles_then_the_member() -> None:
    got = guild(mods=WEBHOOKS | MESSAGES)
    everyone_denies = [overwrite(GUILD, 0, deny=WEBHOOKS)]
    assert permissions_in(got, member(), everyone_denies) == VIEW
    # A role's allow outweighs @everyone's deny; the member's deny outweighs both.
    role_allows = [*everyone_denies, overwrite(MODS, 0, allow=WEBHOOKS)]
    assert permissions_in(got, member(MODS), role_allows) & WEBHOOKS
    member_denies = [*role_allows, overwrite(BOT, 1, deny=WEBHOOKS)]
    assert not permissions_in(got, member(MODS), member_denies) & WEBHOOKS


def test_a_channel_one_cannot_see_grants_nothing() -> None:
    hidden = [overwrite(GUILD, 0, deny=VIEW)]
    assert permissions_in(guild(mods=WEBHOOKS | MESSAGES), member(MODS), hidden) == 0


def test_a_timed_out_member_keeps_only_reading() -> None:
    until = (discord.utils.utcnow() + timedelta(minutes=5)).isoformat()
    everyone = VIEW | HISTORY
    got = permissions_in(guild(everyone, mods=WEBHOOKS), member(MODS, timed_out_until=until), [])
    assert got == VIEW | HISTORY
    past = (discord.utils.utcnow() - timedelta(minutes=5)).isoformat()
    assert (
        permissions_in(guild(everyone, mods=WEBHOOKS), member(MODS, timed_out_until=past), [])
        & WEBHOOKS
    )


async def test_lookups_are_shared_remembered_and_a_refusal_not_asked_again_at_once() -> None:
    now = [0.0]
    lookups: SharedLookups[str, dict[str, Any]] = SharedLookups(8, clock=lambda: now[0])
    asked: list[str] = []

    async def found() -> dict[str, Any]:
        asked.append("found")
        await asyncio.sleep(0)
        return {"id": "1"}

    async def refused() -> dict[str, Any]:
        asked.append("refused")
        raise discord.Forbidden(FakeResponse(403), {"code": 50001, "message": "Missing Access"})

    first, second = await asyncio.gather(lookups.get("a", found), lookups.get("a", found))
    assert first == second == {"id": "1"} and asked == ["found"], "two asks, one lookup"
    assert await lookups.get("a", found) == {"id": "1"} and asked == ["found"]
    assert await lookups.get("b", refused) is None
    assert await lookups.get("b", refused) is None and asked == ["found", "refused"]
    now[0] += FAILED_AGE_S + 1
    assert await lookups.get("b", refused) is None and asked.count("refused") == 2
    lookups.forget("a")
    await lookups.get("a", found)
    assert asked.count("found") == 2, "forgotten: asked again"


class FakeResponse:
    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "Forbidden"
