"""The log's table model on its own: pages read on demand match the whole ordered list,
and in the background a newer filter cancels the reads of the one before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from icstracker.db.database import Database
from icstracker.errors import OperationCancelled
from icstracker.services.committees import list_committees
from icstracker.services.demo import generate_demo
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import engagement_ids
from icstracker.ui import engagement_table
from icstracker.ui.engagement_table import COLUMNS, EngagementTableModel
from icstracker.ui.jobs import JobRunner, LatestJob

TODAY = dt.date(2026, 11, 15)


@pytest.fixture
def demo(sqlite_db: Database) -> tuple[Database, EngagementFilter]:
    with sqlite_db.write() as session:
        generate_demo(session, 700, committees=1, seed=8, today=TODAY)
        committee = list_committees(session)[0]
    return sqlite_db, EngagementFilter(committee_id=committee.id)


def shown_ids(model: EngagementTableModel, rows: list[int] | None = None) -> list[int | None]:
    return [model.engagement_id(r) for r in rows or range(model.rowCount())]


def expected(
    database: Database, criteria: EngagementFilter, sort: str, descending: bool
) -> list[int]:
    with database.session() as session:
        return engagement_ids(session, criteria, sort=sort, descending=descending)


def test_pages_read_in_any_order_are_the_ordered_log(
    demo: tuple[Database, EngagementFilter], qtmodeltester: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, criteria = demo
    monkeypatch.setattr(engagement_table, "PAGE_SIZE", 50)
    model = EngagementTableModel(database)
    model.set_filter(criteria)
    qtmodeltester.check(model)
    for column, (_, key) in enumerate(COLUMNS):
        if key is None:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            whole = expected(database, criteria, key, order == Qt.SortOrder.DescendingOrder)
            assert model.rowCount() == len(whole)
            rows = list(range(len(whole)))
            random.Random(column).shuffle(rows)  # jumps (offset) and neighbours (keyset)
            assert shown_ids(model, rows) == [whole[r] for r in rows], key
            assert model.row_of(whole[-3]) == len(whole) - 3
    narrowed = dataclasses.replace(criteria, level="neighbourhood", text="pharmacy")
    model.set_filter(narrowed)
    assert shown_ids(model) == expected(database, narrowed, model.sort_key, model.descending)


def _threaded(qtbot: Any, model: EngagementTableModel) -> Callable[[Callable[[], None]], None]:
    def wait_for(change: Callable[[], None]) -> None:
        with qtbot.waitSignal(model.counted, timeout=20_000):
            change()

    return wait_for


def test_a_newer_filter_replaces_an_older_one_unseen(
    demo: tuple[Database, EngagementFilter], qtbot: Any
) -> None:
    database, criteria = demo
    model = EngagementTableModel(database, runner=JobRunner())
    wait_for = _threaded(qtbot, model)
    wait_for(lambda: model.set_filter(criteria))
    shown: list[str] = []
    model.loaded.connect(lambda: shown.append(model.filter.level or ""))
    older = dataclasses.replace(criteria, level="system")
    newer = dataclasses.replace(criteria, level="place")
    wait_for(lambda: (model.set_filter(older), model.set_filter(newer)))
    qtbot.wait(200)  # anything the older read still had to say has arrived by now
    assert shown == ["place"]
    assert shown_ids(model) == expected(database, newer, "date", True)


def test_starting_again_cancels_the_running_read(qtbot: Any) -> None:
    """The older job sees ``cancelled()`` turn true (SQLite is interrupted on it: see
    tests/unit/db/test_interrupt.py) and nothing it reports reaches the callbacks."""
    reads = LatestJob(JobRunner())
    running, outcome = threading.Event(), []
    delivered: list[object] = []

    def slow(report: Callable[[object], None], cancelled: Callable[[], bool]) -> str:
        running.set()
        for _ in range(2000):
            if cancelled():
                outcome.append("cancelled")
                raise OperationCancelled("replaced")
            threading.Event().wait(0.01)
        outcome.append("finished")
        return "old"

    reads.start(slow, delivered.append, delivered.append, lambda e, d: delivered.append(e))
    assert running.wait(10)
    with qtbot.waitCallback(timeout=10_000) as done:
        reads.start(lambda report, cancelled: "new", delivered.append, done, done)
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=10_000)
    qtbot.wait(100)
    assert done.args == ["new"] and delivered == []


def test_the_text_a_cell_shows_is_its_rows_after_pages_are_dropped_and_read_again(
    demo: tuple[Database, EngagementFilter], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model keeps each shown row's cells as text; a page dropped from the cache and
    read again, or a refresh after an edit, shows the rows as they are now."""
    from sqlalchemy import update

    from icstracker.db.models import Engagement
    from icstracker.services.engagement_queries import engagement_rows

    database, criteria = demo
    monkeypatch.setattr(engagement_table, "PAGE_SIZE", 50)
    monkeypatch.setattr(engagement_table, "MAX_CACHED_PAGES", 2)
    model = EngagementTableModel(database)
    model.set_filter(criteria)
    title = COLUMNS.index(("Title", "title"))
    whole = expected(database, criteria, model.sort_key, model.descending)
    with database.session() as session:
        titles = {r.id: r.title for r in engagement_rows(session, whole)}
    rows = list(range(len(whole)))
    random.Random(3).shuffle(rows)
    for row in rows + rows[:40]:  # far more pages than are kept: dropped and read again
        assert model.data(model.index(row, title)) == titles[whole[row]]
    assert model.data(model.index(0, title)) == titles[whole[0]]  # its text now kept
    with database.write() as session:
        session.execute(update(Engagement).where(Engagement.id == whole[0]).values(title="Renamed"))
    model.refresh()
    assert model.data(model.index(0, title)) == "Renamed"
    assert model.data(model.index(0, title), Qt.ItemDataRole.ToolTipRole) == "Renamed"
    assert model.data(model.index(len(whole), title)) is None
