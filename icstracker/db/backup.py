"""Copies of a SQLite database made with SQLite's online backup API.

A plain file copy of a live WAL database can miss committed pages still in the ``-wal``
file; the backup API copies a consistent snapshot even while another connection writes.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from icstracker.errors import DatabaseError, OutputFileError
from icstracker.file_safety import backup_dir_for

__all__ = ["backup_dir_for", "backup_sqlite", "default_backup_path", "read_only_uri"]


def read_only_uri(path: Path) -> str:
    """A SQLite URI that opens ``path`` read-only, whatever characters or drive it has.

    Built by hand rather than with ``resolve().as_uri()``: on Windows, resolve() turns a
    mapped drive into ``\\\\server\\share``, whose URI (``file://server/share``) SQLite
    refuses. An absolute path is quoted ('%', '?' and '#' are escaped); a network path
    gets the empty authority SQLite wants (``file:////server/share/...``).
    """
    posix = path.absolute().as_posix()
    if posix.startswith("//"):
        prefix = "file://"  # + "//server/share/..." = file:////server/share/...
    elif not posix.startswith("/"):
        prefix = "file:///"  # C:/Users/... on Windows
    else:
        prefix = "file:"
    return prefix + quote(posix, safe="/:") + "?mode=ro"


def default_backup_path(database: Path, reason: str, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backup_dir_for(database)
    path = folder / f"{database.stem}-{stamp}-{reason}.sqlite3"
    number = 1
    while path.exists():  # two backups in one second must not overwrite each other
        number += 1
        path = folder / f"{database.stem}-{stamp}-{reason}-{number}.sqlite3"
    return path


def backup_sqlite(database: Path, destination: Path) -> Path:
    """Writes a consistent copy of ``database`` to ``destination`` and returns it.

    The copy is written beside its final name and renamed into place, so a failure never
    leaves a half-written backup that looks whole. It is readable by the user only.
    """
    if not database.is_file():
        raise DatabaseError(f"There is no database at {database} to back up.")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputFileError(
            f"Cannot write the backup to {destination}: {error.strerror or error}."
        ) from error
    partial = destination.with_name(destination.name + ".partial")
    try:
        source = sqlite3.connect(read_only_uri(database), uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(f"Could not read {database} to back it up: {error}.") from error
    try:
        try:
            partial.unlink(missing_ok=True)
            target = sqlite3.connect(partial)
        except (OSError, sqlite3.Error) as error:
            raise OutputFileError(
                f"Cannot write the backup to {destination}: {error}; choose another folder."
            ) from error
        try:
            source.backup(target)
        finally:
            target.close()
        os.chmod(partial, 0o600)
        os.replace(partial, destination)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Could not back up {database}: {error}.") from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise OutputFileError(
            f"Cannot write the backup to {destination}: {error.strerror or error}."
        ) from error
    finally:
        source.close()
    return destination
