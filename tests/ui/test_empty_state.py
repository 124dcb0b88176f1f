"""An empty log says what to do next, and goes away when there is something to show."""

from __future__ import annotations

from PySide6.QtCore import Qt

from icstracker.ui.main_window import MainWindow


def test_an_empty_log_says_how_to_log_one_or_widen_the_filters(window: MainWindow, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    hint = window.empty_log.label
    assert not hint.isVisible()
    qtbot.keyClicks(window.search, "nothing is called this")
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 0)
    assert hint.isVisible()
    assert hint.text() == (
        "No engagements in this period — press Ctrl+N to log one, or widen the filters."
    )
    assert window.table.viewport().rect().contains(hint.geometry())
    qtbot.mouseClick(window.clear, Qt.MouseButton.LeftButton)
    assert window.table_model.rowCount() == 5
    assert not hint.isVisible()
