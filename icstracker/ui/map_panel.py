"""The Map tab: the committee's ICSs, places or PCNs as hexes, coloured by the filtered log.

A hex cartogram (one equal hex per area, the NHS and ONS convention) answers coverage
questions at a glance: "which PCNs have we not seen this quarter?" The figures are the
footprint tree's and the Coverage tab's (``services.map_data``), for the window's period
and filters. Clicking a hex filters the log to that area exactly as choosing it in the
footprint tree does (the window does it through the tree); double-clicking logs a new
engagement there (``ui.map_view``). Imported only when the tab is first shown
(``ui.map_tab``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError
from icstracker.output_files import reserve_beside, saved
from icstracker.services.areas import get_area
from icstracker.services.coverage_status import Thresholds
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.map_areas import LAYERS, LayerMap, layer_map, map_layer
from icstracker.services.map_colours import ColourBy
from icstracker.services.map_data import CoverageMap, coverage_map
from icstracker.services.periods import Period, label_with_months
from icstracker.services.report_data import ReportRequest, resolve_scope, whole_log_period
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.file_dialogs import remember_folder, start_folder
from icstracker.ui.map_scene import MapScene
from icstracker.ui.map_view import MapLegend, MapView, paint_legend
from icstracker.ui.settings import WindowSettings

PNG_FILTER = "PNG picture (*.png)"
SVG_FILTER = "SVG drawing (*.svg)"


class MapPanel(QWidget):
    area_chosen = Signal(str)  # filter the log to this area, as the footprint tree does
    log_for_area = Signal(str)  # log a new engagement for this area

    def __init__(
        self,
        database: Database,
        committee_id: int,
        thresholds: Callable[[], Thresholds],
        settings: WindowSettings | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self.database = database
        self.committee_id = committee_id
        self.thresholds = thresholds
        self.settings = settings
        self.today = today
        self.map: CoverageMap | None = None
        self.subtitle = ""
        """The committee, period and filters, for a saved picture."""
        self._layers: dict[str, LayerMap] = {}
        self._wanted: tuple[Period | None, EngagementFilter] | None = None
        self._level: str | None = None
        self.layers = QButtonGroup(self)
        self.layer_buttons: dict[str, QRadioButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show"))
        for layer in LAYERS:
            button = QRadioButton(layer.label)
            button.setProperty("layer", layer.key)
            button.setChecked(layer.key == "neighbourhood")
            button.setToolTip(f"One hex for each {layer.singular}")
            self.layers.addButton(button)
            self.layer_buttons[layer.key] = button
            bar.addWidget(button)
        self.layers.buttonClicked.connect(lambda _button: self.refresh())
        self.colour_by = QComboBox()
        for by in ColourBy:
            self.colour_by.addItem(by.label, by.value)
        self.colour_by.setAccessibleName("Colour the map by")
        self.colour_by.currentIndexChanged.connect(lambda _index: self.refresh())
        bar.addSpacing(12)
        bar.addWidget(QLabel("coloured by"))
        bar.addWidget(self.colour_by)
        bar.addStretch(1)
        self.fit_button = QPushButton("Your areas")
        self.fit_button.setToolTip("Zoom to the committee's areas")
        self.fit_button.clicked.connect(self.fit_mine)
        self.all_button = QPushButton("All England")
        self.all_button.setToolTip("Zoom out to the whole country")
        self.all_button.clicked.connect(self.fit_all)
        self.save_button = QPushButton("Save picture…")
        self.save_button.setToolTip("Save the map as shown, with its key, as PNG or SVG")
        self.save_button.clicked.connect(self.save_picture)
        for push in (self.fit_button, self.all_button, self.save_button):
            bar.addWidget(push)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Map summary")
        self.scene = MapScene()
        self.view = MapView(self.scene)
        self.view.clicked.connect(self.area_chosen)
        self.view.activated.connect(self.log_for_area)
        self.legend = MapLegend()
        self.off_map = QLabel()
        self.off_map.setWordWrap(True)
        self.off_map.setAccessibleName("Not on the map")
        self.off_map.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addWidget(self.legend, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(middle, 1)
        layout.addWidget(self.off_map)

    # --- what to show ------------------------------------------------------------------

    @property
    def layer_key(self) -> str:
        button = self.layers.checkedButton()
        return str(button.property("layer")) if button else "neighbourhood"

    @property
    def by(self) -> ColourBy:
        return ColourBy(self.colour_by.currentData())

    def show_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        """The window's period and filter. A level chosen there shows that level's layer."""
        if criteria.level and criteria.level != self._level:
            self.layer_buttons[criteria.level].setChecked(True)
        self._level = criteria.level
        self._wanted = (period, criteria)
        self.refresh()

    def refresh(self) -> None:
        if self._wanted is None:
            return
        period, criteria = self._wanted
        today = self.today()
        layer = map_layer(self.layer_key)
        try:
            with self.database.session() as session:
                chosen = period or whole_log_period(
                    session, self.committee_id, today, criteria.joins_others
                )
                scope = resolve_scope(
                    session, ReportRequest(self.committee_id, chosen, criteria, today)
                )
                if layer.key not in self._layers:
                    self._layers[layer.key] = layer_map(session, layer, today)
                when = label_with_months(period) if period else "all dates"
                shown = coverage_map(
                    session, scope, self._layers[layer.key], self.by, self.thresholds(), when
                )
                selected = get_area(session, criteria.area_id).code if criteria.area_id else ""
        except IcsTrackerError as error:
            show_error(self, error)
            return
        first = self.map is None or self.map.layer_map.layer.key != layer.key
        self.map = shown
        self.scene.show_map(shown)
        self.scene.select(selected)
        self.legend.show_map(shown)
        self.subtitle = f"{scope.committee}: {self._summary(shown, criteria)}"
        self.summary.setText(
            f"{self._summary(shown, criteria)} Click a hex to filter the log to it, "
            "double-click to log an engagement there; drag to move, wheel to zoom."
        )
        self.off_map.setText(self._off_map(shown))
        if first:
            self.fit_mine()

    def _summary(self, shown: CoverageMap, criteria: EngagementFilter) -> str:
        layer = shown.layer_map.layer
        mine = {h.code: h for h in shown.hexes if h.mine}
        engaged = sum(1 for h in mine.values() if h.figures.count)
        level = f", {criteria.level} level" if criteria.level else ""
        narrowed = [
            name
            for name, on in (
                ("kind", criteria.kinds),
                ("topic", criteria.topics),
                ("search", criteria.text.strip()),
            )
            if on
        ]
        filtered = f", filtered by {', '.join(narrowed)}" if narrowed else ""
        return (
            f"{layer.label}, {shown.period}{level}{filtered}: {engaged:,} of your "
            f"{len(mine):,} {layer.label} with engagements."
        )

    def _off_map(self, shown: CoverageMap) -> str:
        layer = shown.layer_map.layer
        parts = []
        missing = shown.not_on_map
        if missing:
            names = ", ".join(f"{a.name} ({a.code})" for a in missing)
            parts.append(f"Not on the map: {names}.")
        beside = {h.code for h in shown.placed_beside if h.mine}
        if beside:
            parts.append(
                f"{len(beside):,} of your {layer.label} not on the {layer.drawn_from} map "
                "(opened or formed since) are drawn beside their neighbours, with a dashed edge."
            )
        return " ".join(parts)

    # --- zoom ----------------------------------------------------------------------

    def fit_mine(self) -> None:
        if self.map is not None:
            self.view.fit(self.scene.cells_rect(self.map.focus, self.map.layout))

    def fit_all(self) -> None:
        self.view.fit(self.scene.bounds)

    # --- saving --------------------------------------------------------------------------

    def save_picture(self) -> Path | None:
        if self.map is None:
            return None
        folder = start_folder(self.settings)
        name = f"Map of {self.map.layer_map.layer.label} - {self.map.period}".replace("/", "-")
        chosen, kind = QFileDialog.getSaveFileName(
            self, "Save the map", str(folder / f"{name}.png"), f"{PNG_FILTER};;{SVG_FILTER}"
        )
        if not chosen:
            return None
        path = Path(chosen)
        svg = path.suffix.lower() == ".svg" or (kind == SVG_FILTER and not path.suffix)
        path = path.with_suffix(".svg" if svg else ".png")
        try:
            data = self.picture(svg=svg)
            temporary = reserve_beside(path, "map", path.suffix)
            saved(lambda: temporary.write_bytes(data), path, "map")
            saved(lambda: os.replace(temporary, path), path, "map")
        except IcsTrackerError as error:
            show_error(self, error)
            return None
        remember_folder(self.settings, path)
        return path

    def picture(self, *, svg: bool = False) -> bytes:
        """The map as shown (its visible part), with a title and the key, as PNG or SVG."""
        assert self.map is not None
        source = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        legend = self.legend.sizeHint()
        title_height = 52
        width = self.view.viewport().width() + legend.width() + 24
        height = max(self.view.viewport().height(), legend.height()) + title_height
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if svg:
            from PySide6.QtSvg import QSvgGenerator

            generator = QSvgGenerator()
            generator.setOutputDevice(buffer)
            generator.setSize(QSize(width, height))
            generator.setViewBox(QRectF(0, 0, width, height))
            generator.setTitle(self._title())
            self._paint_picture(generator, width, height, source, title_height)
        else:
            image = QImage(width * 2, height * 2, QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(2)
            image.fill(QColor("#ffffff"))
            self._paint_picture(image, width, height, source, title_height)
            # PySide6 takes the format as text here; its stubs say bytes, which it refuses.
            image.save(buffer, "PNG")  # type: ignore[call-overload]
        return bytes(buffer.data().data())

    def _title(self) -> str:
        assert self.map is not None
        return f"{self.map.layer_map.layer.label} coloured by {self.by.label.lower()}"

    def _paint_picture(
        self, device: Any, width: int, height: int, source: QRectF, top: int
    ) -> None:
        """The map first, then white where the title and key go, then them: an SVG
        painter does not clip, so what lies beyond the map's part is covered, not cut."""
        assert self.map is not None
        legend = self.legend.sizeHint()
        target = QRectF(0, top, width - legend.width() - 16, height - top)
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        with self.scene.limited_to(source):
            self.scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(QRectF(-width, -height, 3 * width, height + top))  # above the map
        painter.drawRect(QRectF(target.right(), -height, 2 * width, 3 * height))  # the key's side
        painter.drawRect(QRectF(-width, height, 3 * width, height))  # below
        painter.drawRect(QRectF(-width, -height, width, 3 * height))  # left
        painter.setFont(self.font())
        painter.setPen(QColor("#000000"))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(8, 4, width - 16, 22), Qt.AlignmentFlag.AlignLeft, self._title())
        font.setBold(False)
        painter.setFont(font)
        painter.drawText(QRectF(8, 26, width - 16, 22), Qt.AlignmentFlag.AlignLeft, self.subtitle)
        area = QRectF(width - legend.width() - 8, top, legend.width(), legend.height())
        paint_legend(painter, area, self.map, QColor("#000000"))
        painter.end()
