"""The log's first page, painted before the ORM and the full window have loaded.

Importing SQLAlchemy, the models and the services is most of the window's start-up, and
none of the full window can be built before it. On the usual start (an existing SQLite
file, its committee, the log's default view) ``db/first_page.py`` reads the first page
with ``sqlite3`` alone and this window shows it where the full window will be: the same
geometry, splitter and log columns, the same cells (``log_cells``). Once it is painted,
``ui/app.Startup`` loads the rest and opens the database the ordinary way; the full
window takes this one's place when it is built.

Only PySide6 and Qt-free, database-free modules are imported here (a test checks that
SQLAlchemy is not loaded by the time this window is painted).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.first_page import FirstPage, FirstRow, plain_sqlite_file, read_first_page
from icstracker.services.periods import nhs_quarter_containing, parse_period
from icstracker.ui.filter_bar import FilterBar, FilterState
from icstracker.ui.first_paint import WhenFirstPainted
from icstracker.ui.log_cells import COLUMNS, row_texts
from icstracker.ui.log_columns import LogColumns
from icstracker.ui.reminder_line import ReminderLine
from icstracker.ui.settings import WindowSettings
from icstracker.ui.window_geometry import keep_on_screen, place_new_window

PAGE_SIZE = 200  # as ``engagement_table.PAGE_SIZE``
# As ``window_menus`` builds them for the full window.
FULL_WINDOW_MENUS = ("&File", "&Edit", "&View", "&Help")
FULL_WINDOW_TOOLBAR = ("&New engagement…", "&Undo", "&Redo", "E&xport quarterly report…")


class FirstPageTableModel(QAbstractTableModel):
    """The first page's rows, read-only: the log's model replaces it."""

    def __init__(self, rows: list[FirstRow], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.texts = [row_texts(row) for row in rows]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None


class FirstLookWindow(QMainWindow):
    """Emits ``painted`` once, just after its table's first paint."""

    painted = Signal()

    def __init__(self, first: FirstPage, settings: WindowSettings) -> None:
        super().__init__()
        self.first = first
        self.setWindowTitle(f"ICS Tracker — {first.committee}")
        place_new_window(self)
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
            keep_on_screen(self)
        self.table_model = FirstPageTableModel(first.rows, self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Engagement log")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.log_columns = LogColumns(self.table, hide_footprint=first.one_ics)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        if settings.table_header is not None:
            header.restoreState(settings.table_header)
        tabs = QTabWidget()
        tabs.addTab(self.table, "&Log")
        for name in ("&Follow-ups", "C&overage", "C&harts", "&Map", "&Stakeholders"):
            tabs.addTab(QWidget(), name)
            tabs.setTabEnabled(tabs.count() - 1, False)
        self.splitter = QSplitter()
        self.splitter.addWidget(QTreeView())
        self.splitter.addWidget(tabs)
        self.splitter.addWidget(QWidget())
        self.splitter.setChildrenCollapsible(False)
        width = self.width()
        tree, detail = int(width * 0.24), int(width * 0.2)
        self.splitter.setSizes([tree, width - tree - detail, detail])
        self.splitter.setStretchFactor(1, 1)
        if settings.splitter is not None:
            self.splitter.restoreState(settings.splitter)
        self._frame_like_the_full_window(settings)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        # The full window's filter bar, as it will open and not yet usable: the log below
        # it then stays where it is when the full window takes over, instead of jumping.
        self.filter_bar = FilterBar([])
        self.filter_bar.set_state(FilterState(settings.period, "", "", "", "", ""))
        self.filter_bar.setEnabled(False)
        layout.addWidget(self.filter_bar)
        layout.addWidget(ReminderLine(settings.reminder_shown))
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().addWidget(QLabel("Opening the database…"), 1)
        # Two turns of the event loop: the paint is flushed, and whatever was queued with it
        # (a benchmark's own stop watch) runs before the ORM's import blocks.
        WhenFirstPainted(self.table.viewport(), lambda: QTimer.singleShot(0, self.painted.emit))

    def _frame_like_the_full_window(self, settings: WindowSettings) -> None:
        """The menus and toolbar the full window has, greyed out until it arrives."""
        for title in FULL_WINDOW_MENUS:
            self.menuBar().addMenu(title).setEnabled(False)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        for text in FULL_WINDOW_TOOLBAR:
            toolbar.addAction(text).setEnabled(False)

    @property
    def sorted_by_date(self) -> bool:
        """Whether the remembered header sorts the log newest first, as read."""
        header = self.table.horizontalHeader()
        return (
            header.sortIndicatorSection() == 0
            and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        )


def default_view(settings: WindowSettings, today: dt.date | None = None) -> Any:
    """The period the window opens on, as (start, end), None for all dates, or False when
    the remembered filters are more than a period (then there is no first look)."""
    if settings.level or settings.area_code or settings.search or settings.kind:
        return False
    if settings.topic:
        return False
    key = settings.period
    if key == "all":
        return None
    today = today or dt.date.today()
    try:
        period = parse_period(key) if key else nhs_quarter_containing(today)
    except Exception:  # noqa: BLE001 - as the period selector: a stale key is this quarter
        period = nhs_quarter_containing(today)
    return (period.start, period.end)


def open_first_look(database_arg: str | None, settings: WindowSettings) -> FirstLookWindow | None:
    """The first look for this start, built but not shown, or None when this start is
    not one it can show (``db/first_page.py``) or the remembered view is not the plain
    one it reads."""
    path = plain_sqlite_file(database_arg)
    if path is None:
        return None
    period = default_view(settings)
    if period is False:
        return None
    first = read_first_page(path, period, PAGE_SIZE)
    if first is None:
        return None
    window = FirstLookWindow(first, settings)
    if not window.sorted_by_date:
        window.deleteLater()
        return None
    return window
