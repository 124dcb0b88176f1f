"""First start: the database is made, the committee asked for, the window opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from icstracker.db import setup
from icstracker.ui import app as app_module
from icstracker.ui.first_run_dialog import FirstRunDialog
from icstracker.ui.jobs import JobRunner


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
