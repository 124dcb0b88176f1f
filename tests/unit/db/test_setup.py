"""Opening a database: read-only when nothing needs doing, and safe when two start at once."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.models import Area
from icstracker.db.setup import open_database


def test_opening_a_ready_database_does_not_take_the_write_lock(sqlite_db: Database) -> None:
    assert sqlite_db.path is not None
    sqlite_db.dispose()
    # A log in use is in WAL mode (backups are not: they are single self-contained files).
    sqlite3.connect(sqlite_db.path).execute("PRAGMA journal_mode = WAL").connection.close()
    writer = sqlite3.connect(sqlite_db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another window is in the middle of saving
    try:
        result = open_database(sqlite_db.url)
        assert not result.upgrade.changed and not result.reference.changed
        with result.database.session() as session:
            assert session.scalar(select(func.count()).select_from(Area)) > 1000
        result.database.dispose()
    finally:
        writer.rollback()
        writer.close()


def test_two_first_starts_on_an_empty_shared_server_both_succeed(
    postgres_server: object, sqlite_template: Path
) -> None:
    from tests.conftest import _PostgresServer

    assert isinstance(postgres_server, _PostgresServer)
    name = f"{postgres_server.template}_race"
    postgres_server.drop(name)
    with postgres_server.admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = postgres_server.url_for(name)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def first_start() -> None:
        start.wait()
        try:
            open_database(url).database.dispose()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=first_start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        shared = Database(url)
        reference = Database(f"sqlite:///{sqlite_template}")
        with shared.session() as a, reference.session() as b:
            count = select(func.count()).select_from(Area)
            assert a.scalar(count) == b.scalar(count)
        shared.dispose()
        reference.dispose()
    finally:
        postgres_server.drop(name)
