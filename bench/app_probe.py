"""The measuring end of the window benchmarks, run in a fresh subprocess each time.

Start-up has to be timed from a cold process (interpreter, Qt and the app's imports are
part of what a user waits for), and peak RSS is only meaningful for one process doing one
thing, so ``bench.runner`` starts this module and reads one JSON line from its output:

    python -m bench.app_probe startup DATABASE   # the app's own start-up path
    python -m bench.app_probe bare               # a bare PySide6 window: the baseline
    python -m bench.app_probe session DATABASE --reps 3   # filters, sorts, scrolling

Times are ``time.monotonic()`` (system-wide on Linux), so the parent can subtract the
moment it started the process. Both windows are stopped the same way: at the first paint
of their table's viewport that shows rows (the app reads its first page in the
background, so an earlier paint of the empty table does not count), once the event loop
has come back.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QMainWindow,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

# The app's own first-paint watcher, for the bare window too: both are stopped the same way.
from icstracker.ui.first_paint import WhenFirstPainted  # noqa: E402

TIMEOUT_MS = 120_000


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _application() -> Any:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("ICS Tracker")
    app.setOrganizationName("ICS Tracker")
    return app


def _finish(app: Any, result: dict[str, Any]) -> None:
    result["shown_at"] = time.monotonic()
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result), flush=True)
    app.exit(0)


def probe_startup(database: str) -> int:
    """The path ``icstracker`` takes: the first look if this start can paint one, then
    open (migrate, check reference data) and the full window.

    ``shown_at`` is the first paint of the log with its rows, whichever window paints it
    (the first look's or the full window's): what the user waits for, stopped as the bare
    window is stopped. The probe then waits for the full window's first page too and
    reports it as ``window_at``, so the time until everything answers is on record.
    """
    from icstracker.ui.app import Startup
    from icstracker.ui.jobs import JobRunner

    app = _application()
    result: dict[str, Any] = {}

    def first_painted() -> None:
        result["shown_at"] = time.monotonic()
        result["first_look"] = startup.first_look is not None
        _with_rows(startup, result)
        if not result["first_look"]:
            window_painted()

    def window_painted() -> None:
        if "window_at" in result:
            return
        result["window_at"] = time.monotonic()
        result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(result), flush=True)
        app.exit(0)

    def sqlalchemy_loaded() -> bool:
        result["sqlalchemy_before_first_paint"] = "sqlalchemy" in sys.modules
        return True

    class ProbedStartup(Startup):
        def start(self) -> None:
            super().start()
            if self.first_look is not None:
                viewport = self.first_look.table.viewport()
                WhenFirstPainted(viewport, first_painted, sqlalchemy_loaded)

        def _opened(self, opened: Any) -> None:
            had_first_look = self.first_look is not None
            super()._opened(opened)
            window = self.window
            if window is None:
                return
            ready = lambda: window.table_model.first_page_shown  # noqa: E731
            if had_first_look:
                WhenFirstPainted(window.table.viewport(), window_painted, ready)
            else:
                both = lambda: ready() and sqlalchemy_loaded()  # noqa: E731
                WhenFirstPainted(window.table.viewport(), first_painted, both)

    startup = ProbedStartup(database, JobRunner())
    startup.start()
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(3))
    return int(app.exec())


def _with_rows(startup: Any, result: dict[str, Any]) -> dict[str, Any]:
    if startup.first_look is not None:
        table = startup.first_look.table
        result["rows"] = table.model().rowCount()
        result["first_row_loaded"] = True  # its rows are read before it is built
        return result
    window = startup.window
    result["rows"] = window.table_model.rowCount()
    first = window.table.rowAt(0)
    result["first_row_loaded"] = first < 0 or window.table_model.row_data(first) is not None
    return result


def probe_bare() -> int:
    """The baseline: a plain QMainWindow with a 100-row, 9-column table of text."""
    app = _application()
    window = QMainWindow()
    table = QTableWidget(100, 9)
    for row in range(100):
        for column in range(9):
            table.setItem(row, column, QTableWidgetItem(f"Row {row} column {column}"))
    window.setCentralWidget(table)
    window.resize(1280, 760)
    result: dict[str, Any] = {"rows": 100}
    WhenFirstPainted(table.viewport(), lambda: _finish(app, result))
    window.show()
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(3))
    return int(app.exec())


def _timed(action: Callable[[], object], table: QTableView) -> float:
    """Seconds from an action to its rows painted (``repaint`` paints synchronously); the
    window reads a new filter's first page in the background, so this waits for it."""
    model = table.model()
    app = QApplication.instance()
    started = time.perf_counter()
    action()
    while not getattr(model, "first_page_shown", True):
        app.processEvents()
        time.sleep(0.0005)
        if time.perf_counter() - started > TIMEOUT_MS / 1000:
            raise RuntimeError("the window never showed the rows it was asked for")
    table.viewport().repaint()
    return time.perf_counter() - started


def _settled(window: Any, since: float) -> float:
    """Seconds from ``since`` until the log is counted and the footprint tree recounted."""
    app = QApplication.instance()
    while window.table_model.is_loading or window._counting is not None:
        app.processEvents()
        time.sleep(0.0005)
        if time.perf_counter() - since > TIMEOUT_MS / 1000:
            raise RuntimeError("the window never finished counting")
    return time.perf_counter() - since


def floor_page(database: str, committee_id: int, runs: int = 7) -> float:
    """The floor for a filter's first rows: raw SQLite, ``ORDER BY … LIMIT 100`` over the
    committee's live rows in date order (the window's default page), median of ``runs``."""
    import sqlite3

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        connection.execute(
            "SELECT id FROM engagement WHERE committee_id = ? AND deleted_at IS NULL "
            "ORDER BY occurred_on DESC, id DESC LIMIT 100",
            (committee_id,),
        ).fetchall()
        times.append(time.perf_counter() - started)
    connection.close()
    return statistics.median(times)


def probe_session(database: str, reps: int) -> int:
    """Filters, sorts and scrolls a shown window over the whole log (period: all dates),
    the window's reads in the background as the app runs them."""
    from PySide6.QtCore import Qt

    from icstracker.db.database import Database
    from icstracker.db.engine import sqlite_url
    from icstracker.services.committees import list_committees
    from icstracker.services.engagement_filter import EngagementFilter
    from icstracker.services.engagement_pages import LogOrder, count_engagements, page
    from icstracker.services.engagement_queries import engagement_rows
    from icstracker.ui.engagement_table import COLUMNS, PAGE_SIZE
    from icstracker.ui.jobs import JobRunner
    from icstracker.ui.main_window import MainWindow
    from icstracker.ui.settings import WindowSettings

    app = _application()
    db = Database(sqlite_url(Path(database)))
    with db.session() as session:
        # The biggest log, joint engagements included: the demo's joint meetings make the
        # committee two parts, the slower shape, so the worst case is the one timed.
        committee = max(
            list_committees(session),
            key=lambda c: count_engagements(session, EngagementFilter(committee_id=c.id)),
        )
    folder = tempfile.TemporaryDirectory(prefix="icstracker-probe-")
    settings = WindowSettings(Path(folder.name) / "s.ini")
    window = MainWindow(db, committee, settings, JobRunner())
    window.show()
    app.processEvents()
    table = window.table
    _timed(lambda: window.period.set_key("all"), table)
    _settled(window, time.perf_counter())
    total = window.table_model.rowCount()

    def query_alone() -> float:
        """The first page the window asks the services for, without Qt: ids and rows."""
        criteria = window.current_filter()
        order = LogOrder(window.table_model.sort_key, window.table_model.descending)
        started = time.perf_counter()
        with db.session() as session:
            keys = page(session, criteria, order, limit=PAGE_SIZE)
            engagement_rows(session, [i for _, i in keys])
        return time.perf_counter() - started

    def select_area(code: str) -> Callable[[], None]:
        def choose() -> None:
            item = window.tree_model.item_for(code) if code else None
            index = item.index() if item is not None else window.tree_model.index(0, 0)
            window.tree.setCurrentIndex(index)

        return choose

    def search(text: str) -> Callable[[], None]:
        def typed() -> None:
            window.search.setText(text)
            window.filter_bar._search_timer.stop()  # the typing delay is deliberate, not measured
            window.apply_filters(data_changed=False)

        return typed

    area_codes = list(committee.area_codes) or ["QE1"]
    steps: list[tuple[str, Callable[[], None]]] = [
        ("level", lambda: window.levels.button(1).click()),
        ("level", lambda: window.levels.button(2).click()),
        ("level", lambda: window.levels.button(3).click()),
        ("level", lambda: window.levels.button(0).click()),
        *[("footprint", select_area(code)) for code in area_codes[:3]],
        ("text", search("pharmacy")),
        ("text", search("pharmacy first")),
        ("text", search("referral")),
        ("level", lambda: window.levels.button(3).click()),
        ("text", search("hypertension case")),
        ("text", search("")),
        ("level", lambda: window.levels.button(0).click()),
        ("footprint", select_area("")),
    ]
    filters: dict[str, list[float]] = {"level": [], "footprint": [], "text": []}
    settled: dict[str, list[float]] = {"level": [], "footprint": [], "text": []}
    queries: list[float] = []
    for _ in range(reps):
        for kind, action in steps:
            started = time.perf_counter()
            filters[kind].append(_timed(action, table))
            settled[kind].append(_settled(window, started))
            queries.append(query_alone())

    window.clear_filters()
    _timed(lambda: None, table)
    _settled(window, time.perf_counter())
    sorts: dict[str, list[float]] = {}
    for _ in range(reps):
        for column, (header, key) in enumerate(COLUMNS):
            if key is None:
                continue
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                sorts.setdefault(header, []).append(
                    _timed(lambda c=column, o=order: table.sortByColumn(c, o), table)
                )
                _settled(window, time.perf_counter())
    _timed(lambda: table.sortByColumn(0, Qt.SortOrder.DescendingOrder), table)
    _settled(window, time.perf_counter())
    rows = window.table_model.rowCount()
    pages: list[float] = []
    for number in range(1, min(1 + 10 * reps, max(1, rows // PAGE_SIZE))):
        index = window.table_model.index(number * PAGE_SIZE, 0)
        pages.append(
            _timed(lambda i=index: table.scrollTo(i, QTableView.ScrollHint.PositionAtTop), table)
        )
    last = _timed(
        lambda: table.scrollTo(
            window.table_model.index(max(0, rows - 1), 0), QTableView.ScrollHint.PositionAtBottom
        ),
        table,
    )
    all_filters = [t for times in filters.values() for t in times]
    result = {
        "rows_all_dates": total,
        "filter_s": all_filters,
        "filter_by_kind_s": filters,
        "settled_by_kind_s": settled,
        "query_s": queries,
        "floor_s": floor_page(database, committee.id),
        "sort_s": sorts,
        "next_page_s": pages,
        "last_page_s": last,
        "peak_rss_mb": peak_rss_mb(),
        "median_filter_s": statistics.median(all_filters),
    }
    window.close()
    db.dispose()
    folder.cleanup()
    print(json.dumps(result), flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("probe", choices=("startup", "bare", "session"))
    parser.add_argument("database", nargs="?")
    parser.add_argument("--reps", type=int, default=1)
    args = parser.parse_args(argv)
    if args.probe == "bare":
        return probe_bare()
    if not args.database:
        parser.error("that probe needs a database")
    if args.probe == "startup":
        return probe_startup(args.database)
    return probe_session(args.database, args.reps)


if __name__ == "__main__":
    raise SystemExit(main())
