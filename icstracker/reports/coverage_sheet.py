"""The Coverage sheet: which places and PCNs the committee reached, and the gaps.

A committee wants to see at a glance where it has not been: each place and PCN it covers,
how often it engaged there this period, when it last did and how long ago that was, with
the areas it did not reach highlighted. Above the list, per ICS, how many of its places
and PCNs were reached.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
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
from icstracker.reports.map_sheet import write_map
from icstracker.reports.printing import set_up_printing
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import Style
from icstracker.services.coverage_data import Coverage, CoverageRow
from icstracker.services.map_data import CoverageMap
from icstracker.services.report_data import ReportScope

HEADERS = (
    "ICS",
    "Level",
    "Type",
    "Code",
    "Name",
    "Part of",
    "Engagements this period",
    "Including areas within",
    "Last engaged",
    "Days since",
)
STYLES = (
    Style.WRAPPED,
    Style.TEXT,
    Style.WRAPPED,
    Style.TEXT,
    Style.WRAPPED,
    Style.WRAPPED,
    Style.COUNT,
    Style.COUNT,
    Style.DATE,
    Style.COUNT,
)
WIDTHS = (22, 14, 12, 10, 23, 20, 12.5, 11, 10.5, 7)
ENGAGEMENTS_COLUMN = get_column_letter(HEADERS.index("Engagements this period") + 1)
TALLY_HEADERS = ("ICS", "Places engaged", "Places", "PCNs engaged", "PCNs", "PCNs engaged (%)")
TALLY_STYLES = (
    Style.WRAPPED,
    Style.CENTRED_COUNT,
    Style.CENTRED_COUNT,
    Style.CENTRED_COUNT,
    Style.CENTRED_COUNT,
    Style.CENTRED_PERCENT,
)
NUMBERS = ("Engagements this period", "Including areas within", "Days since")
TABLE_NAME = "Coverage"


def write_coverage(
    sheet: WriteOnlyWorksheet,
    scope: ReportScope,
    coverage: Coverage,
    maps: Sequence[CoverageMap] = (),
) -> None:
    """The tallies, the list, then (on a page of its own) ``maps``: ``map_sheet``."""
    set_widths(sheet, WIDTHS)
    header_row = 4 + len(coverage.tallies) + 2  # title, note, gap, tally header; a gap
    sheet.freeze_panes = f"A{header_row + 1}"
    parts(sheet).row_dimensions[4].height = HEADER_HEIGHT
    parts(sheet).row_dimensions[header_row].height = HEADER_HEIGHT * 1.5  # "Engagements / in
    # this / period": three lines at the width that keeps the sheet at a readable scale
    set_up_printing(sheet, scope, WIDTHS, repeat_rows=f"{header_row}:{header_row}")
    rows = Rows(sheet)
    rows.add(styled(sheet, f"Coverage of places and PCNs, {scope.period.label}", Style.HEADING))
    rows.add(
        styled(
            sheet,
            "Highlighted: no engagement logged against the area itself in this period. "
            f"Last engaged and days since count up to {scope.as_at:%d/%m/%Y}.",
            Style.NOTE,
        )
    )
    rows.blank()
    rows.add(
        *header_cells(sheet, TALLY_HEADERS, TALLY_HEADERS[1:], number_style=Style.CENTRED_HEADER)
    )
    tallies = RowWriter(
        sheet, TALLY_STYLES, first_row=rows.last + 1, wrapped={0: WIDTHS[0]}
    )  # a long ICS name wraps in a row tall enough for it
    for tally in coverage.tallies:
        share = tally.pcns_engaged / tally.pcns if tally.pcns else None
        tallies.append(
            (
                tally.system,
                tally.places_engaged,
                tally.places,
                tally.pcns_engaged,
                tally.pcns,
                share,
            )
        )
    rows.last += tallies.rows
    rows.blank(header_row - 1 - rows.last)
    rows.add(*header_cells(sheet, HEADERS, NUMBERS))
    if not coverage.rows:
        rows.add(styled(sheet, "No places or PCNs in the committee's areas match.", Style.NOTE))
        return
    writer = RowWriter(
        sheet, STYLES, first_row=header_row + 1, wrapped=wrapped_widths(STYLES, WIDTHS)
    )
    for row in coverage.rows:
        writer.append(_values(row))
    last = header_row + writer.rows
    add_table(sheet, TABLE_NAME, HEADERS, header_row, last)
    highlight_rows(
        sheet, len(HEADERS), header_row + 1, last, f"${ENGAGEMENTS_COLUMN}{header_row + 1}=0"
    )
    rows.last = last
    write_map(sheet, rows, maps, WIDTHS)


def _values(row: CoverageRow) -> tuple[CellValue, ...]:
    return (
        row.system,
        row.level,
        row.kind,
        row.code,
        row.name,
        row.parent,
        row.engagements,
        row.within,
        row.last_engaged,
        row.days_since,
    )
