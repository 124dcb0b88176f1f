"""A type-ahead field for choosing a footprint at any level by code, name or old name."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from icstracker.services.areas import AreaChoice

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
LEVEL_NAMES = {"system": "System", "place": "Place", "neighbourhood": "Neighbourhood"}


def choices_model(choices: list[AreaChoice]) -> QStandardItemModel:
    model = QStandardItemModel()
    for choice in choices:
        item = QStandardItem(f"{choice.label} · {LEVEL_NAMES.get(choice.level, '')}")
        item.setData(choice.search_text, SEARCH_ROLE)
        item.setData(choice.id, ID_ROLE)
        item.setEditable(False)
        model.appendRow(item)
    return model


class AreaPicker(QLineEdit):
    """Emits ``area_chosen(id, level)`` when the user picks an area from the suggestions."""

    area_chosen = Signal(int, str)

    def __init__(self, choices: list[AreaChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = {c.id: c for c in choices}
        self._area_id: int | None = None
        self.setPlaceholderText("Type a PCN, place or ICB name or code…")
        self.setAccessibleName("Area")
        self.setToolTip(
            "Start typing a PCN, council, ICB or its code; older names such as STP names work too"
        )
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(choices_model(choices))
        self._proxy.setFilterRole(SEARCH_ROLE)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer = QCompleter(self._proxy, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        self._completer.activated[QModelIndex].connect(self._picked)
        self.textEdited.connect(self._filter)

    @property
    def area_id(self) -> int | None:
        return self._area_id

    def set_area(self, area_id: int | None) -> None:
        self._area_id = area_id
        choice = self._choices.get(area_id) if area_id is not None else None
        self.setText(choice.label if choice else "")
        if choice:
            self.area_chosen.emit(choice.id, choice.level)

    def _filter(self, text: str) -> None:
        self._area_id = None
        self._proxy.setFilterFixedString(text.strip())
        if text.strip():
            self._completer.complete()

    def _picked(self, index: QModelIndex) -> None:
        area_id = index.data(ID_ROLE)
        if area_id is not None:
            self.set_area(int(area_id))

    def first_match(self) -> int | None:
        """The top suggestion for what is typed (Enter without choosing takes it)."""
        if self._proxy.rowCount() == 0 or not self.text().strip():
            return None
        value = self._proxy.index(0, 0).data(ID_ROLE)
        return int(value) if value is not None else None
