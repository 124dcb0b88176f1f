"""The person's decisions about areas the importer could not place, and remembering them.

A row whose area text names nothing ("Healthier Lancs and S Cumbria") is refused with the
closest area as a suggestion, never guessed. The person can accept it for that row, for
every row with the same text, or every suggestion above a score; each row then takes the
footprint of its own date (a 2021 row the STP of 2021). A text settled for every row is
remembered as the committee's alias when the import is written, so the next import of the
same file reads it the same way and finds its rows already logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from icstracker.errors import ValidationError
from icstracker.services.area_resolver import AreaMatch, AreaRefusal, AreaResolver
from icstracker.services.committee_aliases import save_alias
from icstracker.text import normalise_name

CHOSEN = "your choice"  # for every row with the text: remembered
CHOSEN_FOR_ROW = "your choice for this row"  # one row only: not remembered
ACCEPTED = "suggestion accepted"  # a suggestion scoring at least the chosen minimum
REMEMBERED_METHODS = (CHOSEN, ACCEPTED)


@dataclass(frozen=True)
class AreaSuggestion:
    """One area text the importer could not place, with the closest area to accept.

    ``code`` and ``label`` are the suggestion for the first of ``rows``, of that row's date;
    each row's own (of its own date) is ``PlannedRow.suggestion``."""

    text: str
    rows: tuple[int, ...]
    code: str
    label: str
    score: float


class AreaChoices:
    """The options' decisions, ready for each row: by row, by text, or by score."""

    def __init__(
        self,
        by_text: Mapping[str, str],
        by_row: Mapping[int, str],
        accept_from: float | None,
    ) -> None:
        self.by_text = {normalise_name(text): code.strip() for text, code in by_text.items()}
        self.by_row = {row: code.strip() for row, code in by_row.items()}
        self.accept_from = accept_from
        if accept_from is not None and not 0 <= accept_from <= 100:
            raise ValidationError(
                "accept_suggestions", "A minimum score for suggestions is from 0 to 100."
            )

    def check(self, resolver: AreaResolver, today: dt.date, rows: range) -> None:
        """Every chosen code names an area and every chosen row is a row of the sheet, so a
        typo fails at once and not on each row."""
        for row in self.by_row:
            if row not in rows:
                raise ValidationError(
                    "alias", f"Row {row} is not a row of the sheet under its header."
                )
        chosen = [(f"'{text}'", code) for text, code in self.by_text.items()]
        chosen += [(f"row {row}", code) for row, code in self.by_row.items()]
        for what, code in chosen:
            if resolver.carrying_code(code):
                continue
            try:
                resolver.match(code, today, fuzzy=False)
            except AreaRefusal as refusal:
                raise ValidationError(
                    "alias", f"The area chosen for {what} cannot be used: {refusal.message}"
                ) from None

    def for_row(self, row: int, text: str) -> tuple[str, str] | None:
        """The code chosen for this row (or its text) and how it was chosen, if any."""
        if row in self.by_row:
            return self.by_row[row], CHOSEN_FOR_ROW
        code = self.by_text.get(normalise_name(text)) if text else None
        return (code, CHOSEN) if code else None

    def accepts(self, suggestion: AreaMatch) -> bool:
        return self.accept_from is not None and suggestion.confidence >= self.accept_from


class _Refused(Protocol):
    """What ``group_suggestions`` needs from a planned row (``plan.PlannedRow`` has it)."""

    @property
    def row(self) -> int: ...
    @property
    def area_text(self) -> str: ...
    @property
    def suggestion(self) -> AreaMatch | None: ...


def group_suggestions(rows: Iterable[_Refused]) -> tuple[AreaSuggestion, ...]:
    """One suggestion per distinct area text (as ``normalise_name`` reads it), best first."""
    groups: dict[str, list[_Refused]] = {}
    for row in rows:
        if row.suggestion is not None and row.area_text:
            groups.setdefault(normalise_name(row.area_text), []).append(row)
    found = []
    for members in groups.values():
        first = members[0].suggestion
        assert first is not None
        found.append(
            AreaSuggestion(
                members[0].area_text,
                tuple(m.row for m in members),
                first.area.code,
                first.area.label,
                first.confidence,
            )
        )
    found.sort(key=lambda s: (-s.score, s.rows[0]))
    return tuple(found)


@dataclass(frozen=True)
class Decided:
    """A text settled for every row holding it, and the area to remember it as."""

    text: str
    area_id: int


def decided_texts(rows: Iterable[tuple[str, dt.date | None, AreaMatch | None]]) -> list[Decided]:
    """The texts settled by a choice or an accepted suggestion, each with the area of its
    latest row (the alias names that one; the resolver maps it to each later row's era)."""
    spelled: dict[str, str] = {}  # as first written in the file
    latest: dict[str, tuple[dt.date, int]] = {}
    for text, day, match in rows:
        if match is None or match.method not in REMEMBERED_METHODS or not text:
            continue
        key = normalise_name(text)
        spelled.setdefault(key, text)
        when = day or dt.date.min
        if key not in latest or when >= latest[key][0]:
            latest[key] = (when, match.area.id)
    return [Decided(spelled[key], area_id) for key, (_, area_id) in latest.items()]


def remember(session: Session, committee_id: int, decided: Iterable[Decided]) -> tuple[str, ...]:
    """Saves each decision as the committee's alias; the texts that were new or changed."""
    return tuple(d.text for d in decided if save_alias(session, committee_id, d.text, d.area_id))
