"""A GUILD_DELETE saying the bot was removed drops the server only once Discord's API says
the bot has no access to it: a removal replayed after the bot was added back kept the guard
away from every message there."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from client.server_removals import leave_only_when_gone

SERVER = 42


class FakeState:
    def __init__(self, answer: BaseException | None) -> None:
        self.read: list[tuple[str, Any]] = []
        self.parsers = {
            "GUILD_DELETE": lambda data: self.read.append(("GUILD_DELETE", data)),
            "GUILD_CREATE": lambda data: self.read.append(("GUILD_CREATE", data)),
        }
        self.answer = answer
        self.asked = asyncio.Event()
        self.release = asyncio.Event()
        self.release.set()
        self.http = SimpleNamespace(get_guild=self.get_guild)

    async def get_guild(self, guild_id: int) -> dict[str, Any]:
        self.asked.set()
        await self.release.wait()
        if self.answer is not None:
            raise self.answer
        return {"id": str(guild_id)}

    def _get_guild(self, guild_id: int) -> object | None:
        return object() if guild_id == SERVER else None


def refused(status: int, code: int) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="refused")
    cls = discord.Forbidden if status == 403 else discord.NotFound
    if status >= 500:
        cls = discord.DiscordServerError
    return cls(response, {"code": code, "message": "refused"})  # type: ignore[arg-type]


async def deleted(state: FakeState, data: dict[str, Any]) -> None:
    checking = leave_only_when_gone(state)  # type: ignore[arg-type]
    state.parsers["GUILD_DELETE"](data)
    await asyncio.gather(*checking)


REMOVED = {"id": str(SERVER)}


@pytest.mark.parametrize(("status", "code"), [(403, 50001), (404, 10004)])
async def test_a_removal_discord_confirms_drops_the_server(status: int, code: int) -> None:
    state = FakeState(refused(status, code))
    await deleted(state, REMOVED)
    assert state.read == [("GUILD_DELETE", REMOVED)]


@pytest.mark.parametrize(
    "answer",
    [None, refused(404, 0), refused(503, 0), OSError("down")],
    ids=["still in it", "no such route", "server error", "no connection"],
)
async def test_a_removal_discord_does_not_confirm_keeps_the_server(
    answer: BaseException | None,
) -> None:
    state = FakeState(answer)
    await deleted(state, REMOVED)
    assert state.read == []


async def test_an_outage_and_an_unknown_server_are_read_at_once() -> None:
    state = FakeState(None)
    outage = {"id": str(SERVER), "unavailable": True}
    await deleted(state, outage)
    unknown = {"id": "7"}
    state.parsers["GUILD_DELETE"](unknown)
    assert state.read == [("GUILD_DELETE", outage), ("GUILD_DELETE", unknown)]
    assert not state.asked.is_set()


async def test_a_server_added_back_while_its_removal_was_checked_is_kept() -> None:
    state = FakeState(refused(403, 50001))
    state.release.clear()
    checking = leave_only_when_gone(state)  # type: ignore[arg-type]
    state.parsers["GUILD_DELETE"](REMOVED)
    await state.asked.wait()
    state.parsers["GUILD_CREATE"](REMOVED)
    state.release.set()
    await asyncio.gather(*checking)
    assert state.read == [("GUILD_CREATE", REMOVED)]
