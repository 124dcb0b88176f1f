"""What Excel and people save as CSV: both encodings, three delimiters, and the row limit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from icstracker.errors import ImportFileError
from icstracker.services.imports.reading import read_table

ROWS = [["Date", "Area", "Title"], ["13/02/2026", "Blackpool", "Café visit – £5"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "log.csv"
    text = "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"
    path.write_bytes(text.encode(encoding))
    assert read_table(path).rows == ROWS


def test_xlsx_cells_keep_their_types(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "Area", "Title"])
    sheet.append([dt.datetime(2026, 2, 13), "Blackpool", "Meeting"])
    sheet.append([46066, "=A2", 3])
    workbook.save(tmp_path / "log.xlsx")
    rows = read_table(tmp_path / "log.xlsx").rows
    assert rows[1][0] in (dt.date(2026, 2, 13), dt.datetime(2026, 2, 13))
    assert rows[2][0] == 46066
    # A formula is never evaluated: without a value cached by Excel the cell is empty.
    assert rows[2][1] in ("", None)


def test_row_limit_counts_every_row(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("Date,Area,Title\n" + "01/01/2026,QE1,x\n" * 4, encoding="utf-8")
    assert len(read_table(path, max_rows=5).rows) == 5
    with pytest.raises(ImportFileError, match="more than 4 rows"):
        read_table(path, max_rows=4)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="There is no file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="is a folder"):
        read_table(tmp_path)
