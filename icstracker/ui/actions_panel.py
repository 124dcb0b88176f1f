"""The Follow-ups tab: every action the committee owes or is owed, worst first.

A committee has hundreds of actions, not hundreds of thousands, so the list is read
whole from ``services.actions`` whenever something changes. Marking done is one click
(or Ctrl+D) and goes on the window's undo stack like any other change.

Like the other tabs it follows the window's filter: the follow-ups of the engagements
the log shows, the period applying to the engagement's date (not the due date), and
says so. Untick "only the filtered log" for every follow-up of every date. The window's
overdue reminder always counts every follow-up: that is its point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError
from icstracker.services.actions import (
    DONE,
    DUE_SOON,
    OPEN,
    OVERDUE,
    ActionCounts,
    ActionItem,
    action_counts,
    list_actions,
)
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import Period, label_with_months
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.log_events import LogChange, LogEvents, ViewChange
from icstracker.ui.rows_model import Index, RowsModel
from icstracker.ui.undo_commands import SetActionDoneCommand

VIEWS = (
    ("Not done yet", (OVERDUE, DUE_SOON, OPEN)),
    ("Overdue", (OVERDUE,)),
    ("Due this week", (DUE_SOON,)),
    ("Done", (DONE,)),
    ("All", (OVERDUE, DUE_SOON, OPEN, DONE)),
)
HEADERS = ("Status", "Due", "Follow-up", "Owner", "Engagement", "Area", "Done")


def _day(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


class ActionsModel(RowsModel[ActionItem]):
    headers = HEADERS

    def __init__(self) -> None:
        super().__init__()
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def items(self) -> list[ActionItem]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.status.capitalize(),
                _day(item.due_on),
                item.description,
                item.owner or "",
                f"{item.engagement_on:%d/%m/%Y} · {item.engagement_title}",
                item.area,
                _day(item.done_on),
            )[index.column()]
        if role == Qt.ItemDataRole.FontRole and item.status == OVERDUE:
            return self._bold  # weight, not colour: readable in light and dark palettes
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 4:
                return f"{item.engagement_title} ({item.system or item.area})"
            if index.column() == 2:
                return item.description
        return None


class ActionsPanel(QWidget):
    engagement_chosen = Signal(int)
    refreshed = Signal()  # the counts may have changed: the window's reminder listens

    def __init__(
        self,
        database: Database,
        committee_id: int,
        undo_stack: QUndoStack,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self.database = database
        self.committee_id = committee_id
        self.undo_stack = undo_stack
        self.today = today
        self.view = QComboBox()
        self.view.setAccessibleName("Which follow-ups")
        for label, statuses in VIEWS:
            self.view.addItem(label, statuses)
        self.view.currentIndexChanged.connect(self.refresh)
        self._within: EngagementFilter | None = None
        self._period: Period | None = None
        self.only_filtered = QCheckBox("Only the filtered log")
        self.only_filtered.setToolTip(
            "Only follow-ups of the engagements the log shows: the period (by the "
            "engagement's date), level, footprint, kind, topic and search chosen above it"
        )
        self.only_filtered.setChecked(True)
        self.only_filtered.toggled.connect(lambda _: self.refresh())
        self.summary = QLabel()
        self.summary.setAccessibleName("Which follow-ups are listed")
        self.summary.setWordWrap(True)
        self.done_button = QPushButton("Mark &done")
        self.done_button.setToolTip("Mark the selected follow-up done today (Ctrl+D)")
        self.done_button.clicked.connect(self.toggle_done)
        QShortcut(QKeySequence("Ctrl+D"), self, self.toggle_done)
        self.model = ActionsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Follow-up actions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)  # one line per follow-up; the tooltip has the rest
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 90, 300, 130, 280, 170)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open_engagement)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        top = QHBoxLayout()
        show = QLabel("&Show:")
        show.setBuddy(self.view)
        top.addWidget(show)
        top.addWidget(self.view)
        top.addWidget(self.only_filtered)
        top.addStretch(1)
        top.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)  # its own line: it says which follow-ups, in full
        layout.addWidget(self.table, 1)
        # The window's reminder counts them in the background as it opens (``counts`` is
        # set when it has); the list is read when the tab is first shown.
        self.counts = ActionCounts(0, 0, 0)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def follow(self, events: LogEvents) -> None:
        """Subscribes to the window's new filters and to writes (a follow-up may have been
        added, or its engagement deleted); the list is read again only while shown."""
        events.view_changed.connect(self.view_changed)
        events.log_changed.connect(self.log_changed)

    def view_changed(self, view: ViewChange) -> None:
        if view.data_changed or (view.criteria, view.period) != (self._within, self._period):
            self.set_view(view.period, view.criteria)

    def log_changed(self, _change: LogChange) -> None:
        if self.isVisible():
            self.refresh()

    def set_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        """The window's filter; listed again now if the tab is shown, else when next shown."""
        self._within, self._period = criteria, period
        if self.isVisible():
            self.refresh()

    def within(self) -> EngagementFilter | None:
        """The filter the list follows, or None for every follow-up."""
        return self._within if self.only_filtered.isChecked() else None

    def refresh(self) -> None:
        """The counts of everything always (one aggregate query: the window's reminder);
        the list, and its own counts, only while the tab is shown.

        A committee with a million engagements has tens of thousands of follow-ups; the
        window must not read them all before it first appears.
        """
        statuses = tuple(self.view.currentData() or VIEWS[0][1])
        within = self.within()
        items: list[ActionItem] | None = None
        shown = None
        try:
            with self.database.session() as session:
                self.counts = action_counts(session, self.committee_id, today=self.today())
                if self.isVisible():
                    items = list_actions(
                        session,
                        self.committee_id,
                        today=self.today(),
                        statuses=statuses,
                        within=within,
                    )
                    shown = self.counts
                    if within is not None:
                        shown = action_counts(
                            session, self.committee_id, today=self.today(), within=within
                        )
        except IcsTrackerError as error:
            show_error(self, error)
            return
        if items is not None and shown is not None:
            self.model.set_rows(items)
            self.summary.setText(
                f"{self._scope_text(within)}: {shown.overdue:,} overdue · "
                f"{shown.due_soon:,} due this week · {shown.open:,} not done yet"
            )
        self._update_button()
        self.refreshed.emit()

    def _scope_text(self, within: EngagementFilter | None) -> str:
        if within is None:
            return "All follow-ups, all dates, every footprint"
        period = label_with_months(self._period) if self._period else "all dates"
        return f"Follow-ups of the engagements the log shows ({period}, by engagement date)"

    def selected(self) -> ActionItem | None:
        return self.model.row_at(self.table.currentIndex())

    def _update_button(self) -> None:
        item = self.selected()
        self.done_button.setEnabled(item is not None)
        self.done_button.setText("Mark not &done" if item and item.done_on else "Mark &done")

    def toggle_done(self) -> None:
        item = self.selected()
        if item is None:
            return
        done_on = None if item.done_on else self.today()
        try:
            command = SetActionDoneCommand(
                self.database, item.id, item.description, done_on, self.refresh, self._failed
            )
        except IcsTrackerError as error:
            show_error(self, error)
            return
        self.undo_stack.push(command)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)
        self.refresh()

    def _open_engagement(self, index: QModelIndex) -> None:
        item = self.model.row_at(index)
        if item is not None:
            self.engagement_chosen.emit(item.engagement_id)
