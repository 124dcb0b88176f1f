"""The filter bar on its own, without a window: what it holds, says and puts back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from icstracker.ui.filter_bar import SEARCH_DELAY_MS, FilterBar, FilterState


def _bar(qtbot: Any) -> FilterBar:
    bar = FilterBar(["Pharmacy First", "Workforce"])
    qtbot.addWidget(bar)
    bar.show()
    return bar


def test_a_search_is_applied_once_after_a_pause_in_typing(qtbot: Any) -> None:
    bar = _bar(qtbot)
    heard: list[int] = []
    bar.changed.connect(lambda: heard.append(1))
    with qtbot.waitSignal(bar.changed, timeout=SEARCH_DELAY_MS * 10):
        qtbot.keyClicks(bar.search, "referral")
    assert heard == [1]  # eight keys, one change
    assert bar.described_parts()[-1] == "filtered by search"


def test_level_kind_and_topic_say_so_when_chosen(qtbot: Any) -> None:
    bar = _bar(qtbot)
    heard: list[int] = []
    bar.changed.connect(lambda: heard.append(1))
    qtbot.mouseClick(bar.levels.button(2), Qt.MouseButton.LeftButton)  # Place
    bar.kind.setCurrentIndex(bar.kind.findData("written_submission"))
    bar.topic.setCurrentIndex(bar.topic.findData("Workforce"))
    assert len(heard) == 3
    assert bar.level() == "place" and bar.level_button_text() == "Place"
    assert bar.kinds() == ("written_submission",) and bar.topics() == ("Workforce",)
    assert bar.kind.currentText() == "Written submission"
    assert bar.described_parts()[1:] == ["place level", "filtered by kind, topic"]


def test_a_state_is_put_back_exactly_and_silently(qtbot: Any) -> None:
    bar = _bar(qtbot)
    heard: list[int] = []
    bar.changed.connect(lambda: heard.append(1))
    state = FilterState("2026/27-Q2", "neighbourhood", "U45809", "board", "call", "Workforce")
    bar.set_state(state)
    assert bar.state("U45809") == state
    assert heard == []  # the caller reads the log once, not once per widget
    bar.reset()
    assert bar.state("") == FilterState("2026/27-Q2", "", "", "", "", "")
    assert heard == []
