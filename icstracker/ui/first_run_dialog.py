"""First start: who is this committee, and which ICSs and places does it cover?

The same dialog edits the committee later. Cancel (or Esc, or closing it) on a changed
dialog asks before the changes are thrown away, as the engagement form does.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icstracker.services.areas import AreaView
from icstracker.ui.unsaved_changes import ask_before_discarding

ID_ROLE = Qt.ItemDataRole.UserRole


class FirstRunDialog(QDialog):
    def __init__(
        self,
        areas: list[AreaView],
        parent: QWidget | None = None,
        name: str = "",
        chosen: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Committee settings" if name else "Welcome to ICS Tracker")
        self.setMinimumSize(560, 560)
        intro = QLabel(
            "Tell ICS Tracker which committee this is and the integrated care systems and "
            "places it covers. You can change this later."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("e.g. Community Pharmacy Lancashire and South Cumbria")
        self.name.setAccessibleName("Committee name")
        self.areas = QTreeWidget()
        self.areas.setHeaderLabels(["Integrated care systems and their places"])
        self.areas.setAccessibleName("Areas the committee covers")
        today = dt.date.today()
        current = [a for a in areas if a.is_current(today)]
        places: dict[str, list[AreaView]] = {}
        for area in current:
            if area.kind == "local_authority" and area.parent_code:
                places.setdefault(area.parent_code, []).append(area)
        for icb in sorted((a for a in current if a.kind == "icb"), key=lambda a: a.short_name):
            item = self._item(icb.short_name, icb.id, icb.code in chosen)
            self.areas.addTopLevelItem(item)
            for place in sorted(places.get(icb.code, []), key=lambda a: a.short_name):
                item.addChild(self._item(place.short_name, place.id, place.code in chosen))
            item.setExpanded(icb.code in chosen)
        self.message = QLabel("")
        self.message.setAccessibleName("Problem with the form")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout()
        form.addRow("Committee &name", self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.areas, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._opened_with = self._state()

    @staticmethod
    def _item(label: str, area_id: int, checked: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label])
        item.setData(0, ID_ROLE, area_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def chosen_area_ids(self) -> tuple[int, ...]:
        chosen = []
        for top in range(self.areas.topLevelItemCount()):
            icb = self.areas.topLevelItem(top)
            if icb is None:
                continue
            for item in [icb, *(icb.child(i) for i in range(icb.childCount()))]:
                if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                    chosen.append(int(item.data(0, ID_ROLE)))
        return tuple(chosen)

    def _state(self) -> tuple[str, tuple[int, ...]]:
        return (self.name.text(), self.chosen_area_ids())

    def reject(self) -> None:
        """Cancel, Esc or close: changes are kept or thrown away only as the user says."""
        if self._state() == self._opened_with:
            super().reject()
            return
        ask_before_discarding(self, "the committee's settings", self._accept, super().reject)

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.message.setText("Enter your committee's name.")
            self.name.setFocus()
            return
        self.accept()
