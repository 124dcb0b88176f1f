"""Which column of a legacy spreadsheet holds which part of an engagement, and which are
not imported (and why).

Every committee's old log has its own headers ("Date of meeting", "ICS / PCN / Place",
"Who attended", "Actions agreed"), often under a merged title row or two. The header row
is the row among the first few whose headers name the most fields (``headers`` reads a
header by its words). Each column is then confirmed by its values (``contents``): a column
headed "Follow up by" holding dates is the follow-up's due date, holding names its owner;
a column headed "Type" holding "ICB" and "PCN" is the planning level; an unlabelled column
of area names is the area. The caller can override any of it (the wizard's drop-downs,
``--map column=field`` on the command line), and that always wins.

Nothing is dropped without a word: every column with a header or a value is either mapped
or listed in ``ColumnMapping.unmapped`` with the reason, which the dry run, the wizard and
the import's summary all show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from icstracker.errors import ImportFileError, ValidationError
from icstracker.services.imports.contents import (
    ENOUGH,
    ColumnProfile,
    by_contents,
    profile_column,
    unrecognised,
    weigh,
)
from icstracker.services.imports.headers import (
    AREA_ANY,
    AREA_CODE,
    AREA_HINTS,
    AREA_PCN,
    AREA_PLACE,
    AREA_SYSTEM,
    CONFIDENT,
    FIELDS,
    guess_header,
)
from icstracker.services.imports.reading import Cell

__all__ = [
    "AREA_ANY",
    "AREA_CODE",
    "AREA_HINTS",
    "AREA_PCN",
    "AREA_PLACE",
    "AREA_SYSTEM",
    "FIELDS",
    "IGNORE",
    "ColumnMapping",
    "MappedColumn",
    "UnmappedColumn",
    "column_letter",
    "detect_columns",
    "header_text",
]

HEADER_SCAN_ROWS = 10
IGNORE = "ignore"

# "area" may come from several columns (``FIELDS``, from ``headers``): the most specific
# one with a value in a row wins (a code, then a PCN, a place, a generic area, and last
# the ICS).
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
    "action",
)


@dataclass(frozen=True)
class MappedColumn:
    index: int
    header: str
    field: str
    rank: int = 0
    why: str = "header"  # "header", "your choice" or "contents"

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class UnmappedColumn:
    """A column that is not imported, and why; ``kept`` when its text goes in the summary."""

    index: int
    header: str
    reason: str
    values: int = 0  # non-empty cells under the header
    kept: bool = False

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        """``'Venue' (column F)``, or ``column F (no header)``."""
        if self.header:
            return f"'{self.header}' (column {self.letter})"
        return f"column {self.letter} (no header)"

    @property
    def name(self) -> str:
        """What the summary puts before a kept value: its header, else its column."""
        return self.header or f"Column {self.letter}"


@dataclass(frozen=True)
class ColumnMapping:
    """The header row (as the user numbers it), what each used column feeds, and every
    column that is not imported."""

    header_row: int
    columns: tuple[MappedColumn, ...]
    unmapped: tuple[UnmappedColumn, ...] = ()

    @property
    def ignored(self) -> tuple[str, ...]:
        """The headers of the columns not imported (those that have one)."""
        return tuple(c.header for c in self.unmapped if c.header)

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
        used = ", ".join(
            f"'{c.header}' → {c.field}" + (" (by its values)" if c.why == "contents" else "")
            for c in self.columns
        )
        return f"header row {self.header_row}: {used}"

    def describe_unmapped(self) -> list[str]:
        """One line per column not imported, for the dry run and the import's summary."""
        return [
            f"Not imported: {c.label}, {c.reason}"
            + (f"; its {c.values:,} value(s) are kept in the summary." if c.kept else ".")
            for c in self.unmapped
        ]


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


def _override_for(overrides: Mapping[str, str], index: int, header: str) -> str | None:
    for key in (header, column_letter(index)):
        for wanted, field in overrides.items():
            if key and wanted.strip().lower() == key.lower():
                return _check_field(field)
    return None


def _header_fields(cells: Sequence[Cell], overrides: Mapping[str, str]) -> set[str]:
    """The fields a row would name as a header row (by its words and the overrides)."""
    found: set[str] = set()
    for index, cell in enumerate(cells):
        header = header_text(cell)
        chosen = _override_for(overrides, index, header)
        if chosen is not None:
            if chosen != IGNORE:
                found.add(chosen)
            continue
        guesses = guess_header(header) if header else ()
        if guesses and guesses[0].score >= CONFIDENT:
            found.add(guesses[0].field)
    return found


def _score(fields: set[str]) -> int:
    required = sum(1 for f in REQUIRED if f in fields)
    return required * 100 + len(fields)


def find_header_row(rows: Sequence[Sequence[Cell]], overrides: Mapping[str, str]) -> int:
    """The row (numbered from 1) among the first few whose headers name the most fields."""
    best, best_score = 0, 0
    for number, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        score = _score(_header_fields(cells, overrides))
        if score > best_score:
            best, best_score = number, score
    if not best:
        raise ImportFileError(
            "No header row was found in the first rows: no column is named like a date, an "
            "area or a title. Name the columns with --map 'HEADER=field'."
        )
    return best


class _Mapper:
    """Decides each column in turn, left to right: the first column for a field gets it."""

    def __init__(self, overrides: Mapping[str, str], is_area: Callable[[str], bool]) -> None:
        self.overrides = overrides
        self.is_area = is_area
        self.columns: list[MappedColumn] = []
        self.unmapped: list[UnmappedColumn] = []
        self.taken: dict[str, str] = {}  # field -> header of the column that has it
        self.values: dict[int, int] = {}  # column -> how many non-empty cells it has

    def free(self, field: str) -> bool:
        return field in JOINED or field == "area" or field not in self.taken

    def take(self, index: int, header: str, field: str, rank: int, why: str) -> None:
        self.taken.setdefault(field, header or column_letter(index))
        self.columns.append(MappedColumn(index, header or column_letter(index), field, rank, why))

    def skip(self, index: int, header: str, reason: str, profile: ColumnProfile) -> None:
        self.unmapped.append(UnmappedColumn(index, header, reason, profile.values))

    def decide(self, index: int, header: str, cells: list[Cell]) -> None:
        guesses = [g for g in guess_header(header) if g.score >= CONFIDENT] if header else []
        # Asking the areas is the one costly reading: only where an area is possible.
        wants_area = not guesses or any(g.field == "area" for g in guesses)
        profile = profile_column(cells, self.is_area if wants_area else _never)
        self.values[index] = profile.values
        chosen = _override_for(self.overrides, index, header)
        if chosen == IGNORE:
            self.skip(index, header, "you chose not to import it", profile)
            return
        if chosen is not None:
            rank = AREA_ANY if chosen == "area" else 0
            if chosen == "area" and header:
                rank = next((g.rank for g in guess_header(header) if g.field == "area"), rank)
            self.take(index, header, chosen, rank, "your choice")
            return
        if not header and not profile.values:
            return  # an empty column with no header is not a column of the log
        guess, why = weigh(guesses, profile)
        if guess is None and profile.values >= ENOUGH:
            guess, why = by_contents(profile, self.free), "contents"
        if guess is None:
            self.skip(index, header, unrecognised(header, guesses, profile), profile)
        elif not self.free(guess.field):
            self.skip(
                index,
                header,
                f"a second {guess.field.replace('_', ' ')} column; "
                f"'{self.taken[guess.field]}' is used",
                profile,
            )
        else:
            self.take(index, header, guess.field, guess.rank, why)


def _never(_text: str) -> bool:
    return False


def _column_cells(rows: Sequence[Sequence[Cell]], index: int) -> list[Cell]:
    return [row[index] for row in rows if index < len(row) and row[index] not in (None, "")]


def detect_columns(
    rows: Sequence[Sequence[Cell]],
    overrides: Mapping[str, str] | None = None,
    *,
    is_area: Callable[[str], bool] | None = None,
) -> ColumnMapping:
    """The best header row among the first few, each column mapped or listed as not
    imported; an error says what is missing.

    ``is_area`` says whether a text names a footprint (the area resolver's answer); without
    it no column is taken for an area by its values alone.
    """
    overrides = dict(overrides or {})
    for field in overrides.values():
        _check_field(field)
    header_row = find_header_row(rows, overrides)
    headers = [header_text(c) for c in rows[header_row - 1]]
    data = rows[header_row:]
    width = max([len(headers), *(len(r) for r in data)])
    mapper = _Mapper(overrides, is_area or _never)
    for index in range(width):
        header = headers[index] if index < len(headers) else ""
        mapper.decide(index, header, _column_cells(data, index))
    mapping = ColumnMapping(header_row, tuple(mapper.columns), tuple(mapper.unmapped))
    missing = [f for f in REQUIRED if not mapping.for_field(f)]
    if missing:
        shown = ", ".join(f"'{h}'" for h in headers if h)
        raise ImportFileError(
            f"The header row (row {header_row}) has no column for "
            f"{' or '.join(missing)} (headers: {shown}); name it with --map 'HEADER=field'."
        )
    return _follow_ups_need_actions(mapping, mapper.values)


def _follow_ups_need_actions(mapping: ColumnMapping, values: Mapping[int, int]) -> ColumnMapping:
    """A due date or an owner with no column of actions has nothing to belong to: listed
    as not imported rather than read into nothing."""
    if mapping.for_field("action"):
        return mapping
    orphans = [c for c in mapping.columns if c.field in ("action_due", "action_owner")]
    if not orphans:
        return mapping
    kept = tuple(c for c in mapping.columns if c not in orphans)
    unmapped = list(mapping.unmapped)
    for column in orphans:
        what = "due date" if column.field == "action_due" else "owner"
        unmapped.append(
            UnmappedColumn(
                column.index,
                column.header,
                f"a follow-up {what} needs a column of actions to belong to",
                values.get(column.index, 0),
            )
        )
    unmapped.sort(key=lambda c: c.index)
    return ColumnMapping(mapping.header_row, kept, tuple(unmapped))
