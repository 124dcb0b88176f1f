"""A file read ahead is the file ``read_table`` reads: the same rows, the same refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from icstracker.db.database import Database
from icstracker.errors import ImportFileError
from icstracker.services.imports.apply import run_import
from icstracker.services.imports.plan import ImportOptions, preview_import
from icstracker.services.imports.read_ahead import ReadAhead
from icstracker.services.imports.reading import read_table

from .legacy_sheets import issue_log, write_xlsx


def test_the_rows_read_ahead_are_the_rows_read_table_reads(tmp_path: Path) -> None:
    path = issue_log(tmp_path)
    assert ReadAhead(path).table() == read_table(path)


def test_a_bad_file_gets_its_own_sentence_when_the_table_is_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFileError) as direct:
        read_table(path)
    ahead = ReadAhead(path)  # starting it raises nothing: the command may not need it
    with pytest.raises(ImportFileError) as later:
        ahead.table()
    assert later.value.message == direct.value.message


def test_an_import_refuses_a_file_read_another_way(
    committee_db: Database,
    options: ImportOptions,
    tmp_path: Path,
    engagement_count: Callable[[Database], int],
) -> None:
    path = issue_log(tmp_path)
    other = write_xlsx(tmp_path / "other.xlsx", [["Date", "PCN", "Title"]])
    for wrong in (ReadAhead(other), ReadAhead(path, sheet="Archive"), ReadAhead(path, max_rows=5)):
        with pytest.raises(ValueError, match="not the one this import reads"):
            run_import(committee_db, path, options, read_ahead=wrong)
        with pytest.raises(ValueError, match="not the one this import reads"):
            preview_import(committee_db, path, options, read_ahead=wrong)
    assert engagement_count(committee_db) == 0
    found = run_import(committee_db, path, options, skip_bad_rows=True, read_ahead=ReadAhead(path))
    assert len(found.added_ids) == engagement_count(committee_db) > 0
