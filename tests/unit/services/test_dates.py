"""The one date reader: exactly the date typed, or a refusal that quotes it; never another."""

from __future__ import annotations

import datetime as dt

import pytest

from icstracker.errors import ValidationError
from icstracker.services.dates import (
    check_engagement_date,
    parse_date,
    slashed_order,
    uk_today,
)

TODAY = dt.date(2026, 11, 12)

# Typed text and the one date it must give.
EXACT = [
    ("12/11/2026", dt.date(2026, 11, 12)),
    ("28/10/2026", dt.date(2026, 10, 28)),
    ("01/01/2026", dt.date(2026, 1, 1)),
    ("31/12/2025", dt.date(2025, 12, 31)),
    ("29/02/2024", dt.date(2024, 2, 29)),
    ("29/02/2000", dt.date(2000, 2, 29)),
    ("30/04/2026", dt.date(2026, 4, 30)),
    ("31/03/2026", dt.date(2026, 3, 31)),
    ("1/4/2026", dt.date(2026, 4, 1)),
    ("03/02/2026", dt.date(2026, 2, 3)),
    ("3.2.2026", dt.date(2026, 2, 3)),
    ("13/02/26", dt.date(2026, 2, 13)),
    ("2026-02-13", dt.date(2026, 2, 13)),
    ("13/02/2026 10:30", dt.date(2026, 2, 13)),
    ("13/02/2026 09:05:00", dt.date(2026, 2, 13)),
    ("2026-02-13T23:59:59", dt.date(2026, 2, 13)),
    ("3 Nov 2025", dt.date(2025, 11, 3)),
    ("3rd November 2025", dt.date(2025, 11, 3)),
    ("  12/11/2026 ", dt.date(2026, 11, 12)),
    ("today", TODAY),
    ("Yesterday", TODAY - dt.timedelta(days=1)),
]


@pytest.mark.parametrize(("typed", "expected"), EXACT)
def test_a_date_is_exactly_what_was_typed(typed: str, expected: dt.date) -> None:
    assert parse_date(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/04/2026", "'31/04/2026' is not a date that exists."),
        ("29/02/2026", "'29/02/2026' is not a date that exists."),
        ("29/02/2100", "'29/02/2100' is not a date that exists."),
        ("32/01/2026", "'32/01/2026' is not a date that exists."),
        ("00/01/2026", "'00/01/2026' is not a date that exists."),
        ("02/13/2026", "'02/13/2026' is not a day/month/year date"),
        ("12/11", "'12/11' is not a date"),
        ("next Tuesday", "'next Tuesday' is not a date"),
        ("", "No date given"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused(typed: str, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_date(typed, today=TODAY)
    assert error.value.field == "date"
    assert error.value.message.startswith(reason)


def test_future_and_ancient_dates_are_refused_not_clamped() -> None:
    check_engagement_date(TODAY, TODAY)
    with pytest.raises(ValidationError, match="13/11/2026 is in the future"):
        check_engagement_date(TODAY + dt.timedelta(days=1), TODAY)
    with pytest.raises(ValidationError, match="31/12/1999 is before 2000"):
        check_engagement_date(dt.date(1999, 12, 31), TODAY)


def test_today_is_the_uk_day() -> None:
    # Never more than a day from the machine's own date, whatever zone it is set to.
    assert abs((uk_today() - dt.date.today()).days) <= 1


@pytest.mark.parametrize(
    ("typed", "order"),
    [
        ("02/13/2026", "month-first"),
        ("13/02/2026", "day-first"),
        ("02/03/2026", "ambiguous"),
        ("2.3.26", "ambiguous"),
        ("03/03/2026", ""),
        ("2026-02-03", ""),
        ("3 Feb 2026", ""),
        ("13/13/2026", ""),
    ],
)
def test_the_order_a_slashed_date_proves(typed: str, order: str) -> None:
    """What the importer uses to tell a month/day column from a British one."""
    assert slashed_order(typed) == order
