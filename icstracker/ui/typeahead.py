"""Suggestion pop-ups that behave as people expect: a suggestion is taken only when the
user highlighted it, and Esc closes the list, and only the list.

A ``QCompleter`` pop-up takes Tab and Enter as "accept the current suggestion" even
when nothing is highlighted, so typing "Devon" and pressing Tab stored whichever area
sat first in the list. It also hides on Esc and then hands the same key press to the
field, which passes it on to the dialog: one Esc closed the suggestions and threw away a
filled-in form. The filter here sees those keys first: with no suggestion highlighted,
Tab and Enter close the list and go to the field as typed; Esc only closes the list.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter

_LEAVE_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _PopupKeys(QObject):
    def __init__(self, completer: QCompleter) -> None:
        super().__init__(completer)
        self._completer = completer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        popup = self._completer.popup()
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or popup is None
            or not popup.isVisible()
        ):
            return False
        if event.key() == Qt.Key.Key_Escape:
            popup.hide()
            return True
        selection = popup.selectionModel()
        highlighted = selection is not None and selection.hasSelection()
        if event.key() in _LEAVE_KEYS and not highlighted:
            popup.hide()
            field = self._completer.widget()
            if field is not None:
                QCoreApplication.sendEvent(field, event)
            return True
        return False


def guard_popup_keys(completer: QCompleter) -> None:
    """Installed last, so it sees each key before the completer's own filter does."""
    popup = completer.popup()
    if popup is not None:
        popup.installEventFilter(_PopupKeys(completer))
