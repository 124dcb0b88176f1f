"""The filter bar on its own, without a window: what it holds, says and puts back."""

from __future__ import annotations

import csv
from typing import Any

from PySide6.QtCore import Qt

from icstracker.bundled import resources_dir
from icstracker.ui.filter_bar import SEARCH_DELAY_MS, SEARCH_MIN_WIDTH, FilterBar, FilterState


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


def test_the_search_box_keeps_room_on_a_small_laptop(qtbot: Any) -> None:
    """At 90% of a 1366-pixel screen (where the window opens) with the shipped topics, the
    kind and topic lists used to squeeze the search box to one letter; and the bar's
    minimum width (1,167 pixels then) left no room on a smaller screen."""
    with (resources_dir() / "topics.csv").open(encoding="utf-8", newline="") as handle:
        topics = [row["name"] for row in csv.DictReader(handle)]
    bar = FilterBar(topics)
    qtbot.addWidget(bar)
    bar.resize(int(1366 * 0.9), 40)
    bar.show()
    qtbot.waitExposed(bar)
    assert bar.search.width() >= SEARCH_MIN_WIDTH
    # The whole bar fits there (its minimum was 1,271 pixels with the first fix alone).
    assert bar.minimumSizeHint().width() <= bar.width()
    longest = max(topics, key=len)
    assert bar.topic.findText(longest) >= 0  # shortened on the bar, whole in its list
