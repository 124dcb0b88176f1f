"""Which engagements count for a committee: the ones it logged and the ones it joined.

Its own small module because both the filters and the engagement service's duplicate
check need it, and the filters already depend on that service.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from icstracker.db.models import Area, Engagement, engagement_partner


def committee_condition(
    session: Session, committee_id: int, joins: bool | None = None
) -> ColumnElement[bool]:
    """The engagements that count for a committee: those it logged and those it was joint
    in. An OR on this condition stops SQLite walking the committee's index in date order
    (the window's first page at 1,000,000 engagements goes from ~40 ms to a sort of the
    whole log), so the OR is only added for a committee that has joint engagements, which
    one indexed probe answers (``joins_others``; pass its answer as ``joins`` when it is
    known, as a filter carries it); the log's pages ask for the two parts apart
    (``committee_parts``)."""
    parts = committee_parts(session, committee_id, joins)
    return parts[0] if len(parts) == 1 else or_(*parts)


def joins_others(session: Session, committee_id: int) -> bool:
    """Whether the committee was joint in an engagement another committee logged: one
    indexed probe. The window asks it once per change of filters and carries the answer
    in the ``EngagementFilter`` every pane reads (``joins_others``), so the probe is not
    repeated by each query built from that filter."""
    return bool(
        session.scalar(select(exists().where(engagement_partner.c.committee_id == committee_id)))
    )


def committee_parts(
    session: Session, committee_id: int, joins: bool | None = None
) -> list[ColumnElement[bool]]:
    """The committee's engagements as disjoint parts: the ones it logged, then (if any)
    the other committees' ones it joined. Each part alone can follow an index in order,
    so the first rows of the whole are the first rows of the parts' first rows."""
    logged = Engagement.committee_id == committee_id
    if not (joins_others(session, committee_id) if joins is None else joins):
        return [logged]
    joint = select(engagement_partner.c.engagement_id).where(
        engagement_partner.c.committee_id == committee_id
    )
    return [logged, and_(Engagement.id.in_(joint), Engagement.committee_id != committee_id)]


def works_in_one_ics(session: Session, area_codes: Iterable[str]) -> bool:
    """Whether every one of a committee's areas counts under the same ICS (ICB), so that
    a "Footprint" column would repeat one name on every row of its log."""
    codes = list(area_codes)
    systems = set(session.scalars(select(Area.system_id).where(Area.code.in_(codes))))
    return bool(codes) and len(systems) == 1 and None not in systems
