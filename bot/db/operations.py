"""Operating the database: current revision, upgrade, downgrade, backup, restore, check.

``epilogue db ...`` and ``epilogue check-db`` are thin wrappers over these. Everything that
changes the schema runs under the database's lock (``engine.exclusive``) in one transaction.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import storage_errors
from bot.db.engine import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    SQLITE_BUSY_TIMEOUT_S,
    alembic_config,
    exclusive,
    is_sqlite,
    migrate,
    stored_revision,
)
from bot.db.storage_errors import StorageError


class DataWouldBeLost(StorageError):
    """A downgrade would delete stored rows or columns; refused unless asked for."""


@dataclass(frozen=True)
class CheckResult:
    revision: str | None
    problems: list[str]


def _url(engine: AsyncEngine) -> str:
    return engine.url.render_as_string(hide_password=False)


async def current(engine: AsyncEngine) -> str:
    """The stored revision and what to do about it, in one line."""
    revision = await stored_revision(engine)
    if revision is None:
        return f"empty database (no schema yet; head is {SCHEMA_HEAD}): run epilogue db upgrade"
    if revision not in KNOWN_REVISIONS:
        raise storage_errors.newer_schema(_url(engine), revision, SCHEMA_HEAD)
    if revision == SCHEMA_HEAD:
        return f"{revision} (head)"
    return f"{revision} (head is {SCHEMA_HEAD}): run epilogue db upgrade"


async def upgrade(engine: AsyncEngine, revision: str = "head") -> str:
    if revision not in KNOWN_REVISIONS | {"head"}:
        raise StorageError(f"unknown revision {revision!r}; known: {_known()}")
    stored = await stored_revision(engine)
    # An older target would do nothing and say "at revision <newer>": say why, as downgrade does.
    if revision != "head" and stored in KNOWN_REVISIONS and revision < stored:
        raise StorageError(
            f"the database is at {stored}: upgrade goes to a newer revision, not {revision}"
            f" (to go back: epilogue db downgrade {revision})"
        )
    await migrate(engine, revision)
    return f"at revision {await stored_revision(engine)}"


async def downgrade(engine: AsyncEngine, revision: str, *, drop_data: bool = False) -> str:
    """Go back to ``revision``; refused (and nothing changed) if that would lose stored data."""
    if revision not in KNOWN_REVISIONS | {"base"}:
        raise StorageError(f"unknown revision {revision!r}; known: base, {_known()}")
    stored = await stored_revision(engine)
    if stored is not None and stored not in KNOWN_REVISIONS:
        raise storage_errors.newer_schema(_url(engine), stored, SCHEMA_HEAD)
    if stored is None or (revision != "base" and revision >= stored):
        raise StorageError(
            f"the database is at {stored or 'base (empty)'}: downgrade goes to an older"
            f" revision, not {revision}"
        )
    async with exclusive(engine) as connection:
        # Transactional DDL lets the downgrade run first and be judged after: when it drops
        # stored data and that was not asked for, the transaction rolls back untouched.
        before = await connection.run_sync(_shapes)
        await connection.run_sync(_downgrade, revision)
        after = await connection.run_sync(_shapes)
        lost = _lost(before, after)
        if lost and not drop_data:
            raise DataWouldBeLost(
                f"downgrading {stored} -> {revision} would delete {'; '.join(lost)}: nothing was"
                " changed; back up first (epilogue db backup PATH), then add --yes-drop-data"
            )
    return f"at revision {revision}" + (f" (deleted {'; '.join(lost)})" if lost else "")


def _known() -> str:
    return ", ".join(sorted(KNOWN_REVISIONS))


def _downgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), revision)


_Shape = dict[str, tuple[frozenset[str], int]]
# Alembic's version, the content revision the films' triggers keep (rebuilt by any write), and
# the claims of what a process is doing or did today (``bot.claims``: pruned after a day).
_BOOKKEEPING = frozenset({"alembic_version", "content_revision", "action_claims"})


def _shapes(connection: Connection) -> _Shape:
    """Each table's columns and row count (not the bookkeeping, which holds no one's data)."""
    inspector = inspect(connection)
    shapes: _Shape = {}
    for table in inspector.get_table_names():
        if table in _BOOKKEEPING:
            continue
        columns = frozenset(column["name"] for column in inspector.get_columns(table))
        quoted = connection.dialect.identifier_preparer.quote(table)
        rows = connection.execute(text(f"SELECT count(*) FROM {quoted}")).scalar_one()
        shapes[table] = (columns, int(rows))
    return shapes


def _lost(before: _Shape, after: _Shape) -> list[str]:
    lost = []
    for table, (columns, rows) in sorted(before.items()):
        if rows == 0:
            continue
        if table not in after:
            lost.append(f"{rows} row(s) of {table}")
            continue
        gone = sorted(columns - after[table][0])
        if gone:
            lost.append(f"column(s) {', '.join(gone)} of {rows} row(s) in {table}")
        if after[table][1] < rows:
            lost.append(f"{rows - after[table][1]} row(s) of {table}")
    return lost


async def check(engine: AsyncEngine) -> CheckResult:
    """SQLite's ``PRAGMA quick_check``; on PostgreSQL, every table read through once."""
    url = _url(engine)
    revision = await stored_revision(engine)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise storage_errors.newer_schema(url, revision, SCHEMA_HEAD)
    async with engine.connect() as connection:
        if is_sqlite(engine):
            rows = (await connection.exec_driver_sql("PRAGMA quick_check")).scalars().all()
            # One problem per line: quick_check can put a newline inside one.
            problems = [] if list(rows) == ["ok"] else [" ".join(str(row).split()) for row in rows]
        else:
            problems = []
            names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
            for table in names:
                quoted = engine.dialect.identifier_preparer.quote(table)
                await connection.execute(text(f"SELECT count(*) FROM {quoted}"))
    return CheckResult(revision, problems)


def _sqlite_file(engine: AsyncEngine, verb: str) -> Path:
    path = storage_errors.sqlite_path(_url(engine))
    if not is_sqlite(engine):
        raise StorageError(
            f"epilogue db {verb} works on SQLite files; on PostgreSQL use pg_dump / pg_restore"
            " (see the README's Backups section)"
        )
    if path is None:
        raise StorageError(f"epilogue db {verb}: an in-memory database has no file")
    return path


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S)


async def backup(engine: AsyncEngine, target: Path, *, replace: bool = False) -> str:
    """A consistent copy through SQLite's online backup API, safe while the bot runs; an
    existing ``target`` is replaced only if asked (it may be the only good copy)."""
    source = _sqlite_file(engine, "backup")
    await asyncio.to_thread(_backup, source, target, replace)
    return f"backed up {source} to {target}"


def _backup(source: Path, target: Path, replace: bool) -> None:
    if not source.is_file():
        raise StorageError(f"{source}: no database there to back up")
    if target.is_dir():
        raise StorageError(f"{target}: is a directory; give the backup's file name")
    if target.resolve() == source.resolve():
        raise StorageError(f"{target}: is the database itself; choose another file")
    if not replace and target.exists():
        raise StorageError(
            f"{target}: already exists (an earlier backup?) and was left as it is: choose"
            " another file name, or add --force to replace it"
        )
    _copy_online(source, target)


def _copy_online(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    try:
        # A first backup names a folder not made yet (backups/epilogue-DATE.db), as the bot
        # makes var/ on its first start.
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
    except OSError as error:
        raise StorageError(f"{target}: cannot be written ({error.strerror})") from error
    try:
        with _sqlite_connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)  # reads committed pages, WAL included, under a read transaction
        with sqlite3.connect(partial) as dst:
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        os.replace(partial, target)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"{target}: the backup failed ({error}); nothing was written") from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"{target}: cannot be written ({error.strerror})") from error


def backup_revision(path: Path) -> str | None:
    """The schema revision of a backup file, after checking it is a sound Epilogue database."""
    if not path.is_file():
        raise StorageError(f"{path}: no such backup file")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            result = db.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                raise StorageError(f"{path}: the backup is damaged ({result[0][0]}); pick another")
            names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in names:
                raise StorageError(f"{path}: not an Epilogue database (no schema revision)")
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise StorageError(
            f"{path}: not an SQLite database, or damaged ({error}); pick another backup"
        ) from error
    return row[0] if row else None


async def restore(engine: AsyncEngine, source: Path) -> str:
    """Replace the database's content with a backup's, then upgrade it to this version's head.

    The current content is first saved beside the database (``.before-restore``).
    """
    target = _sqlite_file(engine, "restore")
    revision = await asyncio.to_thread(backup_revision, source)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StorageError(
            f"{source}: written by a newer Epilogue (schema revision {revision}; this version"
            f" knows up to {SCHEMA_HEAD}): restore it with that version, or pick an older backup"
        )
    saved = target.with_name(target.name + ".before-restore")
    if not await asyncio.to_thread(_save_current, target, saved):
        saved = None
    await engine.dispose()  # no pooled connection of ours reads pages about to change
    await asyncio.to_thread(_restore_online, source, target)
    await migrate(engine)
    note = f"; the previous content is in {saved}" if saved else ""
    return f"restored {target} from {source} (revision {revision} -> {SCHEMA_HEAD}){note}"


def _save_current(target: Path, saved: Path) -> bool:
    if not target.is_file():
        return False
    _copy_online(target, saved)
    return True


def _restore_online(source: Path, target: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
            dst = _sqlite_connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
    except sqlite3.Error as error:
        raise StorageError(f"{target}: the restore failed ({error})") from error
