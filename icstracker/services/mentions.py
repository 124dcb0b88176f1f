"""Where free text names a person: the one reading subject access and erasure share.

A person is named in text by their full name, in any case and with any spacing between
its words ("zoë  ní bhriain"), as a whole: "Sam Others" does not name "Sam Other". That
is what erasure may replace with a machine. A part of the name on its own ("Dr Bhriain",
"Zoë") may or may not be them: only a person can tell, so such text is listed, never
rewritten. SQL finds the candidate rows (by the name's longest word, with the ``lower()``
both backends fold every alphabet with) and Python decides, so both backends agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.orm import InstrumentedAttribute

# Parts shorter than this are initials or titles ("Dr", "A"), not a way of naming someone.
MIN_PART = 4


@dataclass(frozen=True)
class NameInText:
    name: str
    full: re.Pattern[str]
    parts: re.Pattern[str] | None  # a capitalised part of the name on its own

    def names(self, text: str | None) -> bool:
        return bool(text) and self.full.search(text or "") is not None

    def may_name(self, text: str | None) -> bool:
        """The full name, or a part of it as written in the name (a surname, usually)."""
        if not text:
            return False
        return self.names(text) or (self.parts is not None and self.parts.search(text) is not None)

    def replace(self, text: str, placeholder: str) -> str:
        return self.full.sub(placeholder, text)

    def candidates(
        self, column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]
    ) -> ColumnElement[bool]:
        """A SQL condition true for every row whose ``column`` may hold the full name."""
        return func.lower(column).contains(self.longest.lower(), autoescape=True)

    def part_candidates(
        self, column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]
    ) -> ColumnElement[bool]:
        """A SQL condition true for every row whose ``column`` may hold a part of the name."""
        words = [w for w in self.name.split() if len(w) >= MIN_PART] or [self.longest]
        return or_(*(func.lower(column).contains(w.lower(), autoescape=True) for w in words))

    @property
    def longest(self) -> str:
        return max(self.name.split(), key=len)


def name_in_text(name: str) -> NameInText:
    words = name.split()
    full = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    parts = [w for w in words if len(w) >= MIN_PART and w[:1].isupper()]
    part_pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in parts) + r")(?!\w)")
        if len(words) > 1 and parts
        else None
    )
    return NameInText(" ".join(words), re.compile(full, re.IGNORECASE), part_pattern)
