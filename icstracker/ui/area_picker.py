"""A type-ahead field for choosing a footprint at any level by code, name or old name.

The field holds an area only when the user chose one: a suggestion clicked or entered,
or typed text that the service's ``AreaResolver`` reads as exactly one area on the
engagement's date (the same reading as ``log add --area`` and the importer). Leaving the
field with anything else marks it invalid with the candidates, and the form refuses to
save: typing "Devon" and pressing Tab never stores the first suggestion.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from icstracker.services.area_resolver import AreaMatch, AreaRefusal
from icstracker.services.areas import AreaChoice
from icstracker.ui.form_problem import mark_field
from icstracker.ui.typeahead import guard_popup_keys

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

# The form's reading of typed text: the service resolver on the form's date.
Resolve = Callable[[str], AreaMatch]


def choices_model(choices: list[AreaChoice]) -> QStandardItemModel:
    model = QStandardItemModel()
    for choice in choices:
        item = QStandardItem(choice.label)
        item.setData(choice.search_text, SEARCH_ROLE)
        item.setData(choice.id, ID_ROLE)
        item.setEditable(False)
        model.appendRow(item)
    return model


class AreaPicker(QLineEdit):
    """Emits ``area_chosen(id, level)`` once an area is chosen, and ``problem_changed``
    with the reason (or "") whenever the field becomes invalid (or valid again)."""

    area_chosen = Signal(int, str)
    problem_changed = Signal(str)

    def __init__(
        self, choices: list[AreaChoice], resolve: Resolve, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._choices = {c.id: c for c in choices}
        self._resolve = resolve
        self._area_id: int | None = None
        self._typed = ""  # what the user typed, when the area was read from it
        self._shown = ""  # the chosen area's label, as set in the field
        self.problem = ""
        self.candidates: tuple[int, ...] = ()
        self.setPlaceholderText("Type a PCN, place or ICB name or code…")
        self.setAccessibleName("Area")
        self.setToolTip(
            "Start typing a PCN, council, ICB or its code and choose from the list; older "
            "names such as STP names work too"
        )
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(choices_model(choices))
        self._proxy.setFilterRole(SEARCH_ROLE)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer = QCompleter(self._proxy, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        guard_popup_keys(self._completer)
        # Which overload is meant: PySide6's stubs do not declare a signal indexable.
        self._completer.activated[QModelIndex].connect(self._picked)  # type: ignore[index]
        self.textEdited.connect(self._filter)
        self.editingFinished.connect(self.commit)

    @property
    def area_id(self) -> int | None:
        return self._area_id

    def popup_visible(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def set_area(self, area_id: int | None) -> None:
        self._area_id = area_id
        self._typed = ""
        choice = self._choices.get(area_id) if area_id is not None else None
        self._shown = choice.label if choice else ""
        self.setText(self._shown)
        self._set_problem("")
        if choice:
            self.area_chosen.emit(choice.id, choice.level)

    def _filter(self, text: str) -> None:
        self._area_id = None
        self._proxy.setFilterFixedString(text.strip())
        if text.strip():
            self._completer.complete()
            # Nothing highlighted until the user moves to a suggestion: a highlighted first
            # line reads as "Tab takes this", and nobody chose it.
            popup = self._completer.popup()
            if popup is not None:
                popup.setCurrentIndex(QModelIndex())

    def _picked(self, index: QModelIndex) -> None:
        area_id = index.data(ID_ROLE)
        if area_id is not None:
            self.set_area(int(area_id))

    def commit(self) -> int | None:
        """Reads what is typed, once the user leaves the field or saves: the area it names
        exactly, or an invalid field saying why and which areas it might mean."""
        if self.popup_visible():
            return self._area_id  # still choosing from the list
        text = self.text().strip()
        if self._area_id is not None and text == self._shown:
            return self._area_id
        if not text:
            self._area_id = None
            self._set_problem("")
            return None
        self._read(text)
        return self._area_id

    def candidate_labels(self) -> list[tuple[int, str]]:
        """The areas the last refusal offered, as the suggestions show them."""
        return [(i, self._choices[i].label) for i in self.candidates if i in self._choices]

    def date_changed(self) -> None:
        """An area read from typed text is read again for the new date ("QE1" in 2019 is
        the STP of that time); one chosen from the list stays as chosen."""
        if self._typed:
            self._read(self._typed)

    def _read(self, text: str) -> None:
        try:
            match = self._resolve(text)
        except AreaRefusal as refusal:
            self._area_id = None
            self.candidates = tuple(c.id for c in refusal.candidates)
            self._set_problem(refusal.message)
            return
        self.set_area(match.area.id)
        self._typed = text

    def _set_problem(self, problem: str) -> None:
        if not problem:
            self.candidates = ()
        changed = problem != self.problem
        self.problem = problem
        mark_field(self, problem)
        if changed:
            self.problem_changed.emit(problem)
