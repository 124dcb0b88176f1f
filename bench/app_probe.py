"""The measuring end of the window benchmarks, run in a fresh subprocess each time.

Start-up has to be timed from a cold process (interpreter, Qt and the app's imports are
part of what a user waits for), and peak RSS is only meaningful for one process doing one
thing, so ``bench.runner`` starts this module and reads one JSON line from its output:

    python -m bench.app_probe startup DATABASE   # the app's own start-up path
    python -m bench.app_probe bare               # a bare PySide6 window: the baseline
    python -m bench.app_probe session DATABASE --reps 3   # filters, sorts, scrolling

Times are ``time.monotonic()`` (system-wide on Linux), so the parent can subtract the
moment it started the process. A window counts as shown once its table's viewport has
painted and the event loop has come back: that paint is what fetches the first page.
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

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QMainWindow,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

TIMEOUT_MS = 120_000


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class _FirstPaint(QObject):
    """Calls ``done`` once, just after the watched viewport's first paint."""

    def __init__(self, done: Callable[[], None]) -> None:
        super().__init__()
        self._done = done
        self._fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self._fired:
            self._fired = True
            QTimer.singleShot(0, self._done)
        return False


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
    """The path ``icstracker`` takes: open (migrate, check reference data), then the window."""
    from icstracker.ui import app as app_module
    from icstracker.ui.app import Startup
    from icstracker.ui.jobs import JobRunner

    # Startup.start drops the Job that run_with_progress returns; when Python collects it
    # first, its signals go with it and the window never opens (about half the runs here).
    # Keeping a reference lets the probe time the start-up path rather than that race.
    jobs: list[Any] = []
    unkept = app_module.run_with_progress

    def kept(*args: Any, **kwargs: Any) -> Any:
        jobs.append(unkept(*args, **kwargs))
        return jobs[-1]

    app_module.run_with_progress = kept  # type: ignore[assignment]
    app = _application()
    result: dict[str, Any] = {}
    watcher = _FirstPaint(lambda: _finish(app, _with_rows(startup, result)))

    class ProbedStartup(Startup):
        def _opened(self, opened: Any) -> None:
            super()._opened(opened)
            if self.window is not None:
                self.window.table.viewport().installEventFilter(watcher)

    startup = ProbedStartup(database, JobRunner())
    startup.start()
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(3))
    return int(app.exec())


def _with_rows(startup: Any, result: dict[str, Any]) -> dict[str, Any]:
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
    watcher = _FirstPaint(lambda: _finish(app, result))
    table.viewport().installEventFilter(watcher)
    window.show()
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(3))
    return int(app.exec())


def _timed(action: Callable[[], object], table: QTableView) -> float:
    """Seconds from an action to its rows painted (``repaint`` paints synchronously)."""
    started = time.perf_counter()
    action()
    table.viewport().repaint()
    return time.perf_counter() - started


def probe_session(database: str, reps: int) -> int:
    """Filters, sorts and scrolls a shown window over the whole log (period: all dates)."""
    from PySide6.QtCore import Qt

    from icstracker.db.database import Database
    from icstracker.db.engine import sqlite_url
    from icstracker.services.committees import list_committees
    from icstracker.services.engagement_filter import EngagementFilter
    from icstracker.services.engagement_queries import (
        count_engagements,
        engagement_ids,
        engagement_rows,
        footprint_counts,
    )
    from icstracker.ui.engagement_table import COLUMNS, PAGE_SIZE
    from icstracker.ui.main_window import MainWindow
    from icstracker.ui.settings import WindowSettings

    app = _application()
    db = Database(sqlite_url(Path(database)))
    with db.session() as session:
        # The biggest log, joint engagements included: the demo's joint meetings make the
        # committee query an OR, the slower shape, so the worst case is the one timed.
        committee = max(
            list_committees(session),
            key=lambda c: count_engagements(session, EngagementFilter(committee_id=c.id)),
        )
    folder = tempfile.TemporaryDirectory(prefix="icstracker-probe-")
    settings = WindowSettings(Path(folder.name) / "s.ini")
    window = MainWindow(db, committee, settings)
    window.show()
    app.processEvents()
    window.period.set_key("all")
    table = window.table
    table.viewport().repaint()
    total = window.table_model.rowCount()

    def query_alone() -> float:
        """What ``apply_filters`` asks the services for, without Qt: ids, counts, a page."""
        import dataclasses

        criteria = window.current_filter()
        started = time.perf_counter()
        with db.session() as session:
            ids = engagement_ids(
                session,
                criteria,
                sort=window.table_model.sort_key,
                descending=window.table_model.descending,
            )
            footprint_counts(session, dataclasses.replace(criteria, area_id=None, level=None))
            engagement_rows(session, ids[:PAGE_SIZE])
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
            window._search_timer.stop()  # the typing delay is deliberate, not measured
            window.apply_filters()

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
    queries: list[float] = []
    for _ in range(reps):
        for kind, action in steps:
            filters[kind].append(_timed(action, table))
            queries.append(query_alone())

    window.clear_filters()
    table.viewport().repaint()
    sorts: dict[str, list[float]] = {}
    for _ in range(reps):
        for column, (header, key) in enumerate(COLUMNS):
            if key is None:
                continue
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                sorts.setdefault(header, []).append(
                    _timed(lambda c=column, o=order: table.sortByColumn(c, o), table)
                )
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    rows = window.table_model.rowCount()
    pages: list[float] = []
    for page in range(1, min(1 + 10 * reps, max(1, rows // PAGE_SIZE))):
        index = window.table_model.index(page * PAGE_SIZE, 0)
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
        "query_s": queries,
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
