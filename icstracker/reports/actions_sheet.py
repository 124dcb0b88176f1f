"""The Actions sheet: follow-ups with owner, due date and status, the overdue ones red.

It lists the follow-ups raised in the period and those raised earlier that fell due in
it, with their status at the end of the period, so a quarter's report stays the same
whenever it is produced. Older follow-ups still open are counted in a line under the
table rather than listed: years of a committee's backlog would bury the quarter. Only
the committee's version has this sheet.
"""

from __future__ import annotations

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from icstracker.cells import CellValue, styled
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
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import Style
from icstracker.services.report_data import ActionTally, ReportScope
from icstracker.services.report_rows import OVERDUE, ActionLine

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
    Style.WRAPPED,
    Style.COUNT,
)
WIDTHS = (9, 10.5, 26, 14, 10.5, 10, 12, 22, 16, 12)
NUMBERS = ("Engagement ID",)
TABLE_NAME = "Actions"


def write_actions(
    sheet: WriteOnlyWorksheet, scope: ReportScope, lines: list[ActionLine], tally: ActionTally
) -> None:
    """The listed follow-ups, then a line counting the older ones still open."""
    set_widths(sheet, WIDTHS)
    sheet.freeze_panes = "A2"
    parts(sheet).row_dimensions[1].height = HEADER_HEIGHT
    set_up_printing(sheet, scope, WIDTHS, repeat_rows="1:1")
    rows = Rows(sheet)
    rows.add(*header_cells(sheet, HEADERS, NUMBERS))
    if lines:
        writer = RowWriter(sheet, STYLES, first_row=2, wrapped=wrapped_widths(STYLES, WIDTHS))
        for line in lines:
            writer.append(_values(line))
        last = 1 + writer.rows
        add_table(sheet, TABLE_NAME, HEADERS, 1, last)
        highlight_rows(sheet, len(HEADERS), 2, last, f'$A2="{OVERDUE}"')
        rows.last = last
    else:
        rows.add(styled(sheet, "No follow-up actions raised or due in this period.", Style.NOTE))
    rows.blank()
    rows.add(styled(sheet, earlier_note(scope, tally), Style.NOTE))


def earlier_note(scope: ReportScope, tally: ActionTally) -> str:
    """Older follow-ups still open, counted: the committee's backlog is not the period's."""
    return (
        f"Status as it stood on {scope.as_at:%d/%m/%Y}. Also open then, not listed: "
        f"{tally.earlier_open:,} follow-up{'' if tally.earlier_open == 1 else 's'} raised "
        f"before this period and not due in it ({tally.earlier_overdue:,} overdue)."
    )


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
        line.engagement_id,
    )
