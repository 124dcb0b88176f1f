"""The log's columns: Title always in view, and the others shown or hidden by the user.

At a laptop's width the log cannot show every column, and it was the Title (the column
that says what happened) that fell off the right-hand edge. So Title comes second, after
the date, and takes whatever width the other columns leave; when they leave too little, it
still takes a readable width, up to the window's right-hand edge, and the horizontal
scroll bar reaches the columns after it. A committee working in one ICS sees
the same ICB in every Footprint cell, so that column starts hidden there; the header's
context menu (also View > Log columns) shows or hides any column, and the header's state,
saved with the window, remembers the choice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView

from icstracker.ui.log_cells import COLUMNS

DATE, FOOTPRINT, TITLE = 0, 2, 5
TITLE_MIN_CHARS = 30  # never narrower: "ICB primary care committee" reads whole
TITLE_WANTED_CHARS = 55  # wide enough for most titles, if the room before the edge allows
# Columns other than Title, in pixels at the default font (they scale with Qt's scaling).
WIDTHS = {1: 100, 2: 150, 3: 170, 4: 84, 6: 170, 7: 150, 8: 110}


class LogColumns(QObject):
    """Lays out the log's columns and keeps Title filling the room the others leave."""

    def __init__(self, table: QTableView, *, hide_footprint: bool) -> None:
        super().__init__(table)
        self.table = table
        self._fitting = False
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu_requested)
        header.sectionResized.connect(lambda section, _old, _new: self._other_resized(section))
        table.viewport().installEventFilter(self)
        self.menu = QMenu("Log &columns", table)
        self.menu.aboutToShow.connect(self._tick)
        self._actions: dict[int, QAction] = {}
        for column, (name, _sort) in enumerate(COLUMNS):
            if column in (DATE, TITLE):
                continue  # without these the log says nothing: always shown
            action = QAction(name, self.menu, checkable=True)
            action.toggled.connect(lambda shown, c=column: self.set_shown(c, shown))
            self.menu.addAction(action)
            self._actions[column] = action
        self.set_defaults(hide_footprint=hide_footprint)

    @property
    def title_min_width(self) -> int:
        return self.table.fontMetrics().averageCharWidth() * TITLE_MIN_CHARS

    @property
    def title_wanted_width(self) -> int:
        return self.table.fontMetrics().averageCharWidth() * TITLE_WANTED_CHARS

    def title_width(self) -> int:
        """The room the other columns leave (Qt's "stretch"); if that is too little, a
        readable width up to the right-hand edge (past it, at least the minimum)."""
        header = self.table.horizontalHeader()
        shown = [c for c in range(header.count()) if c != TITLE and not header.isSectionHidden(c)]
        room = self.table.viewport().width()
        left_of_title = sum(
            header.sectionSize(c)
            for c in shown
            if header.visualIndex(c) < header.visualIndex(TITLE)
        )
        wanted = self.title_wanted_width
        stretch = room - sum(header.sectionSize(c) for c in shown)
        return max(stretch, min(room - left_of_title, wanted), self.title_min_width)

    def set_defaults(self, *, hide_footprint: bool) -> None:
        """The layout before the user changed anything (their saved header replaces it)."""
        header = self.table.horizontalHeader()
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(DATE, 90)
        self.table.setColumnWidth(TITLE, self.title_min_width)
        header.moveSection(header.visualIndex(TITLE), 1)
        self.table.setColumnHidden(FOOTPRINT, hide_footprint)

    def set_shown(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        self.fit_title()

    def shown(self, column: int) -> bool:
        return not self.table.isColumnHidden(column)

    def _tick(self) -> None:
        for column, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(self.shown(column))
            action.blockSignals(False)

    def _menu_requested(self, at: QPoint) -> None:
        self.menu.popup(self.table.horizontalHeader().mapToGlobal(at))

    def _other_resized(self, section: int) -> None:
        if section != TITLE:
            self.fit_title()

    def fit_title(self) -> None:
        """Title takes the width the visible columns leave, or its readable minimum."""
        if self._fitting or not self.table.isVisible():
            return  # a hidden table gets a resize event when shown, and fits then
        header = self.table.horizontalHeader()
        width = self.title_width()
        if width != header.sectionSize(TITLE):
            self._fitting = True
            try:
                header.resizeSection(TITLE, width)
            finally:
                self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit_title()
        return False
