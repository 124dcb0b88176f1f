"""Text normalisation shared by area look-up, import matching and search."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=4096)
def normalise_name(text: str) -> str:
    """A form two spellings of the same name share.

    ``"Bedfordshire, Luton & Milton Keynes"`` and ``"bedfordshire luton and milton keynes"``
    both become ``"bedfordshire luton and milton keynes"``: case, accents, punctuation and
    "&" versus "and" are how people's spreadsheets differ from the official names.
    Remembered: an import asks it of the same few hundred area names on every row.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("&", " and ")
    return _NON_WORD.sub(" ", folded).strip()


# A spreadsheet runs a cell starting with these as a formula (OWASP "CSV injection"),
# including after a leading tab or carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(text: str) -> str:
    """Text for a CSV cell that Excel will show, never run: a risky start gets a quote, and
    control characters are shown as "?" (see ``printable``)."""
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


# Characters a terminal or a spreadsheet acts on instead of showing: C0 controls other than
# tab and line breaks (NUL, BEL, ESC…), DEL and the C1 controls (0x9b starts an escape
# sequence on some terminals as ESC [ does).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_name(character: str) -> str:
    """``U+001B`` for ESC: how a message names a character that cannot be shown."""
    return f"U+{ord(character):04X}"


def printable(text: str) -> str:
    """``text`` with every control character shown as "?" (tabs and line breaks kept).

    For output to a terminal or a CSV file: a stored ESC written raw would let a cell
    recolour, move or rewrite the screen of whoever lists it."""
    return CONTROL_CHARACTERS.sub("?", text) if CONTROL_CHARACTERS.search(text) else text


def search_fold(text: str) -> str:
    """Lower-cased, accent-free text for the free-text search column."""
    if text.isascii():  # most text: decomposing it changes nothing
        return text.lower()
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
