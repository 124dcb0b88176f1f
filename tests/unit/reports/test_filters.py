""" "Export what I see": the window's filter narrows every sheet, and the Summary says how."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from python_calamine import CalamineWorkbook

from icstracker.db.database import Database
from icstracker.reports.workbook import export_report
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import parse_period
from icstracker.services.report_data import ReportRequest

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog

TODAY = dt.date(2027, 1, 10)


def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _value(rows: list[list[Any]], label: str) -> Any:
    return next(row[1] for row in rows if row and row[0] == label)


def _export(db: Database, log: ReportLog, path: Path, criteria: EngagementFilter) -> Any:
    request = ReportRequest(log.committee_id, parse_period("2026/27-Q3"), criteria, TODAY)
    export_report(db, request, path)
    return _sheets(path)


@pytest.mark.parametrize(
    ("make", "described", "keys"),
    [
        (
            lambda a: EngagementFilter(level="neighbourhood"),
            "level neighbourhood",
            {"pcn_nov", "pcn_dec31"},
        ),
        (
            lambda a: EngagementFilter(topics=("pharmacy first",)),
            "topic pharmacy first",
            {"icb_oct1", "pcn_dec31"},
        ),
        (
            lambda a: EngagementFilter(area_id=a["U45809"], text="referrals"),
            "within Blackpool South PCN (U45809); text 'referrals'",
            {"pcn_dec31"},
        ),
        (
            # The window's committee, dates and "show deleted" never widen the report.
            lambda a: EngagementFilter(
                committee_id=999, date_from=dt.date(2000, 1, 1), include_deleted=True
            ),
            "all engagements",
            {"icb_oct1", "cheshire", "place_nov", "pcn_nov", "pcn_dec31"},
        ),
    ],
)
def test_the_filter_narrows_the_report_and_is_named(
    db: Database,
    report_log: ReportLog,
    tmp_path: Path,
    make: Any,
    described: str,
    keys: set[str],
) -> None:
    sheets = _export(db, report_log, tmp_path / "r.xlsx", make(report_log.areas))
    assert _value(sheets["Summary"], "Filters applied") == described
    assert _value(sheets["Summary"], "Engagements") == len(keys)
    ids = {row[-1] for row in sheets["Engagements"][1:]}
    assert ids == {report_log.ids[k] for k in keys}


def test_coverage_follows_the_level_and_footprint(
    db: Database, report_log: ReportLog, tmp_path: Path
) -> None:
    criteria = EngagementFilter(level="neighbourhood", area_id=report_log.areas["E06000009"])
    # Blackpool the council holds its PCNs: the coverage lists them and nothing else.
    coverage = _export(db, report_log, tmp_path / "a.xlsx", criteria)["Coverage"]
    listed = _listed(coverage)
    assert "U45809" in {row[3] for row in listed} and len(listed) >= 5
    assert {row[2] for row in listed} == {"PCN"}

    criteria = EngagementFilter(level="neighbourhood", area_id=report_log.areas["U45809"])
    coverage = _export(db, report_log, tmp_path / "b.xlsx", criteria)["Coverage"]
    assert [row[3] for row in _listed(coverage)] == ["U45809"]


def _listed(coverage: list[list[Any]]) -> list[list[Any]]:
    """The Coverage list's rows: from its header to the blank row before the map."""
    header = next(i for i, row in enumerate(coverage) if row[:2] == ["ICS", "Level"])
    rows = []
    for row in coverage[header + 1 :]:
        if not any(row):
            break
        rows.append(row)
    return rows
