"""Where the database is, and the SQLite settings that keep it safe."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.engine import (
    DATABASE_ENV,
    default_database_path,
    resolve_database_url,
    sqlite_url,
)
from icstracker.db.models import Committee


def test_a_path_a_url_the_environment_and_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path_url = resolve_database_url(str(tmp_path / "lpc.sqlite3"))
    assert path_url.get_backend_name() == "sqlite"
    assert path_url.database == str((tmp_path / "lpc.sqlite3").resolve())
    server = resolve_database_url("postgresql+psycopg://me:secret@db.example/lpc")
    assert server.get_backend_name() == "postgresql" and server.database == "lpc"
    monkeypatch.setenv(DATABASE_ENV, str(tmp_path / "from-env.sqlite3"))
    assert resolve_database_url(None).database.endswith("from-env.sqlite3")
    monkeypatch.delenv(DATABASE_ENV)
    assert resolve_database_url(None).database == str(default_database_path().resolve())
    monkeypatch.delenv("ICSTRACKER_HOME")
    assert "ICS Tracker" in str(default_database_path())  # the platform's user data folder
    monkeypatch.setenv(DATABASE_ENV, "")  # an empty variable is as good as unset
    assert resolve_database_url(None).database == str(default_database_path().resolve())


def test_sqlite_connections_are_configured_for_safety(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert pragmas == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 5000,
    }


def test_password_is_never_shown() -> None:
    database = Database("postgresql+psycopg://me:secret@db.example/lpc")
    assert "secret" not in database.describe()
    database.dispose()


def test_a_failed_write_leaves_nothing_behind(sqlite_db: Database) -> None:
    with pytest.raises(RuntimeError), sqlite_db.write() as session:
        session.add(Committee(name="Half-written"))
        session.flush()
        raise RuntimeError("crash mid-transaction")
    with sqlite_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Committee)) == 0


def test_read_only_uris_for_odd_paths() -> None:
    from icstracker.db.backup import read_only_uri

    assert read_only_uri(Path("/tmp/LPC 100% ?#/a.sqlite3")) == (
        "file:/tmp/LPC%20100%25%20%3F%23/a.sqlite3?mode=ro"
    )
    # A Windows network share (\\server\share, as resolve() gives a mapped drive): SQLite
    # wants an empty URI authority, not "server".
    assert read_only_uri(Path("//server/share/lpc.sqlite3")) == (
        "file:////server/share/lpc.sqlite3?mode=ro"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no group/other mode bits")
def test_a_new_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    from icstracker.db.setup import open_database

    path = tmp_path / "new.sqlite3"
    open_database(sqlite_url(path)).database.dispose()
    assert path.stat().st_mode & 0o077 == 0
