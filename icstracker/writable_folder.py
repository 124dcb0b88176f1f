"""Proving at start that the database's folder can be written, and saying so plainly when not.

On a managed Windows laptop the data folder can sit on a read-only or disconnected network
drive, or in a OneDrive folder whose files are "online-only" placeholders. SQLite then
fails later and in worse places (a locked journal halfway through the first save, a daily
backup that cannot be written) with messages about journals and disk I/O. One small write
before anything else turns that into a sentence naming the folder and what to do.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from icstracker.errors import FolderNotWritableError

# Windows file attributes a cloud-sync placeholder carries (winnt.h): its data is not on
# this computer and is fetched on first read, which fails when offline.
FILE_ATTRIBUTE_OFFLINE = 0x1000
FILE_ATTRIBUTE_RECALL_ON_OPEN = 0x40000
FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS = 0x400000
PLACEHOLDER = FILE_ATTRIBUTE_OFFLINE | FILE_ATTRIBUTE_RECALL_ON_OPEN
PLACEHOLDER |= FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS

WHAT_TO_DO = (
    "ICS Tracker keeps its database, settings and backups there. If the folder is on a "
    "network drive, check that it is connected and that you may write to it; if it is in "
    'OneDrive, right-click it and choose "Always keep on this device". Otherwise set '
    "ICSTRACKER_HOME to a folder you can write to, or give --database another file."
)


def check_database_folder(database: Path) -> None:
    """Raises ``FolderNotWritableError`` unless ``database``'s folder takes a new file and
    the database itself (if it exists) is on this computer and readable."""
    folder = database.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _refusal(
            f"{database} cannot be created: its folder {folder} cannot be made", error
        ) from None
    probe = folder / f".icstracker-write-check.{uuid.uuid4().hex[:8]}.tmp"
    try:
        descriptor = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(descriptor, b"ICS Tracker write check\n")
        finally:
            os.close(descriptor)
    except OSError as error:
        raise _refusal(f"ICS Tracker cannot write to the folder {folder}", error) from None
    finally:
        try:
            probe.unlink(missing_ok=True)
        except OSError:
            pass  # a folder that takes a file but refuses its removal is still writable
    if database.exists():
        _check_on_this_computer(database)


def is_placeholder(path: Path) -> bool:
    """Whether ``path`` is a cloud placeholder (Windows only; elsewhere always False)."""
    attributes = getattr(os.stat(path), "st_file_attributes", 0)
    return bool(attributes & PLACEHOLDER)


def _check_on_this_computer(database: Path) -> None:
    """An online-only database is fetched by reading it once, whole, now: if that fails
    (offline) the user hears so before anything tries to open it."""
    try:
        if not is_placeholder(database):
            return
        with database.open("rb") as handle:
            while handle.read(1 << 20):
                pass
    except OSError as error:
        raise _refusal(
            f"The database {database} is stored online only (OneDrive or another cloud "
            "folder) and could not be brought onto this computer",
            error,
        ) from None


def _refusal(what: str, error: OSError) -> FolderNotWritableError:
    reason = error.strerror or str(error)
    return FolderNotWritableError(f"{what} ({reason}). {WHAT_TO_DO}")
