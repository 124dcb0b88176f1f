"""The names a committee's imports have remembered ("Healthier Lancs and S Cumbria" →
Lancashire and South Cumbria), to look over and remove when one was a mistake.

A thin window over ``services.committee_aliases``: a few dozen rows at most, read and
removed in one short query each, so no background job. Removing a name changes how the
next import (and the preview behind this dialog) reads it; ``changed`` says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError
from icstracker.services.committee_aliases import (
    CommitteeAliasView,
    list_aliases,
    remove_alias,
)
from icstracker.services.committees import CommitteeView
from icstracker.ui.error_dialogs import show_error

HEADERS = ("Name in your files", "Read as", "Remembered on")


class CommitteeAliasesDialog(QDialog):
    changed = Signal()

    def __init__(self, database: Database, committee: CommitteeView, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.committee = committee
        self.setWindowTitle("Remembered names")
        self.aliases: list[CommitteeAliasView] = []
        intro = QLabel(
            f"Names {committee.name} accepted in earlier imports, and the area each is read "
            "as (each engagement takes that area as it was on its own date). Remove one to "
            "have the importer ask about it again."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Remembered names")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("No names are remembered yet.")
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Forget the selected name (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.resize(640, 360)
        self.load()

    def load(self) -> None:
        try:
            with self.database.session() as session:
                self.aliases = list_aliases(session, self.committee.id)
        except IcsTrackerError as error:
            show_error(self, error)
            self.aliases = []
        self.table.setRowCount(len(self.aliases))
        for row, alias in enumerate(self.aliases):
            cells = (alias.text, alias.area_label, f"{alias.created_at:%d/%m/%Y}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.aliases)
        self.table.setVisible(bool(self.aliases))
        if self.aliases:
            self.table.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def selected(self) -> CommitteeAliasView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.aliases[rows[0].row()] if rows else None

    def remove_selected(self) -> None:
        alias = self.selected()
        if alias is None:
            return
        row = self.aliases.index(alias)
        try:
            with self.database.write() as session:
                remove_alias(session, self.committee.id, alias.text)
        except IcsTrackerError as error:
            show_error(self, error)
        self.load()
        if self.aliases:
            self.table.selectRow(min(row, len(self.aliases) - 1))
            self.table.setFocus()
        self.changed.emit()
