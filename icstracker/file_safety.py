"""What keeps the app's own files safe from the app: the database, its backups, privacy.

Every file a user asks for (a report, an export, a subject-access JSON, an import error
report, a backup with ``--out``) is checked here before anything is written, so a path
that names the live database, one of SQLite's working files beside it, or its backups
folder is refused instead of silently overwriting the log. The check lives in one place
so a new kind of output cannot forget it.

The same module creates files and folders readable by their owner only (a committee's
log names people, and so does everything made from it), and clears away the hidden
half-written files a killed run leaves behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import IO, Any

from icstracker.db.secrets import redact
from icstracker.errors import OutputFileError

# SQLite keeps committed pages (-wal), its index of them (-shm) and a rollback journal
# (-journal) beside the database: writing over any of them damages the database too.
SIDE_FILES = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
STALE_AFTER_SECONDS = 24 * 60 * 60
# Our own half-written files: ".<name>.<8 hex>.part" beside an output (output_files) and
# ".<name>.<8 hex>.partial" in a backups folder (db.backup). Nothing else is ever removed.
_STALE_PART = re.compile(r"^\..*\.[0-9a-f]{8}\.part$")
_STALE_PARTIAL = re.compile(r"^\..*\.[0-9a-f]{8}\.partial$")
# The scratch folder a restore tries a backup out in (db.restore, tempfile.mkdtemp).
_STALE_RESTORE = re.compile(r"^\..*-restoring-[a-z0-9_]{8}$")
_WINDOWS = sys.platform == "win32"

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


def private_folder(folder: Path) -> Path:
    """Creates ``folder`` (and missing parents) readable by its owner only.

    An existing folder is tightened too: backups folders made by earlier versions were
    open to everyone on the machine. Windows has no such modes; its folders inherit the
    user profile's permissions.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if not _WINDOWS:
        with contextlib.suppress(OSError):  # not ours (a shared drive): leave it as it is
            if folder.stat().st_mode & 0o077:
                folder.chmod(PRIVATE_FOLDER)
    return folder


def create_private(path: Path, *, exclusive: bool = True) -> None:
    """Creates an empty ``path`` readable by its owner only, from its first moment.

    The mode is given to ``os.open`` itself rather than set afterwards, so no other user
    can open the file in between. With ``exclusive`` an existing file is an error
    (``FileExistsError``); otherwise it is emptied and made private.
    """
    flags = os.O_CREAT | os.O_WRONLY | (os.O_EXCL if exclusive else os.O_TRUNC)
    descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    try:
        if not _WINDOWS:
            os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)


def open_private(path: Path, mode: str, **options: Any) -> IO[Any]:
    """``open(path, mode)`` for a file that must be readable by its owner only.

    A new file is created with the private mode; an existing one ("a" for a log) is made
    private first, since earlier versions left logs readable by everyone.
    """
    if not path.exists() or "w" in mode:
        create_private(path, exclusive=False)
    elif not _WINDOWS:
        with contextlib.suppress(OSError):
            path.chmod(PRIVATE_FILE)
    return path.open(mode, **options)


def remove_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Removes our own half-written files in ``folder`` left for over a day by a killed run.

    Only names this app makes are touched, and only old ones: a younger file may belong
    to an export or backup still running in another window.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if _STALE_RESTORE.match(entry.name):
            with contextlib.suppress(OSError):
                if entry.is_dir() and now - entry.stat().st_mtime > STALE_AFTER_SECONDS:
                    shutil.rmtree(entry)
                    removed.append(entry)
            continue
        if not (_STALE_PART.match(entry.name) or _STALE_PARTIAL.match(entry.name)):
            continue
        try:
            if entry.is_file() and now - entry.stat().st_mtime > STALE_AFTER_SECONDS:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue  # someone else's, or already gone: not worth stopping the job for
    return removed


# What a database error can quote of the row that failed: SQLAlchemy's parameter list
# (hidden at the engine too) and PostgreSQL's own DETAIL ("Failing row contains (…)",
# "Key (name)=(…) already exists").
_QUOTED_VALUES = re.compile(r"^([ \t]*)(\[parameters: .*|DETAIL:.*)$", re.MULTILINE)


def without_values(text: str) -> str:
    """``text`` for the log file, with the values a failed statement quoted taken out.

    The log is kept for good and sent to whoever fixes a bug; people's names and meeting
    notes have no place in it, and the statement and error name are enough to fix it.
    Server URLs and passwords are hidden too (``db.secrets.redact``).
    """
    return redact(_QUOTED_VALUES.sub(r"\1[values removed]", text))
