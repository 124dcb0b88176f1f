"""Rows written by ``insert_rows`` are stored exactly as Core's insert stores them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
    text,
)

from icstracker.db.bulk_insert import insert_rows
from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.db.types import UTCDateTime
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee

LONDON = ZoneInfo("Europe/London")
_metadata = MetaData()
SAMPLE = Table(
    "sample",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date),
    Column("naive_zone", DateTime),  # keeps the time as written, whatever its zone
    Column("utc", UTCDateTime),
    Column("flag", Boolean, default=True),
    Column("label", String(20), default="none"),
    Column("stamp", UTCDateTime, default=lambda: dt.datetime.now(dt.UTC)),
)


@pytest.fixture
def sample() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    _metadata.create_all(engine)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


def _raw(connection: Connection, table: str, first_id: int, count: int) -> list[tuple[Any, ...]]:
    """The rows as the database holds them (on SQLite, its text), less their ids."""
    rows = connection.execute(
        text(f"SELECT * FROM {table} WHERE id BETWEEN :first AND :last ORDER BY id"),
        {"first": first_id, "last": first_id + count - 1},
    ).all()
    return [tuple(row)[1:] for row in rows]


def test_sample_rows_stored_as_core_stores_them(sample: Connection) -> None:
    stamp = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
    # The same instant written in two zones: the same UTC text, two different naive ones.
    same_instant = stamp.astimezone(LONDON), stamp.astimezone(ZoneInfo("Asia/Tokyo"))
    values = [
        (dt.date(2026, 4, 1), same_instant[0], same_instant[0], False, stamp),
        (dt.date(2026, 4, 1), same_instant[1], same_instant[1], None, stamp),
        (dt.date(2025, 12, 31), None, None, True, stamp),
    ]
    columns = ("day", "naive_zone", "utc", "flag", "stamp")
    sample.execute(insert(SAMPLE), [dict(zip(columns, row, strict=True)) for row in values])
    insert_rows(sample, SAMPLE, columns, values)
    by_core, by_driver = _raw(sample, "sample", 1, 3), _raw(sample, "sample", 4, 3)
    assert by_driver == by_core
    assert by_driver[0][1] != by_driver[1][1]  # not taken for each other from memory
    assert by_driver[0][2] == by_driver[1][2]
    assert [row[4] for row in by_driver] == ["none"] * 3  # the left-out column's default


def test_a_computed_default_must_be_given_and_rows_must_be_whole(sample: Connection) -> None:
    with pytest.raises(ValueError, match="sample.stamp has a computed default"):
        insert_rows(sample, SAMPLE, ("day",), [(dt.date(2026, 4, 1),)])
    with pytest.raises(ValueError, match="has 1 values, not 2"):
        insert_rows(sample, SAMPLE, ("day", "stamp"), [(dt.date(2026, 4, 1),)])
    assert sample.scalar(text("SELECT count(*) FROM sample")) == 0


def test_engagements_stored_as_core_stores_them(db: Database) -> None:
    """The import's own table, on each backend: dates, times, flags and defaults alike."""
    table = Engagement.__table__
    assert isinstance(table, Table)
    now = dt.datetime(2026, 12, 2, 16, 5, 7, 123456, tzinfo=dt.UTC)
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Bulk")
        area = resolve_area(session, "U45809")
        columns = ("committee_id", "area_id", "occurred_on", "kind", "title", "summary")
        columns += ("outcome", "rating", "search_text", "created_at", "updated_at", "version")
        values = [
            (committee.id, area.id, dt.date(2026, 11, 3), "meeting", f"Meeting {n}", "", "")
            + (rating, f"meeting {n}", now, now.astimezone(LONDON), 1)
            for n, rating in enumerate(("amber", None, "green"))
        ]
        connection = session.connection()
        top = session.scalar(select(Engagement.id).order_by(Engagement.id.desc()).limit(1)) or 0
        connection.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in values])
        insert_rows(connection, table, columns, values)
        by_core = _raw(connection, "engagement", top + 1, 3)
        by_driver = _raw(connection, "engagement", top + 4, 3)
        assert len(by_core) == 3
        assert by_driver == by_core
        stored = session.scalars(select(Engagement).where(Engagement.id > top + 3)).all()
        assert [e.created_at for e in stored] == [now] * 3
        assert [e.not_for_partners for e in stored] == [False] * 3
