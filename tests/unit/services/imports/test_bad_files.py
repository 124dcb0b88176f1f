"""A corpus of hostile and broken files: each is refused with one clear sentence and
nothing is written. The files are made here, in a temporary folder, so no odd bytes are
committed and each case says how it was built."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from icstracker.db.database import Database
from icstracker.errors import ImportFileError, ImportRejectedError
from icstracker.services.imports.apply import run_import
from icstracker.services.imports.plan import ImportOptions

from .conftest import table_counts

HEADER = "Date of meeting,Area,Title\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """A real workbook's parts plus one sheet of 20 MB of zeros that deflates to ~20 KB."""
    good = zipfile.ZipFile(io.BytesIO(_xlsx([["Date", "Area", "Title"]])))
    members = {name: good.read(name) for name in good.namelist()}
    members["xl/worksheets/sheet1.xml"] = bytes(20 * 1024 * 1024)
    return _zip(members)


def _many_rows() -> bytes:
    return (HEADER + "01/02/2026,QE1,A meeting\n" * 100_000).encode()


def _wide_sheet() -> bytes:
    """One value in A1 and one in XFD30: 5 KB that a dense reader would spread over
    491,520 cells (at XFD50000 it would be 26 GB and abort the process)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Date", "Area", "Title"])
    book.active.cell(row=30, column=16384, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _tall_sheet() -> bytes:
    return _xlsx([["Date", "Area", "Title"], *[["01/02/2026", "QE1", "x"]] * 30])


def _hidden_only() -> bytes:
    """A workbook whose only sheet is hidden (openpyxl will not save one, so the sheet's
    entry in workbook.xml is edited): there is no sheet a person sees to read."""
    good = zipfile.ZipFile(io.BytesIO(_xlsx([["Date", "Area", "Title"], ["01/02/2026", "QE1"]])))
    members = {name: good.read(name) for name in good.namelist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b'state="visible"', b'state="hidden"'
    )
    assert b'state="hidden"' in members["xl/workbook.xml"]
    return _zip(members)


FUTURE = (dt.date(2026, 11, 20) + dt.timedelta(days=30)).strftime("%d/%m/%Y")

# name, contents, the sentence (or part) expected
CORPUS: list[tuple[str, bytes, str]] = [
    ("photo.xlsx", PNG, "photo.xlsx is not an Excel workbook"),
    ("empty.csv", b"", "empty.csv is empty (0 bytes)"),
    ("empty_sheet.xlsx", _xlsx([]), "empty_sheet.xlsx is empty"),
    ("blank_cells.csv", b",,\n,,\n", "blank_cells.csv is empty"),
    ("header_only.xlsx", _xlsx([["Date", "Area", "Title"]]), "but no rows under it"),
    ("bomb.xlsx", _zip_bomb(), "that is not a normal workbook"),
    ("truncated.xlsx", _xlsx([["Date", "Area", "Title"]] * 20)[:1500], "damaged or incomplete"),
    ("not_a_workbook.xlsx", _zip({"hello.txt": b"hi"}), "is a zip file but not an Excel"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "password-protected"),
    ("utf16.csv", (HEADER + "01/02/2026,QE1,x\n").encode("utf-16-le"), "looks like UTF-16"),
    ("garbage.csv", random.Random(5).randbytes(4096), "binary"),
    ("controls.csv", b"Date,Area,Title\n" + bytes(range(1, 32)) * 20, "contains binary data"),
    ("big.csv", _many_rows(), "big.csv has more than 100,000 rows"),
    ("tall.xlsx", _tall_sheet(), "tall.xlsx has more than 20 rows"),
    ("wide.xlsx", _wide_sheet(), "spread over 30 rows and 16,384 columns"),
    ("report.pdf", b"%PDF-1.7\n", "is not a .xlsx or .csv file"),
    ("no_header.csv", b"1,2,3\n4,5,6\n", "No header row was found"),
    # A file still being written, or a download cut short, inside a quoted note.
    (
        "cut_in_quote.csv",
        (HEADER + '01/02/2026,QE1,"Pharmacy First launch, then the funding and\n').encode(),
        "cut_in_quote.csv ends inside a quoted cell that starts on row 2",
    ),
    # A quote that never closes until the next row's: the row after is inside the cell.
    (
        "swallowed.csv",
        (HEADER + '01/02/2026,QE1,"PF ""launch\n02/02/2026,QE1,Call"\n03/02/2026,QE1,x\n').encode(),
        "a cell of row 2 runs over a line break into what looks like the next row",
    ),
    # The same, with the date not first: the swallowed text is a whole row's worth of cells.
    (
        "swallowed_later.csv",
        b'Area,Title,Notes,Date\nQE1,"Call ""x\nQE1,Meeting,notes,02/02/2026",y,01/02/2026\n',
        "a cell of row 2 runs over a line break",
    ),
    (
        "ragged.csv",
        (HEADER + "01/02/2026,QE1,Fine\n02/02/2026,QE1,Split, by a comma,too\n").encode(),
        "row 3 has 5 cells where the other rows have 3",
    ),
    (
        "mid_quote.csv",
        (HEADER + '01/02/2026,QE1,"Pharmacy First" launch\n').encode(),
        "row 2 has a double quote in the middle of a cell",
    ),
    (
        "too_wide.csv",
        (",".join(["Date", "Area", "Title", *[f"C{i}" for i in range(1100)]]) + "\n").encode(),
        "has 1,103 columns in row 1; files over 1,024 columns are not imported",
    ),
    ("hidden_only.xlsx", _hidden_only(), "hidden_only.xlsx has no visible sheet"),
]
# Files that read well but whose rows are refused: every bad row is named.
ROW_CORPUS: list[tuple[str, bytes, str]] = [
    (
        "us_dates.csv",
        (HEADER + "13/02/2026,QE1,Fine\n02/13/2026,QE1,US date\n").encode(),
        "row 3, column 'Date of meeting': '02/13/2026' is not a day/month/year date",
    ),
    (
        "unknown_areas.csv",
        (HEADER + "13/02/2026,Atlantis Health Partnership,Lost\n").encode(),
        "row 2, column 'Area': No area is called or coded 'Atlantis Health Partnership'",
    ),
    (
        "future.csv",
        (HEADER + f"{FUTURE},QE1,Not yet\n").encode(),
        f"row 2, column 'Date of meeting': {FUTURE} is in the future",
    ),
    (
        "formula.xlsx",
        _xlsx([["Date", "Area", "Title"], ["01/02/2026", "QE1", "=1+1"]]),
        "row 2, column 'Title': an engagement needs a title",
    ),
    (
        "wrong_level.csv",
        b"Date,Area,Level,Title\n01/02/2026,Blackpool South PCN,System,x\n",
        "row 2, column 'Level': the Level says system but 'Blackpool South PCN'",
    ),
    # Invisible in Excel, raw escape sequences on a terminal once stored.
    (
        "bell.csv",
        (HEADER + "01/02/2026,QE1,Pharmacy\x07 First\n" + "02/02/2026,QE1,Fine\n" * 9).encode(),
        "row 2, column 'Title': holds a control character (U+0007)",
    ),
    (
        "escape.xlsx",
        # Excel writes an ESC in a cell as _x001B_, which every reader turns back into ESC.
        _xlsx([["Date", "Area", "Title", "Notes"], ["01/02/2026", "QE1", "x", "red_x001B_[31m"]]),
        "row 2, column 'Notes': holds a control character (U+001B)",
    ),
    (
        "closed_area.csv",
        # Frimley was split three ways in April 2026: no one successor to move the row to.
        (HEADER + "01/05/2026,QNQ,Frimley after the split\n").encode(),
        "row 2, column 'Area': Frimley (QNQ, closed 31/03/2026) was not in use on 01/05/2026",
    ),
]


def test_hostile_files_are_refused(
    committee_db: Database, tmp_path: Path, engagement_count: Callable[[Database], int]
) -> None:
    """One database per backend for the whole corpus: cloning one per file costs seconds."""
    assert len(CORPUS) >= 12
    before = table_counts(committee_db)
    for name, data, message in CORPUS:
        path = tmp_path / name
        path.write_bytes(data)
        limit = 20 if name == "tall.xlsx" else 100_000
        options = ImportOptions(today=dt.date(2026, 11, 20), max_rows=limit)
        with pytest.raises(ImportFileError) as error:
            run_import(committee_db, path, options)
        assert message in error.value.message, (name, error.value.message)
        assert "\n" not in error.value.message, name
        assert table_counts(committee_db) == before, name


def test_bad_rows_are_named_and_nothing_is_written(
    committee_db: Database, tmp_path: Path, engagement_count: Callable[[Database], int]
) -> None:
    for name, data, message in ROW_CORPUS:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ImportRejectedError) as error:
            run_import(committee_db, path, ImportOptions(today=dt.date(2026, 11, 20)))
        messages = [p.message for p in error.value.problems]
        assert any(m.startswith(message) for m in messages), (name, messages)
    assert engagement_count(committee_db) == 0
