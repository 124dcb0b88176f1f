"""The Engagements sheet: every engagement of the report, as an Excel table.

This is the sheet that grows with the log, so it streams: rows are read a batch at a time
and written straight to the file. It is a real Excel table (filter buttons on level,
ICS, kind and the rest), with real dates, a frozen header and widths fitted to the
period's longest names before the first row is written.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from icstracker.reports.cells import CellValue, styled
from icstracker.reports.layout import (
    HEADER_HEIGHT,
    Rows,
    RowWriter,
    add_table,
    fit,
    header_cells,
    set_widths,
    wrapped_widths,
)
from icstracker.reports.printing import set_up_printing
from icstracker.reports.report_data import ReportScope
from icstracker.reports.report_rows import EngagementLine, EngagementLines
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import Style

HEADERS = (
    "Date",
    "Level",
    "ICS",
    "ICS code",
    "Area",
    "Area code",
    "Kind",
    "Title",
    "Topics",
    "Organisations",
    "People",
    "LPC representatives",
    "Joint with",
    "Summary",
    "Outcome",
    "Rating",
    "Open actions",
    "ID",
)
STYLES = (
    Style.DATE,
    Style.TEXT,
    Style.WRAPPED,
    Style.TEXT,
    Style.WRAPPED,
    Style.TEXT,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.TEXT,
    Style.COUNT,
    Style.COUNT,
)
NUMBERS = ("Open actions", "ID")
TABLE_NAME = "Engagements"


def _values(line: EngagementLine) -> tuple[CellValue, ...]:
    return (
        line.occurred_on,
        line.level,
        line.system,
        line.system_code,
        line.area,
        line.area_code,
        line.kind,
        line.title,
        line.topics,
        line.organisations,
        line.people,
        line.representatives,
        line.joint_with,
        line.summary,
        line.outcome,
        line.rating,
        line.open_actions,
        line.id,
    )


def write_engagements(
    sheet: WriteOnlyWorksheet,
    scope: ReportScope,
    lines: EngagementLines,
    advance: Callable[[int], None],
) -> int:
    """Writes the rows, calling ``advance(n)`` after each batch; returns how many."""
    extents = lines.extents()
    widths = (
        12,
        14,
        fit(extents.system, least=8, most=28),
        9,
        fit(extents.area, least=8, most=32),
        10,
        12,
        fit(extents.title, least=20, most=40),
        24,
        28,
        22,
        20,
        20,
        48,
        36,
        8,
        8,
        8,
    )
    set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    parts(sheet).row_dimensions[1].height = HEADER_HEIGHT
    set_up_printing(sheet, title=scope.title, produced=scope.produced, repeat_rows="1:1")
    rows = Rows(sheet)
    rows.add(*header_cells(sheet, HEADERS, NUMBERS))
    if not len(lines):
        rows.add(styled(sheet, "No engagements match this period and filter.", Style.NOTE))
        return 0
    writer = RowWriter(sheet, STYLES, first_row=2, wrapped=wrapped_widths(STYLES, widths))
    for batch in lines.batches():
        for line in batch:
            writer.append(_values(line))
        advance(len(batch))
    add_table(sheet, TABLE_NAME, HEADERS, 1, 1 + writer.rows)
    return writer.rows
