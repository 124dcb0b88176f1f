"""The coverage map as a PNG picture, drawn in plain Python for the quarterly workbook.

The workbook is written off the window's thread and by ``icstracker export`` on machines
with no display, and the reports package never loads Qt; so the picture is rasterised
here: each hexagon and outline is a convex polygon filled row by row into an RGB buffer,
then written as a PNG with zlib. It draws exactly what the Map tab draws (cells from
``map_layout``, corners from ``hexmap``, colours from ``map_data``), zoomed to the
committee's areas, at twice the size it is shown so it prints sharply. Text (titles, the
key) goes in the sheet's cells, where it stays searchable and in the workbook's font.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from icstracker.services.hexmap import Point, cells_bounds, centre, corners
from icstracker.services.map_data import CoverageMap
from icstracker.services.map_layout import Placed

BACKGROUND = "#ffffff"
MY_OUTLINE = "#1f1f1f"
OTHER_OUTLINE = "#9a9a9a"
DASHED = "#333333"
SHOWN_PANEL = (430.0, 300.0)  # the largest panel, in pixels as the sheet shows it
SCALE = 2  # pixels drawn per pixel shown
GAP = 24  # shown pixels between panels
LEAST_HEXES_ACROSS = 7  # a committee of one place still gets its neighbours for context

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Picture:
    png: bytes
    width: int
    """Pixels as shown in the sheet (the PNG holds ``SCALE`` times as many)."""
    height: int
    panels: tuple[tuple[int, int], ...]
    """Each map's left edge and width, as shown, for captions placed above it."""
    scales: tuple[tuple[float, float, float], ...] = ()
    """Each map's (size, x, y): a point at hex size 1 is shown at (x + px·size, y + py·size)."""


def render_maps(maps: Sequence[CoverageMap], lefts: Sequence[int] = ()) -> Picture:
    """The maps side by side, each zoomed to the committee's areas; panel ``n`` starts at
    ``lefts[n]`` pixels if given (under the sheet's column that carries its caption)."""
    frames = [_frame(m) for m in maps]
    size = min(
        min(SHOWN_PANEL[0] / (right - left), SHOWN_PANEL[1] / (bottom - top))
        for left, top, right, bottom in frames
    )  # one hex size for every panel, so a place and a PCN look alike
    widths = [round((f[2] - f[0]) * size) for f in frames]
    height = round(max((f[3] - f[1]) * size for f in frames))
    panels: list[tuple[int, int]] = []
    x = 0
    for number, panel_width in enumerate(widths):
        x = max(x, lefts[number] if number < len(lefts) else 0)
        panels.append((x, panel_width))
        x += panel_width + GAP
    width = x - GAP
    canvas = _Canvas(width * SCALE, height * SCALE)
    scales = []
    for shown, frame, (left, panel_width) in zip(maps, frames, panels, strict=True):
        offset = (left - frame[0] * size, -frame[1] * size)
        _draw(canvas, shown, size, offset, (left, left + panel_width, height))
        scales.append((size, *offset))
    return Picture(canvas.png(), width, height, tuple(panels), tuple(scales))


def _frame(shown: CoverageMap) -> tuple[float, float, float, float]:
    """What a panel shows, in hex units: the committee's cells and a hex of margin, at
    least ``LEAST_HEXES_ACROSS`` wide."""
    left, top, right, bottom = cells_bounds(shown.focus, shown.layout)
    least = LEAST_HEXES_ACROSS * 1.732
    grow_x = max(0.0, least - (right - left)) / 2 + 0.5
    grow_y = max(0.0, least * 0.8 - (bottom - top)) / 2 + 0.5
    return (left - grow_x, top - grow_y, right + grow_x, bottom + grow_y)


def _draw(
    canvas: _Canvas,
    shown: CoverageMap,
    size: float,
    offset: Point,
    clip: tuple[int, int, int],
) -> None:
    layout = shown.layout
    canvas.clip = (clip[0] * SCALE, clip[1] * SCALE, clip[2] * SCALE)
    pixels = size * SCALE

    def place(point: Point) -> Point:
        return ((point[0] * size + offset[0]) * SCALE, (point[1] * size + offset[1]) * SCALE)

    for found in shown.hexes:
        middle = centre(*found.cell, layout)
        x, y = place(middle)
        if not (canvas.clip[0] - pixels <= x <= canvas.clip[1] + pixels):
            continue
        if not -pixels <= y <= canvas.height + pixels:
            continue
        shape = [  # a hairline of background between neighbours, as on screen
            place((middle[0] + (px - middle[0]) * 0.94, middle[1] + (py - middle[1]) * 0.94))
            for px, py in corners(*found.cell, layout)
        ]
        canvas.polygon(shape, _rgb(found.fill))
        if found.placed is Placed.BESIDE:  # as on screen: not on the map, so a dashed edge
            colour = _rgb(DASHED if found.mine else OTHER_OUTLINE)
            for k in range(6):
                canvas.dashes(shape[k], shape[(k + 1) % 6], 1.0 * SCALE, colour)
    for outline in sorted(shown.outlines, key=lambda o: o.mine):  # the committee's on top
        width = (2.2 if outline.mine else 1.0) * SCALE
        colour = _rgb(MY_OUTLINE if outline.mine else OTHER_OUTLINE)
        for ring in outline.rings:
            points = [place(p) for p in ring]
            for a, b in zip(points, points[1:], strict=False):
                canvas.line(a, b, width, colour)
    canvas.clip = (0, canvas.width, canvas.height)


def _rgb(colour: str) -> Colour:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


class _Canvas:
    """An RGB image filled one convex polygon at a time (no anti-aliasing: it is drawn at
    twice the size shown, and scaled down by the spreadsheet)."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.rows = [bytearray(bytes(_rgb(BACKGROUND)) * width) for _ in range(height)]
        self.clip = (0, width, height)

    def polygon(self, points: Sequence[Point], colour: Colour) -> None:
        """Fills a convex polygon: each pixel whose centre lies inside it."""
        left, right, bottom = self.clip
        ys = [y for _, y in points]
        first = max(0, int(min(ys) + 0.5))
        last = min(bottom - 1, int(max(ys) + 0.5))
        edges = list(zip(points, [*points[1:], points[0]], strict=True))
        paint = bytes(colour)
        for row in range(first, last + 1):
            y = row + 0.5
            crossings = [
                ax + (y - ay) * (bx - ax) / (by - ay)
                for (ax, ay), (bx, by) in edges
                if (ay <= y < by) or (by <= y < ay)
            ]
            if len(crossings) < 2:
                continue
            start = max(left, int(min(crossings) + 0.5))
            end = min(right, int(max(crossings) + 0.5))
            if end > start:
                self.rows[row][start * 3 : end * 3] = paint * (end - start)

    def line(self, a: Point, b: Point, width: float, colour: Colour) -> None:
        left, right, bottom = self.clip
        if max(a[0], b[0]) + width < left or min(a[0], b[0]) - width > right:
            return
        if max(a[1], b[1]) + width < 0 or min(a[1], b[1]) - width > bottom:
            return
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = (dx * dx + dy * dy) ** 0.5
        if length == 0:
            return
        # Half the width across the line, and a little along it so joins have no gaps.
        nx, ny = -dy / length * width / 2, dx / length * width / 2
        ex, ey = dx / length * width / 2, dy / length * width / 2
        self.polygon(
            [
                (a[0] - ex + nx, a[1] - ey + ny),
                (b[0] + ex + nx, b[1] + ey + ny),
                (b[0] + ex - nx, b[1] + ey - ny),
                (a[0] - ex - nx, a[1] - ey - ny),
            ],
            colour,
        )

    def dashes(self, a: Point, b: Point, width: float, colour: Colour) -> None:
        length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
        steps = max(1, int(length / (4 * SCALE)))
        for n in range(0, steps, 2):
            s, e = n / steps, min(1.0, (n + 1) / steps)
            self.line(
                (a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s),
                (a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e),
                width,
                colour,
            )

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)  # filter 0 on each row

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        dots = round(96 * SCALE / 0.0254)  # pixels per metre: twice 96 dpi
        return b"".join(
            (
                b"\x89PNG\r\n\x1a\n",
                chunk(b"IHDR", header),
                chunk(b"pHYs", struct.pack(">IIB", dots, dots, 1)),
                chunk(b"IDAT", zlib.compress(raw, 6)),
                chunk(b"IEND", b""),
            )
        )
