"""What a user filters the log by, compiled to one SQL condition.

Filtering happens in the database, never over rows in Python, so the log of a national
body filters as fast as a small LPC's. "A footprint" means everything inside it in the
roll-up tree: an ICB's places and PCNs, the STP it grew from and, for an ICB formed by a
merger, the ICBs it absorbed; and what lay inside it on each engagement's date, so a
closed ICB still holds its councils' and PCNs' engagements of its time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, exists, func, select, true
from sqlalchemy.orm import Session

from icstracker.db.models import Area, Engagement, Topic, engagement_topic
from icstracker.db.search_index import (
    FTS_TABLE,
    MIN_INDEXED_WORD,
    fts_phrase,
    fts_table,
    sqlite_index_ready,
)
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.committee_scope import committee_condition
from icstracker.services.engagement_checks import normalise_kind
from icstracker.services.footprint_history import within_condition
from icstracker.text import search_fold
from icstracker.vocabulary import LEVEL_KEYS, EngagementKind

if TYPE_CHECKING:
    from icstracker.services.periods import Period


@dataclass(frozen=True)
class EngagementFilter:
    level: str | None = None
    area_id: int | None = None
    committee_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    text: str = ""
    include_deleted: bool = False
    # Only what the committee shares: leaves out engagements marked not for partners
    # (the quarterly report for partners sets it; nothing on screen does).
    shared_only: bool = False
    # Whether ``committee_id`` joined other committees' engagements, when already known
    # (``committee_scope.joins_others``); None asks the database wherever it matters.
    joins_others: bool | None = None

    def for_period(self, period: Period) -> EngagementFilter:
        return replace(self, date_from=period.start, date_to=period.end)

    def describe(self, session: Session) -> str:
        """The filter in words, e.g. for a report saying what it contains."""
        parts = []
        if self.level:
            parts.append(f"level {self.level}")
        if self.area_id is not None:
            area = session.get(Area, self.area_id)
            parts.append(f"within {area.short_name} ({area.code})" if area else "an area")
        if self.kinds:
            parts.append("kind " + " or ".join(EngagementKind.words_of(k) for k in self.kinds))
        if self.topics:
            parts.append("topic " + " or ".join(self.topics))
        if self.text.strip():
            parts.append(f"text '{self.text.strip()}'")
        return "; ".join(parts) if parts else "all engagements"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_condition(session: Session, criteria: EngagementFilter) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if not criteria.include_deleted:
        conditions.append(Engagement.deleted_at.is_(None))
    if criteria.shared_only:
        conditions.append(Engagement.not_for_partners.is_(False))
    if criteria.committee_id is not None:
        conditions.append(
            committee_condition(session, criteria.committee_id, criteria.joins_others)
        )
    if criteria.date_from is not None:
        conditions.append(Engagement.occurred_on >= criteria.date_from)
    if criteria.date_to is not None:
        conditions.append(Engagement.occurred_on <= criteria.date_to)
    if criteria.date_from and criteria.date_to and criteria.date_to < criteria.date_from:
        raise ValidationError("period", "The end of the period is before its start.")
    area_conditions: list[ColumnElement[bool]] = []
    if criteria.level is not None:
        if criteria.level not in LEVEL_KEYS:
            raise ValidationError(
                "level",
                f"'{criteria.level}' is not a planning level; use system, place or neighbourhood.",
            )
        area_conditions.append(Area.level_key == criteria.level)
    if criteria.area_id is not None:
        area = session.get(Area, criteria.area_id)
        if area is None:
            raise NotFoundError(f"There is no area with id {criteria.area_id}.")
        conditions.append(within_condition(session, area))
    if area_conditions:
        conditions.append(Engagement.area_id.in_(select(Area.id).where(*area_conditions)))
    if criteria.kinds:
        conditions.append(Engagement.kind.in_([normalise_kind(k) for k in criteria.kinds]))
    if criteria.topics:
        wanted = [t.strip().lower() for t in criteria.topics if t.strip()]
        conditions.append(
            exists(
                select(engagement_topic.c.engagement_id)
                .join(Topic, Topic.id == engagement_topic.c.topic_id)
                .where(
                    engagement_topic.c.engagement_id == Engagement.id,
                    func.lower(Topic.name).in_(wanted),
                )
            )
        )
    conditions.extend(text_conditions(session, criteria.text))
    return and_(true(), *conditions)


def text_conditions(session: Session, text: str) -> list[ColumnElement[bool]]:
    """Engagements whose search text contains every word of ``text``, anywhere in it.

    On SQLite the words long enough for the trigram index are one FTS5 query (the index
    is a set of ids, which the planner reads once); the rest, and every word on a
    database without the index, are ``LIKE '%word%'``. PostgreSQL's trigram index serves
    ``LIKE`` itself. All find exactly the rows ``LIKE`` alone would (``db/search_index``).
    """
    words = search_fold(text).split()
    if not words:
        return []
    indexed: list[str] = []
    connection = session.connection()
    if connection.dialect.name == "sqlite" and sqlite_index_ready(connection):
        indexed = [w for w in words if len(w) >= MIN_INDEXED_WORD]
    conditions: list[ColumnElement[bool]] = []
    if indexed:
        query = " AND ".join(fts_phrase(word) for word in dict.fromkeys(indexed))
        matched = select(fts_table.c.rowid).where(fts_table.c[FTS_TABLE].match(query))
        conditions.append(Engagement.id.in_(matched))
    conditions.extend(like_conditions([w for w in words if w not in indexed]))
    return conditions


def like_conditions(
    words: list[str], column: ColumnElement[str] | None = None
) -> list[ColumnElement[bool]]:
    """``column LIKE '%word%'`` for each (folded) word: the search's meaning, which the
    indexes only answer faster. ``column`` defaults to ``Engagement.search_text``."""
    searched = Engagement.search_text if column is None else column
    return [searched.like(f"%{_escape_like(word)}%", escape="\\") for word in words]


FILTER_PARTS = ("period", "level", "area", "kinds", "topics", "text")


def excluded_by(session: Session, criteria: EngagementFilter, engagement_id: int) -> set[str]:
    """The parts of ``criteria`` (of ``FILTER_PARTS``) that leave this engagement out.

    A view that must show one engagement (a follow-up's, a stakeholder's) widens only
    these, rather than clearing every filter the user chose. The filter is an AND of its
    parts, so the engagement is shown once each part that fails is dropped. One query.
    """
    parts = {
        "period": EngagementFilter(date_from=criteria.date_from, date_to=criteria.date_to),
        "level": EngagementFilter(level=criteria.level),
        "area": EngagementFilter(area_id=criteria.area_id),
        "kinds": EngagementFilter(kinds=criteria.kinds),
        "topics": EngagementFilter(topics=criteria.topics),
        "text": EngagementFilter(text=criteria.text),
    }
    chosen = {
        name: replace(part, include_deleted=True)
        for name, part in parts.items()
        if part != EngagementFilter()
    }
    if not chosen:
        return set()
    names = list(chosen)
    row = session.execute(
        select(*(filter_condition(session, chosen[name]) for name in names)).where(
            Engagement.id == engagement_id
        )
    ).first()
    if row is None:
        raise NotFoundError(f"There is no engagement with id {engagement_id}.")
    return {name for name, passed in zip(names, row, strict=True) if not passed}
