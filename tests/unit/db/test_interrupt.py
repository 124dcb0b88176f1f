"""A read no longer wanted stops part-way: SQLite is interrupted, not waited for."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from icstracker.db.database import Database
from icstracker.db.interrupt import interruptible
from icstracker.errors import OperationCancelled

# Counts to a billion: minutes of work if nothing stops it.
ENDLESS = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n"
)


def test_a_cancelled_query_stops_at_once(sqlite_db: Database) -> None:
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with pytest.raises(OperationCancelled), sqlite_db.session() as session:
        with interruptible(session, stop.is_set):
            session.execute(ENDLESS).scalar()
    assert time.monotonic() - started < 30  # seconds, not the minutes the count takes
    with sqlite_db.session() as session:  # the connection went back to the pool usable
        assert session.execute(text("SELECT 1")).scalar() == 1


def test_a_read_finished_after_its_cancel_is_not_handed_on(db: Database) -> None:
    with pytest.raises(OperationCancelled), db.session() as session:
        with interruptible(session, lambda: True):
            session.execute(text("SELECT 1")).scalar()


def test_an_unwanted_error_is_not_hidden(db: Database) -> None:
    with pytest.raises(Exception, match="no such|does not exist"), db.session() as session:
        with interruptible(session, lambda: False):
            session.execute(text("SELECT * FROM no_such_table")).all()
