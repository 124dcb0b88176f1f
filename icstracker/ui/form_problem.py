"""What is wrong with a form, under it: one sentence, and for an area the service could
not settle, the areas it might mean as buttons to click.

The message belongs to one field and goes as soon as that field is put right, so a
stale "choose the area" never sits under a form that is already correct.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

INVALID_STYLE = "QLineEdit { border: 2px solid #c0392b; }"


def mark_field(edit: QLineEdit, problem: str) -> None:
    """A red border on a field that cannot be read, and the reason for screen readers."""
    edit.setStyleSheet(INVALID_STYLE if problem else "")
    edit.setAccessibleDescription(problem)


class FormProblem(QWidget):
    """``candidate_chosen(area_id)`` when one of the offered areas is clicked."""

    candidate_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = ""
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: palette(highlight); font-weight: bold;")
        self.message.setAccessibleName("Problem with the form")
        self.choose = QWidget()
        self.choose.setAccessibleName("Areas you might mean")
        QVBoxLayout(self.choose).setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.choose)
        self.clear()

    def show_problem(
        self, field: str, message: str, candidates: list[tuple[int, str]] | None = None
    ) -> None:
        self.field = field
        self.message.setText(message)
        self.message.show()
        for button in self.candidate_buttons():
            button.deleteLater()
        for area_id, label in candidates or []:
            button = QPushButton(label.replace("&", "&&"))
            button.setFlat(True)
            button.setStyleSheet("text-align: left; text-decoration: underline;")
            button.setToolTip("Log the engagement against this area")
            button.clicked.connect(
                lambda _=False, chosen=area_id: self.candidate_chosen.emit(chosen)
            )
            layout = self.choose.layout()
            if layout is not None:
                layout.addWidget(button)
        self.choose.setVisible(bool(candidates))
        self.show()

    def candidate_buttons(self) -> list[QPushButton]:
        return [b for b in self.choose.findChildren(QPushButton) if not b.isHidden()]

    def clear(self, field: str | None = None) -> None:
        """Takes the message back (only if it is about ``field``, when one is named)."""
        if field is not None and field != self.field:
            return
        self.field = ""
        self.message.setText("")
        self.message.hide()
        self.choose.hide()
        self.hide()
