"""Exporting the quarterly workbook: the one call the window and the command line make.

The workbook is streamed (openpyxl's write-only mode) so a 10,000-engagement quarter is
written in seconds without holding its rows in memory. It goes to a temporary file in the
destination folder and replaces the destination only once complete, so a cancelled or
failed export never leaves half a workbook where the reader expects a report, and an
earlier report of the same name survives until the new one is ready.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy.orm import Session

from icstracker.cells import clean_text
from icstracker.db.database import Database
from icstracker.errors import OperationCancelled
from icstracker.output_files import reserve_beside, saved
from icstracker.reports.actions_sheet import write_actions
from icstracker.reports.coverage_sheet import write_coverage
from icstracker.reports.engagements_sheet import DETAILS_TITLE, MAIN_TITLE, write_engagements
from icstracker.reports.styles import add_styles
from icstracker.reports.summary_sheet import write_summary
from icstracker.services.coverage_data import coverage
from icstracker.services.map_data import coverage_maps
from icstracker.services.periods import Period
from icstracker.services.report_data import ReportRequest, ReportScope, resolve_scope, summarise
from icstracker.services.report_filenames import with_extension
from icstracker.services.report_rows import EngagementLines, action_lines

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
STEPS_AFTER_ROWS = 4  # coverage, actions, summary, saving
CANCELLED = "The export was cancelled; no file was written."


@dataclass(frozen=True)
class ExportResult:
    path: Path
    engagements: int
    committee: str
    period: Period


def export_report(
    database: Database,
    request: ReportRequest,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Opens its own read session: safe to call from a background thread."""
    with database.session() as session:
        return write_report(session, request, path, progress=progress, cancelled=cancelled)


def write_report(
    session: Session,
    request: ReportRequest,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    path = with_extension(Path(path))
    scope = resolve_scope(session, request)  # a bad committee fails before any file exists
    lines = EngagementLines(session, scope.criteria, scope.committee)
    tracker = _Tracker(len(lines) + STEPS_AFTER_ROWS, progress, cancelled)
    temporary = reserve_beside(path, "report")
    try:
        workbook = _workbook(scope)
        try:
            count = _fill(workbook, session, scope, lines, tracker)
            tracker.check()
            saved(lambda: workbook.save(temporary), path, "report")
        except BaseException:
            _discard(workbook)
            raise
        saved(lambda: os.replace(temporary, path), path, "report")
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    tracker.finish()
    return ExportResult(path, count, scope.committee, scope.period)


def _workbook(scope: ReportScope) -> Workbook:
    workbook = Workbook(write_only=True)
    add_styles(workbook)
    properties = workbook.properties
    properties.title = clean_text(scope.title)
    properties.subject = f"Engagement with the NHS, {scope.period_text}"
    properties.category = scope.audience.label
    properties.creator = clean_text(scope.committee)
    properties.lastModifiedBy = clean_text(scope.committee)
    properties.description = clean_text(f"Filters applied: {scope.filters}")
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return workbook


def _fill(
    workbook: Workbook,
    session: Session,
    scope: ReportScope,
    lines: EngagementLines,
    tracker: _Tracker,
) -> int:
    """Writes the sheets: the long Engagements sheets first, the Summary tab still first.

    The partners' version has no Actions sheet: follow-ups are the committee's own work.
    """
    titles = ["Summary", MAIN_TITLE, DETAILS_TITLE, "Coverage"]
    if not scope.for_partners:
        titles.append("Actions")
    sheets = {title: workbook.create_sheet(title) for title in titles}
    count = write_engagements(
        sheets[MAIN_TITLE], sheets[DETAILS_TITLE], scope, lines, tracker.advance
    )
    write_coverage(
        sheets["Coverage"], scope, coverage(session, scope), coverage_maps(session, scope)
    )
    tracker.advance()
    summary = summarise(session, scope)
    if "Actions" in sheets:
        write_actions(sheets["Actions"], scope, action_lines(session, scope), summary.actions)
    tracker.advance()
    write_summary(sheets["Summary"], scope, summary)
    tracker.advance()
    return count


class _Tracker:
    """Reports progress and stops the export, between batches, once it is cancelled."""

    def __init__(
        self, total: int, progress: Progress | None, cancelled: CancelCheck | None
    ) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise OperationCancelled(CANCELLED)

    def advance(self, steps: int = 1) -> None:
        self.check()
        self.done = min(self.total, self.done + steps)
        self._report()

    def finish(self) -> None:
        """Saved: too late to cancel, so this one does not check."""
        self.done = self.total
        self._report()

    def _report(self) -> None:
        if self._progress is not None:
            self._progress(self.done, self.total)


def _discard(workbook: Workbook) -> None:
    """Closes a workbook that will not be kept, and lets openpyxl delete its temporary files.

    Each write-only sheet is closed first, so no half-written sheet is left to be finished
    (into a closed file) by the garbage collector; saving into memory is then the public
    way to make openpyxl remove the files it streamed the sheets to.
    """
    for sheet in workbook.worksheets:
        if isinstance(sheet, WriteOnlyWorksheet) and not sheet.closed:
            with suppress(Exception):
                sheet.close()
    with suppress(Exception):
        workbook.save(io.BytesIO())
