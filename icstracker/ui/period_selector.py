"""Choosing the reporting period: NHS quarters by default, with previous and next."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QToolButton, QWidget

from icstracker.services.periods import (
    Period,
    calendar_quarter_containing,
    date_range,
    label_with_months,
    nhs_quarter_containing,
    nhs_year_containing,
    parse_period,
)

MODES = (
    ("nhs_quarter", "NHS quarter"),
    ("calendar_quarter", "Calendar quarter"),
    ("nhs_year", "Financial year"),
    ("range", "Date range"),
    ("all", "All dates"),
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class PeriodSelector(QWidget):
    """Emits ``changed`` with the chosen ``Period``, or None for all dates."""

    changed = Signal(object)

    def __init__(self, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today or dt.date.today()
        self._period: Period | None = nhs_quarter_containing(self._today)
        self.mode = QComboBox()
        for key, label in MODES:
            self.mode.addItem(label, key)
        self.mode.setAccessibleName("Kind of period")
        self.previous = QToolButton()
        self.previous.setText("◀")
        self.previous.setToolTip("Previous period")
        self.previous.setAccessibleName("Previous period")
        self.label = QLabel()
        self.label.setMinimumWidth(170)
        self.label.setAccessibleName("Period")
        self.next = QToolButton()
        self.next.setText("▶")
        self.next.setToolTip("Next period")
        self.next.setAccessibleName("Next period")
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit, name in ((self.start, "From"), (self.end, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(f"{name} date")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.mode, self.previous, self.label, self.next, self.start, self.end):
            layout.addWidget(widget)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.previous.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        self.start.dateChanged.connect(self._range_changed)
        self.end.dateChanged.connect(self._range_changed)
        self._show()

    @property
    def period(self) -> Period | None:
        return self._period

    def key(self) -> str:
        return self._period.key if self._period else "all"

    def set_key(self, key: str) -> None:
        """Restores a remembered period; anything unreadable falls back to this quarter."""
        if key == "all":
            self._set(None)
            return
        try:
            self._set(parse_period(key))
        except Exception:  # noqa: BLE001 - a stale setting is not worth an error dialog
            self._set(nhs_quarter_containing(self._today))

    def _set(self, period: Period | None) -> None:
        self._period = period
        self._show()
        self.changed.emit(period)

    def _show(self) -> None:
        kind = self._period.kind if self._period else "all"
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(self.mode.findData(kind))
        self.mode.blockSignals(False)
        is_range = kind == "range"
        stepping = kind not in ("all",)
        self.previous.setVisible(stepping)
        self.next.setVisible(stepping)
        self.label.setVisible(not is_range)
        self.start.setVisible(is_range)
        self.end.setVisible(is_range)
        # The months too: "2026/27 Q2" alone leaves the reader to work out July to September.
        self.label.setText(label_with_months(self._period) if self._period else "All dates")
        if is_range and self._period:
            for edit, day in ((self.start, self._period.start), (self.end, self._period.end)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        anchor = self._period.start if self._period else self._today
        if mode == "nhs_quarter":
            self._set(nhs_quarter_containing(anchor))
        elif mode == "calendar_quarter":
            self._set(calendar_quarter_containing(anchor))
        elif mode == "nhs_year":
            self._set(nhs_year_containing(anchor))
        elif mode == "range":
            current = self._period or nhs_quarter_containing(self._today)
            self._set(date_range(current.start, current.end))
        else:
            self._set(None)

    def _step(self, direction: int) -> None:
        if self._period is not None:
            self._set(self._period.next() if direction > 0 else self._period.previous())

    def _range_changed(self) -> None:
        start, end = _date(self.start.date()), _date(self.end.date())
        if end >= start:
            self._period = date_range(start, end)
            self.changed.emit(self._period)
