"""The migration to unique names on databases already holding case-variant duplicates.

Organisations and topics spelled twice are merged into the oldest with every engagement
link kept (and none doubled); people keep their namesakes, the oldest holding the name.
Run on the kept databases of old revisions (SQLite) and on a database of each backend
taken down to the revision before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, text

from icstracker.db import migrate
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement

DATA = Path(__file__).parents[2] / "data"
BEFORE = "0005"  # the revision before unique names


def _add(connection: Connection, table: str, name: str, **values: object) -> int:
    """A row made as an old version would have (no name_key), with a copied timestamp."""
    columns = ", ".join(["name", *values])
    params = ", ".join([":name", *(f":{c}" for c in values)])
    if table != "topic":
        columns += ", created_at"
        params += ", (SELECT min(created_at) FROM engagement)"
    connection.execute(
        text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), {"name": name, **values}
    )
    return int(connection.execute(text(f"SELECT max(id) FROM {table}")).scalar_one())


def _link(connection: Connection, table: str, column: str, engagement: int, row: int) -> None:
    connection.execute(
        text(f"INSERT INTO {table} (engagement_id, {column}) VALUES (:e, :r)"),
        {"e": engagement, "r": row},
    )


def _links(connection: Connection, table: str, column: str, row: int) -> list[int]:
    query = text(f"SELECT engagement_id FROM {table} WHERE {column} = :r ORDER BY engagement_id")
    return list(connection.execute(query, {"r": row}).scalars())


def _upgrade_with_duplicates(database: Database, engagements: list[int]) -> None:
    first, last = engagements[0], engagements[-1]
    with database.engine.begin() as connection:
        yes = True
        organisation = _add(connection, "organisation", "Devon Dup Federation")
        twin = _add(connection, "organisation", "DEVON  dup federation", kind="federation")
        topic = _add(connection, "topic", "Dup Topic", builtin=not yes)
        topic_twin = _add(connection, "topic", "dup topic", builtin=yes, description="Kept")
        person = _add(connection, "person", "Jo Namesake", contact_permitted=yes)
        namesake = _add(
            connection, "person", "JO NAMESAKE", contact_permitted=yes, organisation_id=twin
        )
        _link(connection, "engagement_organisation", "organisation_id", first, organisation)
        _link(connection, "engagement_organisation", "organisation_id", first, twin)
        _link(connection, "engagement_organisation", "organisation_id", last, twin)
        _link(connection, "engagement_topic", "topic_id", last, topic)
        _link(connection, "engagement_topic", "topic_id", first, topic_twin)
        _link(connection, "engagement_person", "person_id", first, person)
        _link(connection, "engagement_person", "person_id", last, namesake)
    migrate.upgrade_database(database)
    both = sorted({first, last})
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, name, name_key, kind FROM organisation WHERE id IN (:a, :b)"),
            {"a": organisation, "b": twin},
        ).all()
        assert [tuple(r) for r in rows] == [
            (organisation, "Devon Dup Federation", "devon dup federation", "federation")
        ]
        assert _links(connection, "engagement_organisation", "organisation_id", organisation) == (
            both
        )
        worker = text("SELECT organisation_id FROM person WHERE id = :p")
        assert connection.execute(worker, {"p": namesake}).scalar_one() == organisation
        rows = connection.execute(
            text("SELECT id, name_key, builtin, description FROM topic WHERE id IN (:a, :b)"),
            {"a": topic, "b": topic_twin},
        ).all()
        assert [tuple(r) for r in rows] == [(topic, "dup topic", True, "Kept")]
        assert _links(connection, "engagement_topic", "topic_id", topic) == both
        rows = connection.execute(
            text("SELECT id, name_key FROM person WHERE id IN (:a, :b) ORDER BY id"),
            {"a": person, "b": namesake},
        ).all()
        assert [tuple(r) for r in rows] == [(person, "jo namesake"), (namesake, None)]
        assert _links(connection, "engagement_person", "person_id", person) == [first]
        assert _links(connection, "engagement_person", "person_id", namesake) == [last]
        keys = text("SELECT count(*), count(DISTINCT name_key) FROM organisation")
        total, distinct = connection.execute(keys).one()
        assert total == distinct


@pytest.mark.parametrize("kept", ["schema-0001.sqlite3", "schema-0003.sqlite3"])
def test_kept_old_databases_with_duplicates_upgrade_merged(tmp_path: Path, kept: str) -> None:
    database = Database(sqlite_url(backup_sqlite(DATA / kept, tmp_path / kept)))
    with database.engine.connect() as connection:
        engagements = list(connection.execute(text("SELECT id FROM engagement")).scalars())
    assert engagements, kept
    _upgrade_with_duplicates(database, engagements)
    database.dispose()


def test_a_database_of_the_revision_before_with_duplicates_upgrades_merged(
    db: Database,
) -> None:
    with db.write() as session:
        committee = create_committee(session, "Migration LPC")
        area = resolve_area(session, "QE1")
        ids = [
            log_engagement(
                session,
                EngagementInput(committee.id, area.id, dt.date(2026, 2, 1), "meeting", title),
            ).id
            for title in ("First", "Second")
        ]
    with migrate._migration_transaction(db) as connection:  # foreign keys paused
        command.downgrade(migrate.alembic_config(connection), BEFORE)
    _upgrade_with_duplicates(db, ids)
