"""Pages of the log are the whole ordered list, cut: the same rows in the same order.

``engagement_ids`` reads every id of a filter in order; the pages (``engagement_pages``)
read a few at a time by keyset, by offset or backwards. On a demo log of two committees
with joint engagements, every sort both ways and a range of filters, walking the pages
must give back exactly the whole list, on each backend.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import insert, select, update

from icstracker.db.database import Database
from icstracker.db.models import Area, Engagement, engagement_partner
from icstracker.services import engagement_pages
from icstracker.services.committees import list_committees
from icstracker.services.demo import generate_demo
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_pages import LogOrder, first_of, page, position
from icstracker.services.engagement_queries import (
    SORT_KEYS,
    engagement_ids,
)

TODAY = dt.date(2026, 11, 15)


@pytest.fixture
def log(db: Database) -> Iterator[tuple[Database, int]]:
    """600 demo engagements of two committees, some joint; a few titles differ only in
    case and a few share a date, so ties are decided by id."""
    with db.write() as session:
        generate_demo(session, 600, committees=2, seed=4, today=TODAY)
        ids = list(session.scalars(select(Engagement.id).order_by(Engagement.id).limit(12)))
        for number, engagement_id in enumerate(ids):
            session.execute(
                update(Engagement)
                .where(Engagement.id == engagement_id)
                .values(
                    title=("Pharmacy First review", "pharmacy first REVIEW", "_x")[number % 3],
                    occurred_on=dt.date(2026, 10, 1),
                )
            )
        first, second = (c.id for c in list_committees(session))
        # The first committee joins thirty of the second's engagements.
        theirs = session.scalars(
            select(Engagement.id).where(Engagement.committee_id == second).limit(30)
        )
        session.execute(
            insert(engagement_partner),
            [{"engagement_id": i, "committee_id": first} for i in theirs],
        )
    yield db, first


def whole(db: Database, criteria: EngagementFilter, order: LogOrder) -> list[int]:
    with db.session() as session:
        return engagement_ids(session, criteria, sort=order.sort, descending=order.descending)


def walked(db: Database, criteria: EngagementFilter, order: LogOrder, size: int) -> list[int]:
    """Every page in turn, each after the last row of the one before."""
    found: list[int] = []
    after = None
    with db.session() as session:
        while True:
            rows = page(session, criteria, order, limit=size, after=after)
            found.extend(i for _, i in rows)
            if len(rows) < size:
                return found
            after = rows[-1]


def filters(db: Database, committee: int) -> list[EngagementFilter]:
    with db.session() as session:
        icb = session.scalar(select(Area.id).where(Area.code == "QE1"))
    mine = EngagementFilter(committee_id=committee)
    return [
        mine,
        EngagementFilter(),
        dataclasses.replace(mine, level="neighbourhood"),
        dataclasses.replace(mine, level="system", kinds=("meeting",)),
        dataclasses.replace(mine, area_id=icb),
        dataclasses.replace(mine, text="pharmacy"),
        dataclasses.replace(mine, text="a"),
        dataclasses.replace(mine, text="first review"),
        dataclasses.replace(mine, date_from=dt.date(2025, 4, 1), date_to=dt.date(2026, 3, 31)),
    ]


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_pages_walked_by_keyset_are_the_whole_list(log: tuple[Database, int], sort: str) -> None:
    db, committee = log
    for criteria in filters(db, committee):
        for descending in (True, False):
            order = LogOrder(sort, descending)
            expected = whole(db, criteria, order)
            assert walked(db, criteria, order, 37) == expected, (criteria, order)


def test_small_pages_of_a_text_search_and_each_way_round(
    log: tuple[Database, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A walk shorter than the page leaves the search to the index, at every step."""
    db, committee = log
    monkeypatch.setattr(engagement_pages, "WALK", 25)
    for text in ("pharmacy", "meeting with", "zzz", "it"):
        criteria = EngagementFilter(committee_id=committee, text=text)
        for sort in ("date", "title", "level", "footprint"):
            order = LogOrder(sort, sort != "title")
            expected = whole(db, criteria, order)
            assert walked(db, criteria, order, 10) == expected, (text, sort)
            assert walked(db, criteria, order, 100) == expected, (text, sort)


@pytest.mark.parametrize("sort", ["date", "level", "footprint", "title"])
def test_offsets_before_and_positions_agree_with_the_list(
    log: tuple[Database, int], sort: str
) -> None:
    db, committee = log
    criteria = EngagementFilter(committee_id=committee)
    order = LogOrder(sort, True)
    expected = whole(db, criteria, order)
    with db.session() as session:
        assert engagement_pages.count_engagements(session, criteria) == len(expected)
        for start in (0, 50, len(expected) - 20):
            rows = page(session, criteria, order, limit=30, offset=start)
            assert [i for _, i in rows] == expected[start : start + 30]
            if start:
                earlier = page(session, criteria, order, limit=30, before=rows[0])
                assert [i for _, i in earlier] == expected[max(0, start - 30) : start]
        for row in (0, 1, 77, len(expected) - 1):
            assert position(session, criteria, order, expected[row]) == row
        others = set(whole(db, EngagementFilter(), order)) - set(expected)
        assert position(session, criteria, order, min(others)) is None
        chosen = [expected[90], expected[40], expected[200], min(others)]
        assert first_of(session, criteria, order, chosen) == expected[40]
        assert first_of(session, criteria, order, [min(others)]) is None
