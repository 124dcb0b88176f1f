"""Shared fixtures: isolated user folders, and databases ready to use on every backend.

Building a database (schema plus ~1,800 footprints) takes a couple of seconds, so each
backend builds one template per test run and every test gets its own copy: a SQLite
file copied with the backup API, or a PostgreSQL database cloned with ``TEMPLATE``.
PostgreSQL runs only when ``ICSTRACKER_TEST_POSTGRES_URL`` names a server (CI starts a
throw-away one); SQLite always runs.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from icstracker.db.backup import backup_sqlite  # noqa: E402
from icstracker.db.database import Database  # noqa: E402
from icstracker.db.engine import sqlite_url  # noqa: E402
from icstracker.db.setup import open_database  # noqa: E402

POSTGRES_ENV = "ICSTRACKER_TEST_POSTGRES_URL"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(POSTGRES_ENV) else [])


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the real user's data, settings or logs."""
    home = tmp_path_factory.mktemp("home")
    saved = dict(os.environ)
    # ICSTRACKER_HOME moves every folder ICS Tracker writes on every platform; the XDG
    # variables also cover Qt and libraries on Linux (platformdirs ignores them on Windows).
    os.environ["ICSTRACKER_HOME"] = str(home / "icstracker")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ.pop("ICSTRACKER_DATABASE", None)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(sqlite_url(path)).database.dispose()
    return path


class _PostgresServer:
    """Clones a migrated, loaded template database for each test."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template = f"icstracker_template_{uuid.uuid4().hex[:8]}"
        self._counter = itertools.count()
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.template}"'))
        open_database(self.url.set(database=self.template)).database.dispose()

    def clone(self) -> str:
        name = f"{self.template}_{next(self._counter)}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[_PostgresServer]:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    server = _PostgresServer(url)
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated database with the reference data loaded, on each backend under test."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = backup_sqlite(template, tmp_path / "test.sqlite3")
        database = Database(sqlite_url(path))
        yield database
        database.dispose()
    else:
        server: _PostgresServer = request.getfixturevalue("postgres_server")
        name = server.clone()
        database = Database(server.url_for(name))
        yield database
        database.dispose()
        server.drop(name)


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A SQLite copy only, for tests about files (backup, corruption, locking)."""
    path = backup_sqlite(sqlite_template, tmp_path / "test.sqlite3")
    database = Database(sqlite_url(path))
    yield database
    database.dispose()


def database_argument(database: Database) -> str:
    """What ``--database`` takes for this test database: a file's path, or a server's URL
    with its password (a rendered URL hides it)."""
    if database.path is not None:
        return str(database.path)
    return database.url.render_as_string(hide_password=False)


class MemoryKeyring:
    """The operating system's keyring, in memory: tests never touch a real one."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """``icstracker.db.credentials`` talks to this instead of the real keyring."""
    from icstracker.db import credentials

    ring = MemoryKeyring()
    monkeypatch.setattr(credentials, "_keyring", lambda: ring)
    return ring
