"""File names a user would keep, and that every operating system accepts.

The default is ``ICS engagement 2026-27 Q3 - Community Pharmacy Devon.xlsx``: it sorts by
period in a folder, says whose report it is, and contains none of the characters
Windows refuses (a committee called "Beds/Herts" must not make the save fail).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from icstracker.services.periods import Period

_FORBIDDEN: Final = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
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


def default_report_name(period: Period, committee: str) -> str:
    return safe_file_name(f"ICS engagement {period_in_file_name(period)} - {committee}{EXTENSION}")


def with_extension(path: Path) -> Path:
    """The path with ``.xlsx`` added if it has no such suffix (Excel will not open it else)."""
    return path if path.suffix.lower() == EXTENSION else path.with_name(path.name + EXTENSION)
