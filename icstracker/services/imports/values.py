"""Turning one cell into a date, a kind of engagement, a level or a list of names.

Dates are where old spreadsheets go wrong. British logs write 13/02/2026; a sheet that
passed through a US-locale Excel may hold 02/13/2026. A date is never guessed: a
day/month/year reading that fails is an error naming the row, not a silent swap of day
and month. Real date cells and Excel serial numbers are taken as they are; text goes
through ``services.dates.parse_date``, the reader the form and the command line use.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from icstracker.db.models import RATINGS
from icstracker.errors import ValidationError
from icstracker.services.dates import parse_date
from icstracker.services.imports.reading import Cell
from icstracker.text import normalise_name
from icstracker.vocabulary import ENGAGEMENT_KINDS, EngagementKind

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers from 1 January 2000 to 31 December 2099: anything else in a date
# column is a plain number typed by mistake, not a date.
_SERIALS = range(36526, 73051)
_NAME_BREAKS = re.compile(r"[;\n\r]")
_TOPIC_BREAKS = re.compile(r"[;\n\r]|,")
_ACTION_BREAKS = re.compile(r"[;\n\r]")
# A list marker at the start of an action: "- ", "• ", "* ", "1. ", "2) ", "a) ".
_BULLET = re.compile(r"^\s*(?:[-–—•*·]+|\(?\d{1,2}[.)]|\(?[a-z][)])\s+")

KIND_SYNONYMS: dict[str, str] = {
    "meeting": "meeting",
    "mtg": "meeting",
    "face to face": "meeting",
    "in person": "meeting",
    "teams meeting": "meeting",
    "virtual meeting": "meeting",
    "board meeting": "meeting",
    "teams": "meeting",
    "ms teams": "meeting",
    "zoom": "meeting",
    "virtual": "meeting",
    "online": "meeting",
    "f2f": "meeting",
    "visit": "meeting",
    "site visit": "meeting",
    "call": "call",
    "phone": "call",
    "phone call": "call",
    "telephone": "call",
    "telephone call": "call",
    "tel": "call",
    "teams call": "call",
    "video call": "call",
    "email": "email",
    "e mail": "email",
    "emails": "email",
    "letter": "written_submission",
    "written submission": "written_submission",
    "written response": "written_submission",
    "consultation response": "written_submission",
    "submission": "written_submission",
    "event": "event",
    "workshop": "event",
    "conference": "event",
    "webinar": "event",
    "other": "other",
}
LEVEL_SYNONYMS: dict[str, str] = {
    "system": "system",
    "ics": "system",
    "icb": "system",
    "stp": "system",
    "place": "place",
    "borough": "place",
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "pcn": "neighbourhood",
}


def cell_text(cell: Cell) -> str:
    """What the user sees in a non-date cell: ``3.0`` read back as ``3``, spaces squeezed."""
    if type(cell) is str:
        return cell.strip()  # most cells, asked first: an import reads every cell
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _serial(number: float, shown: str) -> dt.date:
    if int(number) not in _SERIALS:
        raise ValidationError("date", f"{shown} is a number, not a date.")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_cell_date(cell: Cell) -> dt.date:
    """The date a cell holds; ``ValidationError`` with a reason that quotes the cell."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, bool) or cell is None:
        raise ValidationError("date", "no date given.")
    if isinstance(cell, int | float):
        return _serial(float(cell), cell_text(cell))
    text = " ".join(str(cell).split())
    if not text:
        raise ValidationError("date", "no date given.")
    if text.isdigit():
        return _serial(float(text), text)
    if text.lower() in ("today", "yesterday"):
        return parse_date(text)  # the one reading that changes from day to day
    return _written_date(text)


@functools.lru_cache(maxsize=4096)
def _written_date(text: str) -> dt.date:
    """``parse_date`` remembered: a log writes each of its few hundred dates on many rows.
    A refusal is not remembered, so each refused row gets its own error."""
    return parse_date(text)


@functools.lru_cache(maxsize=256)
def parse_kind(text: str) -> str:
    """The kind a cell names; remembered, as a log spells its few kinds on every row."""
    key = normalise_name(text)
    kind = KIND_SYNONYMS.get(key) or (key.replace(" ", "_") if key else "")
    if kind not in ENGAGEMENT_KINDS:
        allowed = EngagementKind.listed()
        raise ValidationError(
            "kind", f"'{text}' is not a kind of engagement; use one of {allowed}."
        )
    return kind


@functools.lru_cache(maxsize=256)
def parse_level(text: str) -> str:
    """The planning level a cell names; remembered like ``parse_kind``."""
    key = normalise_name(text).removesuffix(" level")
    level = LEVEL_SYNONYMS.get(key)
    if level is None:
        raise ValidationError(
            "level", f"'{text}' is not a planning level; use system, place or neighbourhood."
        )
    return level


def parse_rating(text: str) -> str:
    key = text.strip().lower()
    for rating in RATINGS:
        if key in (rating, rating[0]):
            return rating
    raise ValidationError("rating", f"'{text}' is not a rating; use red, amber or green.")


def split_names(text: str, *, commas: bool = False) -> tuple[str, ...]:
    """Names separated by ``;`` or line breaks (and commas, for topics)."""
    if not text:
        return ()
    pattern = _TOPIC_BREAKS if commas else _NAME_BREAKS
    return tuple(part.strip() for part in pattern.split(text) if part.strip())


@functools.lru_cache(maxsize=4096)
def split_people(text: str) -> tuple[str, ...]:
    """People named in one cell: ``;``- or line-separated, or comma-separated full names.

    "Jane Smith, Bob Jones" is two people; "Smith, John" is one person written surname
    first, so a comma splits only when every part has at least two words. Remembered: a
    log names the same people on many rows.
    """
    names: list[str] = []
    for part in split_names(text):
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            names.extend(pieces)
        else:
            names.append(part)
    return tuple(names)


def split_actions(text: str) -> tuple[str, ...]:
    """Follow-up actions in one cell: one per line or ``;`` item, list markers dropped."""
    if not text:
        return ()
    found = (_BULLET.sub("", part).strip() for part in _ACTION_BREAKS.split(text))
    return tuple(" ".join(action.split()) for action in found if action)
