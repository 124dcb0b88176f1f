"""Copies of a SQLite database made with SQLite's online backup API.

A plain file copy of a live WAL database can miss committed pages still in the ``-wal``
file; the backup API copies a consistent snapshot even while another connection writes.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from icstracker.errors import DatabaseError


def backup_dir_for(database: Path) -> Path:
    return database.parent / f"{database.stem}-backups"


def default_backup_path(database: Path, reason: str, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return backup_dir_for(database) / f"{database.stem}-{stamp}-{reason}.sqlite3"


def backup_sqlite(database: Path, destination: Path) -> Path:
    """Writes a consistent copy of ``database`` to ``destination`` and returns it.

    The copy is written beside its final name and renamed into place, so a failure never
    leaves a half-written backup that looks whole. It is readable by the user only.
    """
    if not database.is_file():
        raise DatabaseError(f"There is no database at {database} to back up.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Could not back up {database}: {error}.") from error
    finally:
        source.close()
    os.chmod(partial, 0o600)
    os.replace(partial, destination)
    return destination
