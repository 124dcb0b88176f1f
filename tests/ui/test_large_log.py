"""A national-scale log (100,000 engagements) opens, filters, sorts and scrolls.

No timing asserts (these machines are noisy): the timings are printed for the record,
and bench/ measures them properly against a baseline.
"""

from __future__ import annotations

import time

import pytest

from icstracker.db.database import Database
from icstracker.services.committees import list_committees
from icstracker.services.demo import generate_demo
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings

pytestmark = pytest.mark.slow


def test_100000_engagements(qtbot, sqlite_db: Database, tmp_path, capsys) -> None:
    with sqlite_db.write() as session:
        generate_demo(session, 100_000, seed=11)
    with sqlite_db.session() as session:
        committee = list_committees(session)[0]
    timings = {}
    started = time.perf_counter()
    window = MainWindow(sqlite_db, committee, WindowSettings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.period.set_key("all")
    timings["open"] = time.perf_counter() - started
    total = window.table_model.rowCount()
    assert total > 10_000
    started = time.perf_counter()
    window.levels.button(3).click()
    timings["level filter"] = time.perf_counter() - started
    neighbourhood = window.table_model.rowCount()
    assert 0 < neighbourhood < total
    started = time.perf_counter()
    window.table.sortByColumn(5, window.table.horizontalHeader().sortIndicatorOrder())
    timings["sort by title"] = time.perf_counter() - started
    started = time.perf_counter()
    last = window.table_model.row_data(neighbourhood - 1)
    timings["fetch last page"] = time.perf_counter() - started
    assert last is not None and last.level == "neighbourhood"
    window.search.setText("pharmacy first")
    started = time.perf_counter()
    window.apply_filters()
    timings["text search"] = time.perf_counter() - started
    assert 0 < window.table_model.rowCount() < neighbourhood
    with capsys.disabled():
        print(
            "\n100,000 engagements: "
            + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items())
        )
