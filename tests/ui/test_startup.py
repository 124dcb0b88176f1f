"""First start: the database is made, the committee asked for, the window opened."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from icstracker import writable_folder
from icstracker.db import setup
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.services.committees import CommitteeView
from icstracker.ui import app as app_module
from icstracker.ui.first_paint import EXIT_AFTER_FIRST_PAINT
from icstracker.ui.first_run_dialog import FirstRunDialog
from icstracker.ui.jobs import JobRunner
from icstracker.ui.main_window import MainWindow
from tests.conftest import database_argument


@pytest.fixture
def no_quit(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    return quits


def test_first_start_creates_the_database_and_asks_for_the_committee(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str], no_quit: list[bool]
) -> None:
    def fill_in(dialog: FirstRunDialog) -> QDialog.DialogCode:
        dialog.name.setText("Community Pharmacy Devon")
        icbs = dialog.areas
        for row in range(icbs.topLevelItemCount()):
            item = icbs.topLevelItem(row)
            if item.text(0) == "Devon":
                item.setCheckState(0, Qt.CheckState.Checked)
                item.child(0).setCheckState(0, Qt.CheckState.Checked)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstRunDialog, "exec", fill_in)
    # Only the default location is created on a first start; any other needs `init`.
    monkeypatch.setattr(setup, "default_database_path", lambda: tmp_path / "first.sqlite3")
    startup = app_module.Startup(str(tmp_path / "first.sqlite3"), JobRunner(run_now=True))
    startup.start()
    window = startup.window
    assert window is not None and not no_quit
    qtbot.addWidget(window)
    assert window.committee.name == "Community Pharmacy Devon"
    assert len(window.committee.area_codes) == 2 and "QJK" in window.committee.area_codes
    assert window.tree_model.item_for("QJK") is not None
    window.close()


def test_a_damaged_database_gets_one_clear_dialog(
    tmp_path: Path, answers: list[str], no_quit: list[bool]
) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"not a database " * 500)
    startup = app_module.Startup(str(path), JobRunner(run_now=True))
    startup.start()
    assert startup.window is None and startup.failed and no_quit
    assert any("damaged or is not an ICS Tracker database" in text for text in answers)


def test_a_folder_that_cannot_be_written_is_named_in_one_dialog_at_start(
    sqlite_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    no_quit: list[bool],
) -> None:
    """A read-only network drive: the user hears which folder and what to do, before any
    work is typed into a window that could not save it."""
    real_open = writable_folder.os.open

    def read_only(path: object, *args: object) -> int:
        if ".icstracker-write-check." in str(path):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, *args)  # type: ignore[arg-type]

    database = backup_sqlite(sqlite_template, tmp_path / "lpc.sqlite3")
    monkeypatch.setattr(writable_folder.os, "open", read_only)
    startup = app_module.Startup(str(database), JobRunner(run_now=True))
    startup.start()
    assert startup.window is None and startup.failed and no_quit
    assert any(
        f"cannot write to the folder {tmp_path} (Read-only file system)" in text
        and "ICSTRACKER_HOME" in text
        for text in answers
    ), answers


def _started_window(qtbot: Any, database: Database) -> MainWindow:
    """The window as the app starts it: the first look, then the full window once that
    has painted."""
    startup = app_module.Startup(database_argument(database), JobRunner(run_now=True))
    startup.start()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    window = startup.window
    assert window is not None
    qtbot.addWidget(window)
    return window


def test_the_smoke_switch_closes_the_window_once_it_has_painted_the_log(
    qtbot,
    sqlite_db: Database,
    committee: CommitteeView,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The packaged app's smoke test opens the real window this way (packaging/smoke.py)."""
    monkeypatch.setenv(EXIT_AFTER_FIRST_PAINT, "1")
    window = _started_window(qtbot, sqlite_db)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)  # painted, then closed
    shown = window.table_model.rowCount()
    assert shown > 0
    assert f"icstracker: window painted with {shown} rows" in capsys.readouterr().err


def test_without_the_smoke_switch_the_window_stays_open(
    qtbot, sqlite_db: Database, committee: CommitteeView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(EXIT_AFTER_FIRST_PAINT, raising=False)
    window = _started_window(qtbot, sqlite_db)
    qtbot.waitExposed(window)
    qtbot.wait(200)
    assert window.isVisible()
    window.close()


FIRST_START = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

app = QApplication(sys.argv)
started = time.monotonic()  # Qt is loaded; from here on, the time is the app's own
import icstracker.ui.app as app_module

shown = []

def poll():
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        if isinstance(widget, QProgressDialog) and not shown:
            shown.append(time.monotonic() - started)
        if type(widget).__name__ == "FirstRunDialog":
            widget.reject()  # the database is made: the committee is not asked for here

timer = QTimer()
timer.timeout.connect(poll)
timer.start(10)
code = app_module.run_app(None)
print(f"shown after {shown[0] if shown else -1:.3f} s; exit {code}")
"""


def test_a_first_start_shows_its_progress_within_half_a_second(tmp_path: Path) -> None:
    """Nothing for seconds made a first start look broken: the dialog comes before the
    window's imports and the new database, which the job does behind it."""
    import os
    import re
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FIRST_START],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "ICSTRACKER_HOME": str(tmp_path)},
    )
    found = re.search(r"shown after (-?[\d.]+) s", done.stdout)
    assert found is not None, done.stdout + done.stderr
    assert 0 <= float(found.group(1)) < 0.5, done.stdout
    assert list(tmp_path.rglob("*.sqlite3")), "the first start made the database"
