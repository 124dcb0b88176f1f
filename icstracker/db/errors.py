"""Turns driver errors into the known database conditions a user can act on."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from icstracker.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    DiskFullError,
)


def known_database_error(error: BaseException, where: str = "the database") -> DatabaseError | None:
    """The user-facing error for a driver failure, or None when it looks like a bug."""
    text = str(getattr(error, "orig", error)).lower()
    if "database is locked" in text or "database table is locked" in text:
        return DatabaseLockedError(
            f"{where} is locked by another program (perhaps ICS Tracker open in another "
            "window); close it and try again."
        )
    if "file is not a database" in text or "database disk image is malformed" in text:
        return DatabaseCorruptError(
            f"{where} is damaged or is not an ICS Tracker database; replace it with a copy "
            "from a backup (ICS Tracker keeps them in the '-backups' folder beside it)."
        )
    if (
        "database or disk is full" in text
        or isinstance(error, OSError)
        and (error.errno == errno.ENOSPC)
    ):
        return DiskFullError(f"The disk holding {where} is full; free some space and try again.")
    if "unable to open database file" in text or "readonly database" in text:
        return DatabaseError(
            f"{where} cannot be opened for writing; check that its folder exists and "
            "that you may write to it."
        )
    if isinstance(error, exc.OperationalError) and (
        "connection" in text and ("refused" in text or "failed" in text or "timeout" in text)
    ):
        return DatabaseError(f"Cannot reach {where}: {text.splitlines()[0]}")
    return None


@contextmanager
def translated_database_errors(where: str = "the database") -> Iterator[None]:
    """Re-raises known driver failures as ``DatabaseError``s; lets bugs through untouched."""
    try:
        yield
    except (exc.DBAPIError, OSError) as error:
        known = known_database_error(error, where)
        if known is None:
            raise
        raise known from error
