"""Closing a changed form asks first: Save, Discard or Keep editing.

Esc, Cancel and the window's close button all arrive as ``QDialog.reject``; a form that
has been typed into must not lose it to a stray key. The question is opened window-modal
(not ``exec``), so the dialog stays responsive and a test can answer it with a click.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


def ask_before_discarding(
    parent: QWidget, what: str, save: Callable[[], None], discard: Callable[[], None]
) -> QMessageBox:
    """Opens the question; ``save`` or ``discard`` runs on the answer, Keep editing (also
    Esc) does nothing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save {what} before closing?")
    box.setInformativeText("Discard throws away what you have typed.")
    save_button = box.addButton(QMessageBox.StandardButton.Save)
    discard_button = box.addButton(QMessageBox.StandardButton.Discard)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def answered(button: QAbstractButton) -> None:
        if button is save_button:
            save()
        elif button is discard_button:
            discard()

    box.buttonClicked.connect(answered)
    box.open()
    return box
