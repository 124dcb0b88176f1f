"""The filter bar above the log: period, planning level, search, kind and topic.

It holds what the user chose and says when it changed (``changed``, the search after a
pause in typing); the window adds the footprint chosen in the tree and turns both into one
``EngagementFilter``. Putting a remembered or widened set of filters back is done without
a signal per widget (``set_state``), so the caller reads the log once, not five times.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from icstracker.services.periods import Period, label_with_months
from icstracker.ui.period_selector import PeriodSelector
from icstracker.vocabulary import EngagementKind, PlanningLevel

SEARCH_DELAY_MS = 250
SEARCH_MIN_WIDTH = 150
# A filter list shows this many characters when space is short; its popup still shows
# every entry in full.
FILTER_LIST_CHARACTERS = 8
LEVEL_BUTTONS = (("All", ""), *((level.label, level.value) for level in PlanningLevel))


@dataclasses.dataclass(frozen=True)
class FilterState:
    """Every filter as the user set it, to put back exactly after a jump widened some."""

    period: str
    level: str
    area_code: str
    search: str
    kind: str
    topic: str


class FilterBar(QWidget):
    """Emits ``changed`` when the user changes a filter (not when ``set_state`` does)."""

    changed = Signal()

    def __init__(self, topics: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        self.period = PeriodSelector()
        layout.addWidget(self.period)
        self.levels = QButtonGroup(self)
        for number, (label, key) in enumerate(LEVEL_BUTTONS):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setProperty("level", key)
            button.setToolTip(f"Show {label.lower()} engagements" if key else "Show every level")
            button.setChecked(number == 0)
            # As wide as its word needs, not the style's 80-pixel minimum: the bar must fit
            # a small laptop's screen with room left for the search box.
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(label) + 20)
            self.levels.addButton(button, number)
            layout.addWidget(button)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, notes, organisations, people, topics…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        # Room to read what is typed: at 90% of a 1366-pixel laptop screen the kind and
        # topic lists (sized to their longest entry) squeezed the box to one letter.
        self.search.setMinimumWidth(SEARCH_MIN_WIDTH)
        layout.addWidget(self.search, 1)
        self.kind = QComboBox()
        self.kind.addItem("Any kind", "")
        for kind in EngagementKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setAccessibleName("Kind filter")
        _shrinkable(self.kind)
        layout.addWidget(self.kind)
        self.topic = QComboBox()
        self.topic.addItem("Any topic", "")
        for name in topics:
            self.topic.addItem(name, name)
        self.topic.setAccessibleName("Topic filter")
        _shrinkable(self.topic)
        layout.addWidget(self.topic)
        self.clear = QPushButton("Clear filters")
        self.clear.setToolTip("Show every engagement of the period")
        layout.addWidget(self.clear)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.period.changed.connect(lambda _: self.changed.emit())
        self.levels.idClicked.connect(lambda _: self.changed.emit())
        self.kind.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.topic.currentIndexChanged.connect(lambda _: self.changed.emit())

    @contextmanager
    def quiet(self, *others: QObject) -> Iterator[None]:
        """The filter widgets (and ``others``) set without a signal each."""
        blocked = (self.period, self.search, self.kind, self.topic, *others)
        for widget in blocked:
            widget.blockSignals(True)
        try:
            yield
        finally:
            for widget in blocked:
                widget.blockSignals(False)

    def level(self) -> str:
        """The planning level's key, or "" for every level."""
        button = self.levels.checkedButton()
        return str(button.property("level") or "") if button else ""

    def level_button_text(self) -> str:
        button = self.levels.checkedButton()
        return button.text() if button is not None and button.property("level") else ""

    def kinds(self) -> tuple[str, ...]:
        return (self.kind.currentData(),) if self.kind.currentData() else ()

    def topics(self) -> tuple[str, ...]:
        topic = self.topic.currentData()
        return (topic,) if topic else ()

    def state(self, area_code: str) -> FilterState:
        return FilterState(
            period=self.period.key(),
            level=self.level(),
            area_code=area_code,
            search=self.search.text(),
            kind=self.kind.currentData() or "",
            topic=self.topic.currentData() or "",
        )

    def set_state(self, state: FilterState) -> None:
        """Every widget set as ``state`` says, without a signal (the area is the tree's)."""
        with self.quiet():
            if state.period:
                self.period.set_key(state.period)
            self.search.setText(state.search)
            self.kind.setCurrentIndex(max(0, self.kind.findData(state.kind)))
            self.topic.setCurrentIndex(max(0, self.topic.findData(state.topic)))
            self.set_level(state.level)

    def set_level(self, key: str) -> None:
        for number, (_, level) in enumerate(LEVEL_BUTTONS):
            if level == key:
                self.levels.button(number).setChecked(True)

    def reset(self) -> None:
        """Kind, topic, search and level back to "any", without a signal; the period stays."""
        with self.quiet():
            self.kind.setCurrentIndex(0)
            self.topic.setCurrentIndex(0)
            self.search.clear()
            self.levels.button(0).setChecked(True)

    def described_parts(self) -> list[str]:
        """The period with its months, the level, and whether kind, topic or search narrow
        it: what every pane's numbers are of."""
        period: Period | None = self.period.period
        parts = [label_with_months(period) if period else "all dates"]
        level = self.level()
        parts.append(f"{level} level" if level else "all levels")
        narrowed = [
            name
            for name, chosen in (
                ("kind", self.kind.currentData()),
                ("topic", self.topic.currentData()),
                ("search", self.search.text().strip()),
            )
            if chosen
        ]
        if narrowed:
            parts.append("filtered by " + ", ".join(narrowed))
        return parts


def _shrinkable(box: QComboBox) -> None:
    """Lets a filter list give up width to the search box instead of claiming its longest
    entry's (a topic such as "Pharmacy contraception service")."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(FILTER_LIST_CHARACTERS)
