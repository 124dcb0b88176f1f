"""Where file dialogs start: the folder last used, else Documents, never the program's.

A dialog given a folder that does not exist falls back to the current directory, which
for an installed app is its own folder: hence the checks that a folder is really there
(Qt names ``~/Documents`` even on a machine that has none).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from icstracker.ui.settings import WindowSettings


def documents_folder() -> Path:
    """The user's Documents folder if it exists, else their home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(settings: WindowSettings | None) -> Path:
    """The folder last used (if it still exists), else Documents."""
    last = settings.last_folder if settings is not None else ""
    return Path(last) if last and Path(last).is_dir() else documents_folder()


def remember_folder(settings: WindowSettings | None, chosen: Path) -> None:
    """Keeps the folder of the file the user chose, for the next dialog."""
    if settings is not None:
        settings.last_folder = str(chosen.parent)
        settings.sync()
