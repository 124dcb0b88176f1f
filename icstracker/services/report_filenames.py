"""File names a user would keep, and that every operating system accepts.

The default is ``ICS engagement 2026-27 Q3 - Community Pharmacy Devon.xlsx``: it sorts by
period in a folder, says whose report it is, and contains none of the characters
Windows refuses (a committee called "Beds/Herts" must not make the save fail). A report
cut by filters says so in its name (``ICS engagement 2026-27 Q3 - place, Exeter -
Community Pharmacy Devon.xlsx``), so it is never filed as, or overwrites, the whole quarter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from sqlalchemy.orm import Session

from icstracker.db.models import Area
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import Period
from icstracker.vocabulary import EngagementKind

_FORBIDDEN: Final = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
MAX_FILTERS: Final = 60  # the filters' part of a name; the committee must still fit
MAX_STEM: Final = 150  # well inside Windows' 260-character path limit for most folders
EXTENSION: Final = ".xlsx"


def safe_file_name(name: str) -> str:
    """``name`` with forbidden characters replaced, trimmed the way Windows needs."""
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    stem = " ".join(_FORBIDDEN.sub("-", stem).split())[:MAX_STEM].rstrip(". ")
    extension = _FORBIDDEN.sub("", extension)
    if not stem:
        stem = "report"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    return f"{stem}{dot}{extension}" if extension else stem


def period_in_file_name(period: Period) -> str:
    """``2026-27 Q3``, ``2026 Q4``, ``2026-27`` or ``2026-10-01 to 2026-12-31``."""
    if period.kind == "range":
        return f"{period.start.isoformat()} to {period.end.isoformat()}"
    return period.file_label


def filters_in_file_name(criteria: EngagementFilter, area_name: str | None = None) -> str:
    """``place, Exeter, meeting, Pharmacy First, matching referral``, or ``""`` unfiltered.

    The level, footprint (``area_name``, the name of ``criteria.area_id``), kinds, topics
    and search words, in that order; the period and committee are named elsewhere in the
    file name. Long combinations are cut at a word, with an ellipsis.
    """
    parts: list[str] = []
    if criteria.level:
        parts.append(criteria.level)
    if criteria.area_id is not None:
        parts.append(area_name or "one footprint")
    parts.extend(EngagementKind.words_of(kind) for kind in criteria.kinds)
    parts.extend(criteria.topics)
    if words := " ".join(criteria.text.split()):
        parts.append(f"matching {words}")
    text = ", ".join(parts)
    if len(text) > MAX_FILTERS:
        text = text[: MAX_FILTERS - 1].rsplit(" ", 1)[0].rstrip(",") + "…"
    return text


def default_report_name(period: Period, committee: str, filters: str = "") -> str:
    """The name a save dialog proposes; ``filters`` from ``filters_in_file_name``."""
    middle = f" - {filters}" if filters else ""
    return safe_file_name(
        f"ICS engagement {period_in_file_name(period)}{middle} - {committee}{EXTENSION}"
    )


def report_name_for(
    session: Session, period: Period, committee: str, criteria: EngagementFilter
) -> str:
    """``default_report_name`` for a report cut by ``criteria``, naming its footprint."""
    area = session.get(Area, criteria.area_id) if criteria.area_id is not None else None
    filters = filters_in_file_name(criteria, area.short_name if area else None)
    return default_report_name(period, committee, filters)


def with_extension(path: Path) -> Path:
    """The path with ``.xlsx`` added if it has no such suffix (Excel will not open it else)."""
    return path if path.suffix.lower() == EXTENSION else path.with_name(path.name + EXTENSION)
