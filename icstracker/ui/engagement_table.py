"""The engagement log as a Qt table model over SQL pages (Anki's browser model, in small).

A filter or sort change reads the first page of rows in the background
(``services.engagement_pages``: constant time at any size of log) and shows it, then
counts the rows and grows the table to that count; a newer change cancels both reads of
the one before. Rows further down are read a page at a time when the view first paints
them, after (or before) a page already read by its last sort key, or by offset for a
jump, and kept in a small cache. So a million engagements open, filter, re-sort and
scroll as a hundred do.

Made without a ``JobRunner`` (tests, scripts), the reads run at once: ``set_filter``
returns with the rows and the count in place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from icstracker.db.database import Database
from icstracker.db.interrupt import interruptible
from icstracker.errors import IcsTrackerError
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_pages import (
    Key,
    LogOrder,
    count_engagements,
    first_of,
    page,
    position,
)
from icstracker.services.engagement_queries import EngagementRow, engagement_rows
from icstracker.ui.jobs import JobRunner, LatestJob
from icstracker.ui.log_cells import COLUMNS, row_texts

PAGE_SIZE = 200
MAX_CACHED_PAGES = 50

_Index = QModelIndex | QPersistentModelIndex


# The roles as plain values, looked up once: a paint calls ``data`` for every visible
# cell and role, and each ``Qt.ItemDataRole.X`` is an enum attribute lookup.
_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})
_ID_ROLE = int(Qt.ItemDataRole.UserRole)
_ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_LAST_COLUMN = len(COLUMNS) - 1


@dataclasses.dataclass(frozen=True)
class _View:
    """What the table shows: a filter in an order."""

    criteria: EngagementFilter
    order: LogOrder


@dataclasses.dataclass(frozen=True)
class _FirstPage:
    keys: list[Key]
    rows: list[EngagementRow]


class EngagementTableModel(QAbstractTableModel):
    loaded = Signal()  # a new filter's or sort's first page is shown
    counted = Signal()  # and its rows are counted: rowCount() is the whole log
    failed = Signal(object)  # an IcsTrackerError from a background read

    def __init__(
        self, database: Database, parent: Any = None, *, runner: JobRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._wanted = _View(EngagementFilter(), LogOrder())
        self._shown = self._wanted
        self._runner = runner or JobRunner(run_now=True)
        self._reads = LatestJob(self._runner, self)  # the first page
        self._counts = LatestJob(self._runner, self)  # then the count
        self._rows = 0
        self._complete = True  # rowCount() is the count, not just the first page
        self._pages: OrderedDict[int, list[EngagementRow]] = OrderedDict()
        # Each cached page's cells as text, row by row as they are first shown.
        self._texts: dict[int, list[tuple[str, ...] | None]] = {}
        self._anchors: dict[int, tuple[Key, Key]] = {}  # page → its first and last keys
        self._then: list[Callable[[], None]] = []
        self._stale = False  # a read of newer rows than those shown is under way
        self._on_first_page: Callable[[], None] | None = None

    # --- what the rest of the window asks -----------------------------------------

    @property
    def filter(self) -> EngagementFilter:
        return self._wanted.criteria

    @property
    def sort_key(self) -> str:
        return self._wanted.order.sort

    @property
    def descending(self) -> bool:
        return self._wanted.order.descending

    @property
    def is_loading(self) -> bool:
        """Reads are under way for the filter and sort asked for last."""
        return self._stale or self._reads.busy or self._counts.busy or not self._complete

    @property
    def first_page_shown(self) -> bool:
        """The rows on show are those of the filter and sort asked for last (the count
        may still be coming)."""
        return not self._stale

    def set_filter(self, criteria: EngagementFilter) -> None:
        """Shows ``criteria``'s rows (when ``when_ready`` says so, in the background)."""
        self._wanted = dataclasses.replace(self._wanted, criteria=criteria)
        self.refresh()

    def when_ready(self, then: Callable[[], None]) -> None:
        """Runs ``then`` once the rows asked for last are shown and counted: now, if
        they are."""
        if self.is_loading:
            self._then.append(then)
        else:
            then()

    def after_first_page(self, then: Callable[[], None]) -> None:
        """Runs ``then`` once the first page asked for last is shown (now, if it is), in
        place of any callback given before: other reads (the footprint tree's counts)
        wait so as not to slow the rows the user is waiting for."""
        if self._stale:
            self._on_first_page = then
        else:
            then()

    def set_database(self, database: Database) -> None:
        self._database = database
        self.refresh()

    def refresh(self) -> None:
        """Reads the wanted filter and sort afresh (after a change to them or the data):
        the first page, shown, then the count, each in the background."""
        view, database = self._wanted, self._database
        self._stale = True
        self._counts.cancel()

        def read(_report: Callable[[object], None], cancelled: Callable[[], bool]) -> _FirstPage:
            with database.session() as session, interruptible(session, cancelled):
                keys = page(session, view.criteria, view.order, limit=PAGE_SIZE)
                return _FirstPage(keys, engagement_rows(session, [i for _, i in keys]))

        self._reads.start(
            read,
            lambda _: None,
            lambda first: self._show_first(view, first),
            lambda error, _details: self._failed(error),
        )

    def _show_first(self, view: _View, first: _FirstPage) -> None:
        self.beginResetModel()
        self._shown, self._stale = view, False
        self._forget_pages()
        self._rows = len(first.keys)
        self._complete = len(first.keys) < PAGE_SIZE
        if first.keys:
            found = {r.id: r for r in first.rows}
            self._pages[0] = [found.get(i) or _gone(i) for _, i in first.keys]
            self._anchors[0] = (first.keys[0], first.keys[-1])
        self.endResetModel()
        self.loaded.emit()
        waiting, self._on_first_page = self._on_first_page, None
        if self._runner.run_now:
            self._count_if_shown(view)
            if waiting is not None:
                waiting()
            return
        # The count and other waiting reads start after the page is painted: started
        # now, they would hold up the paint the user is waiting for.
        QTimer.singleShot(0, lambda: self._count_if_shown(view))
        if waiting is not None:
            QTimer.singleShot(0, waiting)

    def _count_if_shown(self, view: _View) -> None:
        if self._shown != view or self._stale:
            return
        if self._complete:
            self._show_count(self._rows)
        else:
            self._count(view)

    def _count(self, view: _View) -> None:
        database = self._database

        def count(_report: Callable[[object], None], cancelled: Callable[[], bool]) -> int:
            with database.session() as session, interruptible(session, cancelled):
                return count_engagements(session, view.criteria)

        self._counts.start(
            count, lambda _: None, self._show_count, lambda error, _d: self._failed(error)
        )

    def _show_count(self, total: int) -> None:
        if total > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, total - 1)
            self._rows = total
            self.endInsertRows()
        elif total < self._rows:  # rows deleted elsewhere between the page and the count
            self.beginRemoveRows(QModelIndex(), total, self._rows - 1)
            self._rows = total
            self.endRemoveRows()
        self._complete = True
        self.counted.emit()
        waiting, self._then = self._then, []
        for then in waiting:
            then()

    def _failed(self, error: BaseException) -> None:
        self._then.clear()
        self._stale, self._complete = False, True
        waiting, self._on_first_page = self._on_first_page, None
        if waiting is not None:  # the reads that waited for the page go ahead
            waiting()
        if isinstance(error, IcsTrackerError):
            self.failed.emit(error)
        else:
            raise error

    def engagement_id(self, row: int) -> int | None:
        found = self.row_data(row)
        return found.id if found is not None else None

    def row_of(self, engagement_id: int) -> int | None:
        """The row showing ``engagement_id``, or None when the log as shown leaves it out."""
        for number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == engagement_id:
                    return number * PAGE_SIZE + offset
        with self._database.session() as session:
            found = position(session, self._shown.criteria, self._shown.order, engagement_id)
        return found if found is not None and found < self._rows else None

    def first_row_of(self, engagement_ids: set[int]) -> int | None:
        """The highest row showing one of ``engagement_ids`` (one query, not a scan)."""
        with self._database.session() as session:
            first = first_of(
                session, self._shown.criteria, self._shown.order, sorted(engagement_ids)
            )
        return self.row_of(first) if first is not None else None

    def row_data(self, row: int) -> EngagementRow | None:
        if not 0 <= row < self._rows:
            return None
        page_number = row // PAGE_SIZE
        rows = self._pages.get(page_number)
        if rows is None:
            rows = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        offset = row - page_number * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def _load_page(self, number: int) -> list[EngagementRow]:
        """A page the view wants now, read here: by keyset from a neighbour already read
        (scrolling), else by offset (a jump), each one indexed query."""
        view = self._shown
        with self._database.session() as session:
            if number - 1 in self._anchors:
                after = self._anchors[number - 1][1]
                keys = page(session, view.criteria, view.order, limit=PAGE_SIZE, after=after)
            elif number + 1 in self._anchors:
                before = self._anchors[number + 1][0]
                keys = page(session, view.criteria, view.order, limit=PAGE_SIZE, before=before)
            else:
                keys = page(
                    session, view.criteria, view.order, limit=PAGE_SIZE, offset=number * PAGE_SIZE
                )
            found = {r.id: r for r in engagement_rows(session, [i for _, i in keys])}
        # A row deleted elsewhere since the count shows as a gap until the next refresh.
        rows = [found.get(i) or _gone(i) for _, i in keys]
        if keys:
            self._anchors[number] = (keys[0], keys[-1])
        self._pages[number] = rows
        while len(self._pages) > MAX_CACHED_PAGES:
            self._texts.pop(self._pages.popitem(last=False)[0], None)
        return rows

    def _forget_pages(self) -> None:
        self._pages.clear()
        self._texts.clear()
        self._anchors.clear()

    def _row_texts(self, row: int) -> tuple[str, ...] | None:
        number, offset = divmod(row, PAGE_SIZE)
        texts = self._texts.get(number)
        if texts is not None and (cached := texts[offset]) is not None:
            self._pages.move_to_end(number)  # painted now: the last page to drop
            return cached
        found = self.row_data(row)  # reads the page if it is not cached
        if found is None:
            return None
        shown = row_texts(found)
        self._texts.setdefault(number, [None] * PAGE_SIZE)[offset] = shown
        return shown

    # --- QAbstractTableModel ------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _TEXT_ROLES:
            texts = self._row_texts(index.row())
            column = index.column()
            return texts[column] if texts is not None and 0 <= column < len(texts) else None
        if role == _ID_ROLE:
            return self.engagement_id(index.row()) if index.isValid() else None
        if role == _ALIGNMENT_ROLE and index.column() == _LAST_COLUMN:
            return _CENTRED
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
        wanted = LogOrder(key, order == Qt.SortOrder.DescendingOrder)
        if wanted == self._wanted.order:
            return
        self._wanted = dataclasses.replace(self._wanted, order=wanted)
        self.refresh()

    def sort_column(self) -> int:
        return next(i for i, (_, key) in enumerate(COLUMNS) if key == self._wanted.order.sort)


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
