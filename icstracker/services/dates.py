"""Reading a date as an English user types it.

British users write 14/10/2026; scripts write 2026-10-14. Both are accepted, and an
impossible date ("31/02/2026") is an error that quotes what was typed.
"""

from __future__ import annotations

import datetime as dt
import re

from icstracker.errors import ValidationError

_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str, field: str = "date", *, today: dt.date | None = None) -> dt.date:
    value = text.strip()
    lowered = value.lower()
    today = today or dt.date.today()
    if lowered == "today":
        return today
    if lowered == "yesterday":
        return today - dt.timedelta(days=1)
    iso = _ISO.fullmatch(value)
    dmy = _DMY.fullmatch(value)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        raise ValidationError(field, f"'{value}' is not a date that exists.") from None
    raise ValidationError(field, f"'{value}' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY.")
