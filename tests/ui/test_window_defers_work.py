"""Opening the window reads only what its first page shows.

A committee with a million engagements has tens of thousands of follow-ups, and the
engagement form searches ~1,800 areas: neither is read until someone asks for it, so
the log appears as quickly as it can.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from icstracker.db.database import Database
from icstracker.services.committees import CommitteeView
from icstracker.ui import actions_panel, engagement_editing
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings


def _counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    real: Callable[..., Any] = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_follow_ups_and_area_choices_wait_until_asked_for(
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    sqlite_db: Database,
    committee: CommitteeView,
    settings_file: Path,
    answers: list[str],
) -> None:
    listed = _counted(monkeypatch, actions_panel, "list_actions")
    choices = _counted(monkeypatch, engagement_editing, "area_choices")
    window = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.tabs.currentWidget() is window.table
    assert listed == [] and choices == []

    window.tabs.setCurrentWidget(window.actions_panel)
    assert listed, "the Follow-ups tab lists its actions once shown"

    first = window.new_engagement()
    first.reject()
    second = window.new_engagement()
    second.reject()
    assert choices == [1], "the form's areas are read once, when it first opens"
    window.close()
