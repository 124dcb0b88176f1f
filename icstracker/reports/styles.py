"""How the workbook looks: named styles in Arial, NHS colours, and the highlight fill.

Every cell the report writes carries one of these named styles, and each names its font,
so the workbook looks the same in Excel on Windows and in LibreOffice (which substitutes
the metric-compatible Liberation Sans for Arial) instead of depending on whatever default
font the reader's copy of Excel has. Named styles are also what keeps streaming fast: a
cell takes its whole look from one name.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils.indexed_list import IndexedList

FONT_NAME = "Arial"
BODY_SIZE = 10
DARK_BLUE = "003087"  # NHS dark blue
BLUE = "005EB8"  # NHS blue
LIGHT_BLUE = "41B6E6"  # NHS light blue
PALE_GREY = "E8EDEE"
HIGHLIGHT_FILL = "FFC7CE"  # Excel's own "light red fill with dark red text"
HIGHLIGHT_TEXT = "9C0006"
LEVEL_COLOURS = (DARK_BLUE, BLUE, LIGHT_BLUE)  # system, place, neighbourhood

DATE_FORMAT = "dd/mm/yyyy"
COUNT_FORMAT = "#,##0"
CHANGE_FORMAT = "+#,##0;-#,##0;0"
PERCENT_FORMAT = "+0%;-0%;0%"


class Style(StrEnum):
    TITLE = "ICS title"
    SUBTITLE = "ICS subtitle"
    HEADING = "ICS heading"
    LABEL = "ICS label"
    HEADER = "ICS column header"
    NUMBER_HEADER = "ICS number column header"
    CENTRED_HEADER = "ICS centred column header"
    TEXT = "ICS text"
    WRAPPED = "ICS wrapped text"
    DATE = "ICS date"
    VALUE_DATE = "ICS date value"
    COUNT = "ICS count"
    VALUE_COUNT = "ICS count value"
    CENTRED_COUNT = "ICS centred count"
    CHANGE = "ICS change"
    PERCENT = "ICS percent"
    CENTRED_PERCENT = "ICS centred percent"
    TOTAL_LABEL = "ICS total label"
    TOTAL = "ICS total"
    TOTAL_CHANGE = "ICS total change"
    TOTAL_PERCENT = "ICS total percent"
    NOTE = "ICS note"


def font(
    *, size: float = BODY_SIZE, bold: bool = False, italic: bool = False, color: str = "000000"
) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


_TOP = Alignment(vertical="top")
_CENTRED = Alignment(vertical="top", horizontal="center")
_LEFT = Alignment(vertical="top", horizontal="left")
_HEADER_FILL = PatternFill("solid", fgColor=DARK_BLUE)
_TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)
_RULE = Border(top=Side(style="thin", color=DARK_BLUE))


def _styles() -> list[NamedStyle]:
    return [
        NamedStyle(Style.TITLE, font=font(size=16, bold=True, color=DARK_BLUE)),
        NamedStyle(Style.SUBTITLE, font=font(size=12, color=DARK_BLUE)),
        NamedStyle(Style.HEADING, font=font(size=12, bold=True, color=DARK_BLUE)),
        NamedStyle(Style.LABEL, font=font(bold=True), alignment=_TOP),
        NamedStyle(
            Style.HEADER,
            font=font(bold=True, color="FFFFFF"),
            fill=_HEADER_FILL,
            alignment=Alignment(vertical="center", wrap_text=True),
        ),
        NamedStyle(
            Style.NUMBER_HEADER,
            font=font(bold=True, color="FFFFFF"),
            fill=_HEADER_FILL,
            alignment=Alignment(vertical="center", horizontal="right", wrap_text=True),
        ),
        NamedStyle(
            Style.CENTRED_HEADER,
            font=font(bold=True, color="FFFFFF"),
            fill=_HEADER_FILL,
            alignment=Alignment(vertical="center", horizontal="center", wrap_text=True),
        ),
        NamedStyle(Style.TEXT, font=font(), alignment=_TOP),
        NamedStyle(Style.WRAPPED, font=font(), alignment=_TOP_WRAPPED),
        NamedStyle(Style.DATE, font=font(), alignment=_TOP, number_format=DATE_FORMAT),
        NamedStyle(Style.VALUE_DATE, font=font(), alignment=_LEFT, number_format=DATE_FORMAT),
        NamedStyle(Style.COUNT, font=font(), alignment=_TOP, number_format=COUNT_FORMAT),
        NamedStyle(Style.VALUE_COUNT, font=font(), alignment=_LEFT, number_format=COUNT_FORMAT),
        NamedStyle(
            Style.CENTRED_COUNT, font=font(), alignment=_CENTRED, number_format=COUNT_FORMAT
        ),
        NamedStyle(Style.CHANGE, font=font(), alignment=_TOP, number_format=CHANGE_FORMAT),
        NamedStyle(Style.PERCENT, font=font(), alignment=_TOP, number_format=PERCENT_FORMAT),
        NamedStyle(Style.CENTRED_PERCENT, font=font(), alignment=_CENTRED, number_format="0%"),
        NamedStyle(Style.TOTAL_LABEL, font=font(bold=True), border=_RULE),
        NamedStyle(Style.TOTAL, font=font(bold=True), border=_RULE, number_format=COUNT_FORMAT),
        NamedStyle(
            Style.TOTAL_CHANGE, font=font(bold=True), border=_RULE, number_format=CHANGE_FORMAT
        ),
        NamedStyle(
            Style.TOTAL_PERCENT, font=font(bold=True), border=_RULE, number_format=PERCENT_FORMAT
        ),
        NamedStyle(Style.NOTE, font=font(size=9, italic=True, color="425563")),
    ]


def add_styles(workbook: Workbook) -> None:
    """Makes Arial the workbook's default font, then registers the report's named styles."""
    _use_default_font(workbook, font())
    for style in _styles():
        workbook.add_named_style(style)


def _use_default_font(workbook: Workbook, default: Font) -> None:
    """Font 0 is what Excel uses for empty cells, new cells and the width of a column unit.

    openpyxl has no public way to change it (it is always Calibri 11), so the font list and
    the built-in Normal style are replaced before anything else is added to the workbook.
    The test suite reads the saved ``styles.xml`` to check this still works.
    """
    internals: Any = workbook
    internals._fonts = IndexedList([default])
    internals._named_styles["Normal"].font = default


def highlight() -> DifferentialStyle:
    """The conditional-format look for a gap or an overdue action."""
    return DifferentialStyle(
        font=Font(color=HIGHLIGHT_TEXT),
        fill=PatternFill("solid", start_color=HIGHLIGHT_FILL, end_color=HIGHLIGHT_FILL),
    )
