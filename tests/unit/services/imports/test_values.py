"""Reading dates, kinds and levels from cells: British dates, never a guessed US one."""

from __future__ import annotations

import datetime as dt

import pytest

from icstracker.errors import ValidationError
from icstracker.services.imports.values import (
    cell_text,
    parse_cell_date,
    parse_kind,
    parse_level,
    split_names,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("13/02/2026", dt.date(2026, 2, 13)),
        ("03/02/2026", dt.date(2026, 2, 3)),
        ("3.2.2026", dt.date(2026, 2, 3)),
        ("13/02/26", dt.date(2026, 2, 13)),
        ("2026-02-13", dt.date(2026, 2, 13)),
        ("2026-02-13 00:00:00", dt.date(2026, 2, 13)),
        ("3 Nov 2025", dt.date(2025, 11, 3)),
        ("3rd November 2025", dt.date(2025, 11, 3)),
        ("03-Nov-2025", dt.date(2025, 11, 3)),
        (46066, dt.date(2026, 2, 13)),
        (46066.0, dt.date(2026, 2, 13)),
        ("46066", dt.date(2026, 2, 13)),
        (dt.datetime(2026, 2, 13, 9, 30), dt.date(2026, 2, 13)),
        (dt.date(2026, 2, 13), dt.date(2026, 2, 13)),
    ],
)
def test_dates_people_write(cell: object, expected: dt.date) -> None:
    assert parse_cell_date(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("02/13/2026", "'02/13/2026' is not a day/month/year date"),
        ("31/02/2026", "'31/02/2026' is not a date that exists"),
        ("30 Febtember 2026", "is not a date"),
        ("next Tuesday", "is not a date"),
        (12, "12 is a number, not a date"),
        ("", "no date given"),
        (None, "no date given"),
    ],
)
def test_dates_that_are_refused(cell: object, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_cell_date(cell)  # type: ignore[arg-type]
    assert reason in error.value.message


def test_kinds_levels_and_lists() -> None:
    assert parse_kind("Phone call") == "call"
    assert parse_kind("Workshop") == "event"
    assert parse_kind("Written submission") == "written_submission"
    # How logs write a virtual or in-person meeting.
    assert {parse_kind(k) for k in ("Teams", "MS Teams", "Zoom", "F2F", "Site visit")} == {
        "meeting"
    }
    assert parse_level("ICS") == "system" and parse_level("PCN") == "neighbourhood"
    with pytest.raises(ValidationError, match="'Tea party' is not a kind"):
        parse_kind("Tea party")
    with pytest.raises(ValidationError, match="not a planning level"):
        parse_level("Region")
    assert split_names("Dr A; B\nC;") == ("Dr A", "B", "C")
    assert split_names("Pharmacy First, Flu", commas=True) == ("Pharmacy First", "Flu")
    assert cell_text(3.0) == "3" and cell_text(None) == ""
