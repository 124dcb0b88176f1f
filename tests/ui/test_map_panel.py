"""The Map tab, driven as a person uses it: clicks on hexes, the filters above, the buttons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QFileDialog

from icstracker.services.areas import list_areas
from icstracker.services.hexmap import centre
from icstracker.services.map_data import MapHex
from icstracker.ui.main_window import MainWindow
from icstracker.ui.map_panel import MapPanel
from icstracker.ui.map_scene import SIZE, tooltip
from icstracker.ui.navigator import CODE_ROLE


def _open_map(window: MainWindow, qtbot: Any) -> MapPanel:
    window.show()
    qtbot.waitExposed(window)
    assert window.map_tab.panel is None  # nothing built until the tab is first shown
    qtbot.mouseClick(window.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=_tab_centre(window))
    panel = window.map_tab.panel
    assert panel is not None and window.tabs.currentWidget() is window.map_tab
    return panel


def _tab_centre(window: MainWindow) -> QPoint:
    return window.tabs.tabBar().tabRect(window.tabs.indexOf(window.map_tab)).center()


def _hex(panel: MapPanel, code: str) -> MapHex:
    return panel.scene.hexes_of(code)[0]


def _on_screen(panel: MapPanel, code: str) -> QPoint:
    layout = panel.map.layout if panel.map else "odd-r"
    return panel.view.mapFromScene(QPointF(*centre(*_hex(panel, code).cell, layout, SIZE)))


def _painted(panel: MapPanel, code: str) -> str:
    """The colour on screen at the middle of the area's hex."""
    image = panel.view.viewport().grab().toImage()
    return str(image.pixelColor(_on_screen(panel, code)).name())


def test_colours_follow_the_filters(window: MainWindow, qtbot: Any) -> None:
    panel = _open_map(window, qtbot)
    assert panel.layer_key == "neighbourhood"
    # All dates: U45809 has two engagements, U82077 one, Torentum (U87975) none.
    counts = {code: _hex(panel, code).figures.count for code in ("U45809", "U82077")}
    assert counts == {"U45809": 2, "U82077": 1}
    assert _hex(panel, "U87975").figures.count == 0
    none = _painted(panel, "U87975")
    assert _painted(panel, "U45809") == _hex(panel, "U45809").fill != none
    # Only emails: U82077's one is the busiest now, and U45809 has none.
    window.kind.setFocus()
    for _ in range(3):  # Any kind, then Meeting, Call, Email
        qtbot.keyClick(window.kind, Qt.Key.Key_Down)
    assert window.kind.currentData() == "email"
    assert _painted(panel, "U45809") == none
    assert _painted(panel, "U82077") == _hex(panel, "U82077").fill != none
    assert "filtered by kind" in panel.summary.text()


def test_clicking_a_hex_sets_the_same_filter_as_the_tree(window: MainWindow, qtbot: Any) -> None:
    panel = _open_map(window, qtbot)
    qtbot.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, pos=_on_screen(panel, "U45809")
    )
    from_map = window.current_filter()
    assert window.tabs.currentWidget() is window.map_tab  # the map stays
    assert window.tree.currentIndex().data(CODE_ROLE) == "U45809"
    assert panel.scene.is_selected("U45809") and not panel.scene.is_selected("U82077")
    item = window.tree_model.item_for("U45809")
    assert item is not None
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    window.tree.setCurrentIndex(item.index())
    assert window.current_filter() == from_map and from_map.area_id is not None
    assert window.table_model.rowCount() == 2  # the log shows that PCN's two engagements


def test_double_click_logs_an_engagement_there(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _open_map(window, qtbot)
    asked: list[int | None] = []
    monkeypatch.setattr(window, "new_engagement", lambda area_id=None: asked.append(area_id))
    qtbot.mouseDClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, pos=_on_screen(panel, "U82077")
    )
    item = window.tree_model.item_for("U82077")
    assert item is not None
    assert asked and asked[-1] == window._area_id_of("U82077")


def test_layers_by_click_and_by_the_level_buttons(window: MainWindow, qtbot: Any) -> None:
    panel = _open_map(window, qtbot)
    qtbot.mouseClick(panel.layer_buttons["place"], Qt.MouseButton.LeftButton)
    assert panel.layer_key == "place"
    blackpool = _hex(panel, "E06000009")
    assert blackpool.mine and blackpool.figures.count == 4  # its call, its PCNs' three
    qtbot.mouseClick(window.levels.button(1), Qt.MouseButton.LeftButton)  # System
    assert panel.layer_key == "system" and _hex(panel, "QE1").mine
    assert len(panel.scene.hexes_of("S1Y5D")) == 3  # Central East: three 2022 ICBs
    assert "QE1" in panel.scene.outlines


def test_every_current_pcn_is_drawn_or_listed(window: MainWindow, qtbot: Any) -> None:
    panel = _open_map(window, qtbot)
    with window.database.session() as session:
        pcns = {a.code for a in list_areas(session, kind="pcn", current_on=dt.date.today())}
    drawn = set(panel.scene.indexes)
    listed = {a.code for a in panel.map.not_on_map} if panel.map else set()
    assert drawn | listed == pcns
    assert all(f"({code})" in panel.off_map.text() for code in listed)
    # QE1's PCNs opened since 2022 are drawn, and said to be placed beside.
    assert "drawn beside their neighbours" in panel.off_map.text()


def test_the_tooltip_names_counts_and_last_engagement(window: MainWindow, qtbot: Any) -> None:
    panel = _open_map(window, qtbot)
    assert panel.map is not None
    tip = tooltip(panel.map, _hex(panel, "U45809"))
    last = dt.date.today() - dt.timedelta(days=7)
    assert "(U45809)" in tip and "Lancashire and South Cumbria ICS" in tip
    assert "Engagements, all dates: 2" in tip and f"Last engaged {last:%d/%m/%Y}" in tip


@pytest.mark.parametrize(("suffix", "start"), [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_save_the_map_as_a_picture(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    start: bytes,
) -> None:
    panel = _open_map(window, qtbot)
    target = tmp_path / f"map{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    data = target.read_bytes()
    assert data.startswith(start) and len(data) > 2000
    if suffix == ".svg":
        assert b"<svg" in data and b"Engagements in the period" in data
    assert target.stat().st_mode & 0o077 == 0  # like every file made from the log
