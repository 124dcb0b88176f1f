"""Reporting periods: quarter boundaries, stepping across year ends, and every spelling."""

from __future__ import annotations

import datetime as dt
import locale
from collections.abc import Callable, Iterator

import pytest

from icstracker.errors import ValidationError
from icstracker.services.periods import (
    Period,
    calendar_quarter,
    calendar_quarter_containing,
    date_range,
    describe_dates,
    describe_months,
    label_with_months,
    nhs_quarter,
    nhs_quarter_containing,
    nhs_year,
    nhs_year_containing,
    parse_period,
)

D = dt.date


# --- which period a date falls in ----------------------------------------------------


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (D(2026, 4, 1), "2026/27-Q1"),
        (D(2026, 6, 30), "2026/27-Q1"),
        (D(2026, 7, 1), "2026/27-Q2"),
        (D(2026, 9, 30), "2026/27-Q2"),
        (D(2026, 10, 1), "2026/27-Q3"),
        (D(2026, 12, 31), "2026/27-Q3"),
        (D(2027, 1, 1), "2026/27-Q4"),
        (D(2027, 3, 31), "2026/27-Q4"),
        (D(2027, 4, 1), "2027/28-Q1"),
        (D(2026, 3, 31), "2025/26-Q4"),
    ],
)
def test_nhs_quarter_containing_at_boundaries(day: dt.date, key: str) -> None:
    period = nhs_quarter_containing(day)
    assert period.key == key
    assert period.contains(day)
    assert period.kind == "nhs_quarter"


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (D(2026, 1, 1), "2026-Q1"),
        (D(2026, 3, 31), "2026-Q1"),
        (D(2026, 4, 1), "2026-Q2"),
        (D(2026, 6, 30), "2026-Q2"),
        (D(2026, 7, 1), "2026-Q3"),
        (D(2026, 12, 31), "2026-Q4"),
        (D(2027, 1, 1), "2027-Q1"),
    ],
)
def test_calendar_quarter_containing_at_boundaries(day: dt.date, key: str) -> None:
    period = calendar_quarter_containing(day)
    assert period.key == key
    assert period.contains(day)
    assert period.kind == "calendar_quarter"


@pytest.mark.parametrize(
    ("day", "year_start"),
    [(D(2026, 4, 1), 2026), (D(2027, 3, 31), 2026), (D(2027, 4, 1), 2027), (D(2026, 3, 31), 2025)],
)
def test_nhs_year_containing(day: dt.date, year_start: int) -> None:
    assert nhs_year_containing(day) == nhs_year(year_start)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, D(2026, 4, 1), D(2026, 6, 30)),
        (2, D(2026, 7, 1), D(2026, 9, 30)),
        (3, D(2026, 10, 1), D(2026, 12, 31)),
        (4, D(2027, 1, 1), D(2027, 3, 31)),
    ],
)
def test_nhs_quarter_dates(quarter: int, start: dt.date, end: dt.date) -> None:
    period = nhs_quarter(2026, quarter)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, D(2026, 1, 1), D(2026, 3, 31)),
        (2, D(2026, 4, 1), D(2026, 6, 30)),
        (3, D(2026, 7, 1), D(2026, 9, 30)),
        (4, D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_calendar_quarter_dates(quarter: int, start: dt.date, end: dt.date) -> None:
    period = calendar_quarter(2026, quarter)
    assert (period.start, period.end) == (start, end)


def test_nhs_year_dates() -> None:
    year = nhs_year(2026)
    assert (year.start, year.end) == (D(2026, 4, 1), D(2027, 3, 31))
    assert year.days == 365


def test_leap_year_q4_ends_31_march_and_holds_29_february() -> None:
    q4 = nhs_quarter(2027, 4)
    assert q4.end == D(2028, 3, 31)
    assert q4.contains(D(2028, 2, 29))
    assert nhs_quarter_containing(D(2028, 2, 29)) == q4
    assert q4.days == 31 + 29 + 31
    assert nhs_quarter(2026, 4).days == 31 + 28 + 31
    assert nhs_year(2027).days == 366
    assert calendar_quarter(2028, 1).end == D(2028, 3, 31)


def test_contains_includes_both_ends_only() -> None:
    q3 = nhs_quarter(2026, 3)
    assert q3.contains(D(2026, 10, 1))
    assert q3.contains(D(2026, 12, 31))
    assert not q3.contains(D(2026, 9, 30))
    assert not q3.contains(D(2027, 1, 1))


def test_days_counts_both_ends() -> None:
    assert nhs_quarter(2026, 3).days == 92
    assert date_range(D(2026, 10, 1), D(2026, 10, 1)).days == 1


# --- previous and next -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        (nhs_quarter(2026, 1), nhs_quarter(2025, 4), nhs_quarter(2026, 2)),
        (nhs_quarter(2026, 3), nhs_quarter(2026, 2), nhs_quarter(2026, 4)),
        (nhs_quarter(2026, 4), nhs_quarter(2026, 3), nhs_quarter(2027, 1)),
        (calendar_quarter(2026, 1), calendar_quarter(2025, 4), calendar_quarter(2026, 2)),
        (calendar_quarter(2026, 4), calendar_quarter(2026, 3), calendar_quarter(2027, 1)),
        (nhs_year(2026), nhs_year(2025), nhs_year(2027)),
        (
            date_range(D(2026, 10, 1), D(2026, 12, 31)),
            date_range(D(2026, 7, 1), D(2026, 9, 30)),
            date_range(D(2027, 1, 1), D(2027, 4, 2)),
        ),
        (
            date_range(D(2026, 12, 31), D(2026, 12, 31)),
            date_range(D(2026, 12, 30), D(2026, 12, 30)),
            date_range(D(2027, 1, 1), D(2027, 1, 1)),
        ),
    ],
    ids=lambda value: value.key if isinstance(value, Period) else None,
)
def test_previous_and_next(period: Period, previous: Period, following: Period) -> None:
    assert period.previous() == previous
    assert period.next() == following
    assert period.previous().next() == period
    assert period.next().previous() == period


def test_previous_and_next_ranges_keep_their_length() -> None:
    week = date_range(D(2026, 12, 28), D(2027, 1, 3))
    assert week.previous().days == week.days == week.next().days == 7
    assert week.previous().end == D(2026, 12, 27)
    assert week.next().start == D(2027, 1, 4)


@pytest.mark.parametrize(
    "make",
    [nhs_quarter_containing, calendar_quarter_containing, nhs_year_containing],
)
def test_stepping_through_years_leaves_no_gap(make: Callable[[dt.date], Period]) -> None:
    period = make(D(2024, 1, 1))
    for _ in range(20):
        following = period.next()
        assert following.start == period.end + dt.timedelta(days=1)
        assert following.kind == period.kind
        period = following


# --- labels, keys and file names -------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "label", "key", "file_label", "dates"),
    [
        (
            nhs_quarter(2026, 3),
            "2026/27 Q3",
            "2026/27-Q3",
            "2026-27 Q3",
            "1 October to 31 December 2026",
        ),
        (
            nhs_quarter(2026, 4),
            "2026/27 Q4",
            "2026/27-Q4",
            "2026-27 Q4",
            "1 January to 31 March 2027",
        ),
        (
            calendar_quarter(2026, 4),
            "2026 Q4",
            "2026-Q4",
            "2026 Q4",
            "1 October to 31 December 2026",
        ),
        (
            nhs_year(2026),
            "2026/27",
            "2026/27",
            "2026-27",
            "1 April 2026 to 31 March 2027",
        ),
        (
            nhs_year(2099),
            "2099/00",
            "2099/00",
            "2099-00",
            "1 April 2099 to 31 March 2100",
        ),
        (
            date_range(D(2026, 10, 1), D(2026, 12, 31)),
            "1 October 2026 to 31 December 2026",
            "2026-10-01..2026-12-31",
            "2026-10-01..2026-12-31",
            "1 October to 31 December 2026",
        ),
        (
            date_range(D(2026, 1, 1), D(2027, 3, 31)),
            "1 January 2026 to 31 March 2027",
            "2026-01-01..2027-03-31",
            "2026-01-01..2027-03-31",
            "1 January 2026 to 31 March 2027",
        ),
        (
            date_range(D(2026, 5, 9), D(2026, 5, 9)),
            "9 May 2026",
            "2026-05-09..2026-05-09",
            "2026-05-09..2026-05-09",
            "9 May 2026",
        ),
    ],
    ids=lambda value: value.key if isinstance(value, Period) else None,
)
def test_label_key_file_label_and_dates(
    period: Period, label: str, key: str, file_label: str, dates: str
) -> None:
    assert period.label == label
    assert period.key == key
    assert period.file_label == file_label
    assert describe_dates(period) == dates


def test_heading_and_file_name_read_as_intended() -> None:
    q3 = nhs_quarter(2026, 3)
    assert f"{q3.label} — {describe_dates(q3)}" == "2026/27 Q3 — 1 October to 31 December 2026"
    assert f"ICS engagement {q3.file_label} - Committee.xlsx" == (
        "ICS engagement 2026-27 Q3 - Committee.xlsx"
    )


@pytest.fixture
def foreign_time_locale() -> Iterator[None]:
    """A non-English LC_TIME if this machine has one (the test holds either way)."""
    saved = locale.setlocale(locale.LC_TIME)
    for name in ("fr_FR.UTF-8", "de_DE.UTF-8", "fr_FR", "de_DE"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        yield
    finally:
        locale.setlocale(locale.LC_TIME, saved)


@pytest.mark.usefixtures("foreign_time_locale")
def test_month_names_do_not_depend_on_the_locale() -> None:
    labels = [date_range(D(2026, m, 1), D(2026, m, 1)).label for m in range(1, 13)]
    assert labels[0] == "1 January 2026"
    assert labels[7] == "1 August 2026"
    assert labels[11] == "1 December 2026"


# --- parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026/27-Q3",
        "2026/27 Q3",
        "2026/27Q3",
        "2026-27 Q3",
        "FY2026/27 Q3",
        "Q3 2026/27",
        "2026/2027-Q3",
        "fy2026/27-q3",
        "  2026/27 q3  ",
        "Q3 FY2026/27",
    ],
)
def test_every_nhs_quarter_spelling(text: str) -> None:
    assert parse_period(text) == nhs_quarter(2026, 3)


@pytest.mark.parametrize("text", ["2026/27", "2026-27", "FY2026/27", "fy 2026/27", "2026/2027"])
def test_every_nhs_year_spelling(text: str) -> None:
    assert parse_period(text) == nhs_year(2026)


@pytest.mark.parametrize("text", ["2026-Q4", "2026 Q4", "Q4 2026", "2026q4", " q4 2026 "])
def test_every_calendar_quarter_spelling(text: str) -> None:
    assert parse_period(text) == calendar_quarter(2026, 4)


@pytest.mark.parametrize("text", ["2026-10-01..2026-12-31", " 2026-10-01 .. 2026-12-31 "])
def test_range_spelling(text: str) -> None:
    assert parse_period(text) == date_range(D(2026, 10, 1), D(2026, 12, 31))


def test_a_two_digit_second_year_rolls_over_the_century() -> None:
    assert parse_period("2099/00-Q4") == nhs_quarter(2099, 4)
    assert parse_period("2099/00-Q4").end == D(2100, 3, 31)


@pytest.mark.parametrize(
    "period",
    [
        nhs_quarter(2026, 3),
        nhs_quarter(2027, 4),
        calendar_quarter(2026, 4),
        nhs_year(2026),
        date_range(D(2026, 10, 1), D(2026, 12, 31)),
        date_range(D(2026, 5, 9), D(2026, 5, 9)),
    ],
    ids=lambda value: value.key,
)
def test_written_forms_read_back(period: Period) -> None:
    assert parse_period(period.key) == period
    assert parse_period(period.file_label) == period
    if period.kind != "range":
        assert parse_period(period.label) == period


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026/27-Q5",
        "2026/27-Q0",
        "2026-Q5",
        "Q0 2026",
        "2026/28-Q1",
        "2026/28",
        "2026/2028 Q1",
        "banana",
        "2026-12-31..2026-10-01",
        "2026-02-30..2026-03-01",
        "2026-10-01..2026-13-01",
        "2026-10-01..",
        "2026",
        "Q3",
        "0000/01-Q1",
        "0000-Q1",
    ],
)
def test_bad_input_is_a_validation_error_quoting_it(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period(text)
    assert caught.value.field == "period"
    assert text in caught.value.message
    assert caught.value.message.endswith(".")


def test_bad_input_is_quoted_as_typed_without_surrounding_spaces() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period("  Banana ")
    assert caught.value.message.startswith("'Banana' is not a period;")
    assert "2026/27-Q3" in caught.value.message


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_input_is_a_validation_error(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period(text)
    assert caught.value.field == "period"
    assert "2026/27-Q3" in caught.value.message


def test_reversed_date_range_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        date_range(D(2026, 12, 31), D(2026, 10, 1))
    assert caught.value.field == "period"
    assert "2026-12-31..2026-10-01" in caught.value.message


@pytest.mark.parametrize(
    "make",
    [
        lambda: nhs_quarter(2026, 5),
        lambda: nhs_quarter(2026, 0),
        lambda: calendar_quarter(2026, 5),
        lambda: nhs_year(0),
        lambda: nhs_year(9999),
        lambda: calendar_quarter(0, 1),
    ],
)
def test_constructors_reject_impossible_periods(make: Callable[[], Period]) -> None:
    with pytest.raises(ValidationError) as caught:
        make()
    assert caught.value.field == "period"


def test_stepping_past_the_last_representable_year_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        nhs_year(9998).next()
    with pytest.raises(ValidationError):
        date_range(D(9999, 12, 1), D(9999, 12, 31)).next()
    with pytest.raises(ValidationError):
        calendar_quarter(1, 1).previous()


# --- the months beside a label -----------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        (nhs_quarter(2026, 2), "2026/27 Q2 (Jul–Sep 2026)"),
        (nhs_quarter(2026, 4), "2026/27 Q4 (Jan–Mar 2027)"),
        (calendar_quarter(2026, 4), "2026 Q4 (Oct–Dec 2026)"),
        (nhs_year(2026), "2026/27 (Apr 2026–Mar 2027)"),
        (date_range(D(2026, 7, 3), D(2026, 9, 9)), "3 July 2026 to 9 September 2026"),
    ],
)
def test_a_label_says_its_months(period: Period, shown: str) -> None:
    assert label_with_months(period) == shown


def test_months_of_a_range_keep_days_unless_whole_months() -> None:
    assert describe_months(date_range(D(2026, 7, 3), D(2026, 9, 9))) == "3 Jul–9 Sep 2026"
    assert describe_months(date_range(D(2025, 12, 1), D(2026, 1, 31))) == "Dec 2025–Jan 2026"
    assert describe_months(date_range(D(2026, 2, 1), D(2026, 2, 28))) == "Feb 2026"
