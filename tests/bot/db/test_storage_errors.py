"""Every storage fault an operator can meet is one line on stderr, with what to do, exit 2."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot import cli
from bot.db import engine as db_engine
from bot.db.storage_errors import where
from tests.conftest import FILMS

FAULT_EXIT = 2


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, *argv: str
) -> tuple[int, list[str]]:
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", url)
    monkeypatch.setenv("EPILOGUE_CONTENT_LOAD_ON_START", "false")
    capsys.readouterr()
    code = cli.main(list(argv))
    return code, capsys.readouterr().err.splitlines()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def one_line(lines: list[str], *expected: str) -> str:
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("epilogue: ")
    for part in expected:
        assert part in line, (part, line)
    assert "Traceback" not in line
    return line


def built(path: Path, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch) -> Path:
    code, _ = run(capsys, mp, sqlite_url(path), "db", "upgrade")
    assert code == 0
    return path


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./config.yaml from the checkout
    monkeypatch.delenv("EPILOGUE_CONFIG", raising=False)


def test_not_a_database(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n" * 100)
    for argv in (("console", "-c", "/film list"), ("db", "current"), ("check-db",)):
        code, lines = run(capsys, monkeypatch, sqlite_url(path), *argv)
        assert code == FAULT_EXIT
        one_line(lines, str(path), "not an SQLite database", "epilogue db restore")


def test_damage_in_the_middle_is_found_by_check_db(tmp_path: Path, capsys, monkeypatch) -> None:
    path = built(tmp_path / "e.db", capsys, monkeypatch)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE filler (x TEXT)")
        db.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with path.open("r+b") as file:
        # Page 2 onward, past the header: the file still opens, only a check finds it.
        file.seek(size // 2 // 4096 * 4096)
        file.write(b"\xa5" * 4096)
    assert run(capsys, monkeypatch, sqlite_url(path), "db", "current")[0] == 0
    code, lines = run(capsys, monkeypatch, sqlite_url(path), "check-db")
    assert code == FAULT_EXIT
    one_line(lines, str(path), "damaged", "epilogue db restore")


def test_sound_database_passes_check_db(tmp_path: Path, capsys, monkeypatch) -> None:
    path = built(tmp_path / "e.db", capsys, monkeypatch)
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", sqlite_url(path))
    assert cli.main(["check-db"]) == 0
    assert f"ok (schema revision {db_engine.SCHEMA_HEAD})" in capsys.readouterr().out


def test_read_only(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "e.db"
    # At 0002 an upgrade is due, so the start must write.
    assert run(capsys, monkeypatch, sqlite_url(path), "db", "upgrade", "0002")[0] == 0
    url = f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"
    code, lines = run(capsys, monkeypatch, url, "console", "-c", "/film list")
    assert code == FAULT_EXIT
    one_line(lines, "read-only", "writable")


def test_path_is_a_directory(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = tmp_path / "var"
    folder.mkdir()
    code, lines = run(capsys, monkeypatch, sqlite_url(folder), "console", "-c", "/film list")
    assert code == FAULT_EXIT
    one_line(lines, str(folder), "is a directory", str(folder / "epilogue.db"))


def test_newer_schema_revision(tmp_path: Path, capsys, monkeypatch) -> None:
    path = built(tmp_path / "e.db", capsys, monkeypatch)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0999'")
    for argv in (("console", "-c", "/film list"), ("db", "upgrade"), ("db", "current")):
        code, lines = run(capsys, monkeypatch, sqlite_url(path), *argv)
        assert code == FAULT_EXIT
        one_line(lines, str(path), "newer Epilogue", "0999", db_engine.SCHEMA_HEAD)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "not a database URL"),
        ("sqlite+nosuchdriver:///x.db", "needs Epilogue's async driver"),
        ("sqlite:///x.db", "needs Epilogue's async driver"),  # a synchronous driver
    ],
)
def test_bad_url_or_missing_driver(url: str, expected: str, capsys, monkeypatch) -> None:
    for argv in (("console", "-c", "/film list"), ("db", "current")):
        code, lines = run(capsys, monkeypatch, url, *argv)
        assert code == FAULT_EXIT
        one_line(lines, expected, "sqlite+aiosqlite://")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVER_VERBS = [
    ("console", "-c", "/film list"),
    ("db", "current"),
    ("db", "upgrade"),
    ("db", "downgrade", "base"),
    ("check-db",),
]


@pytest.mark.parametrize("argv", SERVER_VERBS, ids=" ".join)
def test_database_server_unreachable(argv: tuple[str, ...], capsys, monkeypatch) -> None:
    url = f"postgresql+asyncpg://nobody:secret@127.0.0.1:{closed_port()}/epilogue"
    code, lines = run(capsys, monkeypatch, url, *argv)
    assert code == FAULT_EXIT
    line = one_line(lines, "127.0.0.1", "cannot connect")
    assert "secret" not in line


@pytest.mark.parametrize("argv", SERVER_VERBS, ids=" ".join)
def test_database_host_unknown(argv: tuple[str, ...], capsys, monkeypatch) -> None:
    # A mistyped host name fails in DNS (socket.gaierror), not with a refused connection.
    url = "postgresql+asyncpg://nobody:secret@no-such-host.invalid:5432/epilogue"
    code, lines = run(capsys, monkeypatch, url, *argv)
    assert code == FAULT_EXIT
    line = one_line(lines, "no-such-host.invalid", "cannot connect")
    assert "secret" not in line


@pytest.mark.parametrize("verb", ["run", "sync"])
def test_discord_unreachable(verb: str, tmp_path: Path, capsys, monkeypatch) -> None:
    base = f"http://127.0.0.1:{closed_port()}/api/v10"
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    monkeypatch.setenv("EPILOGUE_DISCORD_API_BASE", base)
    code, lines = run(capsys, monkeypatch, sqlite_url(tmp_path / "e.db"), verb)
    assert code == FAULT_EXIT
    lines = [line for line in lines if line.startswith("epilogue: ")]
    one_line(lines, "cannot reach Discord", base)


def test_misspelled_setting_is_named_with_the_closest_key(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("EPILOGUE_DATABSE_URL", "sqlite+aiosqlite:///elsewhere.db")
    code, lines = run(capsys, monkeypatch, sqlite_url(tmp_path / "e.db"), "db", "upgrade")
    assert code == 0
    one_line(lines, "EPILOGUE_DATABSE_URL", "did you mean EPILOGUE_DATABASE_URL?")


@contextmanager
def lock_held_elsewhere(url: str) -> Iterator[None]:
    """The database's lock held by another connection, as another process's import would."""
    if url.startswith("sqlite"):
        holder = sqlite3.connect(make_url(url).database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()
        return
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        async def go() -> None:
            target = make_url(url)
            connection = await asyncpg.connect(
                host=target.host, port=target.port, user=target.username, database=target.database
            )
            await connection.execute("SELECT pg_advisory_lock($1)", db_engine._PG_LOCK_KEY)
            held.set()
            await asyncio.to_thread(release.wait)
            await connection.close()

        asyncio.run(go())

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        yield
    finally:
        release.set()
        thread.join()


def test_locked_after_the_wait(database_url: str, tmp_path: Path, capsys, monkeypatch) -> None:
    run(capsys, monkeypatch, database_url, "db", "upgrade")
    monkeypatch.setattr(db_engine, "LOCK_WAIT_S", 0.2)
    with lock_held_elsewhere(database_url):
        code, lines = run(capsys, monkeypatch, database_url, "import", str(tmp_path))
    assert code == FAULT_EXIT
    one_line(lines, where(database_url), "locked by another process", "0.2 s")


@contextmanager
def held_elsewhere(url: str, *statements: str) -> Iterator[None]:
    """``statements`` run in a transaction another connection keeps open meanwhile."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        async def go() -> None:
            target = make_url(url)
            connection = await asyncpg.connect(
                host=target.host, port=target.port, user=target.username, database=target.database
            )
            transaction = connection.transaction()
            await transaction.start()
            for statement in statements:
                await connection.execute(statement)
            held.set()
            await asyncio.to_thread(release.wait)
            await transaction.rollback()
            await connection.close()

        asyncio.run(go())

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        yield
    finally:
        release.set()
        thread.join()


class ServerFault(NamedTuple):
    """What a database's administrator set up (run as the server's admin on the bot's
    database, ``{db}`` and ``{role}`` filled in), and what the line must say."""

    setup: list[str]
    expected: list[str]
    role: str | None = None
    """The role the bot connects as (the admin when None)."""
    lock: str | None = None
    """A lock another session holds meanwhile."""
    argv: tuple[str, ...] = ("console", "-c", "/spoilers on")
    """A member's change (a change that fails is their reply, so a write at start, here)."""


SERVER_SIDE_FAULTS = {
    "a role that may not use the tables": ServerFault(
        ["CREATE ROLE {role} LOGIN"], ["may not", "GRANT", "{role}"], role="{role}"
    ),
    "a role out of connections": ServerFault(
        ["CREATE ROLE {role} LOGIN CONNECTION LIMIT 0"],
        ["no connection", "CONNECTION LIMIT", "max_connections"],
        role="{role}",
    ),
    "a database set read-only": ServerFault(
        ['ALTER DATABASE "{db}" SET default_transaction_read_only = on'],
        ["read-only", "default_transaction_read_only", "primary"],
        argv=("import", str(FILMS)),
    ),
    "a statement timeout run out": ServerFault(
        ['ALTER DATABASE "{db}" SET statement_timeout = 300'],
        ["statement_timeout", "cancelled"],
        lock="LOCK TABLE films IN ACCESS EXCLUSIVE MODE",  # the start's read of the films waits
    ),
}


@pytest.mark.parametrize("fault", list(SERVER_SIDE_FAULTS))
def test_what_the_postgresql_server_refuses_is_one_line_saying_what_to_change(
    fault: str, postgres_server, capsys, monkeypatch
) -> None:
    """Each failed with a traceback (permission denied, too many connections), or named
    another cause: a statement_timeout was "still locked by another process after 30 s"."""
    setup, expected, role, lock, argv = SERVER_SIDE_FAULTS[fault]
    name = asyncio.run(postgres_server.new_database())
    role_name = f"{name}_role"
    fill = {"db": name, "role": role_name}
    url = make_url(postgres_server.url_of(name))
    if role is not None:
        url = url.set(username=role.format(**fill))
    try:
        asyncio.run(postgres_server._admin(*(s.format(**fill) for s in setup), database=name))
        with held_elsewhere(postgres_server.url_of(name), *([lock] if lock else [])):
            code, lines = run(capsys, monkeypatch, url.render_as_string(False), *argv)
        assert code == FAULT_EXIT, lines
        one_line(lines, *(part.format(**fill) for part in expected))
    finally:
        asyncio.run(postgres_server.drop(name))
        asyncio.run(postgres_server._admin(f'DROP ROLE IF EXISTS "{role_name}"'))
