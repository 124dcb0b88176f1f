"""The two versions of the report: every Summary number read back and compared with the
services, the partners' version searched for anything internal, and every sheet checked
to print at a readable size."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from icstracker.db.database import Database
from icstracker.reports.printing import PRINTABLE_WIDTH, column_points
from icstracker.reports.workbook import export_report
from icstracker.services.periods import parse_period
from icstracker.services.report_data import (
    Audience,
    ReportRequest,
    Summary,
    resolve_scope,
    summarise,
)
from icstracker.text import MONTH_NAMES
from icstracker.vocabulary import LEVEL_LABELS

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog

TODAY = dt.date(2027, 1, 10)
LEVEL_KEYS = tuple(LEVEL_LABELS)


def _request(log: ReportLog, audience: Audience) -> ReportRequest:
    return ReportRequest(
        log.committee_id, parse_period("2026/27-Q3"), today=TODAY, audience=audience
    )


def _export(db: Database, log: ReportLog, tmp_path: Path, audience: Audience) -> Path:
    return export_report(db, _request(log, audience), tmp_path / f"{audience}.xlsx").path


def _services(db: Database, log: ReportLog, audience: Audience) -> Summary:
    with db.session() as session:
        return summarise(session, resolve_scope(session, _request(log, audience)))


def _tables(path: Path) -> dict[str, dict[str, list[Any]]]:
    """The Summary sheet's tables as a reader sees them: each heading's rows by label."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Summary").to_python()
    tables: dict[str, dict[str, list[Any]]] = {"": {}}
    current = ""
    for row in rows:
        cells = [c for c in row if c != ""]
        if len(cells) == 1 and row[0] == cells[0] and isinstance(cells[0], str):
            current = cells[0]
            tables.setdefault(current, {})
        elif cells:
            tables[current].setdefault(str(cells[0]), [int(c) for c in cells[1:] if _number(c)])
    return tables


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.mark.parametrize("audience", list(Audience))
def test_every_summary_number_is_the_services(
    db: Database, report_log: ReportLog, tmp_path: Path, audience: Audience
) -> None:
    path = _export(db, report_log, tmp_path, audience)
    summary = _services(db, report_log, audience)
    tables = _tables(path)
    overview = tables[report_log.committee]  # the rows under the committee's name
    assert overview["Engagements"] == [summary.total]
    levels = tables["Engagements by planning level, compared with 2026/27 Q2"]
    for change in summary.levels:
        label = LEVEL_LABELS[change.level]
        assert levels[label][:3] == [change.current, change.previous, change.change]
    matrix = tables["Engagements by ICS and planning level"]
    for line in summary.matrix:
        assert matrix[line.name] == [*line.counts, line.total]
    months = tables["Engagements per month"]
    for month in summary.months:
        label = f"{MONTH_NAMES[month.month.month - 1]} {month.month.year}"
        assert months[label] == [*month.counts, month.total]
    assert months["Total"][-1] == summary.total
    kinds = tables["Engagements by kind"]
    for kind, count in summary.kinds:
        assert kinds[kind] == [count]
    topics = tables["Engagements by topic"]
    for topic, count in summary.topics:
        assert topics[topic] == [count]
    assert topics["(no topic)"] == [summary.without_topic]
    actions = next((t for name, t in tables.items() if name.startswith("Follow-up")), None)
    if audience is Audience.PARTNERS:
        assert actions is None  # the committee's own work
        assert summary.total == 4  # the engagement not for partners is not counted
    else:
        assert actions is not None
        tally = summary.actions
        assert actions["Raised in this period"] == [tally.raised]
        assert actions["Raised earlier, due in this period"] == [tally.due_earlier]
        assert actions["Raised earlier, due at another time and still open"] == [tally.earlier_open]
        assert summary.total == 5
    engagements = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Engagements")
    assert len(engagements.to_python()) - 1 == summary.total


def _all_text(path: Path) -> str:
    """Every text part of the file, cells, headers, footers, table columns and properties
    (not the Coverage map's picture)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if not name.startswith("xl/media/")
        )


def test_the_partners_version_holds_nothing_internal(
    db: Database, report_log: ReportLog, tmp_path: Path
) -> None:
    committee = _export(db, report_log, tmp_path, Audience.COMMITTEE)
    partners = _export(db, report_log, tmp_path, Audience.PARTNERS)
    internal = (
        report_log.internal_note,  # an internal note
        "Ana Núñez",  # a representative (and a follow-up owner)
        "Response to the ICB's pharmacy strategy",  # the engagement not for partners
        "Chase ICB data",  # a follow-up
        "LPC representatives",
        "Rating",
        "Internal note",
        "Follow-up",
    )
    committee_text, partners_text = _all_text(committee), _all_text(partners)
    for text in internal:
        assert escape(text, quote=False) in committee_text, text  # the search can find it
        assert escape(text, quote=False) not in partners_text, text
    workbook = load_workbook(partners)
    assert workbook.sheetnames == ["Summary", "Engagements", "Engagement details", "Coverage"]
    ratings = {"red", "amber", "green"}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = str(cell.value or "")
                assert value.strip().lower() not in ratings, f"{sheet.title}!{cell.coordinate}"
                assert "For the committee" not in value
        assert sheet.oddHeader.center.text == "For partners"
    version = next(
        r[1] for r in workbook["Summary"].iter_rows(values_only=True) if r[0] == "Version"
    )
    assert str(version).startswith("For partners, to send as it is")


@pytest.mark.parametrize("audience", list(Audience))
def test_every_sheet_prints_readably(
    db: Database, report_log: ReportLog, tmp_path: Path, audience: Audience
) -> None:
    """A4 landscape, one page wide at a fixed scale, nothing printed under 8 points.

    Read from the file's XML (what Excel and LibreOffice read), not from the code's
    constants: a fit-to-width, a smaller font or a wider column would all fail here.
    """
    path = _export(db, report_log, tmp_path, audience)
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
        sheets = {
            name: archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }
    font_sizes = [float(s) for s in re.findall(r'<sz val="([\d.]+)"', styles)]
    assert font_sizes and min(font_sizes) >= 9
    workbook = load_workbook(path)
    assert len(sheets) == len(workbook.worksheets)
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), sheet.title
        assert not sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        scale = int(setup.scale)
        assert min(font_sizes) * scale / 100 >= 8, sheet.title
        assert re.search(r"&\d+", sheet.oddHeader.left.text or "") is None
        assert (sheet.oddHeader.left.size or 9) * scale / 100 >= 8
        widths = [
            sheet.column_dimensions[letter].width
            for letter in (c.column_letter for c in next(sheet.iter_rows(max_row=1)))
        ]
        used = [w for w in widths[: sheet.max_column] if w]
        assert sum(column_points(w) for w in used) * scale / 100 <= PRINTABLE_WIDTH, sheet.title
        assert sheet.oddHeader.left.text.startswith("ICS engagement 2026/27 Q3")
        assert sheet.oddFooter.right.text == "Page &P of &N"
    for name in ("Engagements", "Engagement details"):
        assert workbook[name].print_title_rows == "$1:$1"


def test_wrapped_rows_are_tall_enough_for_their_lines(
    db: Database, report_log: ReportLog, tmp_path: Path
) -> None:
    """LibreOffice keeps a row's height as written: a row of wrapped text shorter than
    its lines would print them over the next row."""
    path = _export(db, report_log, tmp_path, Audience.COMMITTEE)
    workbook = load_workbook(path)
    checked = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.alignment.wrap_text:
                    lines = cell.value.count("\n") + 1
                    if lines > 1:
                        height = sheet.row_dimensions[cell.row].height or 0
                        assert height >= lines * 12.75, f"{sheet.title}!{cell.coordinate}"
                        checked += 1
    assert checked >= 2  # the two-line summary, on the sheet and (committee) in a note
