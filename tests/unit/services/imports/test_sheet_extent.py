"""The sheet-extent check: every way of writing a far-away cell is seen before calamine is.

calamine allocates one block from the first to the last filled cell, wherever the XML
puts it; the check must find that cell however the XML is written. The far cells here
are small (row 90, column CV) so that a miss would only let a test fail, never exhaust
memory; a limit of 50 rows refuses them.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from icstracker.errors import ImportFileError
from icstracker.services.imports.reading import (
    _careful_extent,
    _plain_extent,
    check_sheet_extent,
)

SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"
FIRST = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>'
VALUE = b' t="inlineStr"><is><t>x</t></is></c>'


def _book() -> dict[str, bytes]:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "Area", "Title"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _with_sheet(path: Path, rows: bytes) -> Path:
    members = _book()
    members[SHEET] = HEAD + FIRST + rows + TAIL
    return _write(path, members)


FAR_CELLS = {
    "plain": b'<row r="90"><c r="CV90"' + VALUE + b"</row>",
    "single quotes": b"<row r='90'><c r='CV90'" + VALUE + b"</row>",
    "spaces around =": b'<row r="90"><c r = "CV90"' + VALUE + b"</row>",
    "lower case": b'<row r="90"><c r="cv90"' + VALUE + b"</row>",
    "position last": b'<row r="90"><c s="0" r="CV90"' + VALUE + b"</row>",
    "> inside a value": b'<row r="90"><c s="1>2" r="CV90"' + VALUE + b"</row>",
    "prefixed": b'<row r="90"><x:c xmlns:x="urn:x" r="CV90"' + VALUE[:-4] + b"</x:c></row>",
    "long row number": b'<row r="2"><c r="B12345678"' + VALUE + b"</row>",
    "no position": b'<row r="90"><c' + VALUE + b"</row>",
    "no position, no row number": b"<row><c/></row>" * 90 + b"<row><c" + VALUE + b"</row>",
    "cut at a chunk's end": b'<row r="2"><c r="B2" t="inlineStr"><is><t>'
    + b"y" * ((1 << 20) - 900)
    + b'</t></is></c></row><row r="90"><c t="inlineStr" s="'
    + b"0" * 1000
    + b'" r="CV90"><is><t>x</t></is></c></row>',
}


@pytest.mark.parametrize("rows", FAR_CELLS.values(), ids=FAR_CELLS.keys())
def test_a_far_cell_is_found_however_it_is_written(tmp_path: Path, rows: bytes) -> None:
    path = _with_sheet(tmp_path / "far.xlsx", rows)
    with pytest.raises(ImportFileError, match="more than 50 rows"):
        check_sheet_extent(path, None, 50)


def test_empty_cells_do_not_count(tmp_path: Path) -> None:
    """A self-closing cell holds nothing: calamine skips it, so the check does too."""
    rows = b'<row r="90"><c r="CV90" s="1"/><c s="1"/></row>'
    check_sheet_extent(_with_sheet(tmp_path / "styled.xlsx", rows), None, 50)


@pytest.mark.parametrize(
    "target",
    [
        "worksheets/sheet1.xml",
        "/xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet1.xml",
        "worksheets/SHEET1.xml",
    ],
)
def test_the_sheet_is_found_as_calamine_finds_it(tmp_path: Path, target: str) -> None:
    """calamine keeps a target starting ``xl/`` as it is and ignores case in zip names."""
    members = _book()
    members[SHEET] = HEAD + FIRST + FAR_CELLS["plain"] + TAIL
    rels = members["xl/_rels/workbook.xml.rels"]
    assert b'"/xl/worksheets/sheet1.xml"' in rels
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        b'"/xl/worksheets/sheet1.xml"', f'"{target}"'.encode()
    )
    with pytest.raises(ImportFileError, match="more than 50 rows"):
        check_sheet_extent(_write(tmp_path / "moved.xlsx", members), None, 50)


def test_a_sheet_in_another_namespace_is_still_checked(tmp_path: Path) -> None:
    members = _book()
    members[SHEET] = HEAD + FIRST + FAR_CELLS["plain"] + TAIL
    workbook = members["xl/workbook.xml"]
    assert b"<sheet " in workbook
    members["xl/workbook.xml"] = workbook.replace(b"<sheet ", b'<q:sheet xmlns:q="urn:q" ')
    with pytest.raises(ImportFileError, match="more than 50 rows"):
        check_sheet_extent(_write(tmp_path / "other.xlsx", members), None, 50)


def test_plain_and_careful_readings_agree_on_ordinary_workbooks(tmp_path: Path) -> None:
    """openpyxl writes the plain way; both readings must find the same last cell."""
    chance = random.Random(7)
    for number in range(5):
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        filled: list[tuple[int, int]] = []
        for _ in range(60):
            row, column = chance.randint(1, 300), chance.randint(1, 40)
            if chance.random() < 0.3:
                sheet.cell(row=row, column=column).font = Font(bold=True)  # empty, styled
            else:
                sheet.cell(row=row, column=column, value=chance.choice(["a", 1, 2.5, "b>c"]))
                filled.append((row, column))
        path = tmp_path / f"book{number}.xlsx"
        workbook.save(path)
        with zipfile.ZipFile(path) as archive:
            data = archive.read(SHEET)
            with archive.open(SHEET) as stream:
                plain = _plain_extent(stream, 100_000)
        expected = (max(r for r, _ in filled), max(c for _, c in filled))
        assert plain == expected
        assert _careful_extent(data) == expected
