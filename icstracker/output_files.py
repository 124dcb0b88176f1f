"""Files a user asked for: written beside their final name and renamed into place.

The quarterly report, the full export and the subject-access JSON all promise that a
cancelled or failed run leaves no half-written file, that nothing is ever written over
the database or its backups (``file_safety.refuse_protected``), and that the operating
system's errors become one sentence a user can act on. What is written holds names, so
it is readable by its owner only. This is that promise, written once.
"""

from __future__ import annotations

import errno
import uuid
from collections.abc import Callable
from pathlib import Path

from icstracker.errors import OutputFileError
from icstracker.file_safety import create_private, refuse_protected, remove_stale_parts


def reserve_beside(path: Path, what: str, ending: str = ".xlsx") -> Path:
    """Creates the temporary file beside ``path``: proof the folder can be written to.

    ``what`` names the file in messages ("report", "export"). The path is refused if it
    names the database or its backups. The temporary file is readable by its owner only
    from its first moment, and keeps that when renamed. Temporary files a killed run
    left in the folder more than a day ago are removed on the way.
    """
    if path.is_dir():
        raise OutputFileError(f"{path} is a folder; give a file name ending in {ending}.")
    if not path.parent.is_dir():
        raise OutputFileError(f"Cannot save the {what}: the folder {path.parent} does not exist.")
    refuse_protected(path, what)
    remove_stale_parts(path.parent)
    temporary = path.parent / f".{path.stem[:60]}.{uuid.uuid4().hex[:8]}.part"
    saved(lambda: create_private(temporary), path, what)
    return temporary


def saved(action: Callable[[], object], path: Path, what: str) -> None:
    """Runs a file operation, turning an ``OSError`` into one sentence the user can act on."""
    try:
        action()
    except PermissionError:
        raise OutputFileError(
            f"Cannot save the {what} to {path}: permission denied. If the file is open in "
            "Excel, close it; otherwise choose a folder you can write to."
        ) from None
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise OutputFileError(f"Cannot save the {what} to {path}: the disk is full.") from None
        raise OutputFileError(
            f"Cannot save the {what} to {path}: {error.strerror or error}."
        ) from None
