"""Print setup: every sheet prints A4 landscape at a readable size, with who, what and pages.

A committee pack is still printed, and a partners' report is often read as a PDF made by
printing it. Fitting a wide sheet to one page width used to shrink the Engagements sheet
to 4-5 point text, so no sheet is fitted any more: each is printed at a fixed scale worked
out from its own column widths, and the sheets are laid out so that scale is at least
``MIN_SCALE`` (no text, 9-point notes included, prints below 8 points). Wide detail goes to a second
sheet instead of shrinking the first. Every page says whose report it is, for which
period and audience, and which page of how many it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import FONT_NAME
from icstracker.services.report_data import ReportScope

HEADER_TEXT_LIMIT = 80
PAPER_A4 = 9  # the OOXML paper-size code (Worksheet.PAPERSIZE_A4; write-only sheets lack it)
A4_LANDSCAPE_WIDTH = 841.9  # points
SIDE_MARGIN = 0.4  # inches, each side
PRINTABLE_WIDTH = A4_LANDSCAPE_WIDTH - 2 * SIDE_MARGIN * 72
MIN_SCALE = 90  # percent: 10-point text prints at 9 points, 9-point notes at 8.1
HEADER_FOOTER_SIZE = 9  # points; Excel and LibreOffice scale them with the sheet


PIXELS_PER_UNIT = 7.4  # Excel draws 7 per unit of width; LibreOffice measured 2-5 % wider
SPARE = 0.98  # of the printable width, for rounding in either program


def column_points(width: float) -> float:
    """What a column of ``width`` (Excel's units: widths of "0" in 10-point Arial) takes on
    paper, at 96 pixels an inch plus 5 of padding, erring on wider: a column that spills
    onto a page of its own doubles the pages (a 5,000-engagement render did just that)."""
    return (PIXELS_PER_UNIT * width + 5) * 0.75


def print_scale(widths: Sequence[float]) -> int:
    """The largest whole percentage (at most 100) at which the columns fit one page wide."""
    needed = sum(column_points(w) for w in widths)
    return min(100, math.floor(100 * PRINTABLE_WIDTH * SPARE / needed))


def _header_text(text: str) -> str:
    """Header text with ``&`` doubled: a single one starts a code such as ``&P``."""
    if len(text) > HEADER_TEXT_LIMIT:
        text = text[: HEADER_TEXT_LIMIT - 1] + "…"
    return text.replace("&", "&&")


def set_up_printing(
    sheet: WriteOnlyWorksheet,
    scope: ReportScope,
    widths: Sequence[float],
    *,
    repeat_rows: str | None = None,
) -> None:
    """Prints the sheet one page wide at a fixed scale of at least ``MIN_SCALE``.

    Raises ValueError for a layout too wide for that: a programming error, caught by the
    tests of every sheet, never something a user's data can cause (widths are bounded).
    """
    scale = print_scale(widths)
    if scale < MIN_SCALE:
        raise ValueError(f"{sheet.title} is too wide to print readably ({scale} %)")
    sheet_parts = parts(sheet)
    setup = sheet_parts.page_setup
    setup.orientation = "landscape"
    setup.paperSize = PAPER_A4
    setup.scale = scale
    properties = sheet_parts.sheet_properties
    if properties.pageSetUpPr is None:
        properties.pageSetUpPr = PageSetupProperties()
    properties.pageSetUpPr.fitToPage = False  # the scale above, not "fit to width"
    sheet_parts.page_margins = PageMargins(
        left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.75, bottom=0.75
    )
    for part, text in (
        (sheet_parts.oddHeader.left, _header_text(scope.title)),
        (sheet_parts.oddHeader.center, scope.audience.label),
        (sheet_parts.oddHeader.right, "&A"),  # the sheet's name
        (sheet_parts.oddFooter.left, f"Produced {scope.produced:%d/%m/%Y}"),
        (sheet_parts.oddFooter.right, "Page &P of &N"),
    ):
        part.text = text
        part.font = f"{FONT_NAME},Regular"
        part.size = HEADER_FOOTER_SIZE
    if repeat_rows:
        sheet.print_title_rows = repeat_rows
