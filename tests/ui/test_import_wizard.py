"""The import wizard: file, columns and rows, then the import, all without blocking.

Driven as a person would: the path typed, Enter for Next, choices clicked or picked by
keys, the Import button clicked.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget, QWizard

from icstracker.db.backup import backup_dir_for
from icstracker.db.database import Database
from icstracker.services.committees import CommitteeView
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.ui.import_wizard import ImportWizard, error_report_path
from icstracker.ui.jobs import JobRunner

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "imports"
LEFT = Qt.MouseButton.LeftButton


def _wizard(qtbot: Any, database: Database, committee: CommitteeView) -> ImportWizard:
    wizard = ImportWizard(None, database, committee, JobRunner(run_now=True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return wizard


def _count(database: Database) -> int:
    with database.session() as session:
        return count_engagements(session, EngagementFilter())


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _open(qtbot: Any, wizard: ImportWizard, path: Path | str) -> None:
    """Types the file's path and presses Enter for Next."""
    qtbot.mouseClick(wizard.choose.path, LEFT)
    qtbot.keyClicks(wizard.choose.path, str(path))
    qtbot.keyClick(wizard.choose.path, Qt.Key.Key_Return)


def _import(qtbot: Any, wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.CommitButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)


def test_preview_then_import_a_legacy_csv(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    before = _count(sqlite_db)
    source = shutil.copy(FIXTURES / "devon_lpc_log.csv", tmp_path / "devon.csv")
    wizard = _wizard(qtbot, sqlite_db, committee)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _open(qtbot, wizard, source)
    preview = wizard.preview
    assert wizard.currentPage() is preview
    assert "7 to add, 0 already logged, 0 with errors" in preview.message.text()
    assert preview.rows.rowCount() == 7
    assert preview.rows.item(0, 1).text() == "Will add"
    assert not preview.choice_box.isVisible()  # no bad rows: nothing to choose
    assert _count(sqlite_db) == before  # a preview writes nothing
    _import(qtbot, wizard)
    assert "Imported 7 engagement(s)" in wizard.result_page.summary.text()
    assert _count(sqlite_db) == before + 7
    assert sqlite_db.path is not None
    assert list(backup_dir_for(sqlite_db.path).glob("*before-import*"))


def test_bad_rows_are_chosen_on_the_page_that_shows_them(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    before = _count(sqlite_db)
    source = shutil.copy(FIXTURES / "blmk_contacts_with_errors.xlsx", tmp_path / "blmk.xlsx")
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, source)
    preview = wizard.preview
    assert "5 with errors" in preview.message.text()
    assert preview.message.text().startswith("Read from sheet 'Contacts'.")
    assert "Nothing will be imported" in preview.message.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert preview.choice_box.isVisible() and preview.all_or_nothing.isChecked()
    assert "4 good row(s)" in preview.good_rows.text().replace("&", "")

    qtbot.mouseClick(preview.good_rows, LEFT)  # no going Back for it
    assert "4 engagement(s) will be added" in preview.message.text()
    qtbot.mouseClick(preview.all_or_nothing, LEFT)
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    qtbot.mouseClick(preview.good_rows, LEFT)
    _import(qtbot, wizard)
    assert "5 row(s) were not imported" in wizard.result_page.summary.text()
    assert "from blmk.xlsx, sheet 'Contacts' for" in wizard.result_page.summary.text()
    assert _count(sqlite_db) == before + 4
    assert error_report_path(Path(source)).is_file()


@pytest.mark.parametrize("slow", [False, True])
def test_the_choice_is_made_from_the_keyboard(
    qtbot: Any,
    sqlite_db: Database,
    committee: CommitteeView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slow: bool,
) -> None:
    """``slow``: the file's check shows its progress dialog, as on a slow machine; once it
    closes, the keys reach the wizard again (they went nowhere, and this test failed so
    under load)."""
    if slow:
        at_once = QProgressDialog.setMinimumDuration
        monkeypatch.setattr(QProgressDialog, "setMinimumDuration", lambda d, _ms: at_once(d, 0))
    source = shutil.copy(FIXTURES / "blmk_contacts_with_errors.xlsx", tmp_path / "blmk.xlsx")
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, source)
    preview = wizard.preview
    qtbot.keyClick(focused(), Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # "&good rows"
    qtbot.waitUntil(preview.good_rows.isChecked)  # a mnemonic clicks after a moment
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Left)  # arrows move within the radio buttons
    assert preview.all_or_nothing.isChecked()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_changing_a_column_rechecks_every_row(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    source = shutil.copy(FIXTURES / "devon_lpc_log.csv", tmp_path / "devon.csv")
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, source)
    columns = wizard.preview.columns.choices
    title = next(c for c in columns.combos.values() if c.currentText() == "title")
    title.setFocus()
    qtbot.keyClicks(title, "n")  # "not imported": no title column any more
    assert title.currentText() == "not imported"
    assert "cannot be imported" in wizard.preview.message.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert title.hasFocus()  # the choices stay put while the rows are checked again
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not "nt"
    qtbot.keyClicks(title, "t")  # back to "title" ("topics" is further down)
    assert "7 to add" in wizard.preview.message.text()


def test_every_column_is_imported_or_listed_as_not_imported(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    source = shutil.copy(FIXTURES / "devon_lpc_log.csv", tmp_path / "devon.csv")
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, source)
    preview = wizard.preview
    assert preview.columns.not_imported.text() == "Every column is imported."
    people = preview.columns.choices.combos["F"]
    assert people.currentText() == "people"
    people.setFocus()
    qtbot.keyClicks(people, "n")
    assert "Not imported:</b> 'People' (column F)" in preview.columns.not_imported.text()


def test_a_hostile_file_is_explained_on_the_page(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    fake = tmp_path / "minutes.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, fake)
    assert "cannot be imported" in wizard.preview.message.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_the_log_on_a_second_sheet(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    from openpyxl import Workbook, load_workbook

    source = tmp_path / "two sheets.xlsx"
    log = load_workbook(FIXTURES / "lancashire_engagement_log.xlsx").worksheets[0]
    book = Workbook()
    book.active.title = "Read me"
    book.active.append(["This workbook holds our log on the next sheet."])
    copy = book.create_sheet("Log 2019-26")
    for row in log.iter_rows(values_only=True):
        copy.append(row)
    book.save(source)
    wizard = _wizard(qtbot, sqlite_db, committee)
    qtbot.keyClicks(wizard.choose.path, str(source))
    sheet = wizard.choose.sheet
    assert [sheet.itemText(i) for i in range(2)] == ["Read me", "Log 2019-26"]
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # "&Sheet:"
    qtbot.waitUntil(sheet.hasFocus)
    qtbot.keyClick(sheet, Qt.Key.Key_Down)
    qtbot.keyClick(sheet, Qt.Key.Key_Return)
    assert sheet.currentText() == "Log 2019-26"
    assert wizard.currentPage() is wizard.preview
    assert "10 to add" in wizard.preview.message.text()


def test_a_report_that_cannot_be_saved_does_not_hide_a_done_import(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    before = _count(sqlite_db)
    source = Path(shutil.copy(FIXTURES / "blmk_contacts_with_errors.xlsx", tmp_path / "b.xlsx"))
    error_report_path(source).mkdir()  # the report's name is taken by a folder
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, source)
    qtbot.mouseClick(wizard.preview.good_rows, LEFT)
    _import(qtbot, wizard)
    text = wizard.result_page.summary.text()
    assert "Imported 4 engagement(s)" in text and "could not be saved" in text
    assert _count(sqlite_db) == before + 4
