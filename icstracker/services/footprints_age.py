"""How new the footprints are, and what the window says when they are over a year old.

Its own small module, importing no spreadsheet readers, because the window asks at
start-up: the readers of official files (``reference_update``) load openpyxl.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from icstracker.db.models import ReferenceUpdate
from icstracker.db.reference.eras import SHIPPED_AS_OF
from icstracker.text import MONTH_NAMES

GP_MAPPING_PAGE = (
    "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "patients-registered-at-a-gp-practice"
)


def month_year(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class FootprintsAge:
    """How new the footprints are, and the sentence the window shows about it."""

    dated: dt.date
    source: str | None  # the file applied that dates them; None for the shipped files
    is_old: bool  # more than a year old
    message: str


def footprints_dated(session: Session) -> tuple[dt.date, str | None]:
    """How new the footprints are: the shipped files' newest source, or the newest file
    applied since (and its name). Reads only each kept file's date, not its rows."""
    newest, name = SHIPPED_AS_OF, None
    query = select(ReferenceUpdate.file_name, ReferenceUpdate.payload).order_by(ReferenceUpdate.id)
    for file_name, payload in session.execute(query):
        dated = dt.date.fromisoformat(json.loads(payload)["dated"])
        if dated > newest:
            newest, name = dated, file_name
    return newest, name


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def footprints_age(session: Session, today: dt.date | None = None) -> FootprintsAge:
    """``message`` is for the window (a notice when ``is_old``) and ``reference status``."""
    today = today or dt.date.today()
    dated, source = footprints_dated(session)
    is_old = today > _a_year_after(dated)
    if is_old:
        message = (
            f"Footprints are from {month_year(dated)}, over a year old: download the latest "
            f"GP practice mapping (gp-reg-pat-prac-map.csv) from {GP_MAPPING_PAGE} and run "
            "`icstracker reference update FILE`."
        )
    else:
        origin = source or "the files shipped with ICS Tracker"
        message = f"Footprints are from {month_year(dated)} ({origin})."
    return FootprintsAge(dated, source, is_old, message)
