"""File > Import spreadsheet…: choose a file, check the columns and every row, then import.

A thin window over ``services.imports``: the preview is ``preview_import`` and the import
is ``run_import``, each run as a background job (a big file takes seconds). The person
sees every row's outcome before anything is written, can correct what a column holds,
and chooses between all-or-nothing (the default) and importing the good rows with the
bad ones written to a report beside the file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError, OperationCancelled
from icstracker.services.committees import CommitteeView
from icstracker.services.imports.apply import (
    ImportResult,
    backup_before_import,
    run_import,
    write_error_report,
)
from icstracker.services.imports.columns import FIELDS, IGNORE, column_letter
from icstracker.services.imports.plan import ImportOptions, ImportPlan, preview_import
from icstracker.services.imports.reading import list_sheets
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.file_dialogs import documents_folder
from icstracker.ui.jobs import JobRunner, run_with_progress

FILE_FILTER = "Spreadsheets (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV file (*.csv)"
PREVIEW_LIMIT = 2000  # rows shown; the counts always cover the whole file
OUTCOME_TEXT = {"add": "Will add", "duplicate": "Already logged", "error": "Error"}


def error_report_path(source: Path) -> Path:
    return source.with_name(f"{source.stem} - import errors.csv")


class ChooseFilePage(QWizardPage):
    def __init__(self, committee: CommitteeView) -> None:
        super().__init__()
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle(
            f"Engagements will be logged for {committee.name}. An .xlsx workbook (its first "
            "visible sheet, or the one chosen below) or a .csv file, with a header row naming "
            "a date, an area and a title."
        )
        self.path = QLineEdit()
        self.path.setAccessibleName("Spreadsheet file")
        self.path.setPlaceholderText("C:\\Users\\me\\Documents\\engagement log.xlsx")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.sheet.setToolTip("The sheet of the workbook that holds the log")
        self.sheet_label = QLabel("&Sheet:")
        self.sheet_label.setBuddy(self.sheet)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet, 1)
        self.path.textChanged.connect(self._list_sheets)
        self._list_sheets()
        self.skip_bad = QCheckBox("Import the good rows and list the &bad ones in a report file")
        self.skip_bad.setToolTip(
            "Otherwise one bad row means nothing is imported, so you can fix the file first"
        )
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(sheet_row)
        layout.addWidget(self.skip_bad)
        layout.addStretch(1)

    def _list_sheets(self) -> None:
        """A workbook's sheets to choose from; a CSV file (or an unreadable one) has none."""
        self.sheet.clear()
        path = Path(self.path.text().strip())
        names: list[str] = []
        if path.is_file():
            try:
                names = list_sheets(path)
            except IcsTrackerError:
                names = []  # the preview explains what is wrong with the file
        self.sheet.addItems(names)
        for widget in (self.sheet, self.sheet_label):
            widget.setEnabled(len(names) > 1)

    def browse(self) -> None:
        start = str(documents_folder())  # Documents if it exists, never the program's folder
        chosen, _ = QFileDialog.getOpenFileName(self, "Import spreadsheet", start, FILE_FILTER)
        if chosen:
            self.path.setText(chosen)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return Path(self.path.text().strip()).is_file()


class PreviewPage(QWizardPage):
    """The columns as understood, each changeable, and what will happen to every row."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Check the columns and rows")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.plan: ImportPlan | None = None
        self.overrides: dict[str, str] = {}
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.columns = QTableWidget(0, 2)
        self.columns.setAccessibleName("Columns and what they hold")
        self.columns.setHorizontalHeaderLabels(["Column in the file", "Holds"])
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().hide()
        self.rows = QTableWidget(0, 5)
        self.rows.setAccessibleName("Rows and what will happen to each")
        self.rows.setHorizontalHeaderLabels(["Row", "Outcome", "Title", "Area (match)", "Why"])
        self.rows.setWordWrap(True)
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.rows.verticalHeader().hide()
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.columns, 1)
        layout.addWidget(self.rows, 3)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.overrides = {}
        self.refresh()

    def refresh(self) -> None:
        self.plan = None
        self.completeChanged.emit()
        self.message.setText("Reading the file…")
        path, options = self.owner.source(), self.owner.options(self.overrides)
        database = self.owner.database
        run_with_progress(
            self.owner.runner,
            self,
            "Checking every row…",
            lambda report: preview_import(database, path, options, progress=report),
            self._show,
            self._failed,
        )

    def _failed(self, error: BaseException, details: str) -> None:
        self.rows.setRowCount(0)
        if isinstance(error, IcsTrackerError):
            self.message.setText(f"<b>This file cannot be imported.</b> {error.message}")
        else:
            self.message.setText(f"Unexpected error reading the file: {error}")
            self.owner.report_unexpected(error, details)

    def _show(self, plan: ImportPlan) -> None:
        self.plan = plan
        counts = plan.counts
        skip = self.owner.skip_bad_rows()
        verdict = (
            "Nothing will be imported unless every row is fixed, or you go back and choose to "
            "import the good rows."
            if counts["error"] and not skip
            else f"{counts['add']:,} engagement(s) will be added."
        )
        read_from = f"Read from {plan.read_from}. " if plan.read_from else ""
        self.message.setText(
            f"{read_from}{counts['add']:,} to add, {counts['duplicate']:,} already logged, "
            f"{counts['error']:,} with errors, {counts['blank']:,} blank. {verdict}"
        )
        self._show_columns(plan)
        shown = [r for r in plan.rows if r.outcome != "blank"][:PREVIEW_LIMIT]
        self.rows.setRowCount(len(shown))
        for index, row in enumerate(shown):
            cells = (
                str(row.row),
                OUTCOME_TEXT.get(row.outcome, row.outcome),
                row.data.title if row.data else "",
                f"{row.area.area.label} ({row.area.describe()})" if row.area else "",
                row.detail,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.rows.setItem(index, column, item)
        self.rows.resizeColumnsToContents()
        for column in (2, 3):  # title and area: wide enough to recognise, leaving room for why
            self.rows.setColumnWidth(column, min(self.rows.columnWidth(column), 240))
        self.completeChanged.emit()

    def _show_columns(self, plan: ImportPlan) -> None:
        mapped = {c.index: c.field for c in plan.mapping.columns}
        self.columns.setRowCount(len(plan.headers))
        for index, header in enumerate(plan.headers):
            letter = column_letter(index)
            self.columns.setItem(index, 0, QTableWidgetItem(f"{letter}: {header}"))
            choice = QComboBox()
            choice.setAccessibleName(f"What column {letter} holds")
            choice.addItems([IGNORE, *FIELDS])
            choice.setCurrentText(mapped.get(index, IGNORE))
            choice.currentTextChanged.connect(
                lambda field, letter=letter: self._remap(letter, field)
            )
            self.columns.setCellWidget(index, 1, choice)

    def _remap(self, letter: str, field: str) -> None:
        self.overrides[letter] = field
        self.refresh()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.plan is None:
            return False
        counts = self.plan.counts
        return counts["add"] > 0 and (counts["error"] == 0 or self.owner.skip_bad_rows())


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Import")
        self.result: ImportResult | None = None
        self.finished = False
        self.report_problem = ""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self).addWidget(self.summary)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.finished = False
        self.report_problem = ""
        self.summary.setText("Importing…")
        path, options = self.owner.source(), self.owner.options(self.owner.preview.overrides)
        skip = self.owner.skip_bad_rows()
        database = self.owner.database
        stop = threading.Event()

        def work(report: Callable[[int, int], None]) -> ImportResult:
            backup_before_import(database)
            result = run_import(
                database,
                path,
                options,
                skip_bad_rows=skip,
                progress=report,
                cancelled=stop.is_set,
            )
            if result.rejected:
                # The good rows are already committed: a report that cannot be written
                # (the old one open in Excel) must not make the import look failed.
                try:
                    write_error_report(result.plan, result.rejected, error_report_path(path))
                except IcsTrackerError as error:
                    self.report_problem = error.message
            return result

        run_with_progress(
            self.owner.runner,
            self,
            f"Importing {path.name}…",
            work,
            self._done,
            self._failed,
            on_cancel=stop.set,
        )

    def _done(self, result: ImportResult) -> None:
        self.result = result
        added = len(result.added_ids)
        lines = [
            f"Imported {added:,} engagement(s) from {self.owner.source().name}"
            f"{', ' + result.plan.read_from if result.plan.read_from else ''} for "
            f"{result.plan.committee}.",
            f"{result.duplicates:,} row(s) were already logged and were skipped.",
        ]
        if result.rejected:
            report = error_report_path(self.owner.source())
            where = (
                f"the list of them could not be saved: {self.report_problem}"
                if self.report_problem
                else f"see {report}"
            )
            lines.append(f"{len(result.rejected):,} row(s) were not imported; {where}.")
        self.summary.setText("\n".join(lines))
        self.finished = True
        self.completeChanged.emit()
        self.owner.imported(result)

    def _failed(self, error: BaseException, details: str) -> None:
        if isinstance(error, OperationCancelled):
            self.summary.setText("Import cancelled: nothing was written.")
        elif isinstance(error, IcsTrackerError):
            self.summary.setText(f"Nothing was imported. {error.message}")
        else:
            self.summary.setText(f"Nothing was imported: unexpected error {error}.")
            self.owner.report_unexpected(error, details)
        self.finished = True
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.finished


class ImportWizard(QWizard):
    def __init__(
        self,
        parent: QWidget | None,
        database: Database,
        committee: CommitteeView,
        runner: JobRunner | None = None,
        on_imported: Callable[[ImportResult], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import spreadsheet")
        self.database = database
        self.committee = committee
        self.runner = runner or JobRunner()
        self.on_imported = on_imported
        self.choose = ChooseFilePage(committee)
        self.preview = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page in (self.choose, self.preview, self.result_page):
            self.addPage(page)
        self.resize(900, 640)

    def source(self) -> Path:
        return Path(self.choose.path.text().strip())

    def skip_bad_rows(self) -> bool:
        return self.choose.skip_bad.isChecked()

    def options(self, overrides: dict[str, str]) -> ImportOptions:
        sheet = self.choose.sheet.currentText() or None
        return ImportOptions(committee=self.committee.name, column_map=dict(overrides), sheet=sheet)

    def imported(self, result: ImportResult) -> None:
        if self.on_imported is not None:
            self.on_imported(result)

    def report_unexpected(self, error: BaseException, details: str) -> None:
        show_error(self, error, details)
