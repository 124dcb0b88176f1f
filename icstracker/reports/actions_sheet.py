"""The Actions sheet: follow-ups with owner, due date and status, the overdue ones red.

It lists the follow-ups raised in the period and those raised earlier that are still
open, because a committee reviews what is outstanding, not only what is new. Status is
as on the day the report was produced.
"""

from __future__ import annotations

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from icstracker.reports.cells import CellValue, styled
from icstracker.reports.layout import (
    HEADER_HEIGHT,
    Rows,
    RowWriter,
    add_table,
    header_cells,
    highlight_rows,
    set_widths,
    wrapped_widths,
)
from icstracker.reports.printing import set_up_printing
from icstracker.reports.report_data import ReportScope
from icstracker.reports.report_rows import OVERDUE, ActionLine
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import Style

HEADERS = (
    "Status",
    "Due",
    "Action",
    "Owner",
    "Done on",
    "Raised",
    "Engagement date",
    "Engagement",
    "Area",
    "Level",
    "ICS",
    "Engagement ID",
)
STYLES = (
    Style.TEXT,
    Style.DATE,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.DATE,
    Style.TEXT,
    Style.DATE,
    Style.WRAPPED,
    Style.TEXT,
    Style.TEXT,
    Style.TEXT,
    Style.COUNT,
)
WIDTHS = (10, 11, 48, 20, 11, 18, 12, 40, 30, 14, 28, 13)
NUMBERS = ("Engagement ID",)
TABLE_NAME = "Actions"


def write_actions(sheet: WriteOnlyWorksheet, scope: ReportScope, lines: list[ActionLine]) -> None:
    set_widths(sheet, WIDTHS)
    sheet.freeze_panes = "A2"
    parts(sheet).row_dimensions[1].height = HEADER_HEIGHT
    set_up_printing(sheet, title=scope.title, produced=scope.produced, repeat_rows="1:1")
    rows = Rows(sheet)
    rows.add(*header_cells(sheet, HEADERS, NUMBERS))
    if not lines:
        rows.add(styled(sheet, "No follow-up actions.", Style.NOTE))
        return
    writer = RowWriter(sheet, STYLES, first_row=2, wrapped=wrapped_widths(STYLES, WIDTHS))
    for line in lines:
        writer.append(_values(line))
    last = 1 + writer.rows
    add_table(sheet, TABLE_NAME, HEADERS, 1, last)
    highlight_rows(sheet, len(HEADERS), 2, last, f'$A2="{OVERDUE}"')


def _values(line: ActionLine) -> tuple[CellValue, ...]:
    return (
        line.status,
        line.due_on,
        line.description,
        line.owner,
        line.done_on,
        line.raised,
        line.engagement_on,
        line.engagement,
        line.area,
        line.level,
        line.system,
        line.engagement_id,
    )
