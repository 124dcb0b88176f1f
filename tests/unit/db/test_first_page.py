"""The first page read with ``sqlite3`` alone is the page the log's services read.

``db/first_page.py`` lets the window paint its first page before SQLAlchemy loads
(issue 17); it is only worth having if the rows are exactly those the full window then
shows, and if it steps aside (None) for anything it was not written for.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from icstracker.db import first_page, migrate
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import default_database_path, sqlite_url
from icstracker.services.committee_scope import works_in_one_ics
from icstracker.services.committees import list_committees
from icstracker.services.demo import generate_demo
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_pages import LogOrder, page
from icstracker.services.engagement_queries import engagement_rows

TODAY = dt.date(2026, 11, 15)
FIELDS = (
    "id",
    "occurred_on",
    "level",
    "footprint",
    "area",
    "kind",
    "title",
    "organisations",
    "people",
    "open_actions",
)


@pytest.fixture(scope="module")
def demo_file(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three committees in the same demo log, with joint engagements between them."""
    path = backup_sqlite(sqlite_template, tmp_path_factory.mktemp("first") / "demo.sqlite3")
    database = Database(sqlite_url(path))
    try:
        with database.write() as session:
            generate_demo(session, 3000, seed=11, today=TODAY, committees=6)
    finally:
        database.dispose()
    return path


def _service_rows(
    path: Path, committee_id: int, period: tuple[dt.date, dt.date] | None, limit: int
) -> list[tuple[object, ...]]:
    database = Database(sqlite_url(path))
    try:
        with database.session() as session:
            criteria = EngagementFilter(
                committee_id=committee_id,
                date_from=period[0] if period else None,
                date_to=period[1] if period else None,
            )
            keys = page(session, criteria, LogOrder(), limit=limit)
            rows = engagement_rows(session, [i for _, i in keys])
    finally:
        database.dispose()
    return [tuple(getattr(r, f) for f in FIELDS) for r in rows]


PERIODS = [
    None,
    (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    (dt.date(2030, 1, 1), dt.date(2030, 3, 31)),
]


@pytest.mark.parametrize("period", PERIODS)
def test_the_first_page_is_the_services_first_page(
    demo_file: Path, period: tuple[dt.date, dt.date] | None
) -> None:
    found = first_page.read_first_page(demo_file, period, 200)
    assert found is not None
    database = Database(sqlite_url(demo_file))
    try:
        with database.session() as session:
            committee = list_committees(session)[0]
            one_ics = works_in_one_ics(session, committee.area_codes)
    finally:
        database.dispose()
    assert (found.committee_id, found.committee, found.one_ics) == (
        committee.id,
        committee.name,
        one_ics,
    )
    rows = [tuple(getattr(r, f) for f in FIELDS) for r in found.rows]
    assert rows == _service_rows(demo_file, committee.id, period, 200)
    if period is None:
        assert len(rows) == 200


def test_every_committee_with_its_joint_engagements(demo_file: Path) -> None:
    connection = sqlite3.connect(demo_file)
    try:
        committees = [c for (c,) in connection.execute("SELECT id FROM committee ORDER BY id")]
        joint = {
            c for (c,) in connection.execute("SELECT DISTINCT committee_id FROM engagement_partner")
        }
        assert joint, "the demo log should hold joint engagements"
        for committee_id in committees:
            for limit in (1, 37, 200):
                keys = first_page._first_keys(connection, committee_id, None, limit)
                rows = first_page._rows(connection, [i for _, i in keys])
                shown = [tuple(getattr(r, f) for f in FIELDS) for r in rows]
                assert shown == _service_rows(demo_file, committee_id, None, limit)
    finally:
        connection.close()


def test_the_head_revision_is_the_migrations_head() -> None:
    assert first_page.head_revision() == migrate.head_revision()


def test_it_steps_aside_for_what_it_was_not_written_for(
    demo_file: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    older = backup_sqlite(demo_file, tmp_path / "older.sqlite3")
    with sqlite3.connect(older) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0011'")
    connection.close()
    assert first_page.read_first_page(older, None, 200) is None  # an upgrade comes first
    empty = backup_sqlite(sqlite_template, tmp_path / "empty.sqlite3")
    assert first_page.read_first_page(empty, None, 200) is None  # no committee: first run
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database " * 500)
    assert first_page.read_first_page(broken, None, 200) is None
    assert first_page.read_first_page(tmp_path / "missing.sqlite3", None, 200) is None


def test_only_a_plain_existing_file_is_read(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(first_page.DATABASE_ENV, raising=False)
    assert first_page.default_path() == default_database_path()
    assert first_page.plain_sqlite_file(str(demo_file)) == demo_file
    assert first_page.plain_sqlite_file(f"sqlite:///{demo_file}") is None
    assert first_page.plain_sqlite_file("postgresql+psycopg://u@h/db") is None
    assert first_page.plain_sqlite_file(str(tmp_path / "missing.sqlite3")) is None
    (tmp_path / "zero.sqlite3").write_bytes(b"")
    assert first_page.plain_sqlite_file(str(tmp_path / "zero.sqlite3")) is None
    assert first_page.plain_sqlite_file(" ") is None
    monkeypatch.setenv(first_page.DATABASE_ENV, str(demo_file))
    assert first_page.plain_sqlite_file(None) == demo_file
