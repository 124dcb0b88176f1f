"""Reporting periods: the one place they are parsed, computed and written out.

An LPC reports to the NHS by financial-year quarter (April to March), its members often
think in calendar quarters, and a committee sometimes wants an arbitrary range. If the
window, the command line and the spreadsheet report each did their own date arithmetic,
"2026/27 Q4" would sooner or later mean two different things, or a report's file name
would disagree with the dates inside it. Everything about periods therefore lives here:
what a period is, which quarter a date falls in, the period before or after, and the
human label, machine key and file-name form of each.

The NHS financial year 2026/27 runs from 1 April 2026 to 31 March 2027; its Q1 is April
to June, Q2 July to September, Q3 October to December and Q4 January to March 2027.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal, get_args

from icstracker.errors import ValidationError
from icstracker.text import MONTH_NAMES
from icstracker.text import long_date as format_date

PeriodKind = Literal["nhs_quarter", "calendar_quarter", "nhs_year", "range"]
PERIOD_KINDS: Final[tuple[str, ...]] = get_args(PeriodKind)

FIELD: Final = "period"
ACCEPTED_FORMS: Final = "a quarter such as 2026/27-Q3, 2026-Q4 or a range 2026-10-01..2026-12-31"


@dataclass(frozen=True)
class Period:
    """A span of whole days, ``start`` to ``end`` inclusive, and how to name it."""

    start: dt.date
    end: dt.date
    label: str
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def contains(self, d: dt.date) -> bool:
        return self.start <= d <= self.end

    @property
    def days(self) -> int:
        """How many days the period covers, counting both ends."""
        return (self.end - self.start).days + 1

    @property
    def key(self) -> str:
        """The canonical machine form, e.g. ``2026/27-Q3``; ``parse_period`` reads it back."""
        if self.kind == "nhs_quarter":
            year_start, quarter = _nhs_year_and_quarter(self.start)
            return f"{_financial_year(year_start)}-Q{quarter}"
        if self.kind == "calendar_quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "nhs_year":
            return _financial_year(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def file_label(self) -> str:
        """The key made safe for a file name, e.g. ``2026-27 Q3``."""
        return self.key.replace("/", "-").replace("-Q", " Q")

    def previous(self) -> Period:
        """The period of the same kind (and, for a range, length) just before this one."""
        if self.kind == "range":
            return date_range(_shift(self.start, -self.days), _shift(self.start, -1))
        return _CONTAINING[self.kind](_shift(self.start, -1))

    def next(self) -> Period:
        """The period of the same kind (and, for a range, length) just after this one."""
        if self.kind == "range":
            return date_range(_shift(self.end, 1), _shift(self.end, self.days))
        return _CONTAINING[self.kind](_shift(self.end, 1))


# --- building periods ----------------------------------------------------------------


def nhs_quarter(year_start: int, quarter: int) -> Period:
    """Quarter 1-4 of the financial year starting 1 April ``year_start``."""
    label = f"{_financial_year(year_start)} Q{quarter}"
    _check_quarter(quarter, label)
    _check_nhs_year(year_start)
    first_month = 4 + 3 * (quarter - 1)  # 4, 7, 10 or 13 (January of the next year)
    start = dt.date(year_start + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    return Period(start, _quarter_end(start), label, "nhs_quarter")


def nhs_quarter_containing(d: dt.date) -> Period:
    return nhs_quarter(*_nhs_year_and_quarter(d))


def calendar_quarter(year: int, quarter: int) -> Period:
    """Quarter 1-4 of the calendar year: January-March is Q1."""
    label = f"{year} Q{quarter}"
    _check_quarter(quarter, label)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValidationError(FIELD, f"The year {year} is outside the dates this program handles.")
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    return Period(start, _quarter_end(start), label, "calendar_quarter")


def calendar_quarter_containing(d: dt.date) -> Period:
    return calendar_quarter(d.year, (d.month - 1) // 3 + 1)


def nhs_year(year_start: int) -> Period:
    """The financial year from 1 April ``year_start`` to 31 March the year after."""
    _check_nhs_year(year_start)
    return Period(
        dt.date(year_start, 4, 1),
        dt.date(year_start + 1, 3, 31),
        _financial_year(year_start),
        "nhs_year",
    )


def nhs_year_containing(d: dt.date) -> Period:
    return nhs_year(_nhs_year_and_quarter(d)[0])


def date_range(start: dt.date, end: dt.date) -> Period:
    """Any span of days, ``end`` included; an error if it ends before it starts."""
    if end < start:
        raise ValidationError(
            FIELD,
            f"The period {start.isoformat()}..{end.isoformat()} ends before it starts; "
            "give the earlier date first, as in 2026-10-01..2026-12-31.",
        )
    return Period(start, end, _describe(start, end, year_once=False), "range")


# --- writing periods out -------------------------------------------------------------


def describe_dates(period: Period) -> str:
    """The dates in words, the year written once if both ends share it.

    ``1 October to 31 December 2026``, or ``1 January 2026 to 31 March 2027``; shown after
    the label, as in "2026/27 Q3 — 1 October to 31 December 2026".
    """
    return _describe(period.start, period.end, year_once=True)


def describe_months(period: Period) -> str:
    """The months a period covers, short: ``Jul–Sep 2026``, ``Apr 2026–Mar 2027``.

    "2026/27 Q2" alone leaves the reader to work out which months the NHS means; every
    place that names a period to a person shows these beside it. A range that does not
    start and end on month boundaries is written with its days: ``3 Jul–9 Sep 2026``.
    """
    start, end = period.start, period.end
    whole_months = start.day == 1 and end == _month_end(end)
    first = _short_month(start) if whole_months else f"{start.day} {_short_month(start)}"
    last = _short_month(end) if whole_months else f"{end.day} {_short_month(end)}"
    if (whole_months and start.year == end.year and start.month == end.month) or start == end:
        return f"{last} {end.year}"
    if start.year == end.year:
        return f"{first}–{last} {end.year}"
    return f"{first} {start.year}–{last} {end.year}"


def label_with_months(period: Period) -> str:
    """``2026/27 Q2 (Jul–Sep 2026)``; a range's label is already its dates."""
    if period.kind == "range":
        return period.label
    return f"{period.label} ({describe_months(period)})"


def _short_month(day: dt.date) -> str:
    return MONTH_NAMES[day.month - 1][:3]


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _describe(start: dt.date, end: dt.date, *, year_once: bool) -> str:
    if start == end:
        return format_date(start)
    if year_once and start.year == end.year:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} to {format_date(end)}"
    return f"{format_date(start)} to {format_date(end)}"


# --- reading periods -----------------------------------------------------------------

_FY = r"(?:fy\s*)?(?P<first>[0-9]{4})\s*[/-]\s*(?P<second>[0-9]{4}|[0-9]{2})"
_Q = r"q\s*(?P<quarter>[0-9]+)"
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_YEAR_OUT_OF_RANGE: Final = "its year is out of range; use a year such as 2026."

_RANGE = re.compile(rf"(?P<start>{_ISO_DATE})\s*\.\.\s*(?P<end>{_ISO_DATE})")
_NHS_QUARTER = (
    re.compile(rf"{_FY}\s*-?\s*{_Q}"),  # 2026/27-Q3, 2026/27 Q3, 2026/27Q3, FY2026/27 Q3
    re.compile(rf"{_Q}\s*-?\s*{_FY}"),  # Q3 2026/27
)
_NHS_YEAR = re.compile(_FY)  # 2026/27, 2026-27, FY2026/27
_CALENDAR_QUARTER = (
    re.compile(rf"(?P<year>[0-9]{{4}})\s*-?\s*{_Q}"),  # 2026-Q4, 2026 Q4
    re.compile(rf"{_Q}\s*-?\s*(?P<year>[0-9]{{4}})"),  # Q4 2026
)


def parse_period(text: str) -> Period:
    """Read a period as a user or script writes it.

    Accepts, in any case: ``2026/27-Q3`` (also ``2026/27 Q3``, ``2026-27 Q3``,
    ``FY2026/27 Q3``, ``Q3 2026/27``), the financial year ``2026/27``, the calendar quarter
    ``2026-Q4`` (also ``2026 Q4``, ``Q4 2026``) and the range ``2026-10-01..2026-12-31``.
    Every key, label and file label this module writes reads back to the same period.
    """
    shown = text.strip()
    value = shown.lower()
    if not value:
        raise ValidationError(FIELD, f"No period was given; use {ACCEPTED_FORMS}.")

    if match := _RANGE.fullmatch(value):
        start = _parse_iso(match["start"], shown)
        end = _parse_iso(match["end"], shown)
        if end < start:
            raise ValidationError(
                FIELD,
                f"'{shown}' is not a period: it ends before it starts; "
                "give the earlier date first, as in 2026-10-01..2026-12-31.",
            )
        return date_range(start, end)

    for pattern in _NHS_QUARTER:
        if match := pattern.fullmatch(value):
            year_start = _year_start(match, shown)
            return nhs_quarter(year_start, _quarter(match, shown))

    if match := _NHS_YEAR.fullmatch(value):
        return nhs_year(_year_start(match, shown))

    for pattern in _CALENDAR_QUARTER:
        if match := pattern.fullmatch(value):
            quarter = _quarter(match, shown)
            year = int(match["year"])
            if year < dt.MINYEAR:
                raise ValidationError(FIELD, f"'{shown}' is not a period; {_YEAR_OUT_OF_RANGE}")
            return calendar_quarter(year, quarter)

    raise ValidationError(FIELD, f"'{shown}' is not a period; use {ACCEPTED_FORMS}.")


def _parse_iso(part: str, shown: str) -> dt.date:
    year, month, day = (int(piece) for piece in part.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            FIELD,
            f"'{shown}' is not a period: {part} is not a date that exists "
            "(write a range as 2026-10-01..2026-12-31).",
        ) from None


def _quarter(match: re.Match[str], shown: str) -> int:
    quarter = int(match["quarter"])
    if not 1 <= quarter <= 4:
        raise ValidationError(
            FIELD,
            f"'{shown}' is not a period; a quarter is Q1 to Q4, as in 2026/27-Q3 or 2026-Q4.",
        )
    return quarter


def _year_start(match: re.Match[str], shown: str) -> int:
    """The first year of ``2026/27`` or ``2026/2027``, checking the second follows it."""
    first = int(match["first"])
    second = match["second"]
    expected = first + 1
    follows = int(second) == (expected % 100 if len(second) == 2 else expected)
    if not follows:
        raise ValidationError(
            FIELD,
            f"'{shown}' is not a period; a financial year runs into the next year, "
            f"as in {first}/{expected % 100:02d}.",
        )
    if not dt.MINYEAR <= first < dt.MAXYEAR:
        raise ValidationError(FIELD, f"'{shown}' is not a period; {_YEAR_OUT_OF_RANGE}")
    return first


# --- arithmetic ----------------------------------------------------------------------


def _financial_year(year_start: int) -> str:
    """``2026/27`` for the year starting April 2026."""
    return f"{year_start}/{(year_start + 1) % 100:02d}"


def _nhs_year_and_quarter(d: dt.date) -> tuple[int, int]:
    """The financial year (by its first year) and quarter 1-4 a date falls in."""
    year_start = d.year if d.month >= 4 else d.year - 1
    return year_start, (d.month - 4) % 12 // 3 + 1


def _quarter_end(start: dt.date) -> dt.date:
    """The last day of the quarter beginning on ``start``.

    No quarter, NHS or calendar, crosses a year end, so it ends in month ``start.month + 2``
    of the same year (29 February included in a leap year).
    """
    last_month = start.month + 2
    return dt.date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])


def _shift(d: dt.date, days: int) -> dt.date:
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        raise ValidationError(
            FIELD,
            f"There is no period next to {d.isoformat()}; "
            "this program handles dates from the year 1 to 9999.",
        ) from None


def _check_quarter(quarter: int, shown: str) -> None:
    if not 1 <= quarter <= 4:
        raise ValidationError(
            FIELD, f"'{shown}' is not a period; a quarter is Q1 to Q4, as in 2026/27-Q3."
        )


def _check_nhs_year(year_start: int) -> None:
    if not dt.MINYEAR <= year_start < dt.MAXYEAR:
        raise ValidationError(
            FIELD,
            f"The financial year starting in {year_start} is outside the dates this "
            "program handles.",
        )


_CONTAINING: Final = {
    "nhs_quarter": nhs_quarter_containing,
    "calendar_quarter": calendar_quarter_containing,
    "nhs_year": nhs_year_containing,
}


def same_kind_containing(period: Period, day: dt.date) -> Period | None:
    """The quarter (or year) of ``period``'s kind that holds ``day``; None for a range.

    Moving to the quarter of an engagement outside the one shown keeps the user's way of
    looking (NHS quarters, say) rather than jumping to all dates.
    """
    if period.kind == "range":
        return None
    return _CONTAINING[period.kind](day)
