"""The import wizard: file, columns and rows, then the import, all without blocking."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QWizard

from icstracker.db.backup import backup_dir_for
from icstracker.db.database import Database
from icstracker.services.committees import CommitteeView
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.ui.import_wizard import ImportWizard, error_report_path
from icstracker.ui.jobs import JobRunner

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "imports"


def _wizard(qtbot: Any, database: Database, committee: CommitteeView) -> ImportWizard:
    wizard = ImportWizard(None, database, committee, JobRunner(run_now=True))
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _count(database: Database) -> int:
    with database.session() as session:
        return count_engagements(session, EngagementFilter())


def test_preview_then_import_a_legacy_csv(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    before = _count(sqlite_db)
    source = shutil.copy(FIXTURES / "devon_lpc_log.csv", tmp_path / "devon.csv")
    wizard = _wizard(qtbot, sqlite_db, committee)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.choose.path.setText(str(source))
    wizard.next()
    preview = wizard.preview
    assert "7 to add, 0 already logged, 0 with errors" in preview.message.text()
    assert preview.rows.rowCount() == 7
    assert preview.rows.item(0, 1).text() == "Will add"
    assert _count(sqlite_db) == before  # a preview writes nothing
    wizard.next()  # the commit page's Import button
    assert "Imported 7 engagement(s)" in wizard.result_page.summary.text()
    assert _count(sqlite_db) == before + 7
    assert sqlite_db.path is not None
    assert list(backup_dir_for(sqlite_db.path).glob("*before-import*"))


def test_a_file_with_bad_rows_imports_nothing_unless_asked(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    before = _count(sqlite_db)
    source = shutil.copy(FIXTURES / "blmk_contacts_with_errors.xlsx", tmp_path / "blmk.xlsx")
    wizard = _wizard(qtbot, sqlite_db, committee)
    wizard.choose.path.setText(str(source))
    wizard.next()
    assert "5 with errors" in wizard.preview.message.text()
    assert wizard.preview.message.text().startswith("Read from sheet 'Contacts'.")
    assert "Nothing will be imported" in wizard.preview.message.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.back()
    wizard.choose.skip_bad.setChecked(True)
    wizard.next()
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.next()
    assert "5 row(s) were not imported" in wizard.result_page.summary.text()
    assert "from blmk.xlsx, sheet 'Contacts' for" in wizard.result_page.summary.text()
    assert _count(sqlite_db) == before + 4
    assert error_report_path(Path(source)).is_file()


def test_changing_a_column_rechecks_every_row(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    source = shutil.copy(FIXTURES / "devon_lpc_log.csv", tmp_path / "devon.csv")
    wizard = _wizard(qtbot, sqlite_db, committee)
    wizard.choose.path.setText(str(source))
    wizard.next()
    table = wizard.preview.columns
    combos = [table.cellWidget(row, 1) for row in range(table.rowCount())]
    title = next(c for c in combos if isinstance(c, QComboBox) and c.currentText() == "title")
    title.setCurrentText("ignore")  # no title column any more: the file cannot be read
    assert "cannot be imported" in wizard.preview.message.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_a_hostile_file_is_explained_on_the_page(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    fake = tmp_path / "minutes.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    wizard = _wizard(qtbot, sqlite_db, committee)
    wizard.choose.path.setText(str(fake))
    wizard.next()
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
    wizard.choose.path.setText(str(source))
    assert [wizard.choose.sheet.itemText(i) for i in range(2)] == ["Read me", "Log 2019-26"]
    wizard.choose.sheet.setCurrentText("Log 2019-26")
    wizard.next()
    assert "10 to add" in wizard.preview.message.text()


def test_a_report_that_cannot_be_saved_does_not_hide_a_done_import(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    before = _count(sqlite_db)
    source = Path(shutil.copy(FIXTURES / "blmk_contacts_with_errors.xlsx", tmp_path / "b.xlsx"))
    error_report_path(source).mkdir()  # the report's name is taken by a folder
    wizard = _wizard(qtbot, sqlite_db, committee)
    wizard.choose.path.setText(str(source))
    wizard.choose.skip_bad.setChecked(True)
    wizard.next()
    wizard.next()
    text = wizard.result_page.summary.text()
    assert "Imported 4 engagement(s)" in text and "could not be saved" in text
    assert _count(sqlite_db) == before + 4
