"""Which places and PCNs the committee reached in the period, and which it did not.

The committee's footprints bound the list; the user's filter narrows it as it narrows the
log (a level shows only that level, a footprint only what lies inside it, a topic counts
only engagements about that topic). Areas that did not exist during the period are left
out: a PCN that closed last year is not a gap in this quarter's coverage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icstracker.db.models import Engagement
from icstracker.services.areas import AreaView, get_area, list_areas
from icstracker.services.engagement_filter import EngagementFilter, filter_condition
from icstracker.services.engagement_queries import footprint_counts
from icstracker.services.report_data import Footprint, ReportScope
from icstracker.vocabulary import AreaKind, PlanningLevel

COVERED_LEVELS = ("place", "neighbourhood")
# Councils and PCNs: a sub-ICB location is an NHS commissioning code a user may log
# against, not a place an LPC covers (it would count Blackpool twice, as 00R and E06000009).
COVERED_KINDS = ("local_authority", "district", "pcn")


@dataclass(frozen=True)
class CoverageRow:
    system: str
    level: str
    kind: str
    code: str
    name: str
    parent: str
    engagements: int
    """Logged against this area itself in the period: the number that marks a gap."""
    within: int
    """Including everything inside the area (a sub-ICB location's PCNs, say)."""
    last_engaged: dt.date | None
    days_since: int | None


@dataclass(frozen=True)
class CoverageTally:
    system: str
    places_engaged: int
    places: int
    pcns_engaged: int
    pcns: int


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CoverageRow, ...]
    tallies: tuple[CoverageTally, ...]


def coverage(session: Session, scope: ReportScope) -> Coverage:
    criteria = scope.criteria
    areas, names = _areas_in_scope(session, scope, criteria)
    direct = _counts_by_area(session, criteria)
    last = _last_by_area(session, replace(criteria, date_from=None))
    rolled_up = footprint_counts(session, criteria)
    rows = []
    for area, system in areas:
        last_engaged = last.get(area.id)
        rows.append(
            CoverageRow(
                system=system.name,
                level=PlanningLevel.label_of(area.level),
                kind=AreaKind.label_of(area.kind),
                code=area.code,
                name=area.short_name,
                parent=names.get(area.parent_code or "", ""),
                engagements=direct.get(area.id, 0),
                within=rolled_up.get(area.code, 0),
                last_engaged=last_engaged,
                days_since=(scope.as_at - last_engaged).days if last_engaged else None,
            )
        )
    return Coverage(tuple(rows), _tallies(rows))


def _areas_in_scope(
    session: Session, scope: ReportScope, criteria: EngagementFilter
) -> tuple[list[tuple[AreaView, Footprint]], dict[str, str]]:
    """Places and PCNs inside the committee's footprints (and the filter's), in tree order,
    with the names of every area met on the way, for the "Part of" column."""
    inside = get_area(session, criteria.area_id).path if criteria.area_id is not None else "/"
    levels = (criteria.level,) if criteria.level else COVERED_LEVELS
    seen: set[int] = set()
    found = []
    names = {f.code: f.name for f in (*scope.systems, *scope.areas)}
    for root in scope.areas:
        system = next((s for s in scope.systems if root.path.startswith(s.path)), root)
        # A committee may have chosen a place rather than a whole ICS: it counts too.
        candidates = [get_area(session, root.id), *list_areas(session, within=root.code)]
        for area in candidates:
            names[area.code] = area.short_name
            if (
                area.id not in seen
                and area.level in levels
                and area.level in COVERED_LEVELS
                and area.kind in COVERED_KINDS
                and area.path.startswith(inside)
                and _existed_during(area, scope)
            ):
                seen.add(area.id)
                found.append((area, system))
    return found, names


def _existed_during(area: AreaView, scope: ReportScope) -> bool:
    period = scope.period
    return (area.valid_from is None or area.valid_from <= period.end) and (
        area.valid_to is None or area.valid_to >= period.start
    )


def _counts_by_area(session: Session, criteria: EngagementFilter) -> dict[int, int]:
    query = (
        select(Engagement.area_id, func.count())
        .where(filter_condition(session, criteria))
        .group_by(Engagement.area_id)
    )
    return {area_id: count for area_id, count in session.execute(query)}


def _last_by_area(session: Session, criteria: EngagementFilter) -> dict[int, dt.date]:
    query = (
        select(Engagement.area_id, func.max(Engagement.occurred_on))
        .where(filter_condition(session, criteria))
        .group_by(Engagement.area_id)
    )
    return {area_id: day for area_id, day in session.execute(query) if day is not None}


def _tallies(rows: list[CoverageRow]) -> tuple[CoverageTally, ...]:
    tallies = []
    for system in dict.fromkeys(r.system for r in rows):
        mine = [r for r in rows if r.system == system]
        places = [r for r in mine if r.level == PlanningLevel.PLACE.label]
        pcns = [r for r in mine if r.kind == AreaKind.PCN.label]
        tallies.append(
            CoverageTally(
                system=system,
                places_engaged=sum(1 for r in places if r.engagements),
                places=len(places),
                pcns_engaged=sum(1 for r in pcns if r.engagements),
                pcns=len(pcns),
            )
        )
    return tuple(tallies)
