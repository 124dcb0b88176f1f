"""File > Import spreadsheet…: choose a file, check the columns and every row, then import.

A thin window over ``services.imports``: the preview is ``preview_import`` and the import
is ``run_import``, each run as a background job (a big file takes seconds). The person
sees every row's outcome before anything is written, can correct what a column holds,
and chooses, on the same page, between all-or-nothing (the default) and importing the
good rows with the bad ones written to a report beside the file. Once rows are in, the
window is asked to show them (``on_imported``), and what it did is said here.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
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
    run_import,
    write_error_report,
)
from icstracker.services.imports.options import ImportOptions
from icstracker.services.imports.reading import list_sheets
from icstracker.services.periods import (
    Period,
    date_range,
    nhs_quarter_containing,
    nhs_year_containing,
)
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.file_dialogs import documents_folder
from icstracker.ui.import_preview import PreviewPage
from icstracker.ui.jobs import JobRunner, run_with_progress
from icstracker.ui.window_geometry import available_geometry

if TYPE_CHECKING:
    from icstracker.ui.alias_dialog import CommitteeAliasesDialog

FILE_FILTER = "Spreadsheets (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV file (*.csv)"
# Wide enough for the columns beside the rows with their reasons, and short enough for a
# 1366 x 768 laptop once its taskbar and the window's title bar are counted.
DEFAULT_SIZE = QSize(1180, 660)
FRAME_ALLOWANCE = QSize(16, 40)  # a window manager's border and title bar, roughly

# What the window did to show the imported rows, in a sentence; None when it did nothing.
OnImported = Callable[[ImportResult], "str | None"]


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
        self.path.setPlaceholderText("Choose Browse…, or type or paste the file's full path")
        # An example in the form this computer writes paths, never another system's.
        self.path.setToolTip(f"For example {documents_folder() / 'engagement log.xlsx'}")
        self.path.textChanged.connect(self.completeChanged)
        path_label = QLabel("&File:")
        path_label.setBuddy(self.path)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        self.file_dialog: QFileDialog | None = None
        row = QHBoxLayout()
        row.addWidget(path_label)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
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
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(sheet_row)
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

    def browse(self) -> QFileDialog:
        """Qt's open dialog, in the folder of the file named so far, else in Documents.

        The folder is set on its own, never passed as a path: a dialog given a folder's path
        may read its last part as a file name, and opened in the home folder with
        "Documents" typed in. Opened, not run, so the wizard's own loop keeps going.
        """
        dialog = QFileDialog(self, "Import spreadsheet")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(FILE_FILTER.split(";;"))
        typed = Path(self.path.text().strip())
        if typed.is_file():
            dialog.setDirectory(str(typed.parent))
            dialog.selectFile(typed.name)
        else:
            dialog.setDirectory(str(documents_folder()))
        dialog.fileSelected.connect(self.path.setText)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return Path(self.path.text().strip()).is_file()


def imported_dates(result: ImportResult) -> list[dt.date]:
    """The dates of the engagements an import wrote (not the rows it left out)."""
    left_out = {row.row for row in result.rejected}
    return [
        row.data.occurred_on
        for row in result.plan.with_outcome("add")
        if row.data is not None and row.row not in left_out
    ]


def imported_period(result: ImportResult) -> Period | None:
    """The period to show an import in: the NHS quarter or year holding every row it wrote,
    else the range from the first date to the last; None when it wrote nothing."""
    dates = imported_dates(result)
    if not dates:
        return None
    first, last = min(dates), max(dates)
    for period in (nhs_quarter_containing(first), nhs_year_containing(first)):
        if period.contains(last):
            return period
    return date_range(first, last)


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
        path, options = self.owner.source(), self.owner.preview.options
        skip = self.owner.skip_bad_rows()
        database = self.owner.database
        stop = threading.Event()

        def work(report: Callable[[int, int], None]) -> ImportResult:
            result = run_import(
                database,
                path,
                options,
                skip_bad_rows=skip,
                progress=report,
                cancelled=stop.is_set,
                backup_first=True,
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
        if result.remembered:
            names = ", ".join(f"'{text}'" for text in result.remembered)
            lines.append(
                f"Remembered for {result.plan.committee}'s next imports: {names} (see "
                "Remembered names… on the previous page, or in the next import)."
            )
        self.finished = True
        shown = self.owner.imported(result)
        if shown:
            lines.append(shown)
        self.summary.setText("\n\n".join(lines))
        self.completeChanged.emit()

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


def default_size(available: QSize) -> QSize:
    """``DEFAULT_SIZE``, or less on a screen (less its taskbar) too small for it and its frame."""
    return DEFAULT_SIZE.boundedTo(available - FRAME_ALLOWANCE)


class ImportWizard(QWizard):
    def __init__(
        self,
        parent: QWidget | None,
        database: Database,
        committee: CommitteeView,
        runner: JobRunner | None = None,
        on_imported: OnImported | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import spreadsheet")
        self.database = database
        self.committee = committee
        self.runner = runner or JobRunner()
        self.on_imported = on_imported
        self.aliases_dialog: CommitteeAliasesDialog | None = None
        self.choose = ChooseFilePage(committee)
        self.preview = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page in (self.choose, self.preview, self.result_page):
            self.addPage(page)
        self.setMinimumSize(QSize(760, 520))
        self.resize(default_size(available_geometry(self).size()))

    def source(self) -> Path:
        return Path(self.choose.path.text().strip())

    def skip_bad_rows(self) -> bool:
        return self.preview.skip_bad_rows()

    def import_options(self) -> ImportOptions:
        """The options the first page sets; the preview adds the person's decisions."""
        sheet = self.choose.sheet.currentText() or None
        return ImportOptions(committee=self.committee.name, sheet=sheet)

    def show_aliases(self) -> CommitteeAliasesDialog:
        """The names this committee's imports remembered; removing one plans again."""
        from icstracker.ui.alias_dialog import CommitteeAliasesDialog

        dialog = CommitteeAliasesDialog(self.database, self.committee, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.currentPage() is self.preview:
            dialog.changed.connect(self.preview.refresh)
        dialog.open()
        self.aliases_dialog = dialog
        return dialog

    def imported(self, result: ImportResult) -> str | None:
        """Tells the window; returns what it now shows, to say on the last page."""
        return self.on_imported(result) if self.on_imported is not None else None

    def report_unexpected(self, error: BaseException, details: str) -> None:
        show_error(self, error, details)
