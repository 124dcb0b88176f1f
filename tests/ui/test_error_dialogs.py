"""The window's error dialog: the command line's sentence for a known condition."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import exc

from icstracker.ui import error_dialogs


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, str]]:
    """The text of every dialog, instead of opening it."""
    seen: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        seen.append((box.text(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(error_dialogs, "log_path", lambda: tmp_path / "log.txt")
    return seen


def test_a_full_disk_is_a_sentence_not_a_bug(qtbot: Any, shown: list[tuple[str, str]]) -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite sets it
    full.sqlite_errorname = "SQLITE_FULL"
    error_dialogs.show_error(None, exc.OperationalError("INSERT", {}, full), "traceback")
    assert shown == [
        (
            "The disk holding the database is full; free some space and try again.",
            "Your records have not been changed. Try again once the problem is fixed.",
        )
    ]


def test_a_read_only_folder_names_the_file(qtbot: Any, shown: list[tuple[str, str]]) -> None:
    error = PermissionError(errno.EACCES, "Permission denied", "/srv/lpc/log.sqlite3")
    error_dialogs.show_error(None, error)
    assert shown[0][0].startswith("/srv/lpc/log.sqlite3 cannot be opened for writing")


def test_a_bug_is_still_a_bug(qtbot: Any, shown: list[tuple[str, str]]) -> None:
    error_dialogs.show_error(None, sqlite3.OperationalError("database is locked"), "tb")
    assert shown[0][0].startswith("Something went wrong inside ICS Tracker. This is a bug")
