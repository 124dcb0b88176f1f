"""Times as people in England read them: Europe/London, with summer time.

The database keeps every moment in UTC (``db.types.UTCDateTime``) so that machines in any
zone agree; what a user sees is UK wall-clock time, because a meeting logged at 14:30 in
July must not read "13:30". Windows has no system time-zone database, hence the pinned
``tzdata`` dependency there.
"""

from __future__ import annotations

import datetime as dt
from typing import Final
from zoneinfo import ZoneInfo

UK: Final = ZoneInfo("Europe/London")


def uk_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UK time; a naive value is taken to be UTC, as the database stores."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(UK)


def format_uk(moment: dt.datetime) -> str:
    """``01/07/2026 14:30``: the day-first form the rest of the window uses."""
    return f"{uk_time(moment):%d/%m/%Y %H:%M}"
