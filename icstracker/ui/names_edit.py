"""A field of ``;``-separated names with type-ahead from the register.

Topics, organisations and people are lists typed into one line ("Dr A Example; Jo
Smith"). Suggestions complete the name being typed, the one after the last ``;``, from
the names already in the register, so a contact is picked rather than retyped with a
new spelling (and registered twice).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from icstracker.ui.typeahead import guard_popup_keys


class NamesEdit(QLineEdit):
    def __init__(self, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._completer = QCompleter(QStringListModel(list(names), self), self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setMaxVisibleItems(10)
        guard_popup_keys(self._completer)
        # Which overload is meant: PySide6's stubs do not declare a signal indexable.
        self._completer.activated[str].connect(self._insert)  # type: ignore[index]
        self.textEdited.connect(self._suggest)

    def popup_visible(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _current(self) -> str:
        return self.text()[: self.cursorPosition()].rsplit(";", 1)[-1].strip()

    def _suggest(self, _text: str) -> None:
        typed = self._current()
        if len(typed) < 2:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(typed)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _insert(self, name: str) -> None:
        """Replaces the name being typed with the one chosen, keeping the others."""
        cursor = self.cursorPosition()
        before, after = self.text()[:cursor], self.text()[cursor:]
        kept = before.rsplit(";", 1)[0] + "; " if ";" in before else ""
        rest = after.split(";", 1)[1].strip() if ";" in after else ""
        text = kept + name + ("; " + rest if rest else "")
        self.setText(text)
        self.setCursorPosition(len(kept + name))
