"""The Engagements and Engagement details sheets: every engagement of the report, twice.

These are the sheets that grow with the log, so they stream: rows are read a batch at a
time and written straight to the file. Each is a real Excel table (filter buttons on
level, area, kind and the rest), with real dates, a frozen, repeated header and widths
fitted to the period's longest names before the first row is written.

The first sheet is what a reader reads: when, where, what and what came of it, wrapped,
in columns that print one page wide at a readable size. Everything else about each
engagement (codes, topics, organisations, people and, for the committee, its ratings,
representatives and internal notes) is on the details sheet, one row per engagement in
the same order and with the same ID, rather than shrinking the first sheet to fit it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from icstracker.cells import CellValue, styled
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
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import Style
from icstracker.services.report_data import ReportScope
from icstracker.services.report_rows import EngagementLine, EngagementLines, TextExtents

MAIN_TITLE = "Engagements"
DETAILS_TITLE = "Engagement details"
NO_ROWS = "No engagements match this period and filter."


@dataclass(frozen=True)
class Column:
    header: str
    style: str
    width: float
    value: Callable[[EngagementLine], CellValue]
    committee_only: bool = False
    number: bool = False


def _yes(flag: bool) -> str:
    return "Yes" if flag else ""


def main_columns(extents: TextExtents) -> tuple[Column, ...]:
    return (
        Column("Date", Style.DATE, 10.5, lambda e: e.occurred_on),
        Column("Level", Style.TEXT, 14, lambda e: e.level),
        Column("ICS", Style.WRAPPED, fit(extents.system, least=8, most=14), lambda e: e.system),
        Column("Area", Style.WRAPPED, fit(extents.area, least=8, most=18), lambda e: e.area),
        Column("Kind", Style.WRAPPED, 11, lambda e: e.kind),
        Column("Title", Style.WRAPPED, fit(extents.title, least=16, most=24), lambda e: e.title),
        Column("Summary", Style.WRAPPED, 30, lambda e: e.summary),
        Column("Outcome", Style.WRAPPED, 20, lambda e: e.outcome),
        Column("ID", Style.COUNT, 6, lambda e: e.id, number=True),
    )


DETAIL_COLUMNS = (
    Column("ID", Style.COUNT, 6, lambda e: e.id, number=True),
    Column("Date", Style.DATE, 10.5, lambda e: e.occurred_on),
    Column("ICS code", Style.TEXT, 7, lambda e: e.system_code),
    Column("Area code", Style.TEXT, 10, lambda e: e.area_code),
    Column("Topics", Style.WRAPPED, 14, lambda e: e.topics),
    Column("Organisations", Style.WRAPPED, 16, lambda e: e.organisations),
    Column("People", Style.WRAPPED, 15, lambda e: e.people),
    Column("Joint with", Style.WRAPPED, 11, lambda e: e.joint_with),
    Column("LPC representatives", Style.WRAPPED, 15, lambda e: e.representatives, True),
    Column("Rating", Style.TEXT, 7, lambda e: e.rating, True),
    Column("Open actions", Style.COUNT, 7, lambda e: e.open_actions, True, True),
    Column("Not for partners", Style.TEXT, 8, lambda e: _yes(e.not_for_partners), True),
    Column("Internal note", Style.WRAPPED, 18, lambda e: e.internal_note, True),
)


# Without the committee's columns the partners' details have room to spare: their lists
# get it, so their rows wrap less and the sheet takes fewer pages.
PARTNERS_WIDTHS = {"Topics": 24, "Organisations": 28, "People": 26, "Joint with": 18}


def detail_columns(scope: ReportScope) -> tuple[Column, ...]:
    """The details the audience may see: partners never get the committee's own."""
    if not scope.for_partners:
        return DETAIL_COLUMNS
    return tuple(
        replace(c, width=PARTNERS_WIDTHS.get(c.header, c.width))
        for c in DETAIL_COLUMNS
        if not c.committee_only
    )


class _Sheet:
    """One of the two sheets, from its header row to its table."""

    def __init__(
        self, sheet: WriteOnlyWorksheet, scope: ReportScope, columns: Sequence[Column]
    ) -> None:
        self.sheet = sheet
        self.columns = tuple(columns)
        self.headers = tuple(c.header for c in columns)
        widths = [c.width for c in columns]
        styles = [c.style for c in columns]
        set_widths(sheet, widths)
        sheet.freeze_panes = "A2"
        parts(sheet).row_dimensions[1].height = HEADER_HEIGHT
        set_up_printing(sheet, scope, widths, repeat_rows="1:1")
        rows = Rows(sheet)
        rows.add(*header_cells(sheet, self.headers, [c.header for c in columns if c.number]))
        self.writer = RowWriter(sheet, styles, first_row=2, wrapped=wrapped_widths(styles, widths))

    def append(self, line: EngagementLine) -> None:
        self.writer.append([c.value(line) for c in self.columns])

    def finish(self, name: str) -> None:
        if self.writer.rows:
            add_table(self.sheet, name, self.headers, 1, 1 + self.writer.rows)
        else:
            Rows(self.sheet).add(styled(self.sheet, NO_ROWS, Style.NOTE))


def write_engagements(
    main: WriteOnlyWorksheet,
    details: WriteOnlyWorksheet,
    scope: ReportScope,
    lines: EngagementLines,
    advance: Callable[[int], None],
) -> int:
    """Writes both sheets' rows, calling ``advance(n)`` after each batch; returns how many.

    The two sheets are written side by side from the same batches, so the log is read
    once and the rows of both always agree.
    """
    first = _Sheet(main, scope, main_columns(lines.extents()))
    second = _Sheet(details, scope, detail_columns(scope))
    for batch in lines.batches():
        for line in batch:
            first.append(line)
            second.append(line)
        advance(len(batch))
    first.finish("Engagements")
    second.finish("EngagementDetails")
    return first.writer.rows
