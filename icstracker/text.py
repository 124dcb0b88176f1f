"""Text normalisation shared by area look-up, import matching and search."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """A form two spellings of the same name share.

    ``"Bedfordshire, Luton & Milton Keynes"`` and ``"bedfordshire luton and milton keynes"``
    both become ``"bedfordshire luton and milton keynes"``: case, accents, punctuation and
    "&" versus "and" are how people's spreadsheets differ from the official names.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("&", " and ")
    return _NON_WORD.sub(" ", folded).strip()


# A spreadsheet runs a cell starting with these as a formula (OWASP "CSV injection"),
# including after a leading tab or carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(text: str) -> str:
    """Text for a CSV cell that Excel will show, never run: a risky start gets a quote."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def search_fold(text: str) -> str:
    """Lower-cased, accent-free text for the free-text search column."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# English names whatever the locale (strftime's %B follows it): output must read the same
# on every machine.
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """``1 October 2026``: no leading zero, English month name."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
