"""The import preview's table of rows: each row's outcome, and the reason in full.

Reasons are long ("Date: '02/13/2024' is not a day/month/year date (it reads as
month/day/year, which is never guessed); write it as DD/MM/YYYY."), and cut off at one
line they told the person nothing. So the text wraps and each row is as tall as its
reason; title and area take what they need up to a share of the width, the reason the
rest, worked out again when the window is resized. A row that could not be read shows
the title and area as the file has them (in italics), so it can be found in the file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QMenu, QTableWidget, QTableWidgetItem, QWidget

from icstracker.services.imports.plan import ImportPlan, PlannedRow

PREVIEW_LIMIT = 2000  # rows shown; the counts always cover the whole file
OUTCOME_TEXT = {"add": "Will add", "duplicate": "Already logged", "error": "Error"}
ROW_COLUMNS = ("Row", "Outcome", "Title", "Area (match)", "Why")
ROW, OUTCOME, TITLE, AREA, WHY = range(len(ROW_COLUMNS))
# The most of the table's width the title and the area may take; the reason has the rest.
SHARES = {TITLE: 0.26, AREA: 0.3}
FIT_DELAY_MS = 50  # a resize settles before hundreds of row heights are worked out again
# How a match was made, in the words the rest of the window uses.
METHOD_WORDS = {"committee alias": "remembered name"}


def describe_match(row: PlannedRow) -> str:
    """ "Lancashire and South Cumbria (QE1) (your choice 100%)"."""
    assert row.area is not None
    how = row.area.describe()
    for method, words in METHOD_WORDS.items():
        how = how.replace(method, words)
    return f"{row.area.area.label} ({how})"


class ImportRowsTable(QTableWidget):
    """The rows; ``menu_requested`` hands a context menu to fill for the current row."""

    menu_requested = Signal(QMenu)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(ROW_COLUMNS), parent)
        self.setAccessibleName("Rows and what will happen to each")
        self.setHorizontalHeaderLabels(list(ROW_COLUMNS))
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QTableWidget.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.planned: list[PlannedRow] = []
        self.last_menu: QMenu | None = None
        self._natural: dict[int, int] = {}
        self._only_problems = False
        self._setting_widths = False
        self._fit_widths = QTimer(self, singleShot=True, interval=FIT_DELAY_MS)
        self._fit_widths.timeout.connect(self.fit)
        self._fit_heights = QTimer(self, singleShot=True, interval=FIT_DELAY_MS)
        self._fit_heights.timeout.connect(self.resizeRowsToContents)
        header.sectionResized.connect(self._column_resized)

    def show_plan(self, plan: ImportPlan) -> None:
        title_at = _first_index(plan, "title")
        area_at = _first_index(plan, "area")
        self.planned = [r for r in plan.rows if r.outcome != "blank"][:PREVIEW_LIMIT]
        self.setUpdatesEnabled(False)
        self.clearContents()
        self.setRowCount(len(self.planned))
        for index, row in enumerate(self.planned):
            self._set(index, ROW, str(row.row))
            self._set(index, OUTCOME, OUTCOME_TEXT.get(row.outcome, row.outcome))
            if row.data is not None:
                self._set(index, TITLE, row.data.title)
            else:
                self._set(index, TITLE, _value(row, title_at), as_in_file=True)
            if row.area is not None:
                self._set(index, AREA, describe_match(row))
            else:
                self._set(index, AREA, _value(row, area_at), as_in_file=True)
            self._set(index, WHY, row.detail)
        self._natural = {}
        for column in (ROW, OUTCOME, TITLE, AREA):
            self.resizeColumnToContents(column)
            self._natural[column] = self.columnWidth(column)
        self.show_only_problems(self._only_problems)
        self.fit()
        self.setUpdatesEnabled(True)

    def clear_plan(self) -> None:
        self.planned = []
        self.setRowCount(0)

    def _set(self, index: int, column: int, text: str, *, as_in_file: bool = False) -> None:
        item = QTableWidgetItem(text)
        item.setToolTip(f"{text} (as written in the file)" if as_in_file and text else text)
        if as_in_file:
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
        self.setItem(index, column, item)

    def fit(self) -> None:
        """Title and area up to their share of the width, then every row's height."""
        width = self.viewport().width()
        self._setting_widths = True
        for column, natural in self._natural.items():
            share = SHARES.get(column)
            self.setColumnWidth(column, min(natural, int(width * share)) if share else natural)
        self._setting_widths = False
        self.resizeRowsToContents()

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._setting_widths and column != WHY:
            self._fit_heights.start()  # the person dragged a column's edge

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_widths.start()

    def show_only_problems(self, only: bool) -> None:
        self._only_problems = only
        for index, row in enumerate(self.planned):
            self.setRowHidden(index, only and row.outcome != "error")

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        """On the row clicked, or (the Menu key) on the current row."""
        where = event.globalPos()
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            cell = self.visualRect(self.currentIndex())
            if cell.isValid():
                where = self.viewport().mapToGlobal(cell.center())
        else:
            index = self.indexAt(event.pos())  # the viewport's, as the scroll area hands it on
            if index.isValid():
                self.setCurrentCell(index.row(), index.column())
        menu = QMenu(self)
        self.menu_requested.emit(menu)
        if not menu.isEmpty():
            self.last_menu = menu
            menu.popup(where)

    def planned_row(self, index: int) -> PlannedRow | None:
        return self.planned[index] if 0 <= index < len(self.planned) else None


def _first_index(plan: ImportPlan, field: str) -> int | None:
    columns = plan.mapping.for_field(field)
    return columns[0].index if columns else None


def _value(row: PlannedRow, index: int | None) -> str:
    """The cell as the file has it."""
    if index is None or index >= len(row.values):
        return ""
    return row.values[index]
