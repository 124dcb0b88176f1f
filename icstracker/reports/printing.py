"""Print setup: every sheet prints landscape, one page wide, with who, what and page numbers.

A committee pack is still printed. Without this, a wide sheet prints as a trail of narrow
pages and nobody can tell page 7 of which report it was.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import FONT_NAME

HEADER_TEXT_LIMIT = 80
PAPER_A4 = 9  # the OOXML paper-size code (Worksheet.PAPERSIZE_A4; write-only sheets lack it)


def _header_text(text: str) -> str:
    """Header text with ``&`` doubled: a single one starts a code such as ``&P``."""
    if len(text) > HEADER_TEXT_LIMIT:
        text = text[: HEADER_TEXT_LIMIT - 1] + "…"
    return text.replace("&", "&&")


def set_up_printing(
    sheet: WriteOnlyWorksheet,
    *,
    title: str,
    produced: dt.date,
    repeat_rows: str | None = None,
) -> None:
    sheet_parts = parts(sheet)
    setup = sheet_parts.page_setup
    setup.orientation = "landscape"
    setup.paperSize = PAPER_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as it takes
    properties = sheet_parts.sheet_properties
    if properties.pageSetUpPr is None:
        properties.pageSetUpPr = PageSetupProperties()
    properties.pageSetUpPr.fitToPage = True
    sheet_parts.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    for part, text in (
        (sheet_parts.oddHeader.left, _header_text(title)),
        (sheet_parts.oddHeader.right, "&A"),  # the sheet's name
        (sheet_parts.oddFooter.left, f"Produced {produced:%d/%m/%Y}"),
        (sheet_parts.oddFooter.right, "Page &P of &N"),
    ):
        part.text = text
        part.font = f"{FONT_NAME},Regular"
        part.size = 9
    if repeat_rows:
        sheet.print_title_rows = repeat_rows
