"""Finding the header row under merged titles, synonyms, and the caller's overrides."""

from __future__ import annotations

import pytest

from icstracker.errors import ImportFileError, ValidationError
from icstracker.services.imports.columns import column_letter, detect_columns


def test_header_below_title_rows_is_found_with_synonyms() -> None:
    rows = [
        ["Community Pharmacy Somewhere - engagement log", None, None, None, None],
        ["Kept since 2019", None, None, None, None],
        [None, None, None, None, None],
        ["Date of meeting", "ICS / STP", "PCN", "Subject", "Organisation(s)"],
        ["01/02/2024", "QE1", "", "A meeting", "NHS"],
    ]
    mapping = detect_columns(rows)
    assert mapping.header_row == 4
    fields = {c.header: c.field for c in mapping.columns}
    assert fields == {
        "Date of meeting": "date",
        "ICS / STP": "area",
        "PCN": "area",
        "Subject": "title",
        "Organisation(s)": "organisations",
    }
    # The PCN is more specific than the ICS, so it is tried first.
    assert [c.header for c in mapping.for_field("area")] == ["PCN", "ICS / STP"]


def test_overrides_by_header_or_letter() -> None:
    rows = [["Date", "Venue", "Blurb", "Blah"]]
    with pytest.raises(ImportFileError, match="has no column for area or title"):
        detect_columns(rows)
    mapping = detect_columns(rows, {"B": "area", "Blurb": "title"})
    assert {c.field for c in mapping.columns} == {"date", "area", "title"}
    ignored = detect_columns([["Date", "Area", "Title", "Notes"]], {"Notes": "ignore"})
    assert "Notes" in ignored.ignored
    with pytest.raises(ValidationError, match="'colour' is not something a column can hold"):
        detect_columns(rows, {"Blah": "colour"})


def test_no_header_at_all() -> None:
    with pytest.raises(ImportFileError, match="No header row"):
        detect_columns([[1, 2, 3], ["x", "y", "z"]])


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
