"""Storage failures as one line a person can act on: what is wrong, where, and what to do.

The CLI prints the line and exits with code 2; the running bot answers privately that storage is
unavailable and logs the line once. Causes are told apart by the drivers' own error codes
(SQLite's result codes, PostgreSQL's SQLSTATE), never by the wording of a message.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import time
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

STORAGE_UNAVAILABLE = (
    "Epilogue's storage is unavailable right now, so this could not be done; it has been logged "
    "for the bot's operator. Try again later."
)

# SQLite primary result codes (https://sqlite.org/rescode.html).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 5, 6, 8
_SQLITE_CORRUPT, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 14, 26
_SQLITE_IOERR, _SQLITE_FULL = 10, 13


class StorageError(Exception):
    """A storage failure explained in one line (no traceback needed)."""


def where(url: str | None) -> str:
    """The database as an operator names it: the SQLite file, or the URL without password."""
    if url is None:
        return "the database"
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        return repr(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: str | None) -> Path | None:
    if url is None:
        return None
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def newer_schema(url: str | None, stored: str, known: str) -> StorageError:
    return StorageError(
        f"{where(url)}: written by a newer Epilogue (schema revision {stored}; this version"
        f" knows up to {known}): run the newer Epilogue, or restore a backup made by this"
        " version (epilogue db restore BACKUP)"
    )


def is_a_directory(url: str | None, path: Path) -> StorageError:
    return StorageError(
        f"{where(url)}: is a directory, not a database file: set database.url to a file inside"
        f" it, e.g. sqlite+aiosqlite:///{path / 'epilogue.db'}"
    )


def locked(url: str | None, waited_s: float) -> StorageError:
    return StorageError(
        f"{where(url)}: still locked by another process after waiting {waited_s:g} s (another"
        " epilogue start, import or migration holds it, or a transaction left open elsewhere:"
        " on PostgreSQL see pg_stat_activity's 'idle in transaction'): let it finish or stop"
        " it, then try again"
    )


def _command_lock_wait_s() -> float:
    from bot.db.engine import COMMAND_LOCK_WAIT_S  # the engine imports this module

    return COMMAND_LOCK_WAIT_S


def explain(
    error: BaseException, url: str | None, *, lock_wait_s: float | None = None
) -> StorageError:
    """``error`` as a StorageError if it is a storage failure; raise it again otherwise."""
    found = describe(error, url, lock_wait_s=lock_wait_s)
    if found is None:
        raise error
    return found


def describe(
    error: BaseException, url: str | None, *, lock_wait_s: float | None = None
) -> StorageError | None:
    """The one-line explanation of ``error``, or None when it is not a storage failure."""
    if isinstance(error, StorageError):
        return error
    if isinstance(error, sa_exc.ArgumentError) and "URL" in str(error):
        return StorageError(
            f"database.url {url!r}: not a database URL; write it like"
            " sqlite+aiosqlite:///var/epilogue.db or postgresql+asyncpg://user@host:5432/epilogue"
        )
    if isinstance(error, sa_exc.NoSuchModuleError | ModuleNotFoundError) or (
        isinstance(error, sa_exc.InvalidRequestError) and "async" in str(error)
    ):
        return _missing_driver(url, error)
    if isinstance(error, sa_exc.TimeoutError):  # no connection of the pool came free in time
        return StorageError(
            f"{where(url)}: every connection of this process's pool stayed busy too long"
            f" ({error.args[0] if error.args else error}): the database answers slowly or"
            " commands hold connections long; look at the database's load (pg_stat_activity on"
            " PostgreSQL)"
        )
    cause = getattr(error, "orig", None) or error
    if isinstance(cause, sqlite3.Error):
        return _sqlite(cause, url, lock_wait_s)
    sqlstate = getattr(cause, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _postgres(cause, sqlstate, url, lock_wait_s)
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        # The server closed a connection a command was using (a restart, a failover,
        # pg_terminate_backend): that command fails, the pool replaces the connection.
        return StorageError(
            f"{where(url)}: the connection to the database server was lost ({cause}): it"
            " restarted, failed over, or closed the connection; the next command reconnects."
            " If this repeats, check the server's log"
        )
    if isinstance(cause, OSError) and not isinstance(cause, FileNotFoundError):
        reason = cause.strerror or type(cause).__name__
        return StorageError(
            f"{where(url)}: cannot connect ({reason}): check that the database server runs and"
            " accepts connections at that address"
        )
    return None


def is_storage_failure(error: BaseException) -> bool:
    """Whether a command failed because storage did (not because of a bug or a lost race)."""
    if isinstance(error, StorageError):
        return True
    if isinstance(error, sa_exc.IntegrityError):
        return False  # a constraint a concurrent write hit: a bug to fix, not an outage
    if isinstance(error, sa_exc.TimeoutError):
        return True  # the pool had no connection to give
    if isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError):
        return True
    if isinstance(error, sa_exc.DBAPIError):
        # asyncpg's failures arrive as plain DBAPIError: judged by their SQLSTATE.
        return describe(error, None) is not None
    # A connection the driver could not open or lost: the server down (refused), its host name
    # unknown to DNS (gaierror), or no answer in time.
    return isinstance(
        error, sqlite3.OperationalError | ConnectionError | socket.gaierror | TimeoutError
    )


RELOG_AFTER_S = 900.0
"""A cause still failing is logged again after this long, not at every command."""
_logged: dict[str, float] = {}


def log_storage_failure(error: BaseException, url: str | None = None) -> None:
    """Log a storage failure once per cause (and again every 15 minutes while it lasts)."""
    line = describe(error, url)
    text = str(line) if line is not None else f"{type(error).__name__}: {error}"
    now = time.monotonic()
    last = _logged.get(text)
    if last is not None and now - last < RELOG_AFTER_S:
        log.debug("storage still unavailable: %s", text)
        return
    _logged[text] = now
    log.error("storage unavailable: %s", text, exc_info=line is None)


def _user(url: str | None) -> str:
    """The role ``url`` connects as, as SQL names it (the server's default when none is set)."""
    try:
        user = make_url(url).username if url else None
    except sa_exc.ArgumentError:
        user = None
    return f'"{user}"' if user else "CURRENT_USER"


def _missing_driver(url: str | None, error: BaseException) -> StorageError:
    try:
        driver = make_url(url).drivername
    except sa_exc.ArgumentError:
        driver = url
    return StorageError(
        f"database.url {where(url)}: no usable async driver for {driver!r} ({error}); use"
        " sqlite+aiosqlite:///PATH or postgresql+asyncpg://user@host:5432/db (both installed)"
    )


def _sqlite(
    cause: sqlite3.Error, url: str | None, lock_wait_s: float | None
) -> StorageError | None:
    code = getattr(cause, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    name = where(url)
    path = sqlite_path(url)
    if primary in {_SQLITE_NOTADB, _SQLITE_CORRUPT}:
        return StorageError(
            f"{name}: not an SQLite database, or damaged ({cause}): restore a backup"
            " (epilogue db restore BACKUP), or move the file away to start an empty database"
        )
    if primary == _SQLITE_READONLY:
        return StorageError(
            f"{name}: read-only ({cause}): make the file, its folder and its -wal/-shm files"
            " writable by this user, or set database.url to a writable place"
        )
    if primary == _SQLITE_CANTOPEN:
        if path is not None and path.is_dir():
            return is_a_directory(url, path)
        return StorageError(
            f"{name}: cannot be opened ({cause}): check that its folder exists and that this"
            " user may read and write there (a read-only mount cannot hold the database)"
        )
    if primary in {_SQLITE_BUSY, _SQLITE_LOCKED}:
        return locked(url, lock_wait_s if lock_wait_s is not None else 30.0)
    if primary in {_SQLITE_IOERR, _SQLITE_FULL}:
        return StorageError(
            f"{name}: the disk failed or is full ({cause}): free space or fix the disk, then"
            " run epilogue check-db"
        )
    return None


def _postgres(
    cause: BaseException, sqlstate: str, url: str | None, lock_wait_s: float | None
) -> StorageError | None:
    name = where(url)
    if sqlstate == "3D000":
        return StorageError(
            f"{name}: the database does not exist: create it (createdb NAME) or fix database.url"
        )
    if sqlstate.startswith("28"):
        return StorageError(
            f"{name}: the server refused these credentials ({cause}): fix the user or password"
            " in database.url"
        )
    if sqlstate == "55P03":  # lock_timeout: Epilogue's wait for its lock, or a command's
        return locked(url, lock_wait_s if lock_wait_s is not None else _command_lock_wait_s())
    if sqlstate == "57014":
        return StorageError(
            f"{name}: the server cancelled a statement ({cause}): statement_timeout, set for this"
            " database or role, ran out (a lock held elsewhere, a slow server) or an operator"
            " cancelled it: raise or reset statement_timeout for Epilogue's role (ALTER ROLE"
            f" {_user(url)} RESET statement_timeout) and look for long locks in pg_locks"
        )
    if sqlstate == "25006":
        return StorageError(
            f"{name}: the database is read-only ({cause}): connect to the primary (a standby"
            " takes no writes), or turn default_transaction_read_only off for this database or"
            f" role (ALTER ROLE {_user(url)} RESET default_transaction_read_only)"
        )
    if sqlstate == "42501":
        user = _user(url)
        return StorageError(
            f"{name}: the role {user} may not use Epilogue's tables ({cause}): run Epilogue as"
            " the role that owns the database (migrations create tables), or grant it: GRANT"
            f" ALL ON ALL TABLES IN SCHEMA public TO {user}; GRANT ALL ON ALL SEQUENCES IN SCHEMA"
            f" public TO {user}"
        )
    if sqlstate == "53300":
        return StorageError(
            f"{name}: the server has no connection to spare ({cause}): raise its max_connections"
            " (or the role's CONNECTION LIMIT), or run fewer processes: each one uses up to 16"
            " (docs/running-at-scale.md)"
        )
    if sqlstate.startswith(("08", "57P")):
        return StorageError(
            f"{name}: the server is unavailable ({cause}): check that PostgreSQL runs there"
        )
    return None
