"""Reading one row of a legacy sheet into an engagement, or into the reasons it cannot be.

Every cell of the row is read through the column mapping by the readers the form and the
command line use (dates, kinds, levels, areas), and every problem found is kept, so the
person sees all of a row's problems at once. An area the resolver cannot place is refused
with its closest area, of the row's date, for the person to accept (``decisions``).
Columns that are not imported can be kept in the summary under their headers, so nothing
in the file is lost without the person having chosen it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from icstracker.errors import ImportRowError, ValidationError
from icstracker.services.area_resolver import AreaCandidate, AreaMatch, AreaRefusal, AreaResolver
from icstracker.services.dates import check_engagement_date, slashed_order
from icstracker.services.engagement_checks import MAX_TITLE
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.imports.columns import AREA_HINTS, MappedColumn, UnmappedColumn
from icstracker.services.imports.decisions import ACCEPTED, AreaChoices
from icstracker.services.imports.options import ImportOptions
from icstracker.services.imports.reading import Cell
from icstracker.services.imports.values import (
    parse_cell_date,
    parse_kind,
    parse_level,
    parse_rating,
    split_actions,
    split_names,
    split_people,
)
from icstracker.text import CONTROL_CHARACTERS, control_name

# What a follow-up is called when the row gives its owner or due date but no words.
UNDESCRIBED_ACTION = "Follow up"


class RowReader:
    """Reads one row's cells through the mapping, collecting every problem it finds.

    Each cell's text is worked out once for the row (``texts``) and the columns of each
    field once for the whole import (``fields``): a 10,000-row file asked for them
    hundreds of thousands of times. ``area_text``, ``suggestion`` and ``candidates`` say
    what the row's area cell held and, if it was refused, what it might mean.
    """

    __slots__ = (
        "fields",
        "cells",
        "texts",
        "row",
        "problems",
        "area_text",
        "suggestion",
        "candidates",
    )

    def __init__(
        self,
        fields: Mapping[str, tuple[MappedColumn, ...]],
        cells: Sequence[Cell],
        texts: tuple[str, ...],
        row: int,
    ) -> None:
        self.fields = fields
        self.cells = cells
        self.texts = texts
        self.row = row
        self.problems: list[ImportRowError] = []
        self.area_text = ""
        self.suggestion: AreaMatch | None = None
        self.candidates: tuple[AreaCandidate, ...] = ()

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


def refuse_controls(
    reader: RowReader,
    fields: Mapping[str, tuple[MappedColumn, ...]],
    kept: Sequence[UnmappedColumn] = (),
) -> None:
    """Fails the row if a column it imports holds a control character (NUL, BEL, ESC…).

    They are invisible in Excel but stored as they are, and listing the engagement later
    wrote them raw to a terminal (an ESC sequence can rewrite the screen). Refused with the
    row named rather than removed: a control character in a log usually means the cell
    was pasted from somewhere broken, and the person should see which one. Columns kept in
    the summary are imported too, so they are checked the same way.
    """
    if CONTROL_CHARACTERS.search("".join(reader.texts)) is None:
        return
    columns = [c for group in fields.values() for c in group]
    columns += [MappedColumn(c.index, c.name, "summary") for c in kept]
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


def refuse_guessed_dates(readers: list[RowReader]) -> None:
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
    dated: list[tuple[RowReader, MappedColumn, str]] = []
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


def _partner_ids(reader: RowReader, committees: Mapping[str, int], own_id: int) -> tuple[int, ...]:
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


def _area(
    reader: RowReader,
    matcher: AreaResolver,
    choices: AreaChoices,
    occurred_on: dt.date,
    level: str | None,
    level_column: MappedColumn | None,
) -> AreaMatch | None:
    """The row's area: the person's choice if any, else the resolver's answer, else a
    suggestion they accepted by its score; a refusal keeps what the text might mean."""
    area_column, _, area_text = reader.first("area")
    reader.area_text = area_text
    choice = choices.for_row(reader.row, area_text)
    try:
        if choice is not None:
            code, method = choice
            chosen = matcher.match(code, occurred_on, level=level, fuzzy=False)
            match = AreaMatch(chosen.area, method, 100.0)
        else:
            hint = AREA_HINTS.get(area_column.rank) if area_column else None
            try:
                match = matcher.match(area_text, occurred_on, level=level, hint=hint)
            except AreaRefusal as refusal:
                offered = refusal.suggestion
                if offered is None or not choices.accepts(offered):
                    raise
                match = AreaMatch(offered.area, ACCEPTED, offered.confidence)
        if not match.area.is_valid_on(occurred_on):
            raise ValidationError(
                "area",
                f"{match.area.label} was not in use on {occurred_on:%d/%m/%Y}; name the "
                "area of that time.",
            )
    except AreaRefusal as refusal:
        reader.suggestion = refusal.suggestion
        reader.candidates = refusal.candidates if refusal.ambiguous else ()
        reader.fail(level_column if refusal.field == "level" else area_column, refusal)
        return None
    except ValidationError as error:
        reader.fail(level_column if error.field == "level" else area_column, error)
        return None
    return match


def _actions(reader: RowReader, occurred_on: dt.date | None) -> tuple[ActionInput, ...]:
    """The row's follow-ups: one per line or ``;`` item of its actions, each with the row's
    owner and due date (a due date or owner without words is still a follow-up)."""
    descriptions = split_actions(reader.text("action"))
    owner = " ".join(reader.text("action_owner").split()) or None
    due_column, due_cell, due_text = reader.first("action_due")
    due: dt.date | None = None
    if due_text:
        try:
            due = parse_cell_date(due_cell)
        except ValidationError as error:
            reader.fail(due_column, ValidationError("action_due", error.message))
        if due is not None and occurred_on is not None and due < occurred_on:
            reader.fail(
                due_column,
                ValidationError(
                    "action_due",
                    f"the follow-up is due on {due:%d/%m/%Y}, before the engagement itself "
                    f"({occurred_on:%d/%m/%Y}).",
                ),
            )
    if not descriptions and (owner or due):
        descriptions = (UNDESCRIBED_ACTION,)
    return tuple(ActionInput(d, owner, due) for d in descriptions)


def kept_text(reader: RowReader, kept: Sequence[UnmappedColumn]) -> str:
    """The row's cells of the columns kept in the summary, as ``Header: value`` lines."""
    lines = []
    for column in kept:
        if column.index < len(reader.texts) and reader.texts[column.index]:
            lines.append(f"{column.name}: {reader.texts[column.index]}")
    return "\n".join(lines)


def plan_row(
    reader: RowReader,
    matcher: AreaResolver,
    committee_id: int,
    options: ImportOptions,
    choices: AreaChoices,
    today: dt.date,
    committees: Mapping[str, int],
    kept: Sequence[UnmappedColumn],
) -> tuple[EngagementInput | None, AreaMatch | None, dt.date | None]:
    """The engagement the row describes (None if it has problems), its area and its date."""
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
    match: AreaMatch | None = None
    if occurred_on is not None:
        match = _area(reader, matcher, choices, occurred_on, level, level_column)
    else:
        reader.area_text = reader.first("area")[2]
    partners = _partner_ids(reader, committees, committee_id)
    actions = _actions(reader, occurred_on) if reader.fields.get("action") else ()
    if reader.problems or occurred_on is None or match is None:
        return None, match, occurred_on
    summary = reader.text("summary")
    if kept:
        extra = kept_text(reader, kept)
        summary = f"{summary}\n\n{extra}" if summary and extra else summary or extra
    data = EngagementInput(
        committee_id=committee_id,
        area_id=match.area.id,
        occurred_on=occurred_on,
        kind=kind,
        title=title,
        summary=summary,
        outcome=reader.text("outcome"),
        rating=rating,
        organisations=split_names(reader.text("organisations")),
        people=split_people(reader.text("people")),
        representatives=split_people(reader.text("representatives")),
        topics=split_names(reader.text("topics"), commas=True),
        actions=actions,
        partner_committee_ids=partners,
    )
    return data, match, occurred_on
