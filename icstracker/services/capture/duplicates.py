"""The duplicate rule of capture: what the committee has already logged, and what one
capture holds twice.

An item is already logged when a live engagement counting for the committee (its own, or
one it joined) has the item's source id (the same calendar occurrence or Message-ID), or
has the same date and area and a similar title (rapidfuzz ``token_sort_ratio`` of at
least ``SIMILAR_TITLE``, after "RE:"/"FW:"), as the importer's rule of the same date,
area and title, loosened for a meeting retitled in the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from icstracker.db.models import Engagement
from icstracker.services.capture.items import CapturedItem
from icstracker.services.capture.mail import title_of
from icstracker.services.committee_scope import committee_condition

SIMILAR_TITLE = 85.0  # rapidfuzz token_sort_ratio of two titles that are one meeting


def similar_titles(one: str, other: str) -> bool:
    a, b = title_of(one).lower(), title_of(other).lower()
    return a == b or fuzz.token_sort_ratio(a, b) >= SIMILAR_TITLE


class Logged:
    """The committee's live engagements a capture could repeat, read in two queries."""

    def __init__(self, session: Session, committee_id: int, items: Sequence[CapturedItem]):
        scope = committee_condition(session, committee_id)
        self.by_source: dict[str, int] = {}
        sources = sorted({i.source_id for i in items})
        for start in range(0, len(sources), 500):
            query = select(Engagement.id, Engagement.source_id).where(
                scope,
                Engagement.deleted_at.is_(None),
                Engagement.source_id.in_(sources[start : start + 500]),
            )
            for row in session.execute(query.order_by(Engagement.id)):
                self.by_source.setdefault(row.source_id, row.id)
        self.by_day: dict[tuple[dt.date, int], list[tuple[int, str]]] = {}
        days = sorted({i.day for i in items})
        if days:
            on_days = select(
                Engagement.id, Engagement.occurred_on, Engagement.area_id, Engagement.title
            ).where(
                scope,
                Engagement.deleted_at.is_(None),
                Engagement.occurred_on.between(days[0], days[-1]),
            )
            for found in session.execute(on_days.order_by(Engagement.id)):
                key = (found.occurred_on, found.area_id)
                self.by_day.setdefault(key, []).append((found.id, found.title))

    def similar(self, day: dt.date, area_id: int, title: str) -> int | None:
        for engagement_id, logged in self.by_day.get((day, area_id), ()):
            if similar_titles(logged, title):
                return engagement_id
        return None


def twin(kept: list[tuple[int, dt.date, int, str]], item: CapturedItem, area_id: int) -> int | None:
    """The earlier ticked item of this capture that is the same meeting, if any."""
    for number, day, kept_area, title in kept:
        if day == item.day and kept_area == area_id and similar_titles(title, item.title):
            return number
    return None
