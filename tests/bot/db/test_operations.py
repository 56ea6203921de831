"""``epilogue db``: current, upgrade, downgrade (refused when it drops data), backup, restore."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import cli
from bot.db.engine import SCHEMA_HEAD, create_engine, migrate

# Named, so a later migration that adds settings columns leaves these rows valid.
SETTINGS_COLUMNS = (
    "(guild_id, default_mode, optin_enabled, optin_role_id, moderator_role_id, cooldown_seconds)"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EPILOGUE_CONFIG", raising=False)
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'e.db'}")
    return tmp_path


def epilogue(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out.strip(), captured.err.strip()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def with_a_rule(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO guild_settings (guild_id, default_mode, optin_enabled,"
            " optin_role_id, moderator_role_id, cooldown_seconds)"
            " VALUES (1, 'spoilers', 1, NULL, NULL, 0)"
        )


def test_current_and_upgrade(tmp_path: Path, capsys) -> None:
    # No file yet: said so (exit 2), and nothing is created by asking.
    code, _out, err = epilogue(capsys, "db", "current")
    assert code == 2 and "no database" in err
    assert epilogue(capsys, "db", "upgrade", "0002")[:2] == (0, "at revision 0002")
    assert (
        epilogue(capsys, "db", "current")[1]
        == f"0002 (head is {SCHEMA_HEAD}): run epilogue db upgrade"
    )
    assert epilogue(capsys, "db", "upgrade")[:2] == (0, f"at revision {SCHEMA_HEAD}")
    assert epilogue(capsys, "db", "current")[1] == f"{SCHEMA_HEAD} (head)"


def test_upgrade_to_an_older_revision_says_so_instead_of_doing_nothing(
    tmp_path: Path, capsys
) -> None:
    # As downgrade refuses a newer revision: "at revision 0008" with exit 0 read as done.
    epilogue(capsys, "db", "upgrade")
    code, out, err = epilogue(capsys, "db", "upgrade", "0002")
    assert (code, out) == (2, "")
    assert err == (
        f"epilogue: the database is at {SCHEMA_HEAD}: upgrade goes to a newer revision, not 0002"
        " (to go back: epilogue db downgrade 0002)"
    )
    assert epilogue(capsys, "db", "upgrade", SCHEMA_HEAD)[:2] == (0, f"at revision {SCHEMA_HEAD}")


def test_downgrade_that_drops_data_is_refused_and_changes_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.db"
    epilogue(capsys, "db", "upgrade")
    with_a_rule(path)
    code, _, err = epilogue(capsys, "db", "downgrade", "0001")
    assert code == 2
    assert "1 row(s) of guild_settings" in err and "--yes-drop-data" in err
    assert rows(path, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    assert rows(path, "SELECT guild_id FROM guild_settings") == [(1,)]
    index = rows(path, "SELECT name FROM sqlite_master WHERE name = 'ix_sections_film_kind'")
    assert index == [("ix_sections_film_kind",)]  # the 0003 step was rolled back too


def test_downgrade_without_data_at_stake_runs(tmp_path: Path, capsys) -> None:
    epilogue(capsys, "db", "upgrade")
    assert epilogue(capsys, "db", "downgrade", "0002")[:2] == (0, "at revision 0002")
    assert epilogue(capsys, "db", "downgrade", "0001")[:2] == (0, "at revision 0001")


def test_downgrade_with_yes_drop_data(tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.db"
    epilogue(capsys, "db", "upgrade")
    with_a_rule(path)
    code, out, _ = epilogue(capsys, "db", "downgrade", "0001", "--yes-drop-data")
    assert code == 0 and "deleted 1 row(s) of guild_settings" in out
    assert rows(path, "SELECT version_num FROM alembic_version") == [("0001",)]


def test_backup_while_running_holds_what_is_still_in_the_wal(tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.db"

    async def running_bot() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await migrate(engine)
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO reader_settings VALUES (7, 1, '2026-01-01 00:00:00')")
            )
        # The engine stays open (no checkpoint at close): the row is only in the WAL.
        code, out, _ = await asyncio.to_thread(epilogue, capsys, "db", "backup", "copy.db")
        assert code == 0 and out.startswith("backed up")
        await engine.dispose()

    asyncio.run(running_bot())
    assert rows(tmp_path / "copy.db", "SELECT user_id FROM reader_settings") == [(7,)]
    assert rows(tmp_path / "copy.db", "PRAGMA journal_mode") == [("delete",)]


def test_backup_into_a_folder_not_made_yet_makes_it(tmp_path: Path, capsys) -> None:
    # The README's own example writes to backups/epilogue-DATE.db on a first backup.
    epilogue(capsys, "db", "upgrade")
    code, out, err = epilogue(capsys, "db", "backup", "backups/daily/epilogue.db")
    assert (code, err) == (0, "") and out.startswith("backed up")
    assert rows(tmp_path / "backups/daily/epilogue.db", "SELECT count(*) FROM alembic_version")


def test_backup_under_a_file_says_so(tmp_path: Path, capsys) -> None:
    epilogue(capsys, "db", "upgrade")
    (tmp_path / "notes").write_text("not a folder")
    code, _, err = epilogue(capsys, "db", "backup", "notes/copy.db")
    assert code == 2 and "notes/copy.db: cannot be written" in err


def test_restore_brings_back_a_backup_and_keeps_the_replaced_content(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "e.db"
    epilogue(capsys, "db", "upgrade")
    with_a_rule(path)
    assert epilogue(capsys, "db", "backup", "copy.db")[0] == 0
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM guild_settings")
    code, out, _ = epilogue(capsys, "db", "restore", "copy.db")
    assert code == 0 and "before-restore" in out
    assert rows(path, "SELECT guild_id FROM guild_settings") == [(1,)]
    assert rows(tmp_path / "e.db.before-restore", "SELECT count(*) FROM guild_settings") == [(0,)]


def test_restore_of_an_older_backup_upgrades_it(tmp_path: Path, capsys) -> None:
    epilogue(capsys, "db", "upgrade", "0001")
    epilogue(capsys, "db", "backup", "old.db")
    epilogue(capsys, "db", "upgrade")
    assert epilogue(capsys, "db", "restore", "old.db")[0] == 0
    assert epilogue(capsys, "db", "current")[1] == f"{SCHEMA_HEAD} (head)"


def test_restore_refuses_a_newer_schema_and_changes_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.db"
    epilogue(capsys, "db", "upgrade")
    epilogue(capsys, "db", "backup", "new.db")
    with sqlite3.connect(tmp_path / "new.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '0999'")
    with_a_rule(path)
    code, _, err = epilogue(capsys, "db", "restore", "new.db")
    assert code == 2 and "newer Epilogue" in err and "0999" in err and len(err.splitlines()) == 1
    assert rows(path, "SELECT guild_id FROM guild_settings") == [(1,)]


def test_restore_refuses_a_file_that_is_not_an_epilogue_database(tmp_path: Path, capsys) -> None:
    epilogue(capsys, "db", "upgrade")
    (tmp_path / "junk.db").write_text("junk" * 1000)
    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE t (x)")
    for name, expected in (("junk.db", "not an SQLite database"), ("other.db", "not an Epilogue")):
        code, _, err = epilogue(capsys, "db", "restore", name)
        assert code == 2 and expected in err, err


def test_refused_downgrade_changes_nothing_on_either_database(
    database_url: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", database_url)
    epilogue(capsys, "db", "upgrade")

    async def count_rules(insert: bool) -> int:
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                if insert:
                    await connection.execute(
                        text(
                            "INSERT INTO guild_settings"
                            f" {SETTINGS_COLUMNS} VALUES (1, 'spoilers', true, NULL, NULL, 0)"
                        )
                    )
                return int(await connection.scalar(text("SELECT count(*) FROM guild_settings")))
        finally:
            await engine.dispose()

    assert asyncio.run(count_rules(insert=True)) == 1
    code, _, err = epilogue(capsys, "db", "downgrade", "0001")
    assert code == 2 and "1 row(s) of guild_settings" in err
    assert asyncio.run(count_rules(insert=False)) == 1
    assert epilogue(capsys, "db", "current")[1] == f"{SCHEMA_HEAD} (head)"


def test_backup_on_postgresql_points_to_pg_dump(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", "postgresql+asyncpg://u@127.0.0.1:5432/epilogue")
    for verb in ("backup", "restore"):
        code, _, err = epilogue(capsys, "db", verb, "copy.db")
        assert code == 2 and "pg_dump" in err and len(err.splitlines()) == 1


def test_backup_over_an_existing_file_is_refused_unless_forced(tmp_path: Path, capsys) -> None:
    """A second backup under yesterday's name would silently destroy the only good copy."""
    path = tmp_path / "e.db"
    epilogue(capsys, "db", "upgrade")
    assert epilogue(capsys, "db", "backup", "copy.db")[0] == 0
    with_a_rule(path)
    code, _, err = epilogue(capsys, "db", "backup", "copy.db")
    assert code == 2 and "copy.db: already exists" in err and "--force" in err
    assert rows(tmp_path / "copy.db", "SELECT count(*) FROM guild_settings") == [(0,)]  # kept
    code, out, err = epilogue(capsys, "db", "backup", "copy.db", "--force")
    assert (code, err) == (0, "") and out.startswith("backed up")
    assert rows(tmp_path / "copy.db", "SELECT guild_id FROM guild_settings") == [(1,)]
