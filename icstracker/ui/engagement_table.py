"""The engagement log as a Qt table model over SQL (Anki's browser model, in small).

The model holds only the ordered ids of the filtered log, from one query; the rows
themselves are fetched a page at a time when the view first paints them and kept in a
small cache. Sorting and filtering are new id queries, so 100,000 engagements open,
scroll and re-sort as quickly as 100.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from icstracker.db.database import Database
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import EngagementRow, engagement_ids, engagement_rows

PAGE_SIZE = 200
MAX_CACHED_PAGES = 50
LEVEL_LABELS = {"system": "System", "place": "Place", "neighbourhood": "Neighbourhood"}

# (header, sort key or None when the column cannot be sorted in SQL, value)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("Date", "date"),
    ("Level", "level"),
    ("Footprint", "footprint"),
    ("Area", "area"),
    ("Kind", "kind"),
    ("Title", "title"),
    ("Organisations", None),
    ("People", None),
    ("Open follow-ups", None),
)

_Index = QModelIndex | QPersistentModelIndex


def _display(row: EngagementRow, column: int) -> str:
    if column == 0:
        return row.occurred_on.strftime("%d/%m/%Y")
    values = (
        LEVEL_LABELS.get(row.level or "", ""),
        row.footprint or "",
        row.area,
        row.kind.replace("_", " ").capitalize(),
        row.title,
        row.organisations,
        row.people,
        str(row.open_actions) if row.open_actions else "",
    )
    return values[column - 1]


class EngagementTableModel(QAbstractTableModel):
    def __init__(self, database: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._database = database
        self._filter = EngagementFilter()
        self._sort_key = "date"
        self._descending = True
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[EngagementRow]] = OrderedDict()

    # --- what the rest of the window asks -----------------------------------------

    @property
    def filter(self) -> EngagementFilter:
        return self._filter

    def set_filter(self, criteria: EngagementFilter) -> None:
        self._filter = criteria
        self.refresh()

    def set_database(self, database: Database) -> None:
        self._database = database
        self.refresh()

    def refresh(self) -> None:
        """Re-runs the id query (after a filter, sort or data change)."""
        with self._database.session() as session:
            ids = engagement_ids(
                session, self._filter, sort=self._sort_key, descending=self._descending
            )
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def invalidate_rows(self) -> None:
        """Drops cached row data (an edit changed a row) without re-querying the ids."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def engagement_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, engagement_id: int) -> int | None:
        try:
            return self._ids.index(engagement_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> EngagementRow | None:
        if not 0 <= row < len(self._ids):
            return None
        page_number = row // PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        offset = row - page_number * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def _load_page(self, page_number: int) -> list[EngagementRow]:
        ids = self._ids[page_number * PAGE_SIZE : (page_number + 1) * PAGE_SIZE]
        with self._database.session() as session:
            found = {r.id: r for r in engagement_rows(session, ids)}
        # A row deleted elsewhere since the id query shows as a gap until the next refresh.
        page = [found[i] if i in found else _gone(i) for i in ids]
        self._pages[page_number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    # --- QAbstractTableModel ------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row_data(index.row())
            return _display(row, index.column()) if row else None
        if role == Qt.ItemDataRole.UserRole:
            return self.engagement_id(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is None:
                return "This column cannot be sorted"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        key = COLUMNS[column][1]
        assert key is not None
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        self.refresh()

    def sort_column(self) -> int:
        return next(i for i, (_, key) in enumerate(COLUMNS) if key == self._sort_key)


def _gone(engagement_id: int) -> EngagementRow:
    return EngagementRow(
        id=engagement_id,
        occurred_on=dt.date.min,
        level=None,
        footprint_code=None,
        footprint=None,
        area_code="",
        area="",
        kind="other",
        title="(deleted elsewhere: refresh)",
        organisations="",
        people="",
        open_actions=0,
        committee="",
    )
