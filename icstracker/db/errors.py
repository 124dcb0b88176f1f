"""Turns driver errors into the known database conditions a user can act on.

SQLite errors are classified by their result code (Python 3.11's ``sqlite_errorcode``),
PostgreSQL errors by their SQLSTATE and operating-system errors by their ``errno``; never
by the wording of a message, which differs between versions, builds and languages and
once let a full disk or a damaged page through as "unexpected error … this is a bug".
A driver error with no such code is left alone: that is a bug to report, not a state of
the disk or the database to explain.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from icstracker.db.secrets import redact
from icstracker.errors import (
    AccessDeniedError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    DiskFullError,
)

# SQLite's primary result codes (https://sqlite.org/rescode.html); an extended code
# carries its primary code in the low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_PROTOCOL = 15
SQLITE_NOTADB = 26
# PostgreSQL SQLSTATEs and classes (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_PG_DISK_FULL = "53100"
_PG_LOCKED = ("55P03", "55006", "40P01", "57014")  # lock not available, in use, deadlock, timeout
_PG_CORRUPT = ("XX001", "XX002")  # data corrupted, index corrupted
_PG_READ_ONLY = ("25006",)  # read-only transaction
_PG_NOT_ALLOWED = "42501"  # insufficient privilege: a column, a table or a row policy
_PG_UNREACHABLE_CLASSES = ("08", "57P")  # connection exceptions, operator intervention
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def _locked(where: str) -> DatabaseError:
    return DatabaseLockedError(
        f"{where} is locked by another program (perhaps ICS Tracker open in another "
        "window); close it and try again."
    )


def _corrupt(where: str) -> DatabaseError:
    return DatabaseCorruptError(
        f"{where} is damaged or is not an ICS Tracker database; replace it with a copy "
        "from a backup (ICS Tracker keeps them in the '-backups' folder beside it)."
    )


def _full(where: str) -> DatabaseError:
    return DiskFullError(f"The disk holding {where} is full; free some space and try again.")


def _not_writable(where: str) -> DatabaseError:
    return DatabaseError(
        f"{where} cannot be opened for writing; check that its folder exists and "
        "that you may write to it."
    )


def sqlite_primary_code(error: BaseException) -> int | None:
    """SQLite's primary result code for an error SQLite raised; None for anything else
    (including an error with the same words made up by Python code)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damaged(error: BaseException) -> bool:
    """Whether SQLite said the file is damaged or not a database at all."""
    return sqlite_primary_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def busy_error(message: str = "database is locked") -> sqlite3.OperationalError:
    """A "locked" error raised by our own code (a wait given up), carrying SQLITE_BUSY so
    it is classified like the one SQLite raises."""
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = SQLITE_BUSY
    error.sqlite_errorname = "SQLITE_BUSY"
    return error


def _sqlite_error(error: sqlite3.Error, where: str) -> DatabaseError | None:
    primary = sqlite_primary_code(error)
    if primary is None:
        return None
    if primary in (SQLITE_BUSY, SQLITE_LOCKED, SQLITE_PROTOCOL):
        return _locked(where)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return _corrupt(where)
    if primary == SQLITE_FULL:
        return _full(where)
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        return _not_writable(where)
    if primary == SQLITE_IOERR:
        return DatabaseError(
            f"The disk holding {where} could not be read or written "
            f"({getattr(error, 'sqlite_errorname', 'SQLITE_IOERR')}); check the disk or network "
            "folder, then try again."
        )
    return None


def _postgres_error(error: BaseException, where: str) -> DatabaseError | None:
    state = getattr(error, "sqlstate", None)
    if not isinstance(state, str):
        return None
    if state == _PG_DISK_FULL:
        return DiskFullError(
            f"The database server's disk is full ({where}); ask its administrator to free space."
        )
    if state in _PG_LOCKED:
        return _locked(where)
    if state in _PG_CORRUPT:
        return _corrupt(where)
    if state == _PG_NOT_ALLOWED:
        return AccessDeniedError(
            f"{where} refused this: your database role may not do it (a reader saving, or "
            "another committee's record); nothing was changed. Ask the server's administrator "
            "if you should have editor access."
        )
    if state in _PG_READ_ONLY:
        return DatabaseError(
            f"{where} may not be written by this user (or is read-only); ask its administrator."
        )
    if state.startswith(_PG_UNREACHABLE_CLASSES):
        return DatabaseError(f"Cannot reach {where}: the server closed the connection.")
    return None


def _os_error(error: OSError, where: str) -> DatabaseError | None:
    if error.errno in _NO_SPACE:
        return _full(where)
    if error.errno in _NOT_WRITABLE:
        return _not_writable(where)
    return None


def known_database_error(error: BaseException, where: str = "the database") -> DatabaseError | None:
    """The user-facing error for a driver failure, or None when it looks like a bug."""
    orig = getattr(error, "orig", None) or error
    if isinstance(orig, sqlite3.Error):
        return _sqlite_error(orig, where)
    if isinstance(orig, OSError):
        return _os_error(orig, where)
    known = _postgres_error(orig, where)
    if known is not None:
        return known
    if (
        isinstance(error, exc.OperationalError)
        and getattr(orig, "sqlstate", None) is None
        and type(orig).__module__.startswith("psycopg")
    ):
        # psycopg reports a refused or timed-out connection with no SQLSTATE.
        first_line = redact((str(orig).strip().splitlines() or [""])[0])
        return DatabaseError(f"Cannot reach {where}: {first_line}")
    return None


def cannot_create(path: object, error: OSError) -> DatabaseError:
    """Why a database file (or its folder) could not be made at ``path``."""
    return _os_error(error, str(path)) or DatabaseError(
        f"{path} cannot be created ({error.strerror or error}); choose a folder you may write to."
    )


def known_error_in_chain(error: BaseException, where: str = "the database") -> DatabaseError | None:
    """``known_database_error`` for ``error`` or any error it was raised from.

    For the last line of defence (the command line's and the window's): a failure that
    escaped ``translated_database_errors`` (a backup, a schema check, a connect hook) is
    still the disk or the database, not a bug.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        filename = getattr(current, "filename", None) if isinstance(current, OSError) else None
        known = known_database_error(current, str(filename) if filename else where)
        if known is not None:
            return known
        current = current.__cause__ or current.__context__
    return None


def as_user_error(error: BaseException) -> DatabaseError | None:
    """The sentence the command line prints and the window shows for a failure that
    escaped translation, starting with a capital; None for a bug."""
    known = known_error_in_chain(error)
    if known is not None and known.message[:1].islower():
        known = type(known)(known.message[:1].upper() + known.message[1:])
    return known


@contextmanager
def translated_database_errors(where: str = "the database") -> Iterator[None]:
    """Re-raises known driver failures as ``DatabaseError``s; lets bugs through untouched."""
    try:
        yield
    except (exc.DBAPIError, sqlite3.Error, OSError) as error:
        known = known_database_error(error, where)
        if known is None:
            raise
        raise known from error
