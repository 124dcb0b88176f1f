"""Drawing a coverage map with Qt's graphics view: the hexes, the ICS outlines, the names.

Nothing is worked out here: the cells come from ``services.map_layout``, the corners,
outlines and the cell under the mouse from ``services.hexmap``, the colours from
``services.map_data``. The hexes are one item that paints one path per colour (a few
``drawPath`` calls for 1,298 PCNs, where an item per hex cost as much again to build as
to paint: ``bench/map_bench.py``); a new filter rebuilds those paths, nothing else. The
names are another item, which paints nothing until a hex is big enough on screen to hold
one; the ICSs' outlines are an item each; tooltips are written when asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from icstracker.services.hexmap import Cell, cell_at, cells_bounds, centre, corners
from icstracker.services.map_colours import text_colour
from icstracker.services.map_data import CoverageMap, MapHex
from icstracker.services.map_layout import Placed

SIZE = 10.0  # scene units: a hexagon's circumradius
LABEL_FROM = 40  # screen pixels across a hexagon before its name is written in it
MIN_LABEL_PIXELS = 8
GREY_TEXT = QColor("#6b6b6b")
Z_HEX, Z_LABELS, Z_OUTLINE = 0, 2, 3


def _pen(colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setStyle(style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


BORDER = _pen("#ffffff", 1)
SELECTED = _pen("#000000", 4)
MY_BESIDE = _pen("#333333", 1.2, Qt.PenStyle.DashLine)  # not on the map: a dashed edge
OTHER_BESIDE = _pen("#6b6b6b", 1.2, Qt.PenStyle.DashLine)
MY_OUTLINE = _pen("#1f1f1f", 2.2)
OTHER_OUTLINE = _pen("#9a9a9a", 1)


def short_label(name: str) -> str:
    """A hex's label: the name without the " PCN" every PCN ends with."""
    for ending in (" PCN", " Primary Care Network"):
        if name.endswith(ending):
            return name[: -len(ending)]
    return name


class OutlineItem(QGraphicsPathItem):
    """An ICS's outline: only its line counts as under the mouse, not the hexes inside."""

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(0.5)
        return stroker.createStroke(self.path())


class LabelLayer(QGraphicsItem):
    """The areas' names, painted by one item over the whole map: nothing at all while the
    hexes are too small to hold a name, then only those in the part being painted."""

    def __init__(self, scene: MapScene, bounds: QRectF) -> None:
        super().__init__()
        self.map_scene = scene
        self.bounds = bounds
        self.setZValue(Z_LABELS)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self.bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        shown = self.map_scene.map
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        width = SIZE * 1.732 * scale
        if shown is None or width < LABEL_FROM:
            return
        exposed = option.exposedRect
        if self.map_scene.limit is not None:
            exposed = exposed.intersected(self.map_scene.limit)
        exposed = exposed.adjusted(-SIZE, -SIZE, SIZE, SIZE)
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        labelled: set[str] = set()
        painter.save()
        painter.scale(1 / scale, 1 / scale)  # text at a constant size on screen
        font = QFont(painter.font())
        for found in shown.hexes:
            if found.code in labelled:  # an ICB drawn as several hexes: named once
                continue
            labelled.add(found.code)
            x, y = centre(*found.cell, shown.layout, SIZE)
            if not exposed.contains(QPointF(x, y)):
                continue
            box = QRectF(
                x * scale - width * 0.42, (y - SIZE * 0.6) * scale, width * 0.84, SIZE * scale * 1.2
            )
            text = short_label(found.area.name)
            size = max(8, min(13, int(width / 6)))
            while True:  # smaller type until the name fits (a word is never broken)
                font.setPixelSize(size)
                metrics = QFontMetricsF(font)
                needed = metrics.boundingRect(box, flags, text)
                if needed.width() <= box.width() and needed.height() <= box.height():
                    break
                if size <= MIN_LABEL_PIXELS:  # still too long: shorten its long words
                    text = " ".join(
                        metrics.elidedText(word, Qt.TextElideMode.ElideRight, box.width())
                        for word in text.split()
                    )
                    break
                size -= 1
            painter.save()
            painter.setFont(font)
            painter.setClipRect(box, Qt.ClipOperation.IntersectClip)  # within what is drawn
            painter.setPen(QColor(text_colour(found.fill)) if found.mine else GREY_TEXT)
            painter.drawText(box, flags, text)
            painter.restore()
        painter.restore()


class HexLayer(QGraphicsItem):
    """Every hex of the layer, painted as one path per fill and edge."""

    def __init__(self, bounds: QRectF) -> None:
        super().__init__()
        self.bounds = bounds
        self.paths: list[tuple[QBrush, QPen, QPainterPath]] = []
        self.setZValue(Z_HEX)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view finds the cell

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self.bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        for brush, pen, path in self.paths:
            painter.setBrush(brush)
            painter.setPen(pen)
            painter.drawPath(path)


class MapScene(QGraphicsScene):
    """The hexes, outlines and names of one layer; a new filter only recolours the hexes."""

    def __init__(self) -> None:
        super().__init__()
        self.map: CoverageMap | None = None
        self.cells: dict[Cell, int] = {}
        """Each drawn cell's position in ``map.hexes``."""
        self.indexes: dict[str, list[int]] = {}
        """Each area's positions in ``map.hexes`` (an ICB of 2026 may have several)."""
        self.outlines: dict[str, OutlineItem] = {}
        self.selected_code = ""
        self.bounds = QRectF()
        """Every hex of the layer: what "All England" fits."""
        self.limit: QRectF | None = None
        """While a picture is made: the part of the map it shows."""
        self.hexes = HexLayer(self.bounds)
        self._brushes: dict[str, QBrush] = {}

    def show_map(self, coverage_map: CoverageMap) -> None:
        """Draws ``coverage_map``; the same layer as before is only recoloured."""
        before = self.map
        self.map = coverage_map
        if before is None or before.layer_map is not coverage_map.layer_map:
            self._build(coverage_map)
        self._paint_paths()

    def _build(self, coverage_map: CoverageMap) -> None:
        self.clear()
        self.outlines = {}
        layout = coverage_map.layout
        self.cells = {found.cell: n for n, found in enumerate(coverage_map.hexes)}
        self.indexes = {}
        for n, found in enumerate(coverage_map.hexes):
            self.indexes.setdefault(found.code, []).append(n)
        self.bounds = self.cells_rect(list(self.cells), layout)
        self.hexes = HexLayer(self.bounds)
        self.addItem(self.hexes)
        for outline in coverage_map.outlines:
            path = QPainterPath()
            for ring in outline.rings:
                path.moveTo(ring[0][0] * SIZE, ring[0][1] * SIZE)
                for x, y in ring[1:]:
                    path.lineTo(x * SIZE, y * SIZE)
                path.closeSubpath()
            line = OutlineItem(path)
            line.setPen(MY_OUTLINE if outline.mine else OTHER_OUTLINE)
            line.setZValue(Z_OUTLINE + (1 if outline.mine else 0))
            line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.addItem(line)
            self.outlines[outline.system] = line
        self.addItem(LabelLayer(self, self.bounds))

    @contextlib.contextmanager
    def limited_to(self, rect: QRectF) -> Iterator[None]:
        """Draws only the hexes and outlines that reach into ``rect`` while it lasts: what a
        saved picture shows (an SVG would otherwise carry every hex of England)."""
        hidden = [o for o in self.outlines.values() if not o.boundingRect().intersects(rect)]
        for outline in hidden:
            outline.hide()
        self._paint_paths(rect)
        self.limit = rect
        try:
            yield
        finally:
            self.limit = None
            for outline in hidden:
                outline.show()
            self._paint_paths()

    def _paint_paths(self, within: QRectF | None = None) -> None:
        """One path per (fill, edge), the chosen footprint's hexes last, edged in black."""
        assert self.map is not None
        layout = self.map.layout
        shape = QPolygonF(
            [QPointF(x, y) for x, y in corners(0, 0, layout, SIZE * 0.97)]
        )  # a hairline of background between neighbours
        chosen = set(self._chosen(self.selected_code))
        groups: dict[tuple[str, int], QPainterPath] = {}
        last: dict[tuple[str, int], QPainterPath] = {}
        reach = within.adjusted(-SIZE, -SIZE, SIZE, SIZE) if within is not None else None
        for n, found in enumerate(self.map.hexes):
            x, y = centre(*found.cell, layout, SIZE)
            if reach is not None and not reach.contains(QPointF(x, y)):
                continue
            pen = 3 if n in chosen else _hex_pen(found)
            key = (found.fill, pen)
            path = (last if n in chosen else groups).setdefault(key, QPainterPath())
            path.addPolygon(shape.translated(x, y))
        self.hexes.paths = [
            (self._brush(fill), PENS[pen], path)
            for (fill, pen), path in [*groups.items(), *last.items()]
        ]
        self.hexes.update()

    def _brush(self, colour: str) -> QBrush:
        if colour not in self._brushes:
            self._brushes[colour] = QBrush(QColor(colour))
        return self._brushes[colour]

    def select(self, code: str) -> None:
        """Marks the footprint chosen in the filter: its hexes, or the hexes inside it."""
        if code != self.selected_code:
            self.selected_code = code
            if self.map is not None:
                self._paint_paths()

    def _chosen(self, code: str) -> list[int]:
        if not code or self.map is None:
            return []
        if code in self.indexes:
            return self.indexes[code]
        inside = f"/{code}/"
        return [n for n, found in enumerate(self.map.hexes) if inside in found.area.path]

    def is_selected(self, code: str) -> bool:
        chosen = set(self._chosen(self.selected_code))
        return bool(chosen) and all(n in chosen for n in self.indexes.get(code, [-1]))

    def hex_at(self, point: QPointF) -> MapHex | None:
        """The hex under a point of the scene, if any."""
        if self.map is None:
            return None
        cell = cell_at(point.x() / SIZE, point.y() / SIZE, self.map.layout)
        index = self.cells.get(cell)
        return self.map.hexes[index] if index is not None else None

    def hexes_of(self, code: str) -> list[MapHex]:
        assert self.map is not None
        return [self.map.hexes[n] for n in self.indexes.get(code, [])]

    def cells_rect(self, cells: Sequence[Cell], layout: str) -> QRectF:
        if not cells:
            return QRectF(self.bounds)
        left, top, right, bottom = cells_bounds(cells, layout, SIZE)
        return QRectF(left, top, right - left, bottom - top)


PENS = {0: BORDER, 1: MY_BESIDE, 2: OTHER_BESIDE, 3: SELECTED}


def _hex_pen(found: MapHex) -> int:
    """The edge of a hex, as a key of ``PENS``."""
    if found.placed is Placed.BESIDE:
        return 1 if found.mine else 2
    return 0


def tooltip(coverage_map: CoverageMap, found: MapHex) -> str:
    """Name, code, the counts, the last engagement, and why it is where it is."""
    layer = coverage_map.layer_map
    figures = found.figures
    lines = [f"<b>{_escape(found.area.name)}</b> ({found.code})"]
    system = layer.systems.get(found.area.system, "")
    if system and found.area.system != found.code:
        lines.append(f"{_escape(system)} ICS")
    when = coverage_map.period or "the period"
    if not figures.open_in_period:
        lines.append(f"Not open during {when}")
    else:
        within = "" if layer.layer.key == "neighbourhood" else ", including areas within"
        lines.append(f"Engagements, {when}: {figures.count:,}{within}")
        if within:
            lines.append(f"With the {layer.layer.singular} itself: {figures.direct:,}")
    if figures.last_engaged is not None:
        days = figures.days_since or 0
        ago = f"{days:,} day{'s' if days != 1 else ''} before {coverage_map.as_at:%d/%m/%Y}"
        lines.append(f"Last engaged {figures.last_engaged:%d/%m/%Y} ({ago})")
    else:
        lines.append(f"Never engaged (up to {coverage_map.as_at:%d/%m/%Y})")
    if found.mine and found.band is not None:
        lines.append(f"{coverage_map.scale.title}: {coverage_map.scale.bands[found.band].label}")
    elif not found.mine:
        lines.append("<i>Outside your committee's areas</i>")
    if found.placed is Placed.BESIDE:
        lines.append(
            f"<i>Not on the {layer.layer.drawn_from} map: placed beside its neighbours</i>"
        )
    elif found.placed is Placed.INHERITED:
        lines.append("<i>Drawn in the hex of the area it replaced</i>")
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
