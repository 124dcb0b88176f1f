"""Reading a date as an English user types it: the one reader for the form, the command
line and the importer.

British users write 14/10/2026 (or 14/10/26, 14.10.2026, 14 Oct 2026); scripts write
2026-10-14; Excel and Outlook exports add a time ("13/02/2026 10:30"). All of these are
read exactly as written: an impossible date ("31/02/2026") is an error that quotes what
was typed, and a month/day date ("02/13/2026") is refused, never swapped. Nothing is
clamped to a range or shifted: whether a date is allowed (not in the future, not before
2000) is a separate rule, ``check_engagement_date``, so every caller gives the same
sentence for the same date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from icstracker.errors import ValidationError
from icstracker.services.local_time import UK
from icstracker.text import MONTH_NAMES

EARLIEST_DATE = dt.date(2000, 1, 1)

_TIME = r"(?:[T ]\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp][Mm])?)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_SLASHED = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})" + _TIME)
_WORDY = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([A-Za-z]{3,9})\.?,?[\s\-]+(\d{4}|\d{2})" + _TIME
)
_MONTHS = {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
HOW_TO_WRITE = "write it as DD/MM/YYYY, YYYY-MM-DD or 3 Nov 2026"


def uk_today() -> dt.date:
    """Today in the UK, whatever the computer's clock zone: the day an LPC logs against."""
    return dt.datetime.now(UK).date()


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _exact(year: int, month: int, day: int, value: str, field: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(field, f"'{value}' is not a date that exists.") from None


def parse_date(text: str, field: str = "date", *, today: dt.date | None = None) -> dt.date:
    """The date ``text`` names, day first; ``ValidationError`` quoting it otherwise."""
    value = " ".join(text.split())
    lowered = value.lower()
    if lowered in ("today", "yesterday"):
        now = today or uk_today()
        return now if lowered == "today" else now - dt.timedelta(days=1)
    if not value:
        raise ValidationError(field, f"No date given; {HOW_TO_WRITE}.")
    iso = _ISO.fullmatch(value)
    if iso:
        return _exact(int(iso[1]), int(iso[2]), int(iso[3]), value, field)
    slashed = _SLASHED.fullmatch(value)
    if slashed:
        day, month, year = int(slashed[1]), int(slashed[2]), _year(slashed[3])
        if month > 12 and day <= 12:
            raise ValidationError(
                field,
                f"'{value}' is not a day/month/year date (it reads as month/day/year, which "
                "is never guessed); write it as DD/MM/YYYY.",
            )
        return _exact(year, month, day, value, field)
    wordy = _WORDY.fullmatch(value)
    if wordy:
        month_number = _MONTHS.get(wordy[2][:3].lower())
        if month_number is not None and (
            len(wordy[2]) == 3 or MONTH_NAMES[month_number - 1].lower().startswith(wordy[2].lower())
        ):
            return _exact(_year(wordy[3]), month_number, int(wordy[1]), value, field)
    raise ValidationError(field, f"'{value}' is not a date; {HOW_TO_WRITE}.")


@functools.lru_cache(maxsize=4096)  # the importer asks it of every row's date
def slashed_order(text: str) -> str:
    """How a date written with separators reads: "month-first", "day-first", "ambiguous"
    or "".

    "02/13/2026" can only be month/day (there is no month 13) and "13/02/2026" only
    day/month; "02/03/2026" could be either (2 March or 3 February); "" for anything else
    (2026-02-13, 3 Nov 2026, 03/03/2026). The importer uses it to refuse a column's
    ambiguous dates once the column has shown it is written month/day.
    """
    slashed = _SLASHED.fullmatch(" ".join(text.split()))
    if slashed is None:
        return ""
    day, month = int(slashed[1]), int(slashed[2])
    if month > 12 and 1 <= day <= 12:
        return "month-first"
    if day > 12 and 1 <= month <= 12:
        return "day-first"
    if 1 <= day <= 12 and 1 <= month <= 12 and day != month:
        return "ambiguous"
    return ""


def check_engagement_date(day: dt.date, today: dt.date, field: str = "date") -> None:
    """An engagement is logged once it has happened, and no LPC log predates 2000."""
    if day > today:
        raise ValidationError(
            field,
            f"{day:%d/%m/%Y} is in the future; log an engagement once it has happened "
            "(plan future ones as follow-up actions).",
        )
    if day < EARLIEST_DATE:
        raise ValidationError(field, f"{day:%d/%m/%Y} is before 2000; check the year.")
