"""Upgrades keep every row, take a backup first, and refuse a database from the future."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from icstracker.db import migrate
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.db.models import Base, Engagement
from icstracker.db.search_index import include_object
from icstracker.db.setup import open_database
from icstracker.errors import DatabaseError, SchemaTooNewError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import list_engagements
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import log_engagement

FIRST_REVISION = "0001"
SHIPPED_HEAD = migrate.head_revision()  # before the test-only revisions are added
DATA = Path(__file__).parents[2] / "data"


def test_models_and_migrations_agree(db: Database) -> None:
    # The search index is not in the models; Alembic's environment leaves it out the same way.
    opts = {"compare_type": True, "include_object": include_object}
    with db.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts=opts), Base.metadata
        )
    assert differences == []


def _columns(database: Database) -> dict[str, set[str]]:
    with database.engine.connect() as connection:
        inspector = inspect(connection)
        return {
            name: {c["name"] for c in inspector.get_columns(name)}
            for name in inspector.get_table_names()
        }


def _table_dump(
    database: Database, columns: dict[str, set[str]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the database has (an old schema lacks the newer ones),
    in the columns it has, or only those in ``columns``: an upgrade may add columns,
    never lose or change one."""
    held = columns or _columns(database)
    with database.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    select(*(c for c in table.columns if c.name in held[table.name])).order_by(
                        *table.primary_key.columns
                    )
                )
            ]
            for table in Base.metadata.sorted_tables
            if table.name in held
        }


def _fill(database: Database) -> None:
    with database.write() as session:
        committee = create_committee(
            session, "Community Pharmacy Devon", (resolve_area(session, "QJK").id,)
        )
        log_engagement(
            session,
            EngagementInput(
                committee_id=committee.id,
                area_id=resolve_area(session, "QJK").id,
                occurred_on=dt.date(2026, 9, 1),
                kind="meeting",
                title="ICB pharmacy commissioning group",
                topics=("Pharmacy First",),
                people=("A Person",),
                actions=(ActionInput("Send minutes", "LPC", dt.date(2026, 9, 8)),),
            ),
            today=dt.date(2026, 11, 1),
        )


def test_database_made_by_the_first_revision_upgrades_without_loss(tmp_path: Path) -> None:
    """The kept 0001 database (today's services can no longer write a 0001 schema) comes
    up to the head with every row and column it had; added columns take their defaults."""
    copy = backup_sqlite(DATA / f"schema-{FIRST_REVISION}.sqlite3", tmp_path / "old.sqlite3")
    database = Database(sqlite_url(copy))
    with database.engine.connect() as connection:
        assert migrate.current_revision(connection) == FIRST_REVISION
    old_columns = _columns(database)
    with database.engine.connect() as connection:
        old_search = {
            i: t for i, t in connection.execute(select(Engagement.id, Engagement.search_text))
        }
    # The search column gains the topics (0012); every other column keeps its values.
    old_columns["engagement"].discard("search_text")
    before = _table_dump(database, old_columns)
    assert before["engagement"] and before["action"]
    result = migrate.upgrade_database(database)
    assert result.to_revision == migrate.head_revision()
    assert _table_dump(database, old_columns) == before
    with database.engine.connect() as connection:
        new_search = {
            i: t for i, t in connection.execute(select(Engagement.id, Engagement.search_text))
        }
    assert new_search.keys() == old_search.keys()
    assert all(new_search[i].startswith(old_search[i]) for i in old_search)
    assert any(new_search[i] != old_search[i] for i in old_search)
    with database.engine.connect() as connection:
        added = connection.execute(select(Engagement.internal_note, Engagement.not_for_partners))
        assert set(added) == {("", False)}  # no note, and seen by partners, as before 0005
    database.dispose()


def test_kept_database_of_each_released_revision_opens(tmp_path: Path) -> None:
    kept = sorted(DATA.glob("schema-*.sqlite3"))
    assert kept, "tests/data holds a database made by each released schema revision"
    for path in kept:
        copy = backup_sqlite(path, tmp_path / path.name)
        database = open_database(sqlite_url(copy)).database
        with database.session() as session:
            rows = list_engagements(session, EngagementFilter(include_deleted=True))
        assert len(rows) >= 1, path.name
        database.dispose()


@pytest.fixture
def newer_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped migrations plus one more, as the next release would ship them."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (folder / "versions" / "9001_test_column.py").write_text(
        textwrap.dedent(
            f'''
            """Test-only revision: adds a column and rebuilds a table others point at."""
            import sqlalchemy as sa
            from alembic import op

            revision = "9001"
            down_revision = "{head}"
            branch_labels = None
            depends_on = None


            def upgrade():
                with op.batch_alter_table("committee") as batch:
                    batch.add_column(sa.Column("test_note", sa.Text(), nullable=True))
                # A copy-and-drop rebuild: with foreign keys on, the DROP would cascade
                # into action, engagement_topic, engagement_person and the rest.
                with op.batch_alter_table("engagement", recreate="always"):
                    pass


            def downgrade():
                with op.batch_alter_table("committee") as batch:
                    batch.drop_column("test_note")
            '''
        )
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: folder)
    return folder


def test_upgrade_backs_up_first_with_the_backup_api(
    sqlite_db: Database, newer_migrations: Path
) -> None:
    _fill(sqlite_db)
    before = _table_dump(sqlite_db)
    result = migrate.upgrade_database(sqlite_db)
    shipped_head = result.from_revision
    assert shipped_head is not None and result.to_revision == "9001"
    assert result.backup is not None and result.backup.is_file()
    if sys.platform != "win32":  # Windows has no group/other mode bits to check
        assert result.backup.stat().st_mode & 0o077 == 0  # readable by the user only
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (
            shipped_head,
        )
        assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert backup.execute("SELECT count(*) FROM engagement").fetchone() == (1,)
    after = _table_dump(sqlite_db)
    assert set(after) == set(before)
    for table, rows in before.items():
        if table != "committee":
            assert after[table] == rows, table
    assert [row[:2] for row in after["committee"]] == [row[:2] for row in before["committee"]]
    assert after["action"] and after["engagement_topic"], "the fixture links rows to rebuild"
    with sqlite_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_upgrade_that_would_break_links_changes_nothing(
    sqlite_db: Database, newer_migrations: Path
) -> None:
    (newer_migrations / "versions" / "9002_orphan.py").write_text(
        textwrap.dedent(
            """
            from alembic import op

            revision = "9002"
            down_revision = "9001"
            branch_labels = None
            depends_on = None


            def upgrade():
                op.execute("DELETE FROM committee")


            def downgrade():
                pass
            """
        )
    )
    _fill(sqlite_db)
    before = _table_dump(sqlite_db)
    with pytest.raises(DatabaseError, match="would break .* link.*nothing was changed"):
        migrate.upgrade_database(sqlite_db)
    assert _table_dump(sqlite_db) == before
    with sqlite_db.engine.connect() as connection:
        assert migrate.current_revision(connection) == SHIPPED_HEAD


def test_a_migration_failing_midway_leaves_the_database_as_it_was(
    sqlite_db: Database, newer_migrations: Path
) -> None:
    (newer_migrations / "versions" / "9002_fails.py").write_text(
        textwrap.dedent(
            """
            import sqlalchemy as sa
            from alembic import op

            revision = "9002"
            down_revision = "9001"
            branch_labels = None
            depends_on = None


            def upgrade():
                with op.batch_alter_table("engagement", recreate="always") as batch:
                    batch.add_column(sa.Column("half_done", sa.Text(), nullable=True))
                raise RuntimeError("disk unplugged")


            def downgrade():
                pass
            """
        )
    )
    _fill(sqlite_db)
    before = _table_dump(sqlite_db)
    with pytest.raises(DatabaseError, match="failed .*disk unplugged.*left as it was") as caught:
        migrate.upgrade_database(sqlite_db)
    assert "A copy taken before the upgrade is at" in caught.value.message
    assert _table_dump(sqlite_db) == before
    with sqlite_db.engine.connect() as connection:
        assert migrate.current_revision(connection) == SHIPPED_HEAD
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(engagement)")]
        assert "half_done" not in columns and "test_note" not in str(
            connection.exec_driver_sql("PRAGMA table_info(committee)").all()
        )


def test_database_from_a_newer_version_is_refused_untouched(sqlite_db: Database) -> None:
    with sqlite_db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(SchemaTooNewError, match="newer version of ICS Tracker"):
        migrate.upgrade_database(sqlite_db)
    with sqlite_db.engine.connect() as connection:
        assert migrate.current_revision(connection) == "ffff9999"


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "someone-elses.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    database = Database(sqlite_url(path))
    with pytest.raises(DatabaseError, match="not an ICS Tracker database"):
        migrate.upgrade_database(database)
    database.dispose()
