"""A database with one committee, and the legacy spreadsheets kept in tests/data/imports/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.models import Base, Engagement
from icstracker.services.committees import create_committee
from icstracker.services.imports.plan import ImportOptions

TODAY = dt.date(2026, 11, 20)
COMMITTEE = "Community Pharmacy Lancashire and South Cumbria"


@pytest.fixture
def committee_db(db: Database) -> Database:
    with db.write() as session:
        create_committee(session, COMMITTEE)
    return db


@pytest.fixture
def options() -> ImportOptions:
    return ImportOptions(today=TODAY)


def _count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Engagement)) or 0


@pytest.fixture
def engagement_count() -> Callable[[Database], int]:
    """How many engagements a database holds, to show an import wrote nothing."""
    return _count


def table_counts(database: Database) -> dict[str, int]:
    """The row count of every table: a refused file must leave each one as it was."""
    with database.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
