"""Rows written as text read back exactly as openpyxl's own writer writes them.

``reports/fast_rows.py`` replaces openpyxl's per-cell element writing for the report's
big sheets; every kind of cell the report writes (and the ones it hands back to
openpyxl) must come out the same: values, types, styles, row heights, formula safety.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment

from icstracker.reports import fast_rows
from icstracker.reports.layout import Rows, RowWriter
from icstracker.reports.styles import Style, add_styles

pytestmark = pytest.mark.skipif(fast_rows.LXML, reason="openpyxl writes with lxml here")

TEXTS = [
    "plain",
    "  leading and trailing  ",
    "tabs\tand\nnew lines\n",
    "<b>markup</b> & ampersands \"quoted\" 'single'",
    "=1+1",
    "+44 1234",
    "-minus",
    "@at",
    "Ørsted café — ✓",
    "",
    " ",
]


def _write(path: Path, fast: bool) -> None:
    workbook = Workbook(write_only=True)
    add_styles(workbook)
    sheet = workbook.create_sheet("Rows")
    if not fast:
        sheet._get_writer = lambda: type(sheet)._get_writer(sheet)  # noqa: SLF001
        setattr(sheet, fast_rows._FAST, True)  # noqa: SLF001
    styles = [Style.TEXT, Style.WRAPPED, Style.DATE, Style.COUNT, Style.TEXT]
    writer = RowWriter(sheet, styles, first_row=1, wrapped={1: 20})
    for number, text in enumerate(TEXTS):
        writer.append(
            [
                text,
                f"{text} " * (number + 1),
                dt.date(2026, 10, 1) + dt.timedelta(days=number),
                number * 1.5 if number % 3 else number,
                None,
            ]
        )
    writer.append([True, False, dt.datetime(2026, 11, 15, 9, 30), float("nan"), 10**12])
    rows = Rows(sheet)
    rows.last = writer.rows
    commented = WriteOnlyCell(sheet, "with a comment")
    commented.comment = Comment("a note", "test")
    rows.add(commented, None, WriteOnlyCell(sheet, "after a gap"))
    rows.add(WriteOnlyCell(sheet, "=SUM(1,2)"))
    workbook.save(path)


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _read(path: Path) -> list[list[tuple[Any, ...]]]:
    sheet = load_workbook(path)["Rows"]
    found = []
    for row in sheet.iter_rows():
        found.append(
            [
                (
                    c.coordinate,
                    c.value,
                    c.data_type,
                    c.number_format,
                    c.font.b,
                    c.alignment.wrap_text,
                    c.quotePrefix,
                    c.comment.text if c.comment else None,
                )
                for c in row
            ]
        )
    heights = [(n, d.height) for n, d in sorted(sheet.row_dimensions.items())]
    return [*found, heights]


def test_rows_written_as_text_read_back_as_openpyxl_writes_them(tmp_path: Path) -> None:
    _write(tmp_path / "slow.xlsx", fast=False)
    _write(tmp_path / "fast.xlsx", fast=True)
    slow, fast = _read(tmp_path / "slow.xlsx"), _read(tmp_path / "fast.xlsx")
    assert fast == slow
    # Byte for byte, in fact: the same markup openpyxl's element writer makes.
    assert _sheet_xml(tmp_path / "fast.xlsx") == _sheet_xml(tmp_path / "slow.xlsx")
    texts = [row[0][1] for row in fast[: len(TEXTS)]]
    assert texts[:4] == [t or None for t in TEXTS[:4]]
    risky = fast[4][0]
    assert risky[1] == "=1+1" and risky[2] == "s" and risky[6]  # text, never a formula
    assert any(height for _, height in fast[-1])  # wrapped rows kept their heights
