"""The rows of the Engagements and Actions sheets, read in batches.

The Engagements sheet reuses the log's own queries (``engagement_ids`` for the order,
``engagement_rows`` for what the window's table shows) and adds only what the table does
not need: summary, outcome, rating, topics and representatives. Rows come out a batch at a
time, so a 100,000-row period never sits in memory as objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import (
    Action,
    Area,
    Committee,
    Engagement,
    Person,
    Topic,
    engagement_partner,
    engagement_representative,
    engagement_topic,
)
from icstracker.services.engagement_filter import EngagementFilter, filter_condition
from icstracker.services.engagement_private import private_source
from icstracker.services.engagement_queries import (
    EngagementRow,
    engagement_ids,
    engagement_rows,
    linked_names,
)
from icstracker.services.report_data import ReportScope, action_rules
from icstracker.vocabulary import EngagementKind, PlanningLevel

BATCH_SIZE = 1000
_System = aliased(Area)


@dataclass(frozen=True)
class EngagementLine:
    id: int
    occurred_on: dt.date
    level: str
    system: str
    system_code: str
    area: str
    area_code: str
    kind: str
    title: str
    topics: str
    organisations: str
    people: str
    representatives: str
    joint_with: str  # the other committees of a joint engagement, not this report's
    summary: str
    outcome: str
    rating: str
    open_actions: int
    internal_note: str
    not_for_partners: bool


@dataclass(frozen=True)
class TextExtents:
    """The longest names and title in the period, so columns fit before rows are written."""

    system: int
    area: int
    title: int


class EngagementLines:
    """The period's engagements, oldest first; ``len()`` is known before any row is read."""

    def __init__(self, session: Session, criteria: EngagementFilter, committee: str) -> None:
        self._session = session
        self._criteria = criteria
        self._committee = committee  # left out of a joint engagement's "Joint with"
        self._ids = engagement_ids(session, criteria, sort="date", descending=False)

    def __len__(self) -> int:
        return len(self._ids)

    def batches(self, size: int = BATCH_SIZE) -> Iterator[list[EngagementLine]]:
        for start in range(0, len(self._ids), size):
            chunk = self._ids[start : start + size]
            rows = engagement_rows(self._session, chunk)
            extra = _details(self._session, chunk, self._committee)
            yield [_line(row, extra[row.id]) for row in rows]

    def extents(self) -> TextExtents:
        longest = func.max
        system, area, title = self._session.execute(
            select(
                longest(func.length(_System.short_name)),
                longest(func.length(Area.short_name)),
                longest(func.length(Engagement.title)),
            )
            .select_from(Engagement)
            .join(Area, Area.id == Engagement.area_id)
            .outerjoin(_System, _System.id == Area.system_id)
            .where(filter_condition(self._session, self._criteria))
        ).one()
        return TextExtents(system or 0, area or 0, title or 0)


@dataclass(frozen=True)
class _Details:
    summary: str
    outcome: str
    rating: str
    topics: str
    representatives: str
    joint_with: str
    internal_note: str
    not_for_partners: bool


def _details(session: Session, ids: list[int], own_name: str) -> dict[int, _Details]:
    # The rating and note as this role may read them: another committee's are not there.
    private = private_source(session)
    texts = session.execute(
        select(
            Engagement.id,
            Engagement.summary,
            Engagement.outcome,
            private.c.rating,
            Committee.name,
            private.c.internal_note,
            Engagement.not_for_partners,
        )
        .join(Committee, Committee.id == Engagement.committee_id)
        .outerjoin(private, private.c.engagement_id == Engagement.id)
        .where(Engagement.id.in_(ids))
    ).all()
    topics = linked_names(session, engagement_topic, Topic, ids)
    representatives = linked_names(session, engagement_representative, Person, ids)
    partners = linked_names(session, engagement_partner, Committee, ids)

    def joint_with(engagement_id: int, owner: str) -> str:
        """Committee names are unique, so "not this report's" is a comparison of names."""
        if engagement_id not in partners:
            return ""
        return "; ".join(sorted(n for n in (owner, *partners[engagement_id]) if n != own_name))

    return {
        i: _Details(
            summary or "",
            outcome or "",
            (rating or "").capitalize(),
            "; ".join(topics.get(i, [])),
            "; ".join(representatives.get(i, [])),
            joint_with(i, owner),
            note or "",
            bool(private),
        )
        for i, summary, outcome, rating, owner, note, private in texts
    }


def _line(row: EngagementRow, extra: _Details) -> EngagementLine:
    return EngagementLine(
        id=row.id,
        occurred_on=row.occurred_on,
        level=PlanningLevel.label_of(row.level),
        system=row.footprint or "",
        system_code=row.footprint_code or "",
        area=row.area,
        area_code=row.area_code,
        kind=EngagementKind.label_of(row.kind),
        title=row.title,
        topics=extra.topics,
        organisations=row.organisations,
        people=row.people,
        representatives=extra.representatives,
        joint_with=extra.joint_with,
        summary=extra.summary,
        outcome=extra.outcome,
        rating=extra.rating,
        open_actions=row.open_actions,
        internal_note=extra.internal_note,
        not_for_partners=extra.not_for_partners,
    )


# --- follow-up actions ---------------------------------------------------------------

OVERDUE, OPEN, DONE = "Overdue", "Open", "Done"
RAISED_THIS_PERIOD, RAISED_EARLIER = "This period", "Earlier"


@dataclass(frozen=True)
class ActionLine:
    status: str
    due_on: dt.date | None
    description: str
    owner: str
    done_on: dt.date | None
    raised: str
    engagement_on: dt.date
    engagement: str
    area: str
    engagement_id: int


def action_lines(session: Session, scope: ReportScope) -> list[ActionLine]:
    """Follow-ups raised in the period or due in it, worst first (``action_rules``).

    Status is as at the end of the period (``scope.as_at``): done only if done by then,
    overdue if due before then and not done. A done date after the period is not shown,
    since the report describes the period; older follow-ups still open are only counted
    (``Summary.actions``). A few thousand rows at most, so they are read in one go.
    """
    rules = action_rules(session, scope)
    rank = case((rules.done, 2), (rules.overdue, 0), else_=1)
    query = (
        select(
            Action.description,
            Action.owner,
            Action.due_on,
            Action.done_on,
            Engagement.occurred_on,
            Engagement.title,
            Engagement.id,
            Area.short_name,
        )
        .select_from(Action)
        .join(Engagement, Engagement.id == Action.engagement_id)
        .join(Area, Area.id == Engagement.area_id)
        .where(rules.listed)
        .order_by(
            rank,
            Action.due_on.is_(None),
            Action.due_on,
            Engagement.occurred_on,
            Action.id,
        )
    )
    as_at = scope.as_at
    lines = []
    for description, owner, due, done, on, title, eid, area in session.execute(query):
        if done is not None and done <= as_at:
            status = DONE
        elif due is not None and due < as_at:
            status = OVERDUE
            done = None
        else:
            status = OPEN
            done = None
        lines.append(
            ActionLine(
                status=status,
                due_on=due,
                description=description,
                owner=owner or "",
                done_on=done,
                raised=RAISED_THIS_PERIOD if on >= scope.period.start else RAISED_EARLIER,
                engagement_on=on,
                engagement=title,
                area=area,
                engagement_id=eid,
            )
        )
    return lines
