"""The parts of a write-only sheet the report sets, typed.

openpyxl builds its write-only sheet's column and row sizes, print setup, page breaks and
conditional formats at run time (``Worksheet._setup``), and borrows ``add_chart`` from the
ordinary worksheet, so the type stubs, which read only the class body, know none of them.
``parts(sheet)`` is the one place the report says what those attributes are.
"""

from __future__ import annotations

from typing import Protocol, cast

from openpyxl.chart._chart import ChartBase
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder, RowDimension
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.page import PageMargins, PrintPageSetup
from openpyxl.worksheet.pagebreak import RowBreak
from openpyxl.worksheet.properties import WorksheetProperties
from openpyxl.worksheet.views import SheetView


class SheetParts(Protocol):
    column_dimensions: DimensionHolder[str, ColumnDimension]
    row_dimensions: DimensionHolder[int, RowDimension]
    conditional_formatting: ConditionalFormattingList
    page_setup: PrintPageSetup
    page_margins: PageMargins
    sheet_properties: WorksheetProperties
    row_breaks: RowBreak

    @property
    def sheet_view(self) -> SheetView: ...

    @property
    def oddHeader(self) -> HeaderFooterItem: ...  # noqa: N802 - openpyxl's name

    @property
    def oddFooter(self) -> HeaderFooterItem: ...  # noqa: N802 - openpyxl's name

    def add_chart(self, chart: ChartBase, anchor: str | None = None) -> None: ...


def parts(sheet: WriteOnlyWorksheet) -> SheetParts:
    return cast(SheetParts, sheet)
