"""The committee dialog has a Cancel, and never throws away typed changes without asking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from icstracker.ui.first_run_dialog import FirstRunDialog
from icstracker.ui.main_window import MainWindow


def _open(window: MainWindow, qtbot) -> FirstRunDialog:  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    dialog = window.edit_committee()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def _question(dialog: FirstRunDialog) -> QMessageBox:
    boxes = [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1
    return boxes[0]


def test_cancel_on_an_untouched_dialog_closes_it(window: MainWindow, qtbot) -> None:
    dialog = _open(window, qtbot)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_renamed_committee_is_kept_or_discarded_only_when_the_user_says(
    window: MainWindow, qtbot
) -> None:
    dialog = _open(window, qtbot)
    qtbot.mouseClick(dialog.name, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.name, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.name, " and South Cumbria")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    question = _question(dialog)
    qtbot.mouseClick(question.escapeButton(), Qt.MouseButton.LeftButton)  # Keep editing
    assert dialog.isVisible()
    assert dialog.name.text() == "Community Pharmacy Lancashire and South Cumbria"

    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    discard = _question(dialog).button(QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.committee.name == "Community Pharmacy Lancashire"


def test_save_from_the_question_keeps_the_change(window: MainWindow, qtbot) -> None:
    dialog = _open(window, qtbot)
    qtbot.mouseClick(dialog.name, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.name, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.name, " LPC")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    save = _question(dialog).button(QMessageBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.committee.name == "Community Pharmacy Lancashire LPC"
