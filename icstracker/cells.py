"""Writing cells so that nothing a user typed can become a formula, quickly.

openpyxl stores any string that starts with ``=`` as a formula, and Excel or LibreOffice
will treat a cell beginning ``+``, ``-``, ``@``, a tab or a carriage return as the start of
one the moment someone edits it (OWASP's "CSV injection"). A title such as
``=HYPERLINK("http://evil.example", "Minutes")`` must reach the reader as that text. So
every string goes through ``put``: it is stored as a string (``data_type = "s"``, which
openpyxl writes as an inline string, never ``<f>``), and one with a risky first character
also gets Excel's quote prefix, so editing it in Excel keeps it text. Control characters
XML cannot hold are dropped rather than failing the whole export.

The report writes no formulas at all: totals are computed in SQL, so every viewer,
including ones that never recalculate (python-calamine, previewers), shows the numbers.
It sits at the package's top level because both the quarterly workbook (``reports``) and
the full export and import (``services``) write and read cells through it.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from icstracker.text import FORMULA_TRIGGERS

CellValue = str | int | float | dt.date | None

RISKY_FIRST_CHARACTERS: Final = FORMULA_TRIGGERS  # the same list the CSV writers use
MAX_CELL_TEXT: Final = 32_767  # Excel's limit; openpyxl would cut silently


def clean_text(text: str) -> str:
    """The text without characters XML cannot carry, cut to what a cell can hold.

    Carriage returns become line feeds: XML readers (Excel's included) would turn them
    into line feeds anyway, so this writes what every reader will see.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def is_risky(text: str) -> bool:
    """Would a spreadsheet read this as a formula (or an error value) if it were typed?"""
    return text.startswith(RISKY_FIRST_CHARACTERS) or text in ERROR_CODES


def put(cell: Cell, value: CellValue) -> None:
    """Sets a value; text always stays text (see the module docstring)."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    else:
        cell.value = value


def styled(sheet: WriteOnlyWorksheet, value: CellValue, style: str) -> Cell:
    """A one-off cell with a named style; risky text also gets the quote prefix."""
    cell = WriteOnlyCell(sheet)
    cell.style = style
    put(cell, value)
    if cell.data_type == "s" and is_risky(str(cell.value)):
        cell.quotePrefix = True
    return cell
