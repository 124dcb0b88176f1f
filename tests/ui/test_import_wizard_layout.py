"""The import wizard reads on a laptop: its size, the columns, the reasons, the file dialog."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard

from icstracker.db.database import Database
from icstracker.services.committees import CommitteeView
from icstracker.ui.import_rows import WHY
from icstracker.ui.import_wizard import DEFAULT_SIZE, FRAME_ALLOWANCE, ImportWizard, default_size
from icstracker.ui.jobs import JobRunner

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "imports"
LEFT = Qt.MouseButton.LeftButton
LAPTOP = QSize(1366, 768 - 40)  # a 1366 x 768 screen less a taskbar


def _wizard(qtbot: Any, database: Database, committee: CommitteeView) -> ImportWizard:
    wizard = ImportWizard(None, database, committee, JobRunner(run_now=True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return wizard


def _open(qtbot: Any, wizard: ImportWizard, path: Path | str) -> None:
    qtbot.keyClicks(wizard.choose.path, str(path))
    qtbot.keyClick(wizard.choose.path, Qt.Key.Key_Return)


def test_the_default_size_fits_a_laptop_screen_and_no_more() -> None:
    on_laptop = default_size(LAPTOP)
    assert on_laptop == DEFAULT_SIZE  # the whole default fits there, frame included
    assert on_laptop.width() + FRAME_ALLOWANCE.width() <= LAPTOP.width()
    assert on_laptop.height() + FRAME_ALLOWANCE.height() <= LAPTOP.height()
    assert default_size(QSize(1920, 1040)) == DEFAULT_SIZE
    assert default_size(QSize(1024, 728)).width() == 1024 - FRAME_ALLOWANCE.width()


def _reasons_unreadable(wizard: ImportWizard) -> list[str]:
    """The reasons whose wrapped text does not fit in its cell."""
    rows = wizard.preview.rows
    metrics = rows.fontMetrics()
    width = rows.columnWidth(WHY) - 8  # the cell's text margins
    cut = []
    for index in range(rows.rowCount()):
        text = rows.item(index, WHY).text()
        needed = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
        if rows.isRowHidden(index) or needed.height() > rows.rowHeight(index):
            cut.append(text)
    return cut


@pytest.mark.parametrize("size", [DEFAULT_SIZE, LAPTOP - FRAME_ALLOWANCE], ids=["default", "1366"])
def test_every_reason_reads_in_full(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path, size: QSize
) -> None:
    source = shutil.copy(FIXTURES / "blmk_contacts_with_errors.xlsx", tmp_path / "blmk.xlsx")
    wizard = _wizard(qtbot, sqlite_db, committee)
    wizard.resize(size)
    _open(qtbot, wizard, source)
    rows = wizard.preview.rows
    assert rows.rowCount() == 10
    assert rows.columnWidth(WHY) >= rows.viewport().width() // 3
    qtbot.waitUntil(lambda: _reasons_unreadable(wizard) == [])
    # and they stay readable when the window is made narrower
    wizard.resize(QSize(900, size.height()))
    qtbot.waitUntil(lambda: _reasons_unreadable(wizard) == [])


@pytest.mark.parametrize("size", [DEFAULT_SIZE, LAPTOP - FRAME_ALLOWANCE], ids=["default", "1366"])
def test_all_nine_columns_show_at_once(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path, size: QSize
) -> None:
    source = shutil.copy(FIXTURES / "lancashire_engagement_log.xlsx", tmp_path / "lancs.xlsx")
    wizard = _wizard(qtbot, sqlite_db, committee)
    wizard.resize(size)
    _open(qtbot, wizard, source)
    columns = wizard.preview.columns.choices
    assert len(columns.combos) == 9
    assert columns.verticalScrollBar().maximum() == 0
    shown = columns.viewport().rect()
    for combo in columns.combos.values():
        place = QRect(combo.mapTo(columns.viewport(), combo.rect().topLeft()), combo.size())
        assert shown.contains(place)
    # and some rows below them, each line of text whole
    rows = wizard.preview.rows
    assert rows.viewport().height() >= 6 * rows.rowHeight(0)


def test_a_wide_file_scrolls_its_columns_and_keeps_room_for_the_rows(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    wide = tmp_path / "wide.csv"
    extra = [f"Extra {n}" for n in range(30)]
    wide.write_text(
        ",".join(["Date", "Area", "Title", *extra])
        + "\n"
        + ",".join(["01/06/2023", "QE1", "ICB meeting", *["x"] * 30])
        + "\n",
        encoding="utf-8",
    )
    wizard = _wizard(qtbot, sqlite_db, committee)
    wizard.resize(DEFAULT_SIZE)
    _open(qtbot, wizard, wide)
    columns = wizard.preview.columns.choices
    assert len(columns.combos) == 33
    assert columns.verticalScrollBar().maximum() > 0  # scrolls rather than pushing rows off
    assert wizard.preview.rows.height() > columns.height()


def test_browse_opens_in_documents_with_no_name_typed(
    qtbot: Any,
    sqlite_db: Database,
    committee: CommitteeView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    documents = home / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    source = Path(shutil.copy(FIXTURES / "devon_lpc_log.csv", documents / "devon log.csv"))
    wizard = _wizard(qtbot, sqlite_db, committee)
    qtbot.mouseClick(wizard.choose.browse_button, LEFT)
    dialog = wizard.choose.file_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert Path(dialog.directory().absolutePath()) == documents
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None and name.text() == ""
    qtbot.keyClicks(name, "devon log.csv")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert wizard.choose.path.text() == str(source)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_browse_without_a_documents_folder_opens_home_with_no_name_typed(
    qtbot: Any,
    sqlite_db: Database,
    committee: CommitteeView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    wizard = _wizard(qtbot, sqlite_db, committee)
    qtbot.mouseClick(wizard.choose.browse_button, LEFT)
    dialog = wizard.choose.file_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert Path(dialog.directory().absolutePath()) == home
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None and name.text() == ""
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    assert wizard.choose.path.text() == ""


def test_browse_again_starts_at_the_file_chosen(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    source = Path(shutil.copy(FIXTURES / "devon_lpc_log.csv", tmp_path / "devon.csv"))
    wizard = _wizard(qtbot, sqlite_db, committee)
    qtbot.keyClicks(wizard.choose.path, str(source))
    qtbot.mouseClick(wizard.choose.browse_button, LEFT)
    dialog = wizard.choose.file_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert Path(dialog.directory().absolutePath()) == tmp_path
    assert [Path(f) for f in dialog.selectedFiles()] == [source]
    dialog.reject()


@pytest.mark.skipif(os.sep != "/", reason="the path example is of this platform's form")
def test_no_windows_path_is_shown_on_linux(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView
) -> None:
    wizard = _wizard(qtbot, sqlite_db, committee)
    for text in (wizard.choose.path.placeholderText(), wizard.choose.path.toolTip()):
        assert "\\" not in text and "C:" not in text
    assert wizard.choose.path.toolTip().startswith("For example /")
