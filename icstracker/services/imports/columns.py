"""Which column of a legacy spreadsheet holds which part of an engagement.

Every committee's old log has its own headers ("Date of meeting", "ICS/STP", "Attendees",
"Organisation(s)"), often under a merged title row or two. The header row is the row among
the first few that names the most fields; each header is matched by its normalised
spelling against common synonyms, and the caller can override any of it (the wizard's
drop-downs, ``--map column=field`` on the command line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from icstracker.errors import ImportFileError, ValidationError
from icstracker.services.imports.reading import Cell
from icstracker.text import normalise_name

HEADER_SCAN_ROWS = 10
IGNORE = "ignore"

# Fields an engagement can take from a column. "area" may come from several columns:
# the most specific one with a value in a row wins (a code, then a PCN, a place, a
# generic area, and last the ICS).
FIELDS = (
    "date",
    "area",
    "level",
    "kind",
    "title",
    "summary",
    "outcome",
    "people",
    "organisations",
    "representatives",
    "topics",
    "rating",
    "partners",
)
REQUIRED = ("date", "area", "title")
# Fields where a second column adds to the first (two notes columns) rather than being ignored.
JOINED = (
    "summary",
    "outcome",
    "people",
    "organisations",
    "representatives",
    "topics",
    "partners",
)

AREA_CODE, AREA_PCN, AREA_PLACE, AREA_ANY, AREA_SYSTEM = range(5)
AREA_HINTS: dict[int, str | None] = {
    AREA_CODE: None,
    AREA_PCN: "neighbourhood",
    AREA_PLACE: "place",
    AREA_ANY: None,
    AREA_SYSTEM: "system",
}

_SYNONYMS: dict[str, tuple[str, int]] = {}


def _add(field: str, names: str, rank: int = 0) -> None:
    for name in names.split("|"):
        _SYNONYMS[normalise_name(name)] = (field, rank)


_add("date", "date|date of meeting|meeting date|date of engagement|engagement date|when")
_add("date", "date of contact|date of event|date held|meeting held on")
_add("area", "code|area code|ods code|ons code|pcn code|footprint code|icb code", AREA_CODE)
_add("area", "pcn|pcn name|primary care network|neighbourhood", AREA_PCN)
_add("area", "place|place name|borough|council|local authority", AREA_PLACE)
_add("area", "area|area name|footprint|location", AREA_ANY)
_add("area", "ics|icb|stp|system|ics/stp|stp/ics|ics name|icb name|stp name", AREA_SYSTEM)
_add("level", "level|planning level|tier")
_add("kind", "type|kind|type of engagement|engagement type|meeting type|format|method")
_add("title", "title|subject|meeting|meeting title|meeting name|name of meeting|event")
_add("summary", "notes|summary|discussion|details|description|key points|minutes|comments")
_add("outcome", "outcome|outcomes|result|results|actions agreed|next steps")
_add("people", "attendees|people|attended by|who|contacts|people met|nhs attendees")
_add("organisations", "organisation|organisations|organisation(s)|organization|organizations")
_add("organisations", "org|orgs|organisation s|organisations involved|with")
_add("representatives", "lpc rep|lpc reps|lpc representative|lpc representatives|lpc attendees")
_add("topics", "topics|topic|themes|theme|tags|topic s|topic(s)")
_add("rating", "rating|rag|rag rating|rag status")
_add("partners", "joint with|other lpcs|other lpc|partner lpcs|joint lpcs|other committees")


@dataclass(frozen=True)
class MappedColumn:
    index: int
    header: str
    field: str
    rank: int = 0

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class ColumnMapping:
    """The header row (as the user numbers it) and what each used column feeds."""

    header_row: int
    columns: tuple[MappedColumn, ...]
    ignored: tuple[str, ...] = ()

    def for_field(self, field: str) -> tuple[MappedColumn, ...]:
        """The field's columns, most specific first (see ``FIELDS``)."""
        return self._by_field.get(field, ())

    @cached_property
    def _by_field(self) -> dict[str, tuple[MappedColumn, ...]]:
        """Worked out once: the planner asks for every field of every row."""
        ordered = sorted(self.columns, key=lambda c: (c.rank, c.index))
        found: dict[str, tuple[MappedColumn, ...]] = {}
        for column in ordered:
            found[column.field] = (*found.get(column.field, ()), column)
        return found

    def describe(self) -> str:
        used = ", ".join(f"'{c.header}' → {c.field}" for c in self.columns)
        return f"header row {self.header_row}: {used}"


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``: how a spreadsheet names the column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).split())


def _check_field(field: str) -> str:
    key = field.strip().lower()
    if key not in FIELDS and key != IGNORE:
        raise ValidationError(
            "map",
            f"'{field}' is not something a column can hold; use one of {', '.join(FIELDS)} "
            f"or {IGNORE}.",
        )
    return key


def _override_for(overrides: Mapping[str, str], index: int, header: str) -> tuple[str, int] | None:
    for key in (header, column_letter(index)):
        for wanted, field in overrides.items():
            if wanted.strip().lower() == key.lower() and key:
                return _check_field(field), AREA_ANY if field == "area" else 0
    return None


def _map_row(cells: Sequence[Cell], overrides: Mapping[str, str]) -> ColumnMapping:
    columns: list[MappedColumn] = []
    ignored: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        header = header_text(cell)
        found = _override_for(overrides, index, header)
        if found is None and header:
            found = _SYNONYMS.get(normalise_name(header)) or _SYNONYMS.get(
                normalise_name(re.sub(r"\(.*?\)", "", header))
            )
        if found is None or found[0] == IGNORE:
            if header:
                ignored.append(header)
            continue
        field, rank = found
        if field in taken and field not in JOINED and field != "area":
            ignored.append(header)
            continue
        taken.add(field)
        columns.append(MappedColumn(index, header or column_letter(index), field, rank))
    return ColumnMapping(0, tuple(columns), tuple(ignored))


def _score(mapping: ColumnMapping) -> int:
    fields = {c.field for c in mapping.columns}
    required = sum(1 for f in REQUIRED if f in fields)
    return required * 100 + len(fields)


def detect_columns(
    rows: Sequence[Sequence[Cell]], overrides: Mapping[str, str] | None = None
) -> ColumnMapping:
    """The best header row among the first few, mapped; an error says what is missing."""
    overrides = dict(overrides or {})
    for field in overrides.values():
        _check_field(field)
    best: ColumnMapping | None = None
    for number, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        mapping = _map_row(cells, overrides)
        if best is None or _score(mapping) > _score(best):
            best = ColumnMapping(number, mapping.columns, mapping.ignored)
    if best is None or not best.columns:
        raise ImportFileError(
            "No header row was found in the first rows: no column is named like a date, an "
            "area or a title. Name the columns with --map 'HEADER=field'."
        )
    missing = [f for f in REQUIRED if not best.for_field(f)]
    if missing:
        headers = ", ".join(f"'{header_text(c)}'" for c in rows[best.header_row - 1] if c)
        raise ImportFileError(
            f"The header row (row {best.header_row}) has no column for "
            f"{' or '.join(missing)} (headers: {headers}); name it with --map 'HEADER=field'."
        )
    return best
