"""Where an engagement's area was on the day it happened: footprints "as then".

The roll-up tree (``Area.path``) says where an area counts *today*; ``AreaMembership``
rows say what it lay inside *then*. Both views are wanted: a Thames Valley committee's
filter must find a May 2026 Slough meeting (today's tree), while a filter on
Hertfordshire and West Essex, closed in March 2026, must find the 2024 Harlow meeting
that was inside it (the history). A report chooses one view for its ICS table and says
which (``FootprintView``).

Only main memberships count here: a council split across ICBs is filed under the one
holding most of it, then as now, so an engagement is counted under one ICB, never two.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, true
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import (
    Area,
    AreaMembership,
    Engagement,
    ReferenceUpdate,
    Setting,
    in_use_on,
)
from icstracker.db.reference.loader import CHECKSUM_KEY


class FootprintView(StrEnum):
    """Which ICBs a report groups engagements by."""

    NOW = "now"
    THEN = "then"

    @property
    def label(self) -> str:
        if self is FootprintView.THEN:
            return "as then: each engagement under the ICB (or STP) of its own date"
        return "as now: each engagement under today's ICB, whatever its date"


def within_condition(session: Session, area: Area) -> ColumnElement[bool]:
    """Engagements inside ``area`` today, or inside it on their own date.

    The history part is one ``area_id IN (...) AND date BETWEEN ...`` per span of dates
    (an ICB's members share a handful of spans), so it stays an index lookup.
    """
    now = Engagement.area_id.in_(
        select(Area.id).where(Area.path.startswith(area.path, autoescape=True))
    )
    spans: dict[tuple[dt.date | None, dt.date | None], list[int]] = defaultdict(list)
    query = select(AreaMembership.area_id, AreaMembership.valid_from, AreaMembership.valid_to)
    for area_id, first, last in session.execute(
        query.where(AreaMembership.parent_id == area.id, AreaMembership.is_main)
    ):
        spans[(first, last)].append(area_id)
    then = [
        and_(
            Engagement.area_id.in_(sorted(ids)),
            Engagement.occurred_on >= first if first else true(),
            Engagement.occurred_on <= last if last else true(),
        )
        for (first, last), ids in sorted(spans.items(), key=_span_order)
    ]
    return or_(now, *then) if then else now


@dataclass(frozen=True)
class MembershipIndex:
    """Every main membership, by area: what the footprint tree needs to count a closed
    ICB's engagements of its time the way the filter finds them (``within_condition``).

    ``boundaries`` are the days some membership began or ended (the day after), so an
    engagement's era (``era_of``) says which memberships held on its date without the
    database grouping by day.
    """

    boundaries: tuple[dt.date, ...]
    spans: dict[int, tuple[tuple[dt.date | None, dt.date | None, str, str], ...]]

    def era_of(self) -> ColumnElement[int]:
        """The era number of ``Engagement.occurred_on``, as SQL."""
        if not self.boundaries:
            return literal(0)
        whens = [(Engagement.occurred_on < day, i) for i, day in enumerate(self.boundaries)]
        return case(*whens, else_=len(self.boundaries))

    def outside_path(self, area_id: int, path: str, era: int) -> tuple[str, ...]:
        """Codes of the footprints the area lay inside during ``era`` that today's tree
        does not put above it."""
        day = self.boundaries[era - 1] if era > 0 else dt.date.min
        return tuple(
            code
            for first, last, code, parent_path in self.spans.get(area_id, ())
            if in_use_on(first, last, day) and not path.startswith(parent_path)
        )


_INDEXES: dict[tuple[str, str | None, int | None], MembershipIndex] = {}


def membership_index(session: Session) -> MembershipIndex:
    """The index, read once per database and reference data: the tree recounts on every
    filter change, and the ~7,000 memberships change only when the reference files are
    loaded (the checksum setting) or an official file is applied (a ``reference_update``
    row), which two one-row reads tell."""
    checksum = session.scalar(select(Setting.value).where(Setting.key == CHECKSUM_KEY))
    applied = session.scalar(select(func.max(ReferenceUpdate.id)))
    key = (str(session.get_bind().engine.url), checksum, applied)
    found = _INDEXES.get(key)
    if found is None:
        if len(_INDEXES) >= 8:  # a long test run opens many databases; a window one
            _INDEXES.clear()
        found = _INDEXES[key] = _read_membership_index(session)
    return found


def _read_membership_index(session: Session) -> MembershipIndex:
    parent = aliased(Area)
    rows = session.execute(
        select(
            AreaMembership.area_id,
            AreaMembership.valid_from,
            AreaMembership.valid_to,
            parent.code,
            parent.path,
        )
        .join(parent, parent.id == AreaMembership.parent_id)
        .where(AreaMembership.is_main)
    ).all()
    days: set[dt.date] = set()
    spans: dict[int, list[tuple[dt.date | None, dt.date | None, str, str]]] = defaultdict(list)
    for area_id, first, last, code, path in rows:
        spans[area_id].append((first, last, code, path))
        if first is not None:
            days.add(first)
        if last is not None and last < dt.date.max:
            days.add(last + dt.timedelta(days=1))
    return MembershipIndex(
        tuple(sorted(days)), {area_id: tuple(found) for area_id, found in spans.items()}
    )


def _span_order(
    item: tuple[tuple[dt.date | None, dt.date | None], list[int]],
) -> tuple[dt.date, dt.date]:
    (first, last), _ids = item
    return (first or dt.date.min, last or dt.date.max)


def system_then() -> ColumnElement[int]:
    """The id of the ICB (or STP) an engagement's area was in on the engagement's date.

    A system-level area is its own; an area with no membership on that date (a date
    before any source covers) falls back to where it counts today. Needs ``Area`` joined
    on ``Engagement.area_id``.
    """
    parent = aliased(Area)
    member = (
        select(AreaMembership.parent_id)
        .join(parent, parent.id == AreaMembership.parent_id)
        .where(
            AreaMembership.area_id == Engagement.area_id,
            AreaMembership.is_main,
            parent.level_key == "system",
            or_(
                AreaMembership.valid_from.is_(None),
                AreaMembership.valid_from <= Engagement.occurred_on,
            ),
            or_(
                AreaMembership.valid_to.is_(None), AreaMembership.valid_to >= Engagement.occurred_on
            ),
        )
        .order_by(AreaMembership.id)
        .limit(1)
        .scalar_subquery()
    )
    return case((Area.level_key == "system", Area.id), else_=func.coalesce(member, Area.system_id))


def system_column(view: FootprintView) -> ColumnElement[int]:
    return system_then() if view is FootprintView.THEN else Area.system_id  # type: ignore[return-value]
