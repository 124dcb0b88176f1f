"""The first look: the log's first page painted before the ORM loads, then replaced.

It must show exactly what the full window's log then shows (cell for cell), step aside
whenever the remembered view is not the one it reads, and hand over to the full window.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QLabel

from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.services.committees import list_committees
from icstracker.services.demo import generate_demo
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.ui import app as app_module
from icstracker.ui.engagement_table import EngagementTableModel
from icstracker.ui.first_look import FirstLookWindow, default_view, open_first_look
from icstracker.ui.jobs import JobRunner
from icstracker.ui.settings import WindowSettings


@pytest.fixture(scope="module")
def demo_file(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = backup_sqlite(sqlite_template, tmp_path_factory.mktemp("look") / "demo.sqlite3")
    database = Database(sqlite_url(path))
    try:
        with database.write() as session:
            generate_demo(session, 1200, seed=5, today=dt.date.today(), committees=2)
    finally:
        database.dispose()
    return path


@pytest.fixture
def settings(tmp_path: Path) -> WindowSettings:
    return WindowSettings(tmp_path / "settings.ini")


def _cells(model: Any) -> list[list[str]]:
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(min(model.rowCount(), 200))
    ]


@pytest.mark.parametrize("period", ["all", ""])
def test_it_shows_the_cells_the_log_then_shows(
    qtbot: Any, qtmodeltester: Any, demo_file: Path, settings: WindowSettings, period: str
) -> None:
    settings.period = period
    window = open_first_look(str(demo_file), settings)
    assert isinstance(window, FirstLookWindow)
    qtbot.addWidget(window)
    qtmodeltester.check(window.table_model)
    database = Database(sqlite_url(demo_file))
    try:
        with database.session() as session:
            committee = list_committees(session)[0]
        span = default_view(settings)
        model = EngagementTableModel(database)
        model.set_filter(
            EngagementFilter(
                committee_id=committee.id,
                date_from=span[0] if span else None,
                date_to=span[1] if span else None,
            )
        )
        assert window.first.committee == committee.name
        assert window.table_model.rowCount() > 0
        assert _cells(window.table_model) == _cells(model)
        headers = [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
        assert headers == [
            window.table_model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(window.table_model.columnCount())
        ]
    finally:
        database.dispose()
    assert window.table_model.rowCount(window.table_model.index(0, 0)) == 0
    assert window.table_model.data(QModelIndex()) is None


def test_a_remembered_filter_or_sort_goes_the_ordinary_way(
    qtbot: Any, demo_file: Path, settings: WindowSettings
) -> None:
    for name, value in (("search", "pharmacy"), ("level", "place"), ("kind", "meeting")):
        setattr(settings, name, value)
        assert open_first_look(str(demo_file), settings) is None
        setattr(settings, name, "")
    window = open_first_look(str(demo_file), settings)
    assert window is not None
    qtbot.addWidget(window)
    window.table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.AscendingOrder)
    settings.table_header = window.table.horizontalHeader().saveState()
    assert open_first_look(str(demo_file), settings) is None  # sorted by title
    assert open_first_look(f"sqlite:///{demo_file}", WindowSettings()) is None


def test_the_full_window_takes_its_place(qtbot: Any, demo_file: Path) -> None:
    """Where the first look was, with its panes as wide and its log where it was. The
    demo has overdue follow-ups and the reminder showed last time: both windows keep its
    line while they are counted."""
    WindowSettings().reminder_shown = True
    startup = app_module.Startup(str(demo_file), JobRunner(run_now=True))
    startup.start()
    look = startup.first_look
    assert look is not None and look.isVisible() and startup.window is None
    shown = _cells(look.table_model)
    geometry = look.geometry()
    panes = look.splitter.sizes()
    log_at = look.table.mapTo(look, QPoint(0, 0))
    (waiting,) = [w for w in look.findChildren(QLabel) if w.accessibleName() == "Reminder"]
    assert waiting.text() == "Counting overdue follow-ups…"
    assert waiting.isVisibleTo(look)
    qtbot.waitUntil(lambda: startup.window is not None, timeout=30_000)
    window = startup.window
    assert window is not None
    qtbot.addWidget(window)
    assert startup.first_look is None and window.isVisible()
    # Where the first look was (the full window may need more width than a small screen
    # gave the first look: its filter bar's minimum).
    assert window.geometry().topLeft() == geometry.topLeft()
    assert window.splitter.sizes() == panes
    assert window.table.mapTo(window, QPoint(0, 0)) == log_at
    assert window.table_model.first_page_shown
    assert _cells(window.table_model)[: len(shown)] == shown
    assert window.reminder.isVisible() and "overdue" in window.reminder.text()
    WindowSettings().reminder_shown = False
    window.close()
    assert WindowSettings().reminder_shown  # the next start keeps its line again
