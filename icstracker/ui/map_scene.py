"""Drawing a coverage map with Qt's graphics view: one polygon item per hex, outlines, labels.

Nothing is worked out here: the cells come from ``services.map_layout``, the corners and
outlines from ``services.hexmap`` and the colours from ``reports.map_data``. A new layer
builds the items once; a new period or filter only recolours them, so a national layer
of 1,298 PCNs redraws in a few milliseconds (``bench/map_bench.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

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
    QGraphicsPolygonItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from icstracker.reports.map_data import CoverageMap, MapHex
from icstracker.services.hexmap import Cell, centre, corners
from icstracker.services.map_colours import text_colour
from icstracker.services.map_layout import Placed

SIZE = 10.0  # scene units: a hexagon's circumradius
LABEL_FROM = 46  # screen pixels across a hexagon before its name is written in it
BORDER = QColor("#ffffff")
SELECTED = QColor("#000000")
MY_OUTLINE = QColor("#1f1f1f")
OTHER_OUTLINE = QColor("#9a9a9a")
GREY_TEXT = QColor("#6b6b6b")
CODE_ROLE = 0  # QGraphicsItem.data key holding the area code
Z_HEX, Z_OUTLINE, Z_SELECTED = 0, 1, 2


def short_label(name: str) -> str:
    """A hex's label: the name without the " PCN" every PCN ends with."""
    for ending in (" PCN", " Primary Care Network"):
        if name.endswith(ending):
            return name[: -len(ending)]
    return name


class HexItem(QGraphicsPolygonItem):
    """One area's hexagon (an area drawn as several hexes has several)."""

    def __init__(self, polygon: QPolygonF, found: MapHex) -> None:
        super().__init__(polygon)
        self.found = found
        self.label = short_label(found.area.name)
        self.selected = False
        self.labelled = True
        """False for the second and later hexes of an area (an ICB of 2026)."""
        self.setData(CODE_ROLE, found.code)
        self.setZValue(Z_HEX)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        super().paint(painter, option, widget)
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        width = SIZE * 1.732 * scale
        if width < LABEL_FROM or not self.labelled:
            return
        painter.save()
        painter.scale(1 / scale, 1 / scale)  # text at a constant size on screen
        box = QRectF(-width * 0.42, -SIZE * scale * 0.6, width * 0.84, SIZE * scale * 1.2)
        font = QFont(painter.font())
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        size = max(9, min(13, int(width / 7)))
        while True:  # smaller type until the name fits (a word is never broken)
            font.setPixelSize(size)
            needed = QFontMetricsF(font).boundingRect(box, flags, self.label)
            if size <= 7 or (needed.width() <= box.width() and needed.height() <= box.height()):
                break
            size -= 1
        painter.setFont(font)
        painter.setClipRect(box)
        painter.setPen(QColor(text_colour(self.found.fill)) if self.found.mine else GREY_TEXT)
        painter.drawText(box, flags, self.label)
        painter.restore()


class OutlineItem(QGraphicsPathItem):
    """An ICS's outline: only its line counts as under the mouse, not the hexes inside."""

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(0.5)
        return stroker.createStroke(self.path())


class MapScene(QGraphicsScene):
    """The hexes and ICS outlines of one layer; recoloured in place for new figures."""

    def __init__(self) -> None:
        super().__init__()
        self.items_by_code: dict[str, list[HexItem]] = {}
        self.outlines: dict[str, OutlineItem] = {}
        self.layer_key = ""
        self.selected_code = ""
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    def show_map(self, coverage_map: CoverageMap) -> None:
        """Draws ``coverage_map``; the same layer as before is only recoloured."""
        key = coverage_map.layer_map.layer.key
        if key != self.layer_key or len(coverage_map.hexes) != self._count():
            self._build(coverage_map)
            self.layer_key = key
        else:
            self._recolour(coverage_map)
        self.select(self.selected_code, coverage_map)

    def _count(self) -> int:
        return sum(len(items) for items in self.items_by_code.values())

    def _build(self, coverage_map: CoverageMap) -> None:
        self.clear()
        self.items_by_code = {}
        self.outlines = {}
        layout = coverage_map.layout
        shape = QPolygonF(
            [QPointF(x, y) for x, y in corners(0, 0, layout, SIZE * 0.97)]
        )  # a hairline of background between neighbours
        for found in coverage_map.hexes:
            item = HexItem(shape, found)
            item.labelled = found.code not in self.items_by_code
            x, y = centre(*found.cell, layout, SIZE)
            item.setPos(x, y)
            self.addItem(item)
            self.items_by_code.setdefault(found.code, []).append(item)
        for outline in coverage_map.outlines:
            path = QPainterPath()
            for ring in outline.rings:
                path.moveTo(ring[0][0] * SIZE, ring[0][1] * SIZE)
                for x, y in ring[1:]:
                    path.lineTo(x * SIZE, y * SIZE)
                path.closeSubpath()
            item = OutlineItem(path)
            pen = QPen(MY_OUTLINE if outline.mine else OTHER_OUTLINE, 2.2 if outline.mine else 1)
            pen.setCosmetic(True)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            item.setPen(pen)
            item.setZValue(Z_OUTLINE)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.addItem(item)
            self.outlines[outline.system] = item
        self._recolour(coverage_map)

    def _recolour(self, coverage_map: CoverageMap) -> None:
        by_code: dict[str, list[MapHex]] = {}
        for found in coverage_map.hexes:
            by_code.setdefault(found.code, []).append(found)
        for code, items in self.items_by_code.items():
            for item, found in zip(items, by_code[code], strict=True):
                item.found = found
                item.setBrush(QBrush(QColor(found.fill)))
                item.setPen(_pen(found, selected=False))
                item.setToolTip(tooltip(coverage_map, found))
                item.update()

    def select(self, code: str, coverage_map: CoverageMap | None = None) -> None:
        """Marks the footprint chosen in the filter: its hexes, or the hexes inside it."""
        for item in self._chosen(self.selected_code):
            item.selected = False
            item.setPen(_pen(item.found, selected=False))
            item.setZValue(Z_HEX)
        self.selected_code = code
        for item in self._chosen(code):
            item.selected = True
            item.setPen(_pen(item.found, selected=True))
            item.setZValue(Z_SELECTED)

    def _chosen(self, code: str) -> list[HexItem]:
        if not code:
            return []
        if code in self.items_by_code:
            return self.items_by_code[code]
        inside = f"/{code}/"
        return [
            item
            for items in self.items_by_code.values()
            for item in items
            if inside in item.found.area.path
        ]

    def cells_rect(self, cells: Sequence[Cell], layout: str) -> QRectF:
        points = [p for q, r in cells for p in corners(q, r, layout, SIZE)]
        if not points:
            return self.itemsBoundingRect()
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def code_at(self, items: Sequence[QGraphicsItem]) -> str:
        """The area of the topmost hex among ``items`` (what lies under the mouse)."""
        found = next((i for i in items if isinstance(i, HexItem)), None)
        return found.found.code if found is not None else ""


def _pen(found: MapHex, *, selected: bool) -> QPen:
    if selected:
        pen = QPen(SELECTED, 3)
    else:
        pen = QPen(BORDER, 1)
        if found.placed is Placed.BESIDE:  # not on the map: says so by its dashed edge
            pen = QPen(QColor("#333333") if found.mine else GREY_TEXT, 1.2)
            pen.setStyle(Qt.PenStyle.DashLine)
    pen.setCosmetic(True)
    return pen


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
        ago = "that day" if days == 0 else f"{days:,} day{'s' if days != 1 else ''} before"
        lines.append(f"Last engaged {figures.last_engaged:%d/%m/%Y} ({ago} the period's end)")
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
