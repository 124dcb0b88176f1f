"""The log a page at a time: a filter's first rows in constant time, at any size of log.

The window used to read every id a filter matched (up to 130,000 at a million
engagements) before it showed one row. Here a page is an ``ORDER BY … LIMIT`` that an
index answers by reading little more than the rows it returns, and the next page starts
after the last row's sort key and id (keyset paging), so neither cost grows with the
log. How many rows match is counted apart (``count_engagements``), after the first page
is shown.

Three shapes keep a page on an index:

* A committee with joint engagements is two parts, the rows it logged and the rows it
  joined (``committee_scope.committee_parts``). An OR of them makes SQLite sort the
  whole log; the first rows of the union are the first rows of each part's first rows.
* A text search on SQLite first reads the next ``WALK`` rows in order and keeps those
  holding the words: a common word fills a page from a few hundred rows, where the
  full-text index would read every row holding each of its trigrams. Only when those
  rows do not decide the page does it use the index (a rare word: few rows to read).
* Titles and kinds sort on indexes of (committee, deleted, title or kind).

Rows come back as (sort key, id), so a caller can ask for the page after or before
one it has. The rows and their order are exactly ``engagement_queries.engagement_ids``',
which stays the whole-list reference (``tests/unit/services/test_engagement_pages.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session

from icstracker.db.models import Engagement
from icstracker.db.search_index import sqlite_index_ready
from icstracker.services.committee_scope import committee_parts
from icstracker.services.engagement_filter import (
    EngagementFilter,
    filter_condition,
    like_conditions,
)
from icstracker.services.engagement_queries import SortColumn, sort_column, with_sort_joins
from icstracker.text import search_fold

# Rows read in order before a text search turns to the full-text index: a word in one
# row in twenty fills a 200-row page from them (~5-20 ms at a million engagements).
WALK = 4000
# Sort keys that are never NULL: a keyset on them is a range an index can seek.
NOT_NULL_KEYS = frozenset({"date", "area", "kind", "title", "committee", "updated", "id"})

Key = tuple[Any, int]  # (sort value, engagement id): where a row stands in the order


@dataclasses.dataclass(frozen=True)
class LogOrder:
    sort: str = "date"
    descending: bool = True

    def reversed(self) -> LogOrder:
        return dataclasses.replace(self, descending=not self.descending)


def page(
    session: Session,
    criteria: EngagementFilter,
    order: LogOrder,
    *,
    limit: int,
    after: Key | None = None,
    before: Key | None = None,
    offset: int = 0,
) -> list[Key]:
    """Up to ``limit`` rows of the filtered log in ``order``: the first ones, or those
    just after ``after`` (or just before ``before``), less the first ``offset`` of them
    (a jump to a page far from any read before)."""
    if before is not None:
        return page(session, criteria, order.reversed(), limit=limit, after=before)[::-1]
    wanted = offset + limit
    parts = _parts(session, criteria)
    if _is_sqlite(session):
        found: list[Key] = []
        for number, part in enumerate(parts):
            found.extend(_sqlite_part(session, criteria, order, part, after, wanted, number))
        if len(parts) > 1:
            found.sort(key=_sqlite_order(order), reverse=order.descending)
        return found[offset:wanted]
    queries = [_part_query(session, criteria, order, part, after) for part in parts]
    if len(queries) == 1:
        return _keys(session, queries[0].offset(offset).limit(limit))
    merged = union_all(*(select(q.limit(wanted).subquery()) for q in queries)).subquery()
    key, engagement_id = merged.c[0], merged.c[1]
    ordered = _order_by(key, engagement_id, order.descending)
    return _keys(session, select(key, engagement_id).order_by(*ordered).offset(offset).limit(limit))


def count_engagements(session: Session, criteria: EngagementFilter) -> int:
    """How many rows the filter matches, each committee part counted on its own index."""
    total = 0
    for part in _parts(session, criteria):
        query = select(func.count()).select_from(Engagement).where(part, _rest(session, criteria))
        total += session.scalar(query) or 0
    return total


def position(
    session: Session, criteria: EngagementFilter, order: LogOrder, engagement_id: int
) -> int | None:
    """The row an engagement is on in the filtered log (the rows before it, counted), or
    None when the filter leaves it out."""
    column = sort_column(session, order.sort)
    query = with_sort_joins(select(column).select_from(Engagement), order.sort)
    shown = and_(Engagement.id == engagement_id, filter_condition(session, criteria))
    row = session.execute(query.where(shown)).first()
    if row is None:
        return None
    earlier = _after(session, order.reversed(), column, (row[0], engagement_id))
    total = 0
    for part in _parts(session, criteria):
        counted = with_sort_joins(select(func.count()).select_from(Engagement), order.sort)
        total += session.scalar(counted.where(part, _rest(session, criteria), earlier)) or 0
    return total


def first_of(
    session: Session, criteria: EngagementFilter, order: LogOrder, ids: Sequence[int]
) -> int | None:
    """The first of ``ids`` in the filtered log as ordered, or None if it shows none."""
    if not ids:
        return None
    column = sort_column(session, order.sort)
    query = with_sort_joins(select(Engagement.id).select_from(Engagement), order.sort).where(
        filter_condition(session, criteria), Engagement.id.in_(sorted(set(ids)))
    )
    return session.scalar(query.order_by(*_order_by(column, Engagement.id, order.descending)))


# --- the queries -------------------------------------------------------------------


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _parts(session: Session, criteria: EngagementFilter) -> list[ColumnElement[bool]]:
    if criteria.committee_id is None:
        return [true()]
    return committee_parts(session, criteria.committee_id, criteria.joins_others)


def _rest(session: Session, criteria: EngagementFilter, *, text: bool = True) -> Any:
    """Every condition of the filter but the committee's, which ``_parts`` splits, and
    (unless ``text``) the search words'. Built once per session: a page asks for it for
    each part, and a footprint's condition reads its dated memberships."""
    built: dict[tuple[EngagementFilter, bool], Any] = session.info.setdefault(_REST, {})
    if (criteria, text) not in built:
        others = dataclasses.replace(
            criteria, committee_id=None, text=criteria.text if text else ""
        )
        built[(criteria, text)] = filter_condition(session, others)
    return built[(criteria, text)]


_REST = "engagement_pages.rest"


def _part_query(
    session: Session,
    criteria: EngagementFilter,
    order: LogOrder,
    part: ColumnElement[bool],
    after: Key | None,
    *,
    text: ColumnElement[bool] | None = None,
) -> Select[Any, int]:
    """One part's rows in order (sort key, id); the search words as ``text`` if given,
    else as the filter has them."""
    column = sort_column(session, order.sort)
    query = with_sort_joins(select(column, Engagement.id).select_from(Engagement), order.sort)
    query = query.where(part, _rest(session, criteria, text=text is None))
    if text is not None:
        query = query.where(text)
    if after is not None:
        query = query.where(_after(session, order, column, after))
    return query.order_by(*_order_by(column, Engagement.id, order.descending))


def _sqlite_part(
    session: Session,
    criteria: EngagementFilter,
    order: LogOrder,
    part: ColumnElement[bool],
    after: Key | None,
    limit: int,
    number: int,
) -> list[Key]:
    words = search_fold(criteria.text).split()
    if words and number > 0:
        # The rows a committee joined are a few hundredths of the log: read them.
        likes = and_(true(), *like_conditions(words))
        query = _part_query(session, criteria, order, part, after, text=likes)
        return _keys(session, query.limit(limit))
    if words and sqlite_index_ready(session.connection()):
        walked = _walked(session, criteria, order, part, after, words, limit)
        if walked is not None:
            return walked
    return _keys(session, _part_query(session, criteria, order, part, after).limit(limit))


def _walked(
    session: Session,
    criteria: EngagementFilter,
    order: LogOrder,
    part: ColumnElement[bool],
    after: Key | None,
    words: list[str],
    limit: int,
) -> list[Key] | None:
    """The page from the next ``WALK`` rows in order, or None when those hold too few
    matches to decide it (rows after them might belong on the page)."""
    unsearched = _part_query(session, criteria, order, part, after, text=true())
    walk = unsearched.add_columns(Engagement.search_text).limit(WALK).subquery()
    key, engagement_id, text = walk.c[0], walk.c[1], walk.c[2]
    matching = like_conditions(words, text)
    query = select(key, engagement_id).where(*matching)
    found = _keys(session, query.order_by(*_order_by(key, engagement_id, order.descending)))
    if len(found) >= limit:
        return found[:limit]
    read = session.scalar(select(func.count()).select_from(unsearched.limit(WALK).subquery()))
    return found if (read or 0) < WALK else None


def _order_by(key: Any, engagement_id: Any, descending: bool) -> list[Any]:
    if descending:
        return [key.desc(), engagement_id.desc()]
    return [key.asc(), engagement_id.asc()]


def _keys(session: Session, query: Select[Any, int]) -> list[Key]:
    return [(value, engagement_id) for value, engagement_id in session.execute(query)]


def _after(session: Session, order: LogOrder, column: SortColumn, key: Key) -> Any:
    """Rows that come after ``key`` in ``order``. A key that is never NULL is a range an
    index seeks (``key >= k AND (key > k OR id > i)``); a NULL sorts first on SQLite and
    last on PostgreSQL, where ``ORDER BY`` puts it."""
    value, engagement_id = key
    later_id = Engagement.id < engagement_id if order.descending else Engagement.id > engagement_id
    if order.sort in NOT_NULL_KEYS:
        if order.descending:
            return and_(column <= value, or_(column < value, later_id))
        return and_(column >= value, or_(column > value, later_id))
    nulls_smallest = _is_sqlite(session)
    larger = not order.descending  # which way "after" goes
    if value is None:
        beyond = column.is_not(None) if nulls_smallest == larger else literal(False)
        return or_(beyond, and_(column.is_(None), later_id))
    further = column > value if larger else column < value
    if nulls_smallest != larger:  # the NULLs lie beyond every value this way
        further = or_(further, column.is_(None))
    return or_(further, and_(column == value, later_id))


def _sqlite_order(order: LogOrder) -> Callable[[Key], tuple[Any, ...]]:
    """SQLite's order as a Python key, to merge the committee parts' rows: NULL first,
    text by code point (BINARY), titles with A-Z folded (NOCASE)."""

    def key(item: Key) -> tuple[Any, ...]:
        value, engagement_id = item
        if value is None:
            return (0, 0, engagement_id)
        if order.sort == "title":
            value = value.translate(_ASCII_LOWER)
        return (1, value, engagement_id)

    return key


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
