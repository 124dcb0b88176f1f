"""The start-up schema check reads revisions without Alembic and always agrees with it.

``migrate`` takes the head from the revision files' text and the database's revision from
``alembic_version`` so that an up-to-date database opens without importing Alembic. These
tests hold those readings to Alembic's own answers, so they cannot drift apart as
migrations are added, and check that anything unusual is left to Alembic.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text

from icstracker.db import migrate
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url


def _alembic_head() -> str | None:
    return ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


def _alembic_known() -> set[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


@pytest.fixture
def migrations_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped migrations folder that ``migrate`` reads instead."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "migrations_dir", lambda: folder)
    return folder


def _add_revision(folder: Path, name: str, header: str) -> None:
    body = "\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    source = f'"""Test-only revision."""\nfrom alembic import op\n\n{header}\n{body}'
    (folder / "versions" / name).write_text(source, encoding="utf-8")


def test_the_shipped_head_is_alembics_head() -> None:
    chain = migrate.shipped_revisions()
    assert chain is not None, "the shipped migrations should be readable without Alembic"
    assert migrate.head_revision() == _alembic_head()
    assert migrate.known_revisions() == _alembic_known() == set(chain)


def test_a_new_release_revision_moves_the_head(migrations_copy: Path) -> None:
    shipped = migrate.head_revision()
    _add_revision(
        migrations_copy,
        "9001_next.py",
        f'revision: str = "9001"\ndown_revision: str | None = "{shipped}"\n'
        "branch_labels = None\ndepends_on = None",
    )
    assert migrate.shipped_revisions() is not None
    assert migrate.head_revision() == "9001" == _alembic_head()
    assert migrate.known_revisions() == _alembic_known()


@pytest.mark.parametrize("where", ["below the code", "after a docstring line like code"])
def test_identifiers_are_found_wherever_the_file_writes_them(
    migrations_copy: Path, where: str
) -> None:
    """The part above the first function is read first; the whole file when it does not say."""
    down = migrate.head_revision()
    body = "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    identifiers = f'revision = "9001"\ndown_revision = "{down}"\n'
    if where == "below the code":
        source = f'"""Test-only revision."""\n\n{body}\n{identifiers}'
    else:
        source = f'"""Test-only revision:\ndef upgrade() is below."""\n{identifiers}\n{body}'
    (migrations_copy / "versions" / "9001_late.py").write_text(source, encoding="utf-8")
    assert migrate.shipped_revisions() is not None
    assert migrate.head_revision() == "9001" == _alembic_head()


@pytest.mark.parametrize(
    "header",
    [
        'revision = "9001"\ndown_revision = "{down}"\nbranch_labels = ("feature",)',
        'revision = "9001"\ndown_revision = "{down}"\ndepends_on = "0001"',
        'revision = "9001"\ndown_revision = ("{down}", "0001")',
        'revision = "90" + "01"\ndown_revision = "{down}"',
        'revision = "9001"',
    ],
    ids=["branch-label", "depends-on", "merge", "computed-id", "no-down-revision"],
)
def test_anything_unusual_is_left_to_alembic(migrations_copy: Path, header: str) -> None:
    _add_revision(migrations_copy, "9001_odd.py", header.format(down=migrate.head_revision()))
    assert migrate.shipped_revisions() is None


def test_two_heads_are_left_to_alembic_which_refuses_them(migrations_copy: Path) -> None:
    _add_revision(migrations_copy, "9001_a.py", 'revision = "9001"\ndown_revision = "0001"')
    assert migrate.shipped_revisions() is None
    with pytest.raises(CommandError):
        migrate.head_revision()


def test_a_file_alembic_ignores_is_ignored(migrations_copy: Path) -> None:
    (migrations_copy / "versions" / "__init__.py").write_text("", encoding="utf-8")
    assert migrate.head_revision() == _alembic_head()


def test_current_revision_reads_what_alembic_reads(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert migrate.current_revision(connection) == (
            MigrationContext.configure(connection).get_current_revision()
        )
    empty = Database(sqlite_url(tmp_path / "empty.sqlite3"))
    with empty.engine.begin() as connection:
        assert migrate.current_revision(connection) is None
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        assert migrate.current_revision(connection) is None
        connection.execute(text("INSERT INTO alembic_version VALUES ('a'), ('b')"))
        with pytest.raises(CommandError):  # two heads: Alembic's own complaint
            migrate.current_revision(connection)
    empty.dispose()


def test_opening_an_up_to_date_database_does_not_import_alembic(sqlite_db: Database) -> None:
    assert sqlite_db.path is not None
    code = textwrap.dedent(
        f"""
        import sys
        from icstracker.db.setup import open_database

        result = open_database({str(sqlite_db.path)!r}, daily_backup=False)
        result.database.dispose()
        assert not result.upgrade.changed, result.upgrade
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("alembic", "mako")))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
