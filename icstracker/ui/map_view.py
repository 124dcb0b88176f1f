"""The Map tab's view and key: pan, zoom, click and hover over the hexes of ``MapScene``.

A click (not a drag) on a hex says which area; a double-click asks to log there; the tooltip
is written for the hex under the mouse when asked for. The key lists the colours with how
many of the committee's areas each holds, on screen and in a saved picture alike.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsView, QToolTip, QWidget

from icstracker.services.map_colours import NOT_OPEN, OUTSIDE
from icstracker.services.map_data import CoverageMap
from icstracker.ui.map_scene import SIZE, MapScene, tooltip

ZOOM_STEP = 1.25
MIN_HEXES_ACROSS = 7


class MapView(QGraphicsView):
    """Pans by dragging, zooms with the wheel or +/-; a click (not a drag) on a hex says
    which area, a double-click asks to log there."""

    clicked = Signal(str)
    activated = Signal(str)

    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.map_scene = scene
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setBackgroundBrush(QColor("#ffffff"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Map")
        self.setMinimumSize(240, 200)
        self.fitted: QRectF | None = None
        """What the view fits when resized, until the user zooms or pans it."""
        self._pressed: QPoint | None = None

    def fit(self, rect: QRectF) -> None:
        """Shows ``rect`` whole, and at least a few hexes around it (one ICS alone would
        fill the view with a single hex)."""
        self.fitted = rect
        least = SIZE * 1.732 * MIN_HEXES_ACROSS
        grow_x = max(0.0, least - rect.width()) / 2
        grow_y = max(0.0, least * 0.8 - rect.height()) / 2
        margin = max(rect.width(), rect.height()) * 0.04
        wider = rect.adjusted(-grow_x - margin, -grow_y - margin, grow_x + margin, grow_y + margin)
        self.fitInView(wider, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        self.fitted = None
        self.scale(factor, factor)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.fitted is not None:
            self.fit(self.fitted)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._pressed = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, None
        if pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        where = event.position().toPoint()
        if (where - pressed).manhattanLength() >= QApplication.startDragDistance():
            self.fitted = None  # the user moved the map: leave it where they put it
            return
        found = self.map_scene.hex_at(self.mapToScene(where))
        if found is not None:
            self.clicked.emit(found.code)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        found = self.map_scene.hex_at(self.mapToScene(event.position().toPoint()))
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(found.code)
            return
        super().mouseDoubleClickEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A hex's tooltip, written when asked for rather than for every hex on each
        filter change."""
        if event.type() == QEvent.Type.ToolTip and self.map_scene.map is not None:
            assert isinstance(event, QHelpEvent)
            found = self.map_scene.hex_at(self.mapToScene(event.pos()))
            if found is None:
                QToolTip.hideText()
            else:
                text = tooltip(self.map_scene.map, found)
                QToolTip.showText(event.globalPos(), text, self.viewport())
            return True
        return super().viewportEvent(event)


class MapLegend(QWidget):
    """The colours' key, with how many of the committee's areas each holds."""

    def __init__(self) -> None:
        super().__init__()
        self.map: CoverageMap | None = None
        self.setAccessibleName("Map legend")

    def show_map(self, shown: CoverageMap) -> None:
        self.map = shown
        self.setMinimumWidth(self.sizeHint().width())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = self.fontMetrics()
        lines = legend_lines(self.map) if self.map else []
        width = max((metrics.horizontalAdvance(text) for text, _ in lines), default=100)
        return QSize(width + 34, (len(lines) + 1) * (metrics.height() + 6))

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        if self.map is None:
            return
        painter = QPainter(self)
        paint_legend(painter, QRectF(self.rect()), self.map, self.palette().text().color())
        painter.end()


def legend_lines(shown: CoverageMap) -> list[tuple[str, str]]:
    """(text, colour) for each line of the key; the title's colour is empty."""
    lines = [(shown.scale.title, "")]
    counts = shown.band_counts()
    noun = shown.layer_map.layer.label
    for band, count in zip(shown.scale.bands, counts, strict=True):
        lines.append((f"{band.label} ({count:,})", band.colour))
    if any(not h.figures.open_in_period and h.mine for h in shown.hexes):
        lines.append(("Not open in the period", NOT_OPEN))
    lines.append((f"{noun} outside your areas", OUTSIDE))
    if any(h.mine for h in shown.placed_beside):
        lines.append(("Dashed edge: not on the map, placed beside", ""))
    return lines


def paint_legend(painter: QPainter, rect: QRectF, shown: CoverageMap, text: QColor) -> None:
    metrics = painter.fontMetrics()
    step = metrics.height() + 6
    y = rect.top() + 4
    for number, (label, colour) in enumerate(legend_lines(shown)):
        x = rect.left() + 4
        if colour:
            painter.setPen(QColor("#8c8c8c"))
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(x, y + 2, 18, step - 8))
            x += 26
        painter.setPen(text)
        font = painter.font()
        font.setBold(number == 0)
        painter.setFont(font)
        painter.drawText(QRectF(x, y, rect.right() - x, step), Qt.AlignmentFlag.AlignVCenter, label)
        y += step
    font = painter.font()
    font.setBold(False)
    painter.setFont(font)
