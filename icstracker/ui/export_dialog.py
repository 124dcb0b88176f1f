"""Exporting the quarterly report from the window: where to save it, the work, the result.

"Export what I see": the report covers the window's committee, period and filter. A small
dialog first asks who it is for (the committee, or partners: see ``services.report_data.
Audience``) and whether to write the workbook or the PDF summary (``ui.pdf_summary``). When
filters are on, the user is told which before choosing a file, and the proposed name says
them, so a filtered report is never taken for (or saved over) the whole quarter. The file
dialog starts in the folder last used, else Documents, and asks before replacing a file
(Qt's own confirmation, kept on). The workbook is written by a
background job behind a progress dialog with Cancel; a cancelled export leaves no file.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.errors import OperationCancelled
from icstracker.reports.workbook import ExportResult, export_report
from icstracker.services.committees import CommitteeView
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.footprint_history import FootprintView
from icstracker.services.periods import Period
from icstracker.services.report_data import Audience, ReportRequest, whole_log_period
from icstracker.services.report_filenames import report_name_for, with_extension
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.file_dialogs import documents_folder, remember_folder, start_folder
from icstracker.ui.jobs import Job, JobRunner, run_with_progress
from icstracker.ui.pdf_summary import PdfResult, export_pdf_summary, pdf_path
from icstracker.ui.settings import WindowSettings

TITLE = "Export quarterly report"
FILE_FILTER = "Excel workbook (*.xlsx)"
PDF_FILTER = "PDF summary (*.pdf)"
UNFILTERED = "all engagements"  # what EngagementFilter.describe says of no filters
__all__ = ["QuarterlyReportExport", "ReportChoice", "documents_folder", "export_quarterly_report"]


class ReportChoice(QDialog):
    """Who the report is for, and workbook or PDF summary: asked before the file name."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.for_committee = QRadioButton(
            "For the committee: everything, with ratings, representatives, follow-ups "
            "and internal notes"
        )
        self.for_partners = QRadioButton(
            "For partners: to send to the ICS, PCN leads or the council as it is"
        )
        self.for_committee.setChecked(True)
        self.as_now = QRadioButton("As now: under today's ICBs, whatever the engagement's date")
        self.as_then = QRadioButton(
            "As then: under the ICB (or STP) of each engagement's date, e.g. a 2024/25 "
            "report by the 42 ICBs of that year"
        )
        self.as_now.setChecked(True)
        audience_group, footprint_group = QButtonGroup(self), QButtonGroup(self)
        for button in (self.for_committee, self.for_partners):
            audience_group.addButton(button)
        for button in (self.as_now, self.as_then):
            footprint_group.addButton(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Excel workbook…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.pdf_button = buttons.addButton("PDF summary…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.pdf = False
        self.pdf_button.clicked.connect(lambda: setattr(self, "pdf", True))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Who is the report for?"))
        layout.addWidget(self.for_committee)
        layout.addWidget(self.for_partners)
        layout.addWidget(QLabel("Count engagements under which ICSs?"))
        layout.addWidget(self.as_now)
        layout.addWidget(self.as_then)
        layout.addWidget(buttons)

    @property
    def audience(self) -> Audience:
        return Audience.PARTNERS if self.for_partners.isChecked() else Audience.COMMITTEE

    @property
    def footprints(self) -> FootprintView:
        return FootprintView.THEN if self.as_then.isChecked() else FootprintView.NOW

    @classmethod
    def ask(cls, parent: QWidget) -> tuple[Audience, bool, FootprintView] | None:
        """The audience, whether a PDF summary was asked for and how ICSs are grouped;
        None if cancelled."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.audience, dialog.pdf, dialog.footprints


class QuarterlyReportExport:
    """One export, from choosing the file to saying where it went.

    Keep a reference to it while it runs (the window holds the latest one): the job's
    callbacks are its methods.
    """

    def __init__(
        self,
        parent: QWidget,
        database: Database,
        committee: CommitteeView,
        period: Period | None,
        criteria: EngagementFilter,
        runner: JobRunner | None = None,
        *,
        today: dt.date | None = None,
        audience: Audience = Audience.COMMITTEE,
        pdf: bool = False,
        settings: WindowSettings | None = None,
        footprints: FootprintView = FootprintView.NOW,
    ) -> None:
        self.parent = parent
        self.settings = settings
        self.database = database
        self.committee = committee
        self.period = period
        self.criteria = criteria
        self.runner = runner or JobRunner()
        self.today = today
        self.audience = audience
        self.pdf = pdf
        self.footprints = footprints
        self.cancel_requested = threading.Event()
        self.job: Job | None = None
        self.result: ExportResult | PdfResult | None = None
        self.error: BaseException | None = None

    def start(self) -> bool:
        """Asks for the file and starts the job; False if the user chose no file."""
        period = self.period or self._whole_log()
        with self.database.session() as session:
            name = report_name_for(session, period, self.committee.name, self.criteria)
            filters = self.criteria.describe(session)
        if filters != UNFILTERED and not self._confirm_filtered(period, filters):
            return False
        path = self.ask_path(name)
        if path is None:
            return False
        request = ReportRequest(
            self.committee.id,
            period,
            self.criteria,
            today=self.today,
            audience=self.audience,
            footprints=self.footprints,
        )
        self.job = run_with_progress(
            self.runner,
            self.parent,
            f"Writing the {period.label} report…",
            lambda report: (
                export_pdf_summary(self.database, request, path)
                if self.pdf
                else export_report(
                    self.database,
                    request,
                    path,
                    progress=report,
                    cancelled=self.cancel_requested.is_set,
                )
            ),
            self._done,
            self._failed,
            on_cancel=self.cancel_requested.set,
        )
        return True

    def _whole_log(self) -> Period:
        """The window shows "All dates": report from the first engagement to today."""
        with self.database.session() as session:
            return whole_log_period(session, self.committee.id, self.today or dt.date.today())

    def _confirm_filtered(self, period: Period, filters: str) -> bool:
        """Says what a filtered report will hold before a file is chosen."""
        answer = QMessageBox.question(
            self.parent,
            TITLE,
            f"The report will include only the engagements the window shows: {period.label}, "
            f"{self.committee.name}, {filters}.\n\nExport these? (Choose No, then Clear "
            "filters, for the whole period.)",
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_path(self, name: str) -> Path | None:
        suggested = start_folder(self.settings) / name
        if self.pdf:
            suggested = suggested.with_suffix(".pdf")
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent, TITLE, str(suggested), PDF_FILTER if self.pdf else FILE_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        remember_folder(self.settings, path)
        if path.suffix.lower() != suggested.suffix:
            # The dialog confirmed the name as typed; the name with .xlsx is another file.
            path = pdf_path(path) if self.pdf else with_extension(path)
            if path.exists() and not self._may_replace(path):
                return None
        return path

    def _may_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self.parent, TITLE, f"{path.name} already exists in {path.parent}. Replace it?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def _done(self, result: ExportResult | PdfResult) -> None:
        self.result = result
        plural = "" if result.engagements == 1 else "s"
        box = QMessageBox(self.parent)
        box.setWindowTitle(TITLE)
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(
            f"Saved the report for {result.period.label} ({result.engagements:,} "
            f"engagement{plural}) to {result.path}"
        )
        open_file = box.addButton("Open file", QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        elif clicked is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))

    def _failed(self, error: BaseException, details: str) -> None:
        self.error = error
        if isinstance(error, OperationCancelled):
            return  # the user asked for it, and no file was written: nothing to say
        show_error(self.parent, error, details)


def export_quarterly_report(
    parent: QWidget,
    database: Database,
    committee: CommitteeView,
    period: Period | None,
    criteria: EngagementFilter,
    runner: JobRunner | None = None,
    settings: WindowSettings | None = None,
) -> QuarterlyReportExport:
    """What the window's File > Export quarterly report… calls: who for, which file, go."""
    choice = ReportChoice.ask(parent)
    audience, pdf, footprints = choice or (Audience.COMMITTEE, False, FootprintView.NOW)
    export = QuarterlyReportExport(
        parent,
        database,
        committee,
        period,
        criteria,
        runner,
        audience=audience,
        pdf=pdf,
        settings=settings,
        footprints=footprints,
    )
    if choice is not None:
        export.start()
    return export
