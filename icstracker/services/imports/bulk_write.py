"""Writing an import's engagements a batch at a time instead of one ORM object at a time.

``log_engagement`` costs about 3 ms a row through the unit of work, so a 10,000-row log
took fifteen seconds. This writes the same rows with a handful of set-based statements:
areas and committees loaded once, one query per name table for the names already
known, one multi-row insert per table for the rest. Nothing here decides what a valid
engagement is: each row passes ``engagements.check_engagement`` and its names are matched
and added by the rules of ``_organisations``, ``_people`` and ``_topics`` (a name means
the row holding its ``name_key``, new ones are added with ``add_missing_names``,
``check_new_topic`` guards a new topic), so an imported row reads back exactly as a typed one would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from icstracker.db.bulk_insert import insert_rows
from icstracker.db.models import (
    Action,
    Area,
    Committee,
    Engagement,
    Organisation,
    Person,
    Topic,
    engagement_organisation,
    engagement_partner,
    engagement_person,
    engagement_representative,
    engagement_topic,
    name_key,
)
from icstracker.db.search_index import indexed_in_one_statement
from icstracker.db.types import utc_now
from icstracker.errors import OperationCancelled, ValidationError
from icstracker.services.engagement_checks import (
    check_engagement,
    check_partners_exist,
    partner_ids,
)
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.history import Snapshot, record_new, snapshot_of_values
from icstracker.services.name_register import add_missing_names, check_new_topic, clean_names
from icstracker.services.search_text import search_text_of

BATCH = 2_000  # engagements per round of inserts: cancel and progress are checked between
_IN_CHUNK = 500  # names per IN (...) list, well inside every backend's parameter limit

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _table(entity: type[object]) -> Table:
    table = getattr(entity, "__table__", None)
    assert isinstance(table, Table), entity
    return table


def _reserve_ids(session: Session, table: Table, count: int) -> list[int] | None:
    """The ids the next ``count`` rows of ``table`` get, taken before they are inserted.

    Knowing them up front lets the rows go in with a plain multi-row insert, and their
    link rows with them. SQLite's RETURNING promises no order (SQLAlchemy then falls back
    to a statement a row), and PostgreSQL's ordered RETURNING form made 1,000 rows cost
    a third of a second to parse. SQLite gets the next ids after the largest, exactly
    what it would pick itself for a table without AUTOINCREMENT: the import's write
    transaction holds its one write lock, so no one else can take them meanwhile (and a
    caller without the lock that lost the race would have the insert refused by the
    primary key, not rows mixed up). PostgreSQL hands them out from the column's own
    sequence, as it would for the inserts themselves.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        top = session.scalar(select(func.max(table.c.id))) or 0
        return list(range(top + 1, top + 1 + count))
    if dialect == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, table.c.id.name)
        query = select(func.nextval(sequence)).select_from(func.generate_series(1, count))
        return sorted(session.scalars(query))
    return None


def insert_with_ids(
    session: Session, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> list[int]:
    """Inserts ``rows`` (values for ``columns``) into ``table`` in one executemany; their
    new ids, in order."""
    if not rows:
        return []
    ids = _reserve_ids(session, table, len(rows))
    if ids is None:  # another backend: let it number them and say so, in order
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(
            session.scalars(statement, [dict(zip(columns, r, strict=True)) for r in rows]).all()
        )
    insert_rows(
        session.connection(),
        table,
        ("id", *columns),
        [(i, *row) for row, i in zip(rows, ids, strict=True)],
    )
    return ids


@dataclass
class _Name:
    """A row of a name table: already stored (``id`` set) or to be added by this import."""

    name: str
    key: str  # models.name_key of the name: what the single-row lookup matches on
    id: int | None = None


class _NameTable:
    """One name table's rows that an import's names could match, by ``name_key``.

    The single-row lookups find the row holding a name's key, adding it when there is
    none; the rows already stored are loaded once here instead of a query per row, and
    names this import adds are kept until ``insert_added``.
    """

    def __init__(self, session: Session, entity: type[object], wanted: set[str]) -> None:
        self.table = _table(entity)
        self.by_key: dict[str, _Name] = {}
        self.added: list[_Name] = []
        for row_id, name, key in self._stored(session, sorted(wanted)):
            self.by_key[key] = _Name(name, key, row_id)

    def _stored(self, session: Session, keys: list[str]) -> list[tuple[int, str, str]]:
        columns = self.table.c
        found: list[tuple[int, str, str]] = []
        for start in range(0, len(keys), _IN_CHUNK):
            query = select(columns.id, columns.name, columns.name_key).where(
                columns.name_key.in_(keys[start : start + _IN_CHUNK])
            )
            found.extend((row[0], row[1], row[2]) for row in session.execute(query))
        return found

    def resolve(
        self, names: list[str], check_new: Callable[[str], None] | None = None
    ) -> list[_Name]:
        """The rows ``names`` (already cleaned) link to, adding the ones not yet known."""
        result = []
        for name in names:
            key = name_key(name)
            match = self.by_key.get(key)
            if match is None:
                if check_new is not None:
                    check_new(name)
                match = self.by_key[key] = _Name(name, key)
                self.added.append(match)
            result.append(match)
        return result

    def undo_to(self, mark: int) -> None:
        """Forgets the names added since ``mark``, as a refused row's savepoint would."""
        while len(self.added) > mark:
            del self.by_key[self.added.pop().key]

    def insert_added(self, session: Session) -> None:
        """Adds the new names (``add_missing_names``: another user may add one of them at
        the same moment, and then theirs is the one linked) and learns their ids."""
        if not self.added:
            return
        add_missing_names(
            session, self.table, [{"name": n.name, "name_key": n.key} for n in self.added]
        )
        stored = {
            key: (row_id, name)
            for row_id, name, key in self._stored(session, sorted(n.key for n in self.added))
        }
        for added in self.added:
            added.id, added.name = stored[added.key]


@dataclass(slots=True)  # not frozen: made for every row, and a frozen one costs 5× as much
class _RowWrite:
    """One accepted row, with everything its insert needs except the ids of new names."""

    index: int
    data: EngagementInput
    kind: str
    organisations: list[_Name]
    people: list[_Name]
    representatives: list[_Name]
    topics: list[_Name]


@dataclass
class BulkWrite:
    """An import's accepted rows ready to write, and the ones the engagement rules refuse.

    ``refused`` maps a row's position in the list given to ``check_engagements`` to the
    error ``log_engagement`` would have raised for it; ``area_codes`` are the codes of the
    areas the check loaded, which the rows' history names them by.
    """

    total: int
    rows: list[_RowWrite]
    refused: dict[int, ValidationError]
    tables: tuple[_NameTable, ...]
    area_codes: dict[int, str]


def _load_areas(session: Session, rows: Sequence[EngagementInput]) -> dict[int, Area]:
    ids = sorted({r.area_id for r in rows})
    areas: dict[int, Area] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        query = select(Area).where(Area.id.in_(ids[start : start + _IN_CHUNK]))
        areas.update((a.id, a) for a in session.scalars(query))
    return areas


@dataclass(slots=True)  # as _RowWrite
class _Checked:
    """A row the engagement rules accept, with its names cleaned as ``_apply`` cleans them."""

    index: int
    data: EngagementInput
    kind: str
    organisations: list[str]
    people: list[str]
    representatives: list[str]
    topics: list[str]


class _Saved(NamedTuple):
    """A row's values as stored: worked out once for its insert, links and history."""

    title: str
    summary: str
    outcome: str
    organisations: list[str]
    people: list[str]
    representatives: list[str]
    topics: list[str]
    partners: list[int]
    actions: list[tuple[str, str | None, dt.date | None, dt.date | None]]


def _saved(row: _RowWrite) -> _Saved:
    data = row.data
    return _Saved(
        " ".join(data.title.split()),
        data.summary.strip(),
        data.outcome.strip(),
        [n.name for n in row.organisations],
        [n.name for n in row.people],
        [n.name for n in row.representatives],
        [n.name for n in row.topics],
        partner_ids(data),
        [
            (a.description.strip(), (a.owner or "").strip() or None, a.due_on, a.done_on)
            for a in data.actions
        ],
    )


def _snapshots(
    batch: Sequence[_RowWrite],
    saved: Sequence[_Saved],
    ids: list[int],
    committees: dict[int, str],
    codes: dict[int, str],
) -> Iterable[tuple[int, Snapshot]]:
    """Version 1 of each row just written, for its history, from the values at hand."""
    for row, values, engagement_id in zip(batch, saved, ids, strict=True):
        data = row.data
        yield (
            engagement_id,
            snapshot_of_values(
                committee=committees[data.committee_id],
                area=codes[data.area_id],
                occurred_on=data.occurred_on,
                kind=row.kind,
                title=values.title,
                summary=values.summary,
                outcome=values.outcome,
                organisations=values.organisations,
                people=values.people,
                representatives=values.representatives,
                topics=values.topics,
                partners=[committees[c] for c in values.partners],
                actions=values.actions,
                not_for_partners=False,
                deleted=False,
                rating=data.rating,
                internal_note="",
            ),
        )


def _wanted(names: Iterable[list[str]]) -> set[str]:
    return {name_key(name) for some in names for name in some}


def check_engagements(
    session: Session, rows: Sequence[EngagementInput], today: dt.date
) -> BulkWrite:
    """Every row checked as ``log_engagement`` would check it, and its names resolved.

    Rows are taken in order, as the one-at-a-time import took them, so a name first met
    in a refused row is added by the next good row that names it, not lost or doubled.
    """
    if not rows:
        return BulkWrite(0, [], {}, (), {})
    areas = _load_areas(session, rows)
    wanted_committees = sorted(
        {r.committee_id for r in rows} | {p for r in rows for p in r.partner_committee_ids}
    )
    committees = set(
        session.scalars(select(Committee.id).where(Committee.id.in_(wanted_committees)))
    )
    checked: list[_Checked] = []
    refused: dict[int, ValidationError] = {}
    for index, data in enumerate(rows):
        try:
            _area, kind = check_engagement(
                data, today, committee_exists=committees.__contains__, area_of=areas.get
            )
            check_partners_exist(partner_ids(data), committees)
        except ValidationError as error:
            refused[index] = error
            continue
        checked.append(
            _Checked(
                index,
                data,
                kind,
                clean_names(data.organisations),
                clean_names(data.people),
                clean_names(data.representatives),
                clean_names(data.topics),
            )
        )
    organisations = _NameTable(session, Organisation, _wanted(c.organisations for c in checked))
    people = _NameTable(
        session,
        Person,
        _wanted([*(c.people for c in checked), *(c.representatives for c in checked)]),
    )
    topics = _NameTable(session, Topic, _wanted(c.topics for c in checked))
    accepted: list[_RowWrite] = []
    for row in checked:
        marks = (len(organisations.added), len(people.added), len(topics.added))
        try:
            # In the order of _apply, whose representatives can reuse a person its own
            # people list has just added.
            accepted.append(
                _RowWrite(
                    row.index,
                    row.data,
                    row.kind,
                    organisations.resolve(row.organisations),
                    people.resolve(row.people),
                    people.resolve(row.representatives),
                    topics.resolve(row.topics, check_new_topic),
                )
            )
        except ValidationError as error:
            refused[row.index] = error
            for table, mark in zip((organisations, people, topics), marks, strict=True):
                table.undo_to(mark)
    codes = {area_id: area.code for area_id, area in areas.items()}
    return BulkWrite(len(rows), accepted, refused, (organisations, people, topics), codes)


_LINKS = (
    (engagement_organisation, "organisation_id", "organisations"),
    (engagement_person, "person_id", "people"),
    (engagement_representative, "person_id", "representatives"),
    (engagement_topic, "topic_id", "topics"),
)


_ENGAGEMENT_COLUMNS = (
    "committee_id",
    "area_id",
    "occurred_on",
    "kind",
    "title",
    "summary",
    "outcome",
    "rating",
    "search_text",
    "created_at",
    "updated_at",
    "deleted_at",
    "version",
)
_ACTION_COLUMNS = ("engagement_id", "description", "owner", "due_on", "done_on")


def write_engagements(
    session: Session,
    plan: BulkWrite,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[int]:
    """Inserts the accepted rows as ``log_engagement`` would store them; their new ids.

    Version 1 is what the mapper's ``version_id_col`` gives a new row; the ids are
    reserved before each batch (``insert_with_ids``), so they are in the rows' order.
    """
    for names in plan.tables:
        names.insert_added(session)
        # Every name a row links to now has its id, stored before or just added.
        assert all(n.id is not None for n in names.by_key.values())
    engagement = _table(Engagement)
    added: list[int] = []
    committees = dict(session.execute(select(Committee.id, Committee.name)).all())
    connection = session.connection()
    # The full-text index takes the new rows in one statement (``db/search_index.py``).
    with indexed_in_one_statement(connection):
        for start in range(0, len(plan.rows), BATCH):
            if cancelled is not None and cancelled():
                raise OperationCancelled("The import was cancelled; nothing was written.")
            batch = plan.rows[start : start + BATCH]
            now = utc_now()
            saved = [_saved(row) for row in batch]
            values = [
                (
                    row.data.committee_id,
                    row.data.area_id,
                    row.data.occurred_on,
                    row.kind,
                    kept.title,
                    kept.summary,
                    kept.outcome,
                    row.data.rating,
                    search_text_of(
                        kept.title,
                        kept.summary,
                        kept.outcome,
                        kept.organisations,
                        kept.people + kept.representatives,
                        kept.topics,
                    ),
                    now,
                    now,
                    None,
                    1,
                )
                for row, kept in zip(batch, saved, strict=True)
            ]
            ids = insert_with_ids(session, engagement, _ENGAGEMENT_COLUMNS, values)
            for table, column, field in _LINKS:
                pairs = [
                    (engagement_id, name.id)
                    for row, engagement_id in zip(batch, ids, strict=True)
                    for name in getattr(row, field)
                ]
                insert_rows(connection, table, ("engagement_id", column), pairs)
            partners = [
                (engagement_id, committee_id)
                for kept, engagement_id in zip(saved, ids, strict=True)
                for committee_id in kept.partners
            ]
            insert_rows(connection, engagement_partner, ("engagement_id", "committee_id"), partners)
            actions = [
                (engagement_id, *action)
                for kept, engagement_id in zip(saved, ids, strict=True)
                for action in kept.actions
            ]
            insert_rows(connection, _table(Action), _ACTION_COLUMNS, actions)
            record_new(session, _snapshots(batch, saved, ids, committees, plan.area_codes))
            added.extend(ids)
            if progress is not None:
                done = batch[-1].index + 1 if start + BATCH < len(plan.rows) else plan.total
                progress(done, plan.total)
    if progress is not None and plan.total and not plan.rows:
        progress(plan.total, plan.total)  # every row was refused: still say it finished
    return added
