"""Errors shown to people: a known condition gets one clear sentence, a bug gets details.

Known conditions are ``IcsTrackerError``s (locked, damaged, newer database, bad input):
the user can act on them. Anything else is a bug: the dialog says so, offers the details
to copy, and the traceback is appended to the log file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from icstracker import user_folders
from icstracker.db.secrets import redact
from icstracker.errors import DatabaseError, IcsTrackerError
from icstracker.file_safety import open_private, private_folder, without_values

log = logging.getLogger("icstracker")


def log_path() -> Path:
    return user_folders.log_file()


def write_to_log(details: str) -> Path | None:
    path = log_path()
    try:
        private_folder(path.parent)
        with open_private(path, "a", encoding="utf-8") as handle:
            handle.write(without_values(details.rstrip()) + "\n")
    except OSError:
        return None
    return path


def show_error(parent: QWidget | None, error: BaseException, details: str = "") -> None:
    """One sentence for a known condition, the bug dialog for anything else.

    A full, read-only, damaged or locked database that reached here untranslated gets the
    same sentence the command line prints (``db.errors.known_error_in_chain``)."""
    if not isinstance(error, IcsTrackerError):
        from icstracker.db.errors import as_user_error

        error = as_user_error(error) or error
    box = QMessageBox(parent)
    box.setWindowTitle("ICS Tracker")
    if isinstance(error, IcsTrackerError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(redact(error.message))
        if isinstance(error, DatabaseError):
            box.setInformativeText(
                "Your records have not been changed. Try again once the problem is fixed."
            )
    else:
        where = write_to_log(details or repr(error))
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText("Something went wrong inside ICS Tracker. This is a bug, not your mistake.")
        box.setInformativeText(
            "Nothing half-finished was saved."
            + (f" The details are also in {where}." if where else "")
        )
        box.setDetailedText(without_values(details or repr(error)))
    box.exec()
