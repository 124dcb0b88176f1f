"""What keeps the app's own files safe from the app: the database, its backups, privacy.

Every file a user asks for (a report, an export, a subject-access JSON, an import error
report, a backup with ``--out``) is checked here before anything is written, so a path
that names the live database, one of SQLite's working files beside it, or its backups
folder is refused instead of silently overwriting the log. The check lives in one place
so a new kind of output cannot forget it.
"""

from __future__ import annotations

import os
from pathlib import Path

from icstracker.errors import OutputFileError

# SQLite keeps committed pages (-wal), its index of them (-shm) and a rollback journal
# (-journal) beside the database: writing over any of them damages the database too.
SIDE_FILES = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"

# The SQLite databases this process has opened. Outputs are checked against them (and
# their backups folders) even when the code writing the output was never told which
# database is open, as with the report and the full export.
_open_databases: set[Path] = set()


def backup_dir_for(database: Path) -> Path:
    """The folder beside ``database`` that holds its backups: ``<stem>-backups``."""
    return database.parent / f"{database.stem}-backups"


def protect_database(database: Path) -> None:
    """Registers ``database`` so no output of this process may be written over it."""
    _open_databases.add(_resolved(database))


def refuse_protected(
    path: Path, what: str, *, databases: tuple[Path, ...] = (), any_database: bool = True
) -> None:
    """Raises ``OutputFileError`` if writing ``path`` could damage a database or a backup.

    ``path`` is compared after ``~`` and symlinks are resolved, case-insensitively where
    the file system is (Windows, or any existing file that is the same file under
    another name), against every database opened in this process and ``databases``:
    the file itself, its ``-wal``/``-shm``/``-journal`` and anything in its backups
    folder. An existing SQLite database file is refused whatever it is, so an output
    can never replace another committee's log either (``any_database``; a backup turns
    it off because it refuses every existing file anyway).
    """
    target = _resolved(path)
    for database in {*_open_databases, *(_resolved(d) for d in databases)}:
        own = [database, *(database.with_name(database.name + s) for s in SIDE_FILES)]
        if any(_same(target, name) for name in own):
            raise OutputFileError(
                f"Cannot save the {what} to {path}: that is the database {database} "
                "(or one of its working files), and writing there would destroy it; "
                "choose another file name."
            )
        folder = backup_dir_for(database)
        if _inside(target, folder):
            raise OutputFileError(
                f"Cannot save the {what} to {path}: that is inside {folder}, the folder "
                "that holds the database's backups; choose another folder."
            )
    if any_database and _is_sqlite_file(target):
        raise OutputFileError(
            f"Cannot save the {what} to {path}: that file is a database, and writing there "
            "would destroy it; choose another file name."
        )


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare as written
        return path.expanduser().absolute()


def _key(path: Path) -> str:
    return os.path.normcase(str(path))


def _same(target: Path, other: Path) -> bool:
    if _key(target) == _key(other):
        return True
    try:
        return os.path.samefile(target, other)  # hard links, case-insensitive volumes
    except OSError:
        return False


def _inside(target: Path, folder: Path) -> bool:
    folder = _resolved(folder)
    return any(_same(parent, folder) for parent in target.parents)


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
