"""The window fits the screen it opens on: a new one, and one remembered from a larger screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from icstracker.db.database import Database
from icstracker.services.committees import CommitteeView
from icstracker.ui import window_geometry
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings
from icstracker.ui.window_geometry import default_geometry, fit_into, keep_on_screen

LAPTOP = QRect(0, 0, 1366, 728)  # 1366 × 768 less a 40-pixel taskbar


def test_a_new_window_is_no_larger_than_the_available_screen(window: MainWindow) -> None:
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())
    assert window.width() >= available.width() * 0.8  # and uses most of it


def test_on_a_laptop_it_opens_at_nine_tenths_of_the_screen(
    qtbot, sqlite_db: Database, committee: CommitteeView, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(window_geometry, "available_geometry", lambda _widget: LAPTOP)
    main = MainWindow(sqlite_db, committee, WindowSettings(tmp_path / "s.ini"))
    qtbot.addWidget(main)
    assert main.geometry() == QRect(68, 36, 1229, 655)
    assert LAPTOP.contains(main.geometry())


def test_on_a_laptop_no_hidden_tab_squeezes_the_tree_or_the_detail_pane(
    qtbot, sqlite_db: Database, committee: CommitteeView, tmp_path: Path, monkeypatch
) -> None:
    """The footprint tree and the engagement pane get their shares of the width, as the
    first look gives them: a tab's controls in one long row (Coverage's, 774 px) once made
    the log's minimum wider than its share, and the panes jumped at the hand-over."""
    monkeypatch.setattr(window_geometry, "available_geometry", lambda _widget: LAPTOP)
    main = MainWindow(sqlite_db, committee, WindowSettings(tmp_path / "s.ini"))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    tree, _log, detail = main.splitter.sizes()
    assert (tree, detail) == (int(1229 * 0.24), int(1229 * 0.2))


def test_a_remembered_geometry_larger_than_the_screen_is_shrunk_to_fit(
    qtbot, sqlite_db: Database, committee: CommitteeView, settings_file: Path
) -> None:
    big = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(big)
    big.setGeometry(-300, -200, 2600, 1500)  # as on last week's large monitor
    big.close()  # saves it
    assert WindowSettings(settings_file).geometry is not None

    again = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(again)
    available = again.screen().availableGeometry()
    assert available.contains(again.frameGeometry())
    assert again.width() >= available.width() - 10  # as wide as the screen allows, no more


def test_keep_on_screen_shrinks_and_moves_a_window_inside(qtbot) -> None:
    """Qt's restoreGeometry already clamps on some platforms, not all (nor the frame)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setGeometry(-300, -200, 2600, 1500)
    keep_on_screen(widget, LAPTOP)
    assert widget.geometry() == LAPTOP
    widget.setGeometry(1000, 600, 600, 400)
    keep_on_screen(widget, LAPTOP)
    assert widget.geometry() == QRect(766, 328, 600, 400)


@pytest.mark.parametrize(
    ("rect", "fitted"),
    [
        (QRect(10, 10, 800, 600), QRect(10, 10, 800, 600)),  # fits: untouched
        (QRect(0, 0, 1600, 900), QRect(0, 0, 1366, 728)),  # too big: the screen
        (QRect(900, 500, 800, 600), QRect(566, 128, 800, 600)),  # off the corner: moved in
        (QRect(-50, -20, 400, 300), QRect(0, 0, 400, 300)),
    ],
)
def test_fit_into(rect: QRect, fitted: QRect) -> None:
    assert fit_into(rect, LAPTOP) == fitted


def test_default_geometry_is_centred() -> None:
    assert default_geometry(LAPTOP).center() == LAPTOP.center()
