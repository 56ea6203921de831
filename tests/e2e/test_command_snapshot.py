"""What Epilogue registers with Discord, compared with ``command_snapshot.json``.

A change to a command's name, options, permissions or contexts changes what every server sees, so
it must be deliberate: regenerate the snapshot and review its diff.

    EPILOGUE_UPDATE_SNAPSHOT=1 uv run pytest tests/e2e -k snapshot
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from bot.command_table import Access, command_table, message_commands
from tests.e2e.harness import MANAGE_GUILD, BotProcess, FilmClub
from tests.standin import StandinServer
from tests.standin.world import MANAGE_MESSAGES

SNAPSHOT = Path(__file__).with_name("command_snapshot.json")
UPDATE = os.environ.get("EPILOGUE_UPDATE_SNAPSHOT") == "1"


def synced(standin: StandinServer) -> list[dict[str, Any]]:
    (put,) = standin.requests_to("PUT", r"/applications/\d+/commands")
    return put.json


def leaf_names(commands: list[dict[str, Any]]) -> set[str]:
    """``"film ending"``, ``"spoilers on"``, …: every command a member can type."""
    names = set()
    for command in commands:
        subcommands = [o for o in command.get("options", []) if o["type"] == 1]
        names |= {f"{command['name']} {o['name']}" for o in subcommands} or {command["name"]}
    return names


def assert_matches_snapshot(payload: list[dict[str, Any]]) -> None:
    expected = json.loads(SNAPSHOT.read_text())
    assert [c["name"] for c in payload] == [c["name"] for c in expected]
    for command, snapshot in zip(payload, expected, strict=True):
        assert command == snapshot, (
            f"/{command['name']} differs from {SNAPSHOT.name}; if intended, regenerate it with"
            " EPILOGUE_UPDATE_SNAPSHOT=1 uv run pytest tests/e2e -k snapshot"
        )


@pytest.mark.usefixtures("bot")
def test_sync_payload_matches_the_snapshot(standin: StandinServer) -> None:
    payload = synced(standin)
    if UPDATE:
        SNAPSHOT.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    assert_matches_snapshot(payload)


@pytest.mark.slow  # the `epilogue sync` process
async def test_epilogue_sync_registers_the_same_commands(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """The operator's ``epilogue sync``, as its own process, sends exactly the snapshot."""
    cli = BotProcess(standin, tmp_path / "epilogue.db", people.owner, tmp_path / "sync.log")

    code, output = await cli.cli("sync")

    assert code == 0, output
    payload = synced(standin)
    assert f"Registered {len(payload)} slash command(s) globally" in output
    assert_matches_snapshot(payload)
    assert standin.global_commands and standin.gateway.identify_count == 0


@pytest.mark.usefixtures("bot")
def test_every_table_command_is_registered(standin: StandinServer) -> None:
    registered = leaf_names(synced(standin))

    assert set(command_table()) <= registered
    menus = {spec.name for spec in message_commands()}
    assert registered - set(command_table()) == {"epilogue sync", *menus}


@pytest.mark.usefixtures("bot")
def test_default_permissions_hide_what_members_cannot_use(standin: StandinServer) -> None:
    by_name = {c["name"]: c for c in synced(standin)}
    table = command_table()
    access = {spec.path[0]: set() for spec in table.values()}
    for spec in table.values():
        access[spec.path[0]].add(spec.access)

    for group in ("film", "spoilers"):
        assert access[group] == {Access.MEMBER}
        assert by_name[group].get("default_member_permissions") is None
    assert int(by_name["spoiler-rules"]["default_member_permissions"]) == MANAGE_MESSAGES
    assert int(by_name["film-admin"]["default_member_permissions"]) in {
        MANAGE_GUILD,
        1 << 3,  # Administrator
    }
    assert int(by_name["epilogue"]["default_member_permissions"]) == 1 << 3
    for group in ("spoiler-rules", "film-admin", "epilogue"):
        command = by_name[group]
        assert command.get("contexts") == [0] or command.get("dm_permission") is False, group
