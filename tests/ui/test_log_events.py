"""A write or a new choice of filters is announced once, and every tab hears it.

The tabs subscribe to the window's ``LogEvents``; the window no longer refreshes each by
hand. Whether the committee joined other committees' engagements is asked once per change
of filters and carried in the filter, so the panes do not each ask it again.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import event

from icstracker.ui.log_events import LogChange, ViewChange
from icstracker.ui.main_window import MainWindow

PROBE = "FROM engagement_partner WHERE engagement_partner.committee_id = ?) AS anon_1"


def _statements(window: MainWindow, act: Any) -> list[str]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(" ".join(args[2].split()))

    engine = window.database.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        act()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_a_coverage_filter_change_asks_the_committee_scope_once(
    window: MainWindow, qtbot: Any
) -> None:
    window.show()
    window.tabs.setCurrentWidget(window.coverage_panel)
    statements = _statements(window, lambda: window.kind.setCurrentIndex(1))
    probes = sum(1 for s in statements if s.endswith(PROBE))
    # Before the scope travelled in the filter: 38 statements, the probe 7 times.
    assert probes == 1, Counter(statements).most_common(5)
    assert len(statements) <= 32
    assert window.coverage_panel.result is not None


def test_every_tab_hears_a_new_view_and_a_write(window: MainWindow, qtbot: Any) -> None:
    views: list[ViewChange] = []
    writes: list[LogChange] = []
    window.events.view_changed.connect(views.append)
    window.events.log_changed.connect(writes.append)
    # The five tabs (and the test) subscribe; the window calls none of them by hand.
    assert window.events.receivers("2view_changed(PyObject)") >= 6
    assert window.events.receivers("2log_changed(PyObject)") >= 6
    window.kind.setCurrentIndex(1)
    assert [v.criteria.kinds for v in views] == [(window.kind.currentData(),)]
    assert views[0].data_changed is False
    window.show()
    window.tabs.setCurrentWidget(window.coverage_panel)
    before = window.coverage_panel.result
    window.events.announce_write()
    assert writes == [LogChange()]
    assert window.coverage_panel.result is not before  # read again on the write itself
    assert views[-1].data_changed is False  # the window's own re-read does not repeat it
