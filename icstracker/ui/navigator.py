"""The footprint navigator: region → ICB → councils → PCNs, with engagement counts.

Built once from the area list (one query) and re-labelled when the period or filters
change (one grouped count query). Closed footprints appear under the area their
records roll up to, in grey, so old records are still one click away.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from icstracker.services.areas import AreaView

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_ROLE = Qt.ItemDataRole.UserRole + 3
KIND_ORDER = {"icb": 0, "stp": 1, "local_authority": 2, "district": 3, "pcn": 4}
# An NHS sub-ICB location is a code users may type or import, not a place they browse:
# the tree reads ICS → council → PCN (the locations' engagements count for their ICB).
NOT_BROWSED = frozenset({"sub_icb"})
ALL_CODE = ""


class FootprintTreeModel(QStandardItemModel):
    def __init__(self, areas: list[AreaView], today: dt.date | None = None) -> None:
        super().__init__()
        self.setHorizontalHeaderLabels(["Footprint", "Engagements"])
        today = today or dt.date.today()
        self._items: dict[str, QStandardItem] = {}
        self._counts: dict[str, QStandardItem] = {}
        everything = self._row("All of England", ALL_CODE, 0, current=True)
        self.appendRow(everything)
        by_parent: dict[str | None, list[AreaView]] = {}
        for area in areas:
            if area.kind in NOT_BROWSED:
                continue
            by_parent.setdefault(area.parent_code, []).append(area)

        def add(parent: QStandardItem, code: str | None) -> None:
            children = sorted(
                by_parent.get(code, []),
                key=lambda a: (not a.is_current(today), KIND_ORDER.get(a.kind, 9), a.short_name),
            )
            for area in children:
                row = self._row(_label(area), area.code, area.id, area.is_current(today))
                parent.appendRow(row)
                add(row[0], area.code)

        add(everything[0], None)

    def _row(self, label: str, code: str, area_id: int, current: bool) -> list[QStandardItem]:
        name = QStandardItem(label)
        name.setData(code, CODE_ROLE)
        name.setData(area_id, ID_ROLE)
        name.setData(label, NAME_ROLE)
        name.setEditable(False)
        count = QStandardItem("")
        count.setEditable(False)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not current:
            grey = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            name.setForeground(grey)
            count.setForeground(grey)
            name.setToolTip(f"{label}: closed; its records count under the footprint above")
        else:
            name.setToolTip(label)  # the whole name, when a narrow pane cuts it short
        self._items[code] = name
        self._counts[code] = count
        return [name, count]

    def set_counts(self, counts: dict[str, int]) -> None:
        total = sum(v for code, v in counts.items() if self._is_root(code))
        for code, item in self._counts.items():
            value = total if code == ALL_CODE else counts.get(code, 0)
            item.setText(f"{value:,}" if value else "")

    def set_title(self, parts: list[str]) -> None:
        """The header says what the counts are of, a line a part beside "Engagements":
        the period with its months, the level, any other filter. A bare "Engagements" left
        a reader comparing it with the log's count unable to tell why they differ."""
        self.setHeaderData(0, Qt.Orientation.Horizontal, "\n".join(["Footprint", *parts]))
        described = ", ".join(parts)
        tip = (
            f"Engagements, {described}, in each footprint and everything inside it. "
            "Choosing a footprint filters the log; it does not change these counts."
        )
        for column in (0, 1):
            self.setHeaderData(column, Qt.Orientation.Horizontal, tip, Qt.ItemDataRole.ToolTipRole)

    def _is_root(self, code: str) -> bool:
        item = self._items.get(code)
        return item is not None and item.parent() is not None and item.parent().parent() is None

    def item_for(self, code: str) -> QStandardItem | None:
        return self._items.get(code)


def _label(area: AreaView) -> str:
    kind = {
        "icb": "",
        "stp": " (STP 2016)",
        "sub_icb": " (sub-ICB location)",
        "district": " (district)",
    }.get(area.kind, "")
    closed = f" — closed {area.valid_to:%m/%Y}" if area.valid_to else ""
    return f"{area.short_name}{kind}{closed}"
