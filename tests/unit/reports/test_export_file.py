"""Only a complete workbook is ever left behind: cancelling, failing and bad paths."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from icstracker.db.database import Database
from icstracker.errors import NotFoundError, OperationCancelled, OutputFileError
from icstracker.reports import workbook as workbook_module
from icstracker.reports.workbook import export_report
from icstracker.services.periods import parse_period
from icstracker.services.report_data import ReportRequest
from icstracker.services.report_rows import EngagementLines

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog

TODAY = dt.date(2027, 1, 10)
OLD_REPORT = b"last quarter's report"


def request(log: ReportLog) -> ReportRequest:
    return ReportRequest(log.committee_id, parse_period("2026/27-Q3"), today=TODAY)


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "report.xlsx"
    path.write_bytes(OLD_REPORT)
    return path


def _left_alone(path: Path) -> None:
    """The earlier file is untouched and no temporary file is left beside it."""
    assert path.read_bytes() == OLD_REPORT
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_progress_counts_up_to_the_total(
    db: Database, report_log: ReportLog, existing: Path
) -> None:
    seen: list[tuple[int, int]] = []
    result = export_report(db, request(report_log), existing, progress=lambda *a: seen.append(a))
    assert result.engagements == 5 and result.path == existing
    assert seen[-1] == (9, 9)  # five engagements, then coverage, actions, summary, saving
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert load_workbook(existing).sheetnames[0] == "Summary"  # replaced by the new report
    assert sorted(p.name for p in existing.parent.iterdir()) == [existing.name]


def test_cancelling_keeps_the_old_file_and_leaves_no_part_file(
    db: Database, report_log: ReportLog, existing: Path
) -> None:
    with pytest.raises(OperationCancelled, match="no file was written"):
        export_report(db, request(report_log), existing, cancelled=lambda: True)
    _left_alone(existing)


def test_cancelling_after_some_rows(
    db: Database, report_log: ReportLog, existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches = EngagementLines.batches
    monkeypatch.setattr(EngagementLines, "batches", lambda self, size=2: batches(self, size))
    seen: list[int] = []
    with pytest.raises(OperationCancelled):
        export_report(
            db,
            request(report_log),
            existing,
            progress=lambda done, total: seen.append(done),
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen == [2, 4]  # stopped between batches, before the fifth row
    _left_alone(existing)


def test_a_failure_half_way_leaves_nothing_behind(
    db: Database, report_log: ReportLog, existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(workbook_module, "write_summary", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_report(db, request(report_log), existing)
    _left_alone(existing)


def test_a_file_open_in_excel_is_one_clear_error(
    db: Database, report_log: ReportLog, existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputFileError, match="If the file is open in Excel, close it"):
        export_report(db, request(report_log), existing)
    _left_alone(existing)


def test_a_full_disk_is_one_clear_error(
    db: Database, report_log: ReportLog, existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: object, filename: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workbook_module.Workbook, "save", full)
    with pytest.raises(OutputFileError, match="the disk is full"):
        export_report(db, request(report_log), existing)
    _left_alone(existing)


def test_paths_that_cannot_be_written(db: Database, report_log: ReportLog, existing: Path) -> None:
    tmp_path = existing.parent
    with pytest.raises(OutputFileError, match="does not exist"):
        export_report(db, request(report_log), tmp_path / "missing" / "report.xlsx")
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(OutputFileError, match="is a folder"):
        export_report(db, request(report_log), tmp_path / "folder.xlsx")
    assert export_report(db, request(report_log), tmp_path / "no suffix").path == (
        tmp_path / "no suffix.xlsx"
    )


def test_an_unknown_committee_fails_before_any_file_exists(
    db: Database, report_log: ReportLog, existing: Path
) -> None:
    with pytest.raises(NotFoundError, match="no committee"):
        export_report(db, ReportRequest(9999, parse_period("2026/27-Q3")), existing)
    _left_alone(existing)


def test_a_quarter_without_engagements_is_still_a_whole_report(
    db: Database, report_log: ReportLog, existing: Path
) -> None:
    empty = ReportRequest(report_log.committee_id, parse_period("2030/31-Q1"), today=TODAY)
    result = export_report(db, empty, existing)
    assert result.engagements == 0
    workbook = load_workbook(existing)
    assert workbook["Engagements"]["A2"].value == "No engagements match this period and filter."
    assert not workbook["Engagements"].tables
    rows = [row for row in workbook["Summary"].iter_rows(values_only=True) if row[0]]
    assert next(row for row in rows if row[0] == "Engagements")[1] == 0
    level_totals = next(row for row in rows if row[0] == "Total")
    assert level_totals[1:5] == (0, 0, 0, None)  # no change can be worked out from nothing
