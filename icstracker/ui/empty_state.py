"""A line in the middle of an empty list saying what to do next.

An empty table looks broken ("has my data gone?"); a sentence such as "No engagements in
this period — press Ctrl+N to log one, or widen the filters" says why and what to do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyState(QObject):
    """Shows ``text`` over ``view``'s viewport whenever its model has no rows."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setAccessibleName("Empty list")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setContentsMargins(24, 24, 24, 24)
        self.label.setEnabled(False)  # drawn in the palette's quieter, disabled colour
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(lambda *_: self.update())
        view.viewport().installEventFilter(self)
        self.update()

    def update(self) -> None:
        self.label.setVisible(self.view.model().rowCount() == 0)
        self.label.setGeometry(self.view.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.label.setGeometry(self.view.viewport().rect())
        return False
