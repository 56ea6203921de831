"""Sharded running's settings: --shard-ids/--shard-count, the config keys, EPILOGUE_DISCORD_*."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.config import ConfigError, load_config
from bot.sharding import ShardSpecError, check_shards, parse_shard_ids, refuse_sqlite
from client.bot import EpilogueBot, ShardedEpilogueBot, make_bot
from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "ids"),
    [("0-3", [0, 1, 2, 3]), ("2", [2]), ("0,2,5", [0, 2, 5]), ("6-7, 0-1", [0, 1, 6, 7])],
)
def test_shard_ids_read_as_ranges_and_lists(text: str, ids: list[int]) -> None:
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize("text", ["", "a-b", "3-1", "-1", "0-"])
def test_unreadable_shard_ids_say_what_to_write(text: str) -> None:
    with pytest.raises(ShardSpecError, match=r"e\.g\. 0-3"):
        parse_shard_ids(text)


def test_shard_settings_are_checked_against_each_other() -> None:
    assert not check_shards(None, None).sharded
    assert check_shards([0, 1], 2).sharded
    with pytest.raises(ShardSpecError, match=r"needs discord\.shard_count"):
        check_shards([0], None)
    with pytest.raises(ShardSpecError, match="shard 4 does not exist when shard_count is 4"):
        check_shards([3, 4], 4)


def test_config_file_and_environment_name_the_shards(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("discord:\n  shard_ids: [0, 1]\n  shard_count: 2\n")
    config = load_config(str(path), {})
    assert (config.discord.shard_ids, config.discord.shard_count) == ([0, 1], 2)
    env = {"EPILOGUE_DISCORD_SHARD_IDS": "4-7", "EPILOGUE_DISCORD_SHARD_COUNT": "8"}
    config = load_config(str(path), env)
    assert (config.discord.shard_ids, config.discord.shard_count) == ([4, 5, 6, 7], 8)
    with pytest.raises(ConfigError, match=r"EPILOGUE_DISCORD_SHARD_IDS: discord.shard_ids"):
        load_config(str(path), {"EPILOGUE_DISCORD_SHARD_IDS": "x"})


def test_sharded_running_is_refused_on_sqlite_with_one_line() -> None:
    sharded = check_shards([0], 2)
    reason = refuse_sqlite(sharded, "sqlite+aiosqlite:///var/epilogue.db")
    assert reason is not None and "\n" not in reason and "PostgreSQL" in reason
    assert refuse_sqlite(sharded, "postgresql+asyncpg://u@h:5432/epilogue") is None
    assert refuse_sqlite(check_shards(None, None), "sqlite+aiosqlite:///x.db") is None


@pytest.mark.parametrize(("ids", "count"), [(None, 2), ([0, 1], 2), (None, 1), ([0], 1)])
def test_every_shard_in_one_process_runs_on_sqlite(ids: list[int] | None, count: int) -> None:
    """One process running every shard is one process, as SQLite serves (and as Epilogue runs
    itself when Discord requires sharding, gateway close 4011); it was refused."""
    assert refuse_sqlite(check_shards(ids, count), "sqlite+aiosqlite:///var/epilogue.db") is None


def test_run_takes_shards_as_the_shard_count() -> None:
    """``--shards N``, as other bots' runners name it: all N shards, in this process."""
    args = build_parser().parse_args(["run", "--shards", "2"])
    assert (args.shard_ids, args.shard_count) == (None, 2)


def test_run_command_refuses_shards_on_sqlite(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--shard-ids", "0-1", "--shard-count", "4"],
        cwd=tmp_path,
        env={
            "DISCORD_TOKEN": "token",
            "EPILOGUE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'e.db'}",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("epilogue: sharded running")
    assert not (tmp_path / "e.db").exists()  # refused before anything was opened


def test_run_accepts_the_flags() -> None:
    args = build_parser().parse_args(["run", "--shard-ids", "0-3", "--shard-count", "8"])
    assert (args.shard_ids, args.shard_count) == ("0-3", 8)


async def test_shards_in_the_config_make_an_auto_sharded_bot(tmp_path: Path) -> None:
    class Core:
        config = make_config(tmp_path)

    core = Core()
    plain = make_bot(core)  # type: ignore[arg-type]
    assert type(plain) is EpilogueBot
    core.config.discord.shard_ids, core.config.discord.shard_count = [1], 2
    sharded = make_bot(core)  # type: ignore[arg-type]
    assert isinstance(sharded, ShardedEpilogueBot)
    assert (sharded.shard_ids, sharded.shard_count) == ([1], 2)
    await plain.close()  # the sharded one never logged in: nothing of it to close


@pytest.mark.parametrize(
    ("discord", "flags", "named"),
    [
        ("  shard_ids: 0-3\n", [], ["{file}:4"]),
        ("  shard_ids: 0-3\n  shard_count: 2\n", [], ["{file}:4", "{file}:5"]),
        ("  shard_ids: 0-3\n", ["--shard-count", "3"], ["--shard-count", "{file}:4"]),
    ],
)
def test_contradicting_shard_settings_name_where_each_was_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    discord: str,
    flags: list[str],
    named: list[str],
) -> None:
    """Was: "--shard-ids/--shard-count: …" for settings written in the config file, sending the
    operator to look for flags they never gave."""
    from bot.cli import main

    file = tmp_path / "prod.yaml"
    file.write_text(
        f"database:\n  url: sqlite+aiosqlite:///{tmp_path / 'e.db'}\ndiscord:\n{discord}"
    )
    monkeypatch.setenv("DISCORD_TOKEN", "token")
    capsys.readouterr()

    assert main(["--config", str(file), "run", *flags]) == 2

    err = capsys.readouterr().err.strip().splitlines()
    where = ", ".join(place.format(file=file) for place in named)
    assert len(err) == 1 and err[0].startswith(f"epilogue: {where}: discord.shard"), err
    assert not (tmp_path / "e.db").exists()
