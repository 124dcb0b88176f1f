"""What an import would do with each row, before anything is written.

Every data row of the sheet gets exactly one outcome: ``add``, ``duplicate`` (the same
committee, date, area and title is already logged, or came earlier in the same file),
``error`` (with the row number the user sees, the column and the reason) or ``blank``.
The same plan is the dry run's output, the wizard's preview and the list the real
import works from, so what a person approved is what gets written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.errors import ImportFileError, ImportRowError, OperationCancelled, ValidationError
from icstracker.services.area_resolver import FUZZY_THRESHOLD, AreaMatch, AreaResolver
from icstracker.services.committee_scope import committee_condition
from icstracker.services.committees import choose_committee, list_committees
from icstracker.services.dates import check_engagement_date, slashed_order, uk_today
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import MAX_TITLE
from icstracker.services.imports.columns import (
    AREA_HINTS,
    FIELDS,
    ColumnMapping,
    MappedColumn,
    detect_columns,
)
from icstracker.services.imports.reading import MAX_ROWS, Cell, RawTable, read_table
from icstracker.services.imports.values import (
    cell_text,
    parse_cell_date,
    parse_kind,
    parse_level,
    parse_rating,
    split_names,
)
from icstracker.text import CONTROL_CHARACTERS, control_name

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
OUTCOMES = ("add", "duplicate", "error", "blank")


@dataclass(frozen=True)
class ImportOptions:
    """What the person chose: the committee, column overrides and how strict to be."""

    committee: str | None = None
    column_map: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None  # a workbook's first sheet unless named
    default_kind: str = "other"
    fuzzy_threshold: float = FUZZY_THRESHOLD
    max_rows: int = MAX_ROWS
    today: dt.date | None = None


@dataclass(frozen=True)
class PlannedRow:
    row: int
    outcome: str
    values: tuple[str, ...]
    data: EngagementInput | None = None
    area: AreaMatch | None = None
    problems: tuple[ImportRowError, ...] = ()
    duplicate_of: str = ""

    @property
    def detail(self) -> str:
        """Why the row is not added, without the row number the table already shows."""
        if self.problems:
            return "; ".join(
                f"{p.column}: {p.reason}" if p.column else p.reason for p in self.problems
            )
        return self.duplicate_of


@dataclass(frozen=True)
class ImportPlan:
    source: str
    committee_id: int
    committee: str
    mapping: ColumnMapping
    headers: tuple[str, ...]
    rows: tuple[PlannedRow, ...]
    sheet: str | None = None  # the workbook sheet read; None for a CSV file

    @property
    def read_from(self) -> str:
        """Which sheet the rows came from, for every summary ("" for a CSV file)."""
        return f"sheet '{self.sheet}'" if self.sheet is not None else ""

    def with_outcome(self, outcome: str) -> list[PlannedRow]:
        return [r for r in self.rows if r.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        return {o: len(self.with_outcome(o)) for o in OUTCOMES}

    @property
    def problems(self) -> list[ImportRowError]:
        return [p for r in self.rows for p in r.problems]


def _key(data: EngagementInput) -> tuple[int, dt.date, int, str]:
    """The duplicate rule of ``engagements.find_duplicates``, as a value to compare."""
    return (data.committee_id, data.occurred_on, data.area_id, " ".join(data.title.split()).lower())


# PostgreSQL advisory locks taken with two keys: this one says "writing an import into
# the log of committee <second key>". The two-key form never meets the one-key set-up lock.
IMPORT_LOCK_CLASS = 0x1C5


def lock_committee_log(session: Session, committee_id: int) -> None:
    """Makes "is this row already logged?" and writing it one step for the committee.

    The duplicate rule (same committee, date, area and title) is a check then a write;
    two users importing the same file at once both found nothing and both wrote it. On
    PostgreSQL a transaction-level advisory lock keyed by the committee makes the second
    import wait here until the first commits, and its duplicate check (a new snapshot, as
    READ COMMITTED takes one per statement) then sees the first one's rows. On SQLite the
    write transaction began with BEGIN IMMEDIATE (``Database.write``), which already
    holds the one write lock. It is not a unique constraint: a user may still log a
    possible duplicate by hand in the form, which warns and lets them.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:kind, :committee)"),
            {"kind": IMPORT_LOCK_CLASS, "committee": committee_id},
        )


def _existing_keys(
    session: Session, committee_id: int, dates: list[dt.date]
) -> dict[tuple[int, dt.date, int, str], int]:
    """Live engagements counting for the committee (its own and those it joined) in the
    file's date range, in one query."""
    if not dates:
        return {}
    query = select(
        Engagement.id, Engagement.area_id, Engagement.occurred_on, Engagement.title
    ).where(
        committee_condition(session, committee_id),
        Engagement.occurred_on.between(min(dates), max(dates)),
        Engagement.deleted_at.is_(None),
    )
    found: dict[tuple[int, dt.date, int, str], int] = {}
    for row in session.execute(query.order_by(Engagement.id)):
        key = (committee_id, row.occurred_on, row.area_id, " ".join(row.title.split()).lower())
        found.setdefault(key, row.id)
    return found


class _RowReader:
    """Reads one row's cells through the mapping, collecting every problem it finds.

    Each cell's text is worked out once for the row (``texts``) and the columns of each
    field once for the whole import (``fields``): a 10,000-row file asked for them
    hundreds of thousands of times.
    """

    __slots__ = ("fields", "cells", "texts", "row", "problems")

    def __init__(
        self,
        fields: Mapping[str, tuple[MappedColumn, ...]],
        cells: list[Cell],
        texts: tuple[str, ...],
        row: int,
    ) -> None:
        self.fields = fields
        self.cells = cells
        self.texts = texts
        self.row = row
        self.problems: list[ImportRowError] = []

    def first(self, name: str) -> tuple[MappedColumn | None, Cell, str]:
        """The first of the field's columns with something in, its cell and the cell's text."""
        columns = self.fields.get(name, ())
        texts = self.texts
        for column in columns:
            index = column.index
            if index < len(texts) and texts[index]:
                return column, self.cells[index], texts[index]
        return (columns[0] if columns else None), None, ""

    def text(self, name: str) -> str:
        """The field's columns joined, blank ones left out."""
        columns = self.fields.get(name)
        if not columns:
            return ""
        texts = self.texts
        if len(columns) == 1:
            index = columns[0].index
            return texts[index] if index < len(texts) else ""
        parts = [texts[c.index] for c in columns if c.index < len(texts)]
        return "\n\n".join(p for p in parts if p)

    def fail(self, column: MappedColumn | None, error: ValidationError) -> None:
        header = column.header if column else ""
        self.problems.append(ImportRowError(self.row, header, error.message))


def _refuse_controls(reader: _RowReader, fields: Mapping[str, tuple[MappedColumn, ...]]) -> None:
    """Fails the row if a column it imports holds a control character (NUL, BEL, ESC…).

    They are invisible in Excel but stored as they are, and listing the engagement later
    wrote them raw to a terminal (an ESC sequence can rewrite the screen). Refused with the
    row named rather than removed: a control character in a log usually means the cell
    was pasted from somewhere broken, and the person should see which one.
    """
    if CONTROL_CHARACTERS.search("".join(reader.texts)) is None:
        return
    for columns in fields.values():
        for column in columns:
            if column.index >= len(reader.texts):
                continue
            found = CONTROL_CHARACTERS.search(reader.texts[column.index])
            if found is not None:
                reader.fail(
                    column,
                    ValidationError(
                        column.field,
                        f"holds a control character ({control_name(found[0])}) that cannot "
                        "be shown; delete it from the cell.",
                    ),
                )


def _refuse_guessed_dates(readers: list[_RowReader]) -> None:
    """Fails every ambiguous date (02/03/2026) of a date column that also holds a date only
    month/day can read (02/13/2026).

    Each date is read day first and a month/day one is refused, but without this its
    neighbours that read both ways were stored day first, so with ``--skip-bad-rows`` a
    column written month/day was half refused and half silently swapped. Once a column
    is proven month/day, none of its ambiguous dates is guessed. A column that also holds
    dates only day/month can read (18/07/2024) is a British log with a typing slip, not a
    month/day column: its slips are refused one by one and the rest read day first.
    """
    proof: dict[int, tuple[int, str]] = {}
    day_first: set[int] = set()
    dated: list[tuple[_RowReader, MappedColumn, str]] = []
    for reader in readers:
        column, cell, text = reader.first("date")
        if column is None or type(cell) is not str:
            continue  # real date cells and serial numbers carry no order to doubt
        order = slashed_order(text)
        if order == "month-first":
            proof.setdefault(column.index, (reader.row, text))
        elif order == "day-first":
            day_first.add(column.index)
        elif order == "ambiguous":
            dated.append((reader, column, text))
    for reader, column, text in dated:
        if column.index in proof and column.index not in day_first:
            row, example = proof[column.index]
            reader.fail(
                column,
                ValidationError(
                    "date",
                    f"'{text}' reads as day/month or month/day, and this column holds "
                    f"'{example}' (row {row}), which only reads as month/day, so it is not "
                    "guessed; write it as DD/MM/YYYY.",
                ),
            )


def _partner_ids(reader: _RowReader, committees: Mapping[str, int], own_id: int) -> tuple[int, ...]:
    """The committees a "Joint with" cell names, by name ignoring case; the importing
    committee itself is skipped, and a name the database does not hold fails the row."""
    column, _, _ = reader.first("partners")
    found: list[int] = []
    for name in split_names(reader.text("partners")):
        committee_id = committees.get(" ".join(name.split()).casefold())
        if committee_id is None:
            reader.fail(
                column,
                ValidationError(
                    "partners",
                    f"'{name}' is not a committee in this database; add it first "
                    "(icstracker committee add) or leave it out.",
                ),
            )
        elif committee_id != own_id and committee_id not in found:
            found.append(committee_id)
    return tuple(found)


def _plan_row(
    reader: _RowReader,
    matcher: AreaResolver,
    committee_id: int,
    options: ImportOptions,
    today: dt.date,
    committees: Mapping[str, int],
) -> tuple[EngagementInput | None, AreaMatch | None]:
    date_column, date_cell, _ = reader.first("date")
    occurred_on: dt.date | None = None
    try:
        occurred_on = parse_cell_date(date_cell)
        check_engagement_date(occurred_on, today)
    except ValidationError as error:
        reader.fail(date_column, error)
        occurred_on = None
    level: str | None = None
    level_column, _, level_text = reader.first("level")
    if level_text:
        try:
            level = parse_level(level_text)
        except ValidationError as error:
            reader.fail(level_column, error)
    kind = options.default_kind
    kind_column, _, kind_text = reader.first("kind")
    try:
        kind = parse_kind(kind_text or options.default_kind)
    except ValidationError as error:
        reader.fail(kind_column, error)
    rating: str | None = None
    rating_column, _, rating_text = reader.first("rating")
    if rating_text:
        try:
            rating = parse_rating(rating_text)
        except ValidationError as error:
            reader.fail(rating_column, error)
    title_column, _, title_text = reader.first("title")
    title = " ".join(title_text.split())
    if not title:
        reader.fail(title_column, ValidationError("title", "an engagement needs a title."))
    elif len(title) > MAX_TITLE:
        reader.fail(
            title_column,
            ValidationError("title", f"a title can be at most {MAX_TITLE} characters."),
        )
    area_column, _, area_text = reader.first("area")
    match: AreaMatch | None = None
    if occurred_on is not None:
        try:
            hint = AREA_HINTS.get(area_column.rank) if area_column else None
            match = matcher.match(area_text, occurred_on, level=level, hint=hint)
            if not match.area.is_valid_on(occurred_on):
                raise ValidationError(
                    "area",
                    f"{match.area.label} was not in use on {occurred_on:%d/%m/%Y}; name the "
                    "area of that time.",
                )
        except ValidationError as error:
            reader.fail(level_column if error.field == "level" else area_column, error)
            match = None
    partners = _partner_ids(reader, committees, committee_id)
    if reader.problems or occurred_on is None or match is None:
        return None, match
    data = EngagementInput(
        committee_id=committee_id,
        area_id=match.area.id,
        occurred_on=occurred_on,
        kind=kind,
        title=title,
        summary=reader.text("summary"),
        outcome=reader.text("outcome"),
        rating=rating,
        organisations=split_names(reader.text("organisations")),
        people=split_names(reader.text("people")),
        representatives=split_names(reader.text("representatives")),
        topics=split_names(reader.text("topics"), commas=True),
        partner_committee_ids=partners,
    )
    return data, match


def plan_table(
    session: Session,
    table: RawTable,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    for_writing: bool = False,
) -> ImportPlan:
    """The outcome of every data row of ``table`` for the chosen committee.

    ``for_writing``: the plan is the one about to be written in this transaction, so the
    committee's import lock is taken before the duplicate check (``lock_committee_log``).
    """
    committee = choose_committee(session, options.committee)
    mapping = detect_columns(table.rows, options.column_map)
    today = options.today or uk_today()
    matcher = AreaResolver(session, fuzzy_threshold=options.fuzzy_threshold)
    fields = {name: mapping.for_field(name) for name in FIELDS}
    committees = {c.name.casefold(): c.id for c in list_committees(session)}
    data_rows = list(enumerate(table.rows, start=1))[mapping.header_row :]
    total = len(data_rows)
    drafts: list[
        tuple[int, tuple[str, ...], EngagementInput | None, AreaMatch | None, _RowReader]
    ] = []
    for done, (number, cells) in enumerate(data_rows, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled("The import was cancelled; nothing was written.")
        texts = tuple([c.strip() if type(c) is str else cell_text(c) for c in cells])
        reader = _RowReader(fields, cells, texts, number)
        data = match = None
        if any(texts):
            _refuse_controls(reader, fields)
            data, match = _plan_row(reader, matcher, committee.id, options, today, committees)
        drafts.append((number, texts, data, match, reader))
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)
    _refuse_guessed_dates([reader for *_, reader in drafts])
    if for_writing:
        lock_committee_log(session, committee.id)
    existing = _existing_keys(session, committee.id, [d.occurred_on for *_, d, _, _ in drafts if d])
    seen: dict[tuple[int, dt.date, int, str], int] = {}
    rows: list[PlannedRow] = []
    for number, values, data, match, reader in drafts:
        if reader.problems:
            rows.append(PlannedRow(number, "error", values, None, match, tuple(reader.problems)))
            continue
        if data is None:
            rows.append(PlannedRow(number, "blank", values))
            continue
        key = _key(data)
        if key in existing:
            why = f"already logged as engagement {existing[key]}"
            rows.append(PlannedRow(number, "duplicate", values, data, match, duplicate_of=why))
        elif key in seen:
            why = f"same as row {seen[key]}"
            rows.append(PlannedRow(number, "duplicate", values, data, match, duplicate_of=why))
        else:
            seen[key] = number
            rows.append(PlannedRow(number, "add", values, data, match))
    if all(r.outcome == "blank" for r in rows):
        raise ImportFileError(
            f"{table.name} has a header row (row {mapping.header_row}) but no rows under it; "
            "there is nothing to import."
        )
    headers = tuple(cell_text(c) for c in table.rows[mapping.header_row - 1])
    return ImportPlan(
        table.name, committee.id, committee.name, mapping, headers, tuple(rows), table.sheet
    )


def preview_import(
    database: Database,
    path: Path,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """The plan for ``path`` without writing anything (the dry run and the wizard's preview)."""
    table = read_table(path, max_rows=options.max_rows, sheet=options.sheet)
    with database.session() as session:
        return plan_table(session, table, options, progress=progress, cancelled=cancelled)
