"""Making a finished file's name survive a power cut, where the system allows it.

A rename or a hard link is recorded in the folder, and on POSIX systems the folder itself
must be synced for the new name to outlive a crash: a backup that "was written" must
still be there after the laptop's battery dies. Windows cannot open a folder to sync it
(NTFS journals the rename itself), and some network and FAT file systems refuse; there
the step is skipped rather than failing a backup that is otherwise whole.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def sync_folder(folder: Path) -> bool:
    """Flushes ``folder``'s entries to disk; False where the platform or file system can't."""
    if sys.platform == "win32" or not hasattr(os, "O_DIRECTORY"):
        return False
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        os.fsync(descriptor)
        return True
    except OSError:  # EINVAL/EBADF: this file system does not sync folders
        return False
    finally:
        with contextlib.suppress(OSError):
            os.close(descriptor)
