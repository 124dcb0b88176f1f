"""The overdue reminder's line, on its own: kept while counted, then the count or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from icstracker.ui.reminder_line import WAITING, ReminderLine


@pytest.mark.parametrize("shown_last_time", [False, True])
def test_it_is_never_a_window_of_its_own_and_shows_with_its_window(
    qtbot: Any, shown_last_time: bool
) -> None:
    line = ReminderLine(shown_last_time)
    assert not line.isVisible()  # not flashed up as a top-level window before its layout
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(line)
    window.show()
    assert line.isVisible() == shown_last_time
    assert line.text() == WAITING and not line.isEnabled()


def test_the_count_replaces_the_wait_and_none_overdue_hides_it(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    line = ReminderLine(True)
    QVBoxLayout(window).addWidget(line)
    window.show()
    line.show_overdue(1)
    assert line.isVisible() and line.isEnabled()
    assert line.text().startswith("1 follow-up is overdue")
    line.show_overdue(1234)
    assert line.text().startswith("1,234 follow-ups are overdue")
    line.show_overdue(0)
    assert not line.isVisible()
