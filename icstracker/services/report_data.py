"""What a quarterly report covers, and the numbers on its Summary sheet.

Every number is a grouped SQL query over the same ``EngagementFilter`` that picks the rows
of the Engagements sheet, so the Summary can never disagree with the rows beneath it, and
a quarter of 100,000 engagements is summarised as quickly as one of 100. Nothing here
knows about openpyxl or Qt: the window, the command line and the tests read these
dataclasses directly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from icstracker.db.models import (
    Action,
    Area,
    AreaSuccession,
    Committee,
    Engagement,
    Topic,
    engagement_partner,
    engagement_topic,
)
from icstracker.errors import NotFoundError
from icstracker.services.committee_scope import committee_condition
from icstracker.services.engagement_filter import EngagementFilter, filter_condition
from icstracker.services.engagement_queries import count_engagements, counts_by_level
from icstracker.services.footprint_history import FootprintView, system_column
from icstracker.services.periods import Period, date_range, describe_dates
from icstracker.vocabulary import ENGAGEMENT_KINDS, LEVEL_KEYS, EngagementKind


class Audience(StrEnum):
    """Who the report is for, which decides what it may contain.

    The committee's own report holds everything it logged. The partners' report is one an
    LPC can send to its ICS, PCN leads or council as it is: no red/amber/green ratings, no
    representatives, no follow-up actions, no internal notes, and no engagement marked
    not for partners (its numbers leave those out too, so nothing can be inferred).
    """

    COMMITTEE = "committee"
    PARTNERS = "partners"

    @property
    def label(self) -> str:
        return "For partners" if self is Audience.PARTNERS else "For the committee"

    @property
    def description(self) -> tuple[str, ...]:
        """What the Summary says about the version, so nobody sends the wrong one: short
        lines, since a Summary cell's text runs on over the empty cells beside it."""
        if self is Audience.PARTNERS:
            return (
                "For partners, to send as it is (the ICS, PCN leads, the council).",
                "Leaves out the committee's ratings, representatives, follow-ups,",
                "internal notes and the engagements it keeps to itself.",
            )
        return (
            "For the committee only: with ratings, representatives, follow-ups",
            "and internal notes. Send partners the version for partners.",
        )


@dataclass(frozen=True)
class ReportRequest:
    """A committee's engagements in a period, narrowed by the filter the user is looking at.

    The filter's own committee, dates and ``include_deleted`` are ignored: the report is
    always one committee's live engagements in ``period``.
    """

    committee_id: int
    period: Period
    criteria: EngagementFilter = EngagementFilter()
    today: dt.date | None = None
    audience: Audience = Audience.COMMITTEE
    footprints: FootprintView = FootprintView.NOW


@dataclass(frozen=True)
class Footprint:
    id: int
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class ReportScope:
    committee_id: int
    committee: str
    period: Period
    criteria: EngagementFilter
    filters: str
    produced: dt.date
    systems: tuple[Footprint, ...]
    """The ICSs the committee covers: those it chose, or those its chosen places are in."""
    areas: tuple[Footprint, ...]
    """The footprints the committee chose, which bound the Coverage sheet."""
    audience: Audience = Audience.COMMITTEE
    footprints: FootprintView = FootprintView.NOW

    @property
    def for_partners(self) -> bool:
        return self.audience is Audience.PARTNERS

    @property
    def title(self) -> str:
        return f"ICS engagement {self.period.label} — {self.committee}"

    @property
    def period_text(self) -> str:
        """``2026/27 Q3 — 1 October to 31 December 2026``; a range is only its dates."""
        if self.period.kind == "range":
            return describe_dates(self.period)
        return f"{self.period.label} — {describe_dates(self.period)}"

    @property
    def as_at(self) -> dt.date:
        """The day "days since" and follow-up status count to: the period's end, or today
        if it has not ended, so a quarter's report says the same whenever it is made."""
        return min(self.produced, self.period.end)

    @property
    def earlier(self) -> EngagementFilter:
        """The same filter for everything before the period, for actions still open."""
        return replace(self.criteria, date_from=None, date_to=self.period.start - dt.timedelta(1))


def resolve_scope(session: Session, request: ReportRequest) -> ReportScope:
    committee = session.get(Committee, request.committee_id)
    if committee is None:
        raise NotFoundError(f"There is no committee with id {request.committee_id}.")
    chosen = sorted(committee.areas, key=lambda a: a.path)
    system_ids = {a.system_id for a in chosen if a.system_id is not None}
    systems = session.scalars(select(Area).where(Area.id.in_(system_ids))).all()
    criteria = replace(
        request.criteria,
        committee_id=committee.id,
        include_deleted=False,
        shared_only=request.audience is Audience.PARTNERS,
    ).for_period(request.period)
    return ReportScope(
        committee_id=committee.id,
        committee=committee.name,
        period=request.period,
        criteria=criteria,
        filters=criteria.describe(session),
        produced=request.today or dt.date.today(),
        systems=tuple(
            Footprint(a.id, a.code, a.short_name, a.path)
            for a in sorted(systems, key=lambda a: a.short_name)
        ),
        areas=tuple(Footprint(a.id, a.code, a.short_name, a.path) for a in chosen),
        audience=request.audience,
        footprints=request.footprints,
    )


def whole_log_period(
    session: Session, committee_id: int, today: dt.date, joins: bool | None = None
) -> Period:
    """A range from the committee's first engagement to today (or its last, if dated
    later), for "All dates": the exports, Coverage and Charts then count every engagement
    the log lists with All dates, a meeting already arranged for next month included.
    ``joins``: the committee's scope when the caller's filter already knows it."""
    live = (committee_condition(session, committee_id, joins), Engagement.deleted_at.is_(None))
    first, last = session.execute(
        select(func.min(Engagement.occurred_on), func.max(Engagement.occurred_on)).where(*live)
    ).one()
    return date_range(min(first or today, today), max(last or today, today))


# --- the Summary sheet ---------------------------------------------------------------


@dataclass(frozen=True)
class LevelChange:
    level: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def ratio(self) -> float | None:
        """The change as a fraction of the previous count; None when that was zero."""
        return self.change / self.previous if self.previous else None


@dataclass(frozen=True)
class MatrixRow:
    """One ICS's engagements by level; ``ours`` is False for an ICS outside the committee."""

    code: str
    name: str
    counts: tuple[int, ...]
    ours: bool

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class MonthCounts:
    month: dt.date
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class ActionTally:
    """Follow-ups by status as they stood at the end of the period (``ReportScope.as_at``).

    ``raised`` are those of the period's engagements; ``due_earlier`` those of earlier
    engagements that fell due in the period; ``earlier_open`` the rest of the earlier ones
    still open, which the Actions sheet counts but does not list.
    """

    raised: int
    done: int
    overdue: int
    due_earlier: int
    due_earlier_done: int
    earlier_open: int
    earlier_overdue: int

    @property
    def open(self) -> int:
        """Raised this period, not done, and not (yet) overdue."""
        return self.raised - self.done - self.overdue


def action_rows(tally: ActionTally) -> tuple[tuple[str, int], ...]:
    """The follow-up table's rows: the Summary sheet and the PDF summary both print these."""
    return (
        ("Raised in this period", tally.raised),
        ("   of which done", tally.done),
        ("   of which open, not yet due", tally.open),
        ("   of which overdue", tally.overdue),
        ("Raised earlier, due in this period", tally.due_earlier),
        ("   of which done", tally.due_earlier_done),
        ("Raised earlier, due at another time and still open", tally.earlier_open),
        ("   of which overdue", tally.earlier_overdue),
    )


@dataclass(frozen=True)
class Summary:
    total: int
    previous: Period
    levels: tuple[LevelChange, ...]
    matrix: tuple[MatrixRow, ...]
    kinds: tuple[tuple[str, int], ...]
    topics: tuple[tuple[str, int], ...]
    without_topic: int
    months: tuple[MonthCounts, ...]
    actions: ActionTally
    joint: int = 0  # of ``total``, those joint with other committees


def summarise(session: Session, scope: ReportScope) -> Summary:
    previous = scope.period.previous()
    now = counts_by_level(session, scope.criteria)
    before = counts_by_level(session, scope.criteria.for_period(previous))
    return Summary(
        total=count_engagements(session, scope.criteria),
        previous=previous,
        levels=tuple(LevelChange(level, now[level], before[level]) for level in LEVEL_KEYS),
        matrix=_matrix(session, scope),
        kinds=_kinds(session, scope.criteria),
        topics=_topics(session, scope.criteria),
        without_topic=_without_topic(session, scope.criteria),
        months=_months(session, scope),
        actions=_actions(session, scope),
        joint=_joint(session, scope.criteria),
    )


def _joint(session: Session, criteria: EngagementFilter) -> int:
    """Engagements shared with other committees: each of them counts it too, so a sum
    of committees' totals would count it more than once."""
    shared = exists().where(engagement_partner.c.engagement_id == Engagement.id)
    query = select(func.count()).select_from(Engagement)
    return session.scalar(query.where(filter_condition(session, criteria), shared)) or 0


def _matrix(session: Session, scope: ReportScope) -> tuple[MatrixRow, ...]:
    """The committee's ICSs, always, then any other ICS (or, as then, STP or former ICB)
    it logged engagements against."""
    system = system_column(scope.footprints)
    query = (
        select(system, Area.level_key, func.count())
        .select_from(Engagement)
        .join(Area, Area.id == Engagement.area_id)
        .where(filter_condition(session, scope.criteria))
        .group_by(system, Area.level_key)
    )
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    for system_id, level, count in session.execute(query):
        if level is not None:
            counts[system_id][level] = count
    ours = {s.id for s in scope.systems}
    found = [i for i in counts if i is not None and i not in ours]
    others = session.scalars(select(Area).where(Area.id.in_(found))).all()
    mine = _became_ours(session, others, ours)
    rows: list[tuple[int | None, str, str, bool]] = [
        (s.id, s.code, s.name, True) for s in scope.systems
    ]
    earlier = [a for a in others if a.id in mine]
    rows += [(a.id, a.code, _former_name(a), True) for a in _by_name(earlier)]
    rows += [(a.id, a.code, a.short_name, False) for a in _by_name(others) if a.id not in mine]
    if None in counts:  # cannot happen with today's tree, but never drop a count silently
        rows.append((None, "", "No ICS", False))
    return tuple(
        MatrixRow(code, name, tuple(counts[i].get(level, 0) for level in LEVEL_KEYS), mine)
        for i, code, name, mine in rows
    )


def _former_name(area: Area) -> str:
    """ "Hertfordshire and West Essex (to March 2026)": a footprint the committee's ICS
    grew from, in a report grouped as then."""
    return f"{area.short_name} (to {area.valid_to:%B %Y})" if area.valid_to else area.short_name


def _by_name(areas: list[Area] | Sequence[Area]) -> list[Area]:
    return sorted(areas, key=lambda a: (a.short_name, a.code))


def _became_ours(session: Session, areas: Sequence[Area], ours: set[int]) -> set[int]:
    """Of these former footprints, those that became (part of) one of the committee's
    ICSs: rolled up into it, or succeeded by it (a split ICB names each successor)."""
    found = {a.id for a in areas if a.system_id in ours}
    successors = session.execute(
        select(AreaSuccession.predecessor_id, AreaSuccession.successor_id).where(
            AreaSuccession.predecessor_id.in_([a.id for a in areas])
        )
    ).all()
    return found | {before for before, after in successors if after in ours}


def _kinds(session: Session, criteria: EngagementFilter) -> tuple[tuple[str, int], ...]:
    found = dict(
        session.execute(
            select(Engagement.kind, func.count())
            .where(filter_condition(session, criteria))
            .group_by(Engagement.kind)
        ).all()
    )
    return tuple((EngagementKind.label_of(kind), found.get(kind, 0)) for kind in ENGAGEMENT_KINDS)


def _topics(session: Session, criteria: EngagementFilter) -> tuple[tuple[str, int], ...]:
    """Most used first. The few rows are ordered here, not in SQL, because PostgreSQL's
    collation would order "Digital/IT" and "Digital and IT" differently from SQLite."""
    query = (
        select(Topic.name, func.count())
        .select_from(Engagement)
        .join(engagement_topic, engagement_topic.c.engagement_id == Engagement.id)
        .join(Topic, Topic.id == engagement_topic.c.topic_id)
        .where(filter_condition(session, criteria))
        .group_by(Topic.name)
    )
    found = [(str(name), int(n)) for name, n in session.execute(query)]
    return tuple(sorted(found, key=lambda item: (-item[1], item[0].casefold())))


def _without_topic(session: Session, criteria: EngagementFilter) -> int:
    tagged = exists(
        select(engagement_topic.c.engagement_id).where(
            engagement_topic.c.engagement_id == Engagement.id
        )
    )
    query = select(func.count()).where(filter_condition(session, criteria), ~tagged)
    return session.scalar(query) or 0


def months_by_level(session: Session, scope: ReportScope) -> tuple[MonthCounts, ...]:
    """Engagements per month by level: the Summary sheet's chart and the window's Charts tab."""
    return _months(session, scope)


def _months(session: Session, scope: ReportScope) -> tuple[MonthCounts, ...]:
    """Every month the period touches, zeros included, so the chart has no gaps.

    Grouped by day in SQL (no month function is portable between SQLite and PostgreSQL),
    then by month here: at most a few hundred rows for any period.
    """
    query = (
        select(Engagement.occurred_on, Area.level_key, func.count())
        .join(Area, Area.id == Engagement.area_id)
        .where(filter_condition(session, scope.criteria))
        .group_by(Engagement.occurred_on, Area.level_key)
    )
    by_month: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, level, count in session.execute(query):
        if level is not None:
            by_month[day.replace(day=1)][level] += count
    months = []
    month = scope.period.start.replace(day=1)
    while month <= scope.period.end:
        months.append(
            MonthCounts(month, tuple(by_month[month].get(level, 0) for level in LEVEL_KEYS))
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(months)


@dataclass(frozen=True)
class ActionRules:
    """The SQL conditions that sort a follow-up into this period's, due in it, or earlier.

    The Summary's tally and the Actions sheet's rows both use these, so the sheet lists
    exactly the follow-ups the Summary counts.
    """

    raised_now: ColumnElement[bool]
    raised_earlier: ColumnElement[bool]
    due_now: ColumnElement[bool]
    done: ColumnElement[bool]
    overdue: ColumnElement[bool]

    @property
    def listed(self) -> ColumnElement[bool]:
        """Raised in the period, or raised earlier and due in it."""
        return or_(self.raised_now, and_(self.raised_earlier, self.due_now))

    @property
    def counted_only(self) -> ColumnElement[bool]:
        """Raised earlier, still open at the end of the period, due at another time."""
        return and_(self.raised_earlier, ~self.due_now, ~self.done)


def action_rules(session: Session, scope: ReportScope) -> ActionRules:
    as_at = scope.as_at
    done = Action.done_on.is_not(None) & (Action.done_on <= as_at)
    return ActionRules(
        raised_now=filter_condition(session, scope.criteria),
        raised_earlier=filter_condition(session, scope.earlier),
        due_now=Action.due_on.is_not(None)
        & (Action.due_on >= scope.period.start)
        & (Action.due_on <= scope.period.end),
        done=done,
        overdue=~done & Action.due_on.is_not(None) & (Action.due_on < as_at),
    )


def _actions(session: Session, scope: ReportScope) -> ActionTally:
    rules = action_rules(session, scope)

    def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            counted(rules.raised_now),
            counted(rules.raised_now & rules.done),
            counted(rules.raised_now & rules.overdue),
            counted(rules.raised_earlier & rules.due_now),
            counted(rules.raised_earlier & rules.due_now & rules.done),
            counted(rules.counted_only),
            counted(rules.counted_only & rules.overdue),
        )
        .select_from(Action)
        .join(Engagement, Engagement.id == Action.engagement_id)
        .where(or_(rules.raised_now, rules.raised_earlier))
    )
    return ActionTally(*(int(n) for n in session.execute(query).one()))
