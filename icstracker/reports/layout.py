"""Pieces every sheet uses: counted rows, column widths, header rows, tables, highlights.

A write-only sheet is written top to bottom exactly once, so widths, frozen panes and row
heights must be set before the first row, and anything that refers to rows (a table, a
conditional format, a chart) needs the row numbers counted as they are written.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import Rule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from icstracker.cells import CellValue, clean_text, is_risky, put, styled
from icstracker.reports.fast_rows import write_rows_as_text
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import Style, highlight

HEADER_HEIGHT = 30  # points: two lines of a wrapped 10-point header
LINE_HEIGHT = 12.75  # points per line of 10-point Arial
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
# Characters of ordinary 10-point Arial text per unit of column width (the width of "0"),
# after the cell's padding: measured in LibreOffice renders, where 1.2 let titles of
# long words take a line more than their row had room for.
CHARACTERS_PER_WIDTH = 1.0


def stream_cells(sheet: WriteOnlyWorksheet) -> None:
    """Makes ``sheet.append`` take rows of cells without openpyxl re-binding each one.

    openpyxl's ``_values_to_row`` first tries every appended item as a *value*; for a cell
    that fails inside ``Cell._bind_value``, which formats the cell's ``repr`` into a
    ``ValueError`` before falling back to using the cell, and then builds a spare cell.
    Every row here is cells (or None for a gap), and for the 200,000 cells of a
    10,000-engagement report that detour was a quarter of the export (bench/README.md).
    A plain value still works: it gets a cell of its own, its text kept as text (``put``).
    The rows are then written as text (``fast_rows``).
    """

    def cells_to_row(items: Sequence[Cell | CellValue], row: int) -> Iterator[Cell]:
        for column, item in enumerate(items, start=1):
            if item is None:
                continue
            if isinstance(item, Cell):
                cell = item
            else:
                cell = WriteOnlyCell(sheet)
                put(cell, item)
            cell.column = column
            cell.row = row
            yield cell

    loose: Any = sheet
    loose._values_to_row = cells_to_row
    write_rows_as_text(sheet)


class Rows:
    """Appends to a write-only sheet and knows the number of the row just written."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.last = 0
        stream_cells(sheet)

    def add(self, *cells: Cell | None) -> int:
        self.sheet.append(list(cells))
        self.last += 1
        return self.last

    def values(self, styles: Sequence[str], values: Sequence[CellValue]) -> int:
        """A row of values, each cell in the style at the same position."""
        return self.add(
            *(styled(self.sheet, value, style) for style, value in zip(styles, values, strict=True))
        )

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add()


def set_widths(sheet: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for number, width in enumerate(widths, start=1):
        parts(sheet).column_dimensions[get_column_letter(number)].width = width


def fit(longest: int, *, least: int, most: int) -> int:
    """A column width for text this long: a little padding, within sensible bounds."""
    return max(least, min(most, longest + 2))


def header_cells(
    sheet: WriteOnlyWorksheet,
    headers: Sequence[str],
    numbers: Sequence[str] = (),
    *,
    number_style: str = Style.NUMBER_HEADER,
) -> list[Cell]:
    """Column headers; those named in ``numbers`` are aligned as their figures are."""
    return [
        styled(sheet, text, number_style if text in numbers else Style.HEADER) for text in headers
    ]


def add_table(
    sheet: WriteOnlyWorksheet, name: str, headers: Sequence[str], header_row: int, last_row: int
) -> Table:
    """An Excel table over rows already written, with its filter buttons.

    A write-only sheet cannot read its header cells back, so the columns are named here;
    ``tables.add`` is used instead of ``add_table``, which only warns that they must be.
    """
    ref = f"A{header_row}:{get_column_letter(len(headers))}{last_row}"
    table = Table(displayName=name, ref=ref)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
    table.autoFilter = AutoFilter(ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.tables.add(table)
    return table


def highlight_rows(
    sheet: WriteOnlyWorksheet, columns: int, first_row: int, last_row: int, condition: str
) -> None:
    """Highlights each row of a range where ``condition`` (written for ``first_row``) holds.

    A conditional format rather than a fill, so the highlight follows the values if the
    reader sorts or edits the sheet.
    """
    rule = Rule(type="expression", formula=[condition], dxf=highlight(), stopIfTrue=False)
    parts(sheet).conditional_formatting.add(
        f"A{first_row}:{get_column_letter(columns)}{last_row}", rule
    )


def wrapped_widths(styles: Sequence[str], widths: Sequence[float]) -> dict[int, float]:
    """The widths of the columns whose style wraps text, by column position."""
    return {
        i: width
        for i, (style, width) in enumerate(zip(styles, widths, strict=True))
        if style == Style.WRAPPED
    }


@functools.cache
def _row_height(lines: int) -> dict[str, str]:
    """``<row>`` attributes for a row of that many wrapped lines (as RowDimension has them)."""
    height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 2)
    return {"ht": f"{height:.16g}", "customHeight": "1"}


def characters_per_line(width: float) -> int:
    return max(1, int(width * CHARACTERS_PER_WIDTH) - 1)


def lines_needed(text: str, per_line: int) -> int:
    """How many lines wrapped text takes at ``per_line`` characters (errs on more).

    Wrapped as a spreadsheet wraps, at spaces, a word longer than a line broken across
    lines: counting characters alone undercounts text whose words do not fill each line.
    """
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = -1  # no space before the first word
        for word in paragraph.split(" "):
            if used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            if used > 0:
                lines += 1
            extra, used = divmod(len(word), per_line)
            if extra and not used:
                extra, used = extra - 1, per_line
            lines += extra
    return lines


class RowWriter:
    """Appends rows of one layout: a named style per column, cells reused row after row.

    A write-only sheet serialises a row as soon as it is appended, so the same styled cell
    objects can carry the next row's values; building fresh cells for 10,000 rows costs
    more than writing them. A risky text gets a cell of its own, since its quote prefix
    must not stick to the column.

    Rows with wrapped text are given a height for it: Excel would fit them on opening, but
    LibreOffice keeps the default height and the lines would overlap.
    """

    def __init__(
        self,
        sheet: WriteOnlyWorksheet,
        styles: Sequence[str],
        *,
        first_row: int,
        wrapped: Mapping[int, float] | None = None,
    ) -> None:
        self._sheet = sheet
        self._styles = tuple(styles)
        self._per_line = {i: characters_per_line(w) for i, w in (wrapped or {}).items()}
        self._next_row = first_row
        stream_cells(sheet)
        # Any: the text path sets openpyxl's private ``_value`` (see ``append``).
        self._cells: list[Any] = []
        for style in self._styles:
            cell = WriteOnlyCell(sheet)
            cell.style = style
            self._cells.append(cell)
        self.rows = 0

    def append(self, values: Sequence[CellValue]) -> None:
        row: list[Cell] = []
        lines = 1
        for index, (cell, style, value) in enumerate(
            zip(self._cells, self._styles, values, strict=True)
        ):
            if isinstance(value, str):
                text = clean_text(value)
                if index in self._per_line:
                    lines = max(lines, lines_needed(text, self._per_line[index]))
                if is_risky(text):
                    row.append(styled(self._sheet, text, style))
                    continue
                # Already clean: openpyxl's own check (``_bind_value``) would repeat
                # clean_text's work for every cell.
                cell._value = text
                cell.data_type = "s"
            else:
                cell.value = value
            row.append(cell)
        dimensions: Any = parts(self._sheet).row_dimensions
        if lines > 1:
            # The attributes a RowDimension would write, without building one per row:
            # openpyxl's writer only merges ``row_dimensions.get(row)`` into <row>.
            dimensions[self._next_row] = _row_height(lines)
        self._sheet.append(row)
        dimensions.pop(self._next_row, None)  # written; no need to keep it
        self._next_row += 1
        self.rows += 1
