"""Exporting from the window: the file dialog, the job with Cancel, the message at the end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.errors import OperationCancelled, OutputFileError
from icstracker.services.committees import CommitteeView
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.footprint_history import FootprintView
from icstracker.services.periods import Period, date_range
from icstracker.services.report_data import Audience
from icstracker.services.report_filenames import period_in_file_name
from icstracker.ui.export_dialog import QuarterlyReportExport, ReportChoice, documents_folder
from icstracker.ui.jobs import JobRunner
from icstracker.ui.settings import WindowSettings

TODAY = dt.date.today()
LAST_TEN_DAYS = date_range(TODAY - dt.timedelta(days=10), TODAY)  # holds four seeded entries


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: records what it was offered."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.offered: dict[str, str] = {}

    def __call__(self, parent: QWidget, caption: str, directory: str, filter: str) -> Any:
        self.offered = {"caption": caption, "directory": directory, "filter": filter}
        return self.answer, filter


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()))
    return urls


def _export(
    parent: QWidget,
    database: Database,
    committee: CommitteeView,
    period: Period | None = LAST_TEN_DAYS,
    criteria: EngagementFilter | None = None,
) -> QuarterlyReportExport:
    return QuarterlyReportExport(
        parent, database, committee, period, criteria or EngagementFilter(), JobRunner(True)
    )


def test_export_what_the_window_shows_then_open_the_folder(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    answers: list[str],
    opened: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = SaveDialog(str(tmp_path / "my report"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)

    def click_open_folder(box: QMessageBox) -> int:
        answers.append(box.text())
        next(b for b in box.buttons() if b.text() == "Open folder").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_open_folder)
    export = _export(parent, sqlite_db, committee, criteria=EngagementFilter(level="neighbourhood"))
    assert export.start()

    suggested = Path(dialog.offered["directory"])
    assert suggested.parent == documents_folder()
    assert suggested.name == (
        f"ICS engagement {period_in_file_name(LAST_TEN_DAYS)} - neighbourhood"
        " - Community Pharmacy Lancashire.xlsx"
    )
    assert dialog.offered["filter"] == "Excel workbook (*.xlsx)"
    path = tmp_path / "my report.xlsx"  # the missing extension is added
    assert export.result is not None and export.result.path == path and path.exists()
    assert export.result.engagements == 2  # the two PCN meetings of the last ten days
    said_first, said_last = answers
    assert "level neighbourhood" in said_first  # before the file was chosen
    assert said_last == f"Saved the report for {LAST_TEN_DAYS.label} (2 engagements) to {path}"
    assert opened == [str(tmp_path)]


def test_cancel_in_the_progress_dialog_stops_and_writes_nothing(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    answers: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(str(tmp_path / "r.xlsx")))
    set_value = QProgressDialog.setValue

    def press_cancel(dialog: QProgressDialog, value: int) -> None:
        set_value(dialog, value)
        # The user presses Cancel once the first rows are written.
        button = dialog.findChild(QPushButton)
        assert button is not None and button.text() == "Cancel"
        button.click()

    monkeypatch.setattr(QProgressDialog, "setValue", press_cancel)
    export = _export(parent, sqlite_db, committee)
    assert export.start()
    assert isinstance(export.error, OperationCancelled) and export.result is None
    assert answers == []  # cancelling is not an error to report
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".part")]


def test_choosing_no_file_does_nothing(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(""))
    export = _export(parent, sqlite_db, committee)
    assert not export.start() and export.job is None


def test_a_name_without_extension_that_exists_is_only_replaced_if_confirmed(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "kept.xlsx").write_bytes(b"an earlier report")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(str(tmp_path / "kept")))
    asked: list[str] = []

    def refuse(_parent: QWidget, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", refuse)
    assert not _export(parent, sqlite_db, committee).start()
    assert asked == [f"kept.xlsx already exists in {tmp_path}. Replace it?"]
    assert (tmp_path / "kept.xlsx").read_bytes() == b"an earlier report"


def test_a_failed_export_is_one_clear_message(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    answers: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = tmp_path / "gone" / "r.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(str(missing)))
    export = _export(parent, sqlite_db, committee)
    assert export.start()
    assert isinstance(export.error, OutputFileError)
    assert answers == [f"Cannot save the report: the folder {missing.parent} does not exist."]


def test_all_dates_exports_the_whole_log(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    answers: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(str(tmp_path / "all.xlsx")))
    export = _export(parent, sqlite_db, committee, period=None)
    assert export.start()
    assert export.result is not None and export.result.engagements == 5
    assert export.result.period == date_range(TODAY - dt.timedelta(days=400), TODAY)


def test_the_export_runs_in_the_background(
    qtbot: Any,
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    answers: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(str(tmp_path / "bg.xlsx")))
    export = QuarterlyReportExport(
        parent, sqlite_db, committee, LAST_TEN_DAYS, EngagementFilter(), JobRunner()
    )
    assert export.start()
    qtbot.waitUntil(lambda: export.result is not None or export.error is not None, timeout=10_000)
    assert export.error is None and export.result is not None
    assert export.result.engagements == 4 and (tmp_path / "bg.xlsx").exists()


def test_ctrl_e_in_the_window_exports_what_it_shows(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> None:
    from openpyxl import load_workbook

    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(str(tmp_path / "q.xlsx")))
    monkeypatch.setattr(ReportChoice, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    window.levels.button(3).click()  # neighbourhood: three of the five seeded entries
    shown = window.table_model.rowCount()
    assert shown == 3
    window.export_action.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "q.xlsx").exists() and bool(answers), timeout=20_000)
    sheet = load_workbook(tmp_path / "q.xlsx", read_only=True)["Engagements"]
    assert sum(1 for row in sheet.iter_rows(min_row=2) if any(c.value for c in row)) == shown


def test_a_filtered_export_in_the_window_says_its_filters_first_and_in_its_name(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> None:
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.levels.button(2), Qt.MouseButton.LeftButton)  # Place
    qtbot.keyClicks(window.search, "board")
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 1)
    dialog = SaveDialog("")  # look at what is offered, then cancel
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    monkeypatch.setattr(ReportChoice, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    window.export_action.trigger()
    assert Path(dialog.offered["directory"]).name.endswith(
        " - place, matching board - Community Pharmacy Lancashire.xlsx"
    )
    assert len(answers) == 1 and "level place; text 'board'" in answers[0]

    qtbot.mouseClick(window.clear, Qt.MouseButton.LeftButton)
    window.export_action.trigger()
    assert Path(dialog.offered["directory"]).name.endswith(" - Community Pharmacy Lancashire.xlsx")
    assert " - place" not in dialog.offered["directory"]
    assert len(answers) == 1  # the whole period needs no warning


def test_a_filtered_export_can_be_stopped_before_choosing_a_file(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = SaveDialog("never asked")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *_: QMessageBox.StandardButton.No)
    export = _export(parent, sqlite_db, committee, criteria=EngagementFilter(kinds=("call",)))
    assert not export.start()
    assert dialog.offered == {} and export.job is None


def test_the_save_dialog_remembers_the_last_folder(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    answers: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings_file = tmp_path / "settings.ini"
    chosen = tmp_path / "reports"
    chosen.mkdir()
    first = SaveDialog(str(chosen / "q.xlsx"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", first)
    export = QuarterlyReportExport(
        parent,
        sqlite_db,
        committee,
        LAST_TEN_DAYS,
        EngagementFilter(),
        JobRunner(True),
        settings=WindowSettings(settings_file),
    )
    assert export.start()
    assert Path(first.offered["directory"]).parent == documents_folder()

    again = SaveDialog("")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", again)
    later = QuarterlyReportExport(
        parent,
        sqlite_db,
        committee,
        LAST_TEN_DAYS,
        EngagementFilter(),
        JobRunner(True),
        settings=WindowSettings(settings_file),  # as on the next day's start
    )
    assert not later.start()
    assert Path(again.offered["directory"]).parent == chosen


def test_documents_falls_back_to_home_when_it_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "Documents"
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(missing))
    assert documents_folder() == Path.home()
    missing.mkdir()
    assert documents_folder() == missing


def test_the_choice_dialog_asks_who_for_and_which_file(
    qtbot: Any, parent: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Committee and workbook unless the user picks partners or the PDF summary button."""

    def pick_partners_pdf(dialog: ReportChoice) -> int:
        qtbot.mouseClick(dialog.for_partners, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.as_then, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ReportChoice, "exec", pick_partners_pdf)
    assert ReportChoice.ask(parent) == (Audience.PARTNERS, True, FootprintView.THEN)
    monkeypatch.setattr(ReportChoice, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert ReportChoice.ask(parent) is None
    choice = ReportChoice(parent)
    qtbot.addWidget(choice)
    assert (choice.audience, choice.pdf, choice.footprints) == (
        Audience.COMMITTEE,
        False,
        FootprintView.NOW,
    )


def test_a_pdf_summary_for_partners(
    parent: QWidget,
    sqlite_db: Database,
    committee: CommitteeView,
    answers: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = SaveDialog(str(tmp_path / "board paper"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    export = QuarterlyReportExport(
        parent,
        sqlite_db,
        committee,
        LAST_TEN_DAYS,
        EngagementFilter(),
        JobRunner(True),
        audience=Audience.PARTNERS,
        pdf=True,
    )
    assert export.start()
    assert Path(dialog.offered["directory"]).suffix == ".pdf"
    assert dialog.offered["filter"] == "PDF summary (*.pdf)"
    path = tmp_path / "board paper.pdf"
    assert export.error is None, export.error
    assert export.result is not None and export.result.path == path
    assert path.read_bytes().startswith(b"%PDF") and export.result.engagements == 4
    assert answers == [f"Saved the report for {LAST_TEN_DAYS.label} (4 engagements) to {path}"]
