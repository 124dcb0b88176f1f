"""Copies of a SQLite database made with SQLite's online backup API.

A plain file copy of a live WAL database can miss committed pages still in the ``-wal``
file; the backup API copies a consistent snapshot even while another connection writes.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import quote

from icstracker.db.errors import is_damaged
from icstracker.durable import sync_folder
from icstracker.errors import DatabaseCorruptError, DatabaseError, OutputFileError
from icstracker.file_safety import (
    PRIVATE_FOLDER,
    backup_dir_for,
    create_private,
    private_folder,
    remove_stale_parts,
)

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


def backup_sqlite(database: Path, destination: Path, *, numbered: bool = True) -> Path:
    """Writes a checked, self-contained copy of ``database`` near ``destination``; returns it.

    The copy is written beside its final name under a name of its own and linked into
    place, so a failure never leaves a half-written backup that looks whole, and two
    backups in the same second (two windows starting together) never pick the same
    file: with ``numbered`` the later one becomes ``name-2``, otherwise an existing
    file is refused. The copy is switched out of WAL mode, so it needs no ``-wal`` or
    ``-shm`` beside it and restores from a read-only stick, and it must pass SQLite's
    integrity check: a damaged database is reported (``DatabaseCorruptError``) instead
    of being copied over the good backups. It is readable by the user only.
    """
    if not database.is_file():
        raise DatabaseError(f"There is no database at {database} to back up.")
    try:
        if destination.parent == backup_dir_for(database):
            private_folder(destination.parent)  # ours: tightened even if it already exists
        else:
            destination.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        remove_stale_parts(destination.parent)
    except OSError as error:
        raise OutputFileError(
            f"Cannot write the backup to {destination}: {error.strerror or error}."
        ) from error
    partial = destination.parent / f".{destination.stem[:60]}.{uuid.uuid4().hex[:8]}.partial"
    try:
        source = sqlite3.connect(read_only_uri(database), uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(f"Could not read {database} to back it up: {error}.") from error
    try:
        try:
            create_private(partial)  # private from its first byte, not once it is complete
            target = sqlite3.connect(partial)
        except (OSError, sqlite3.Error) as error:
            raise OutputFileError(
                f"Cannot write the backup to {destination}: {error}; choose another folder."
            ) from error
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            problems = [row[0] for row in target.execute("PRAGMA integrity_check")]
        finally:
            target.close()
        if problems != ["ok"]:
            raise _damaged(database, problems[0])
        written = _link_into_place(partial, destination, numbered)
        sync_folder(written.parent)  # the new name outlives a power cut, where syncable
        return written
    except sqlite3.DatabaseError as error:
        if is_damaged(error):
            raise _damaged(database, str(error)) from error
        raise DatabaseError(f"Could not back up {database}: {error}.") from error
    except OSError as error:
        raise OutputFileError(
            f"Cannot write the backup to {destination}: {error.strerror or error}."
        ) from error
    finally:
        source.close()
        partial.unlink(missing_ok=True)


def _damaged(database: Path, problem: str) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        f"{database} is damaged ({problem}), so no backup was written and the earlier "
        f"backups in {backup_dir_for(database)} were kept; restore the newest good one "
        "with `icstracker restore FILE`."
    )


def _link_into_place(partial: Path, destination: Path, numbered: bool) -> Path:
    """Gives ``partial`` its final name without ever replacing a file already there.

    A hard link fails if the name is taken, so two processes cannot both claim it. A
    file system without hard links (FAT on a USB stick) gets a check and a rename.
    """
    candidate, number = destination, 1
    while True:
        try:
            os.link(partial, candidate)
            return candidate
        except FileExistsError:
            pass
        except OSError:
            if not candidate.exists():
                os.replace(partial, candidate)
                return candidate
        if not numbered:
            raise OutputFileError(f"{destination} already exists; choose another file name.")
        number += 1
        candidate = destination.with_name(f"{destination.stem}-{number}{destination.suffix}")
