"""Reading the log: ids in order, rows for a page, and counts by level and footprint.

The window's table holds only the ordered ids of the filtered log (one query) and asks
for the rows of the page it shows; the command line and reports use the same calls, so
what is listed, shown and counted can never disagree.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, Table, bindparam, func, select
from sqlalchemy.orm import QueryableAttribute, Session, aliased

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
)
from icstracker.errors import ValidationError
from icstracker.services.engagement_filter import EngagementFilter, filter_condition
from icstracker.services.footprint_history import membership_index
from icstracker.vocabulary import LEVEL_KEYS


@dataclass(frozen=True)
class EngagementRow:
    id: int
    occurred_on: dt.date
    level: str | None
    footprint_code: str | None
    footprint: str | None
    area_code: str
    area: str
    kind: str
    title: str
    organisations: str
    people: str
    open_actions: int
    committee: str


_System = aliased(Area)
SortColumn = ColumnElement[Any] | QueryableAttribute[Any]

SORT_KEYS = (
    "date",
    "level",
    "footprint",
    "area",
    "kind",
    "title",
    "committee",
    "updated",
    "id",
)


def sort_column(session: Session, key: str) -> SortColumn:
    """The SQL a sort key orders by; ``with_sort_joins`` adds the tables it reads.

    Titles sort without regard to case. On SQLite that is ``COLLATE NOCASE``, which an
    index can serve (the window's title sort at 1,000,000 engagements: 0.1 ms instead of
    reading and lower-casing 130,000 titles); the connection's own ``lower()`` is Python's
    and no index may use it. NOCASE folds A-Z only, so two titles that differ only in the
    case of a letter outside ASCII ("CAFÉ", "café") sort apart. PostgreSQL indexes
    ``lower(title)`` itself.
    """
    if key == "title":
        if session.get_bind().dialect.name == "sqlite":
            return Engagement.title.collate("NOCASE")
        return func.lower(Engagement.title)
    columns: dict[str, SortColumn] = {
        "date": Engagement.occurred_on,
        "level": Area.level_key,
        "footprint": _System.short_name,
        "area": Area.short_name,
        "kind": Engagement.kind,
        "committee": Committee.name,
        "updated": Engagement.updated_at,
        "id": Engagement.id,
    }
    if key not in columns:
        raise ValidationError("sort", f"Cannot sort by '{key}'; use one of {', '.join(SORT_KEYS)}.")
    return columns[key]


Query = TypeVar("Query", bound=Select)  # type: ignore[type-arg]


def with_sort_joins(query: Query, key: str) -> Query:
    """``query`` (from ``Engagement``) with the tables sort key ``key`` reads joined."""
    if key in ("level", "footprint", "area"):
        query = query.join(Area, Area.id == Engagement.area_id)
    if key == "footprint":
        query = query.outerjoin(_System, _System.id == Area.system_id)
    if key == "committee":
        query = query.join(Committee, Committee.id == Engagement.committee_id)
    return query


def _ordered_ids(
    session: Session, criteria: EngagementFilter, sort: str, descending: bool
) -> Select[int]:
    column = sort_column(session, sort)
    query = with_sort_joins(select(Engagement.id).where(filter_condition(session, criteria)), sort)
    order = column.desc() if descending else column.asc()
    tie = Engagement.id.desc() if descending else Engagement.id.asc()
    return query.order_by(order, tie)


def engagement_ids(
    session: Session,
    criteria: EngagementFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    query = _ordered_ids(session, criteria, sort, descending).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def last_change(session: Session) -> tuple[int | None, dt.datetime | None]:
    """The newest engagement and the newest change to any: both move on every write to the
    log (a soft delete and an edit set ``updated_at``), from this window or anyone else's.
    Two indexed lookups, so a view can ask before deciding to recount."""
    # Two subqueries, not one select of both: SQLite answers a lone max() from an index.
    newest, changed = session.execute(
        select(
            select(func.max(Engagement.id)).scalar_subquery(),
            select(func.max(Engagement.updated_at)).scalar_subquery(),
        )
    ).one()
    return newest, changed


def count_engagements(session: Session, criteria: EngagementFilter) -> int:
    query = select(func.count()).select_from(Engagement).where(filter_condition(session, criteria))
    return session.scalar(query) or 0


_Partner = aliased(Committee)
# Between the names of one engagement's organisations (people, partners) in one cell of
# the query; names hold no control characters (``engagements._check_controls``).
_NAMES_APART = "\x1f"


def _names(link: Table, entity: Any) -> Any:
    """The names ``Engagement`` links to through ``link``, in one string (any order)."""
    (other,) = [c for c in link.c if c.name != "engagement_id"]
    return (
        select(func.aggregate_strings(entity.name, _NAMES_APART))
        .select_from(link)
        .join(entity, entity.id == other)
        .where(link.c.engagement_id == Engagement.id)
        .scalar_subquery()
    )


def _sorted_names(joined: str | None) -> list[str]:
    return sorted(joined.split(_NAMES_APART)) if joined else []


@functools.cache
def _rows_query() -> Select[*tuple[Any, ...]]:
    """The rows of ``engagement_rows``, built once: its 200 ids are one expanding
    parameter, so a page costs neither building the statement nor 200 literals' worth of
    SQLAlchemy's coercion and cache key (half its time at 1,000,000 engagements)."""
    open_actions = (
        select(func.count())
        .select_from(Action)
        .where(Action.engagement_id == Engagement.id, Action.done_on.is_(None))
        .scalar_subquery()
    )
    return (
        select(
            Engagement.id,
            Engagement.occurred_on,
            Area.level_key,
            _System.code,
            _System.short_name,
            Area.code,
            Area.short_name,
            Engagement.kind,
            Engagement.title,
            Committee.name,
            _names(engagement_organisation, Organisation),
            _names(engagement_person, Person),
            _names(engagement_partner, _Partner),
            open_actions,
        )
        .join(Area, Area.id == Engagement.area_id)
        .outerjoin(_System, _System.id == Area.system_id)
        .join(Committee, Committee.id == Engagement.committee_id)
        .where(Engagement.id.in_(bindparam("ids", expanding=True)))
    )


def engagement_rows(session: Session, ids: list[int]) -> list[EngagementRow]:
    """Rows for the given ids, in the order given (the order of the sorted id list).

    One query, the linked names and open follow-ups as subqueries: the window asks for
    a page of 200 at a time, and five queries of 200 ids each cost three times as much."""
    if not ids:
        return []
    base = session.execute(_rows_query(), {"ids": list(ids)}).all()
    rows = {
        row[0]: EngagementRow(
            id=row[0],
            occurred_on=row[1],
            level=row[2],
            footprint_code=row[3],
            footprint=row[4],
            area_code=row[5],
            area=row[6],
            kind=row[7],
            title=row[8],
            organisations="; ".join(_sorted_names(row[10])),
            people="; ".join(_sorted_names(row[11])),
            open_actions=row[13] or 0,
            committee=with_partners(row[9], _sorted_names(row[12])),
        )
        for row in base
    }
    return [rows[i] for i in ids if i in rows]


def with_partners(committee: str, partners: Sequence[str]) -> str:
    """How a joint engagement names its committees in one cell: the one that logged it
    first, so a sort by committee still groups each committee's own records."""
    return f"{committee} (joint with {', '.join(partners)})" if partners else committee


def linked_names(
    session: Session,
    link: Table,
    entity: type[Organisation | Person | Topic | Committee],
    ids: list[int],
) -> dict[int, list[str]]:
    """The sorted names an engagement links to through ``link``, for each of ``ids``.

    ``link`` is an association table with ``engagement_id`` and one other foreign key,
    to ``entity``'s table.
    """
    (other,) = [c for c in link.c if c.name != "engagement_id"]
    query = (
        select(link.c.engagement_id, entity.name)
        .join(entity, entity.id == other)
        .where(link.c.engagement_id.in_(ids))
    )
    found: dict[int, list[str]] = defaultdict(list)
    for engagement_id, name in session.execute(query):
        found[engagement_id].append(name)
    return {key: sorted(names) for key, names in found.items()}


def list_engagements(
    session: Session,
    criteria: EngagementFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[EngagementRow]:
    ids = engagement_ids(
        session, criteria, sort=sort, descending=descending, limit=limit, offset=offset
    )
    return engagement_rows(session, ids)


def counts_by_level(session: Session, criteria: EngagementFilter) -> dict[str, int]:
    """Engagements per planning level (system, place, neighbourhood), zeros included."""
    query = (
        select(Area.level_key, func.count())
        .select_from(Engagement)
        .join(Area, Area.id == Engagement.area_id)
        .where(filter_condition(session, criteria))
        .group_by(Area.level_key)
    )
    counts = dict.fromkeys(LEVEL_KEYS, 0)
    for level, count in session.execute(query):
        if level is not None:
            counts[level] = count
    return counts


@dataclass(frozen=True)
class AreaCount:
    """Engagements logged against one area (not those inside it), and the area's level.

    ``then`` names the footprints the area lay inside on those engagements' dates that
    today's tree does not put above it (Harlow's 2024 meetings: Hertfordshire and West
    Essex), so the tree counts a closed ICB as the filter on it finds."""

    path: str
    level: str | None
    count: int
    then: tuple[str, ...] = ()


def area_counts(session: Session, criteria: EngagementFilter) -> list[AreaCount]:
    """One grouped query: engagements per area logged against, with the area's level.

    A level belongs to the area, so the counts for any one level are these rows with
    that level: a window that keeps them (``roll_up``) answers a level click without
    asking the database again. Grouped by era too (a handful of spans of dates between
    footprint changes), so at most a few rows per area (~1,840), however long the log.
    """
    index = membership_index(session)
    era = index.era_of()
    query = (
        select(Area.id, Area.path, Area.level_key, era, func.count())
        .select_from(Engagement)
        .join(Area, Area.id == Engagement.area_id)
        .where(filter_condition(session, criteria))
        .group_by(Area.id, Area.path, Area.level_key, era)
    )
    merged: dict[tuple[str, str | None, tuple[str, ...]], int] = defaultdict(int)
    for area_id, path, level, number, count in session.execute(query):
        merged[(path, level, index.outside_path(area_id, path, int(number)))] += count
    return [AreaCount(path, level, count, then) for (path, level, then), count in merged.items()]


def roll_up(counts: Sequence[AreaCount], level: str | None = None) -> dict[str, int]:
    """Each count added to every area on its roll-up path, keyed by area code: a PCN's
    engagements also count for its council, its ICB and its region; and to the footprints
    it lay inside then (``AreaCount.then``). Only areas of ``level`` when given; areas
    with no engagements are absent."""
    totals: dict[str, int] = defaultdict(int)
    for area in counts:
        if level is None or area.level == level:
            for code in (*area.path.strip("/").split("/"), *area.then):
                totals[code] += area.count
    return dict(totals)


def footprint_counts(session: Session, criteria: EngagementFilter) -> dict[str, int]:
    """Engagements in each footprint *including everything inside it*, keyed by area code.

    One grouped query by area (``area_counts``), then rolled up (``roll_up``).
    """
    return roll_up(area_counts(session, criteria))
