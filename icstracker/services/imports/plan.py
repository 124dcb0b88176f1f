"""What an import would do with each row, before anything is written.

Every data row of the sheet gets exactly one outcome: ``add``, ``duplicate`` (the same
committee, date, area and title is already logged, or came earlier in the same file),
``error`` (with the row number the user sees, the column and the reason) or ``blank``.
Every column is either mapped or listed as not imported, with why. The same plan is the
dry run's output, the wizard's preview and the list the real import works from, so what a
person approved is what gets written.

A plan also carries what the person may decide: the closest area for each text that
named none (``suggestions``), and the options that accept one (``accept_suggestion``…).
``replan`` applies new options to the rows already read, without reading the file again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.errors import ImportFileError, ImportRowError, OperationCancelled, ValidationError
from icstracker.services.area_resolver import (
    CLOSEST_SCORE,
    AreaCandidate,
    AreaMatch,
    AreaRefusal,
    AreaResolver,
)
from icstracker.services.committee_scope import committee_condition
from icstracker.services.committees import choose_committee, list_committees
from icstracker.services.dates import uk_today
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.imports.columns import (
    FIELDS,
    ColumnMapping,
    UnmappedColumn,
    detect_columns,
)
from icstracker.services.imports.decisions import (
    AreaChoices,
    AreaSuggestion,
    Decided,
    decided_texts,
    group_suggestions,
)
from icstracker.services.imports.options import ImportOptions
from icstracker.services.imports.reading import RawTable, read_table
from icstracker.services.imports.rows import (
    RowReader,
    plan_row,
    refuse_controls,
    refuse_guessed_dates,
)
from icstracker.services.imports.values import cell_text
from icstracker.text import normalise_name

__all__ = ["ImportOptions", "ImportPlan", "PlannedRow", "plan_table", "preview_import", "replan"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
OUTCOMES = ("add", "duplicate", "error", "blank")


@dataclass(frozen=True)
class PlannedRow:
    row: int
    outcome: str
    values: tuple[str, ...]
    data: EngagementInput | None = None
    area: AreaMatch | None = None
    problems: tuple[ImportRowError, ...] = ()
    duplicate_of: str = ""
    area_text: str = ""  # the area cell the row was read by
    # For a row refused for its area: the closest area of the row's date, to accept, or
    # the areas an ambiguous text names, to choose from.
    suggestion: AreaMatch | None = None
    candidates: tuple[AreaCandidate, ...] = ()
    occurred_on: dt.date | None = None

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
    options: ImportOptions = field(default_factory=ImportOptions)
    # The sheet as read, so ``replan`` need not read the file again.
    table: RawTable | None = field(default=None, repr=False, compare=False)

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

    @property
    def unmapped(self) -> tuple[UnmappedColumn, ...]:
        """Every column not imported, with why (``ColumnMapping.unmapped``)."""
        return self.mapping.unmapped

    @property
    def suggestions(self) -> tuple[AreaSuggestion, ...]:
        """The closest area for each text that named none, highest score first."""
        return group_suggestions(r for r in self.rows if r.outcome == "error")

    @property
    def decisions(self) -> list[Decided]:
        """The texts settled for every row holding them, as a real import remembers them."""
        return decided_texts((r.area_text, r.occurred_on, r.area) for r in self.rows)

    @property
    def decided(self) -> tuple[str, ...]:
        return tuple(d.text for d in self.decisions)

    def accept_suggestion(self, text: str, area_code: str | None = None) -> ImportOptions:
        """The options with ``text`` read as ``area_code`` (by default the suggestion's)
        in every row holding it, each row taking the footprint of its own date."""
        code = area_code or self._suggested_code(text)
        choices = {**self.options.area_choices, " ".join(text.split()): code}
        return dataclasses.replace(self.options, area_choices=choices)

    def accept_row_suggestion(self, row: int, area_code: str | None = None) -> ImportOptions:
        """The options with one row read as ``area_code`` (by default its suggestion)."""
        if area_code is None:
            found = next((r for r in self.rows if r.row == row), None)
            if found is None or found.suggestion is None:
                raise ValidationError("alias", f"Row {row} has no suggested area to accept.")
            area_code = found.suggestion.area.code
        return dataclasses.replace(
            self.options, row_choices={**self.options.row_choices, row: area_code}
        )

    def accept_suggestions(self, min_score: float) -> ImportOptions:
        """The options with every suggestion scoring at least ``min_score`` accepted."""
        choices = dict(self.options.area_choices)
        for suggestion in self.suggestions:
            if suggestion.score >= min_score:
                choices[suggestion.text] = suggestion.code
        return dataclasses.replace(self.options, area_choices=choices)

    def _suggested_code(self, text: str) -> str:
        wanted = normalise_name(text)
        for suggestion in self.suggestions:
            if normalise_name(suggestion.text) == wanted:
                return suggestion.code
        raise ValidationError(
            "alias", f"No row's area '{' '.join(text.split())}' has a suggestion; name the area."
        )


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
    today = options.today or uk_today()
    matcher = AreaResolver(
        session, fuzzy_threshold=options.fuzzy_threshold, committee_id=committee.id
    )
    choices = AreaChoices(
        options.area_choices, options.row_choices, options.accept_suggestions_from
    )
    mapping = detect_columns(
        table.rows, options.column_map, is_area=lambda t: _names_an_area(matcher, t, today)
    )
    choices.check(matcher, today, range(mapping.header_row + 1, len(table.rows) + 1))
    if options.keep_unmapped:
        kept = tuple(dataclasses.replace(c, kept=True) if c.values else c for c in mapping.unmapped)
        mapping = ColumnMapping(mapping.header_row, mapping.columns, kept)
    kept_columns = [c for c in mapping.unmapped if c.kept]
    fields = {name: mapping.for_field(name) for name in FIELDS}
    committees = {c.name.casefold(): c.id for c in list_committees(session)}
    data_rows = list(enumerate(table.rows, start=1))[mapping.header_row :]
    total = len(data_rows)
    drafts: list[tuple[RowReader, EngagementInput | None, AreaMatch | None, dt.date | None]] = []
    for done, (number, cells) in enumerate(data_rows, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled("The import was cancelled; nothing was written.")
        texts = tuple([c.strip() if type(c) is str else cell_text(c) for c in cells])
        reader = RowReader(fields, cells, texts, number)
        data = match = occurred_on = None
        if any(texts):
            refuse_controls(reader, fields, kept_columns)
            data, match, occurred_on = plan_row(
                reader, matcher, committee.id, options, choices, today, committees, kept_columns
            )
        drafts.append((reader, data, match, occurred_on))
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)
    refuse_guessed_dates([reader for reader, *_ in drafts])
    if for_writing:
        lock_committee_log(session, committee.id)
    existing = _existing_keys(session, committee.id, [d.occurred_on for _, d, _, _ in drafts if d])
    seen: dict[tuple[int, dt.date, int, str], int] = {}
    rows: list[PlannedRow] = []
    for reader, data, match, occurred_on in drafts:
        if reader.problems:
            rows.append(_planned(reader, "error", None, match, occurred_on))
            continue
        if data is None:
            rows.append(PlannedRow(reader.row, "blank", reader.texts))
            continue
        key = _key(data)
        if key in existing:
            why = f"already logged as engagement {existing[key]}"
            rows.append(_planned(reader, "duplicate", data, match, occurred_on, why))
        elif key in seen:
            why = f"same as row {seen[key]}"
            rows.append(_planned(reader, "duplicate", data, match, occurred_on, why))
        else:
            seen[key] = reader.row
            rows.append(_planned(reader, "add", data, match, occurred_on))
    if all(r.outcome == "blank" for r in rows):
        raise ImportFileError(
            f"{table.name} has a header row (row {mapping.header_row}) but no rows under it; "
            "there is nothing to import."
        )
    headers = tuple(cell_text(c) for c in table.rows[mapping.header_row - 1])
    return ImportPlan(
        table.name,
        committee.id,
        committee.name,
        mapping,
        headers,
        tuple(rows),
        table.sheet,
        options,
        table,
    )


def _planned(
    reader: RowReader,
    outcome: str,
    data: EngagementInput | None,
    match: AreaMatch | None,
    occurred_on: dt.date | None,
    duplicate_of: str = "",
) -> PlannedRow:
    return PlannedRow(
        reader.row,
        outcome,
        reader.texts,
        data,
        match,
        tuple(reader.problems),
        duplicate_of,
        reader.area_text,
        reader.suggestion,
        reader.candidates,
        occurred_on,
    )


def _names_an_area(matcher: AreaResolver, text: str, today: dt.date) -> bool:
    """Whether a cell reads as a footprint (exactly, ambiguously or close to one): what
    ``columns`` asks of a sample of a column's values."""
    try:
        matcher.match(text, today)
    except AreaRefusal as refusal:
        offered = refusal.suggestion
        return refusal.ambiguous or (offered is not None and offered.confidence >= CLOSEST_SCORE)
    except ValidationError:
        return False
    return True


def replan(
    database: Database,
    plan: ImportPlan,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """The plan of the rows ``plan`` read, with ``options`` (a decision, a column change)."""
    if plan.table is None:
        raise ValueError("this plan does not hold the rows it read")
    with database.session() as session:
        return plan_table(session, plan.table, options, progress=progress, cancelled=cancelled)


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
