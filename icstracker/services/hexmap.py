"""Hex cartograms: reading HexJSON files, and the geometry of their hexagons.

A hex cartogram gives every area one equal hexagon, so a small London borough weighs as
much as Cumbria (the NHS and ONS convention for maps of footprints). The shipped maps are
HexJSON (https://open-innovations.org/projects/hexmaps/hexjson): a ``layout`` saying which
rows or columns are shifted by half a hexagon, and ``hexes``, each with a whole-number
column ``q`` and row ``r``, rows growing northwards. Everything here is plain Python, so the
Map tab, the report's picture and the tests share one geometry and need no display.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from icstracker.bundled import reference_dir
from icstracker.errors import IcsTrackerError

LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")
SQRT3 = math.sqrt(3)
MAX_FILE_BYTES = 20_000_000  # the national PCN map is 425 kB

Point = tuple[float, float]
Cell = tuple[int, int]


class HexMapError(IcsTrackerError):
    """A hex map that cannot be drawn: not HexJSON, or a hex without a place on the grid."""

    exit_code = 2


@dataclass(frozen=True)
class Hex:
    key: str
    """The area code the file gives the hex (its key in ``hexes``)."""
    q: int
    r: int
    name: str
    """The file's name for it (``name`` or ``n``), for matching an area that changed code."""


@dataclass(frozen=True)
class HexMap:
    source: str
    layout: str
    hexes: tuple[Hex, ...]

    @functools.cached_property
    def by_key(self) -> dict[str, Hex]:
        return {h.key: h for h in self.hexes}


def hexmaps_dir() -> Path:
    return reference_dir() / "hexmaps"


@functools.cache
def load_hexmap(path: Path) -> HexMap:
    """The map in ``path`` (read once per run: the files ship with the app)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise HexMapError(f"{path.name} is too large to be a hex map.")
        data = path.read_bytes()
    except OSError as error:
        raise HexMapError(f"The hex map {path.name} cannot be read: {error.strerror}.") from None
    return parse_hexjson(data, path.name)


def parse_hexjson(data: str | bytes, source: str) -> HexMap:
    """Reads and checks a HexJSON document; a file that breaks the format is one sentence
    naming the file and the first thing wrong, never a half-drawn map."""

    def refuse(reason: str) -> HexMapError:
        return HexMapError(f"{source} is not a usable hex map: {reason}.")

    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise refuse(f"it is not JSON ({error})") from None
    if not isinstance(document, dict):
        raise refuse("it is not a JSON object")
    layout = document.get("layout")
    if layout not in LAYOUTS:
        raise refuse(f"its layout is {layout!r}, not one of {', '.join(LAYOUTS)}")
    hexes = document.get("hexes")
    if not isinstance(hexes, dict) or not hexes:
        raise refuse("it has no 'hexes' object")
    found: list[Hex] = []
    seen: dict[Cell, str] = {}
    for key, value in hexes.items():
        if not key.strip():
            raise refuse("a hex has an empty key")
        if not isinstance(value, dict):
            raise refuse(f"hex {key!r} is not an object")
        place = []
        for axis in ("q", "r"):
            number = value.get(axis)
            # JSON has one number type: 3.0 is a whole number, True is not a number here.
            if isinstance(number, float) and number.is_integer():
                number = int(number)
            if not isinstance(number, int) or isinstance(number, bool):
                raise refuse(f"hex {key!r} has no whole-number {axis!r}")
            place.append(number)
        cell = (place[0], place[1])
        if cell in seen:
            raise refuse(f"hexes {seen[cell]!r} and {key!r} are both at q={cell[0]}, r={cell[1]}")
        seen[cell] = key
        name = value.get("name") or value.get("n") or ""
        found.append(Hex(key, cell[0], cell[1], name.strip() if isinstance(name, str) else ""))
    return HexMap(source, layout, tuple(found))


# --- geometry ------------------------------------------------------------------------
# Hexagons of circumradius ``size``; x grows east and y grows south (screen and image
# coordinates), so a higher row ``r`` (further north) has a smaller y.


def _pointy(layout: str) -> bool:
    return layout.endswith("-r")


def centre(q: int, r: int, layout: str, size: float = 1.0) -> Point:
    if _pointy(layout):
        width = SQRT3 * size
        shift = 0.5 if r & 1 else 0.0
        if layout == "even-r":
            shift = -shift
        return (width * (q + shift), -1.5 * size * r)
    height = SQRT3 * size
    shift = 0.5 if q & 1 else 0.0
    if layout == "even-q":
        shift = -shift
    return (1.5 * size * q, -height * (r + shift))


def corners(q: int, r: int, layout: str, size: float = 1.0) -> tuple[Point, ...]:
    """The six corners, clockwise on screen from the top (pointy) or the right (flat)."""
    x, y = centre(q, r, layout, size)
    start = -90 if _pointy(layout) else 0
    return tuple(
        (
            x + size * math.cos(math.radians(start + 60 * k)),
            y + size * math.sin(math.radians(start + 60 * k)),
        )
        for k in range(6)
    )


def neighbours(q: int, r: int, layout: str) -> tuple[Cell, ...]:
    """The six cells that share an edge with (q, r)."""
    if _pointy(layout):
        shifted = bool(r & 1) == (layout == "odd-r")  # this row sits half a hex east
        side = (q, q + 1) if shifted else (q - 1, q)
        return ((q - 1, r), (q + 1, r), *((c, r + d) for d in (-1, 1) for c in side))
    shifted = bool(q & 1) == (layout == "odd-q")  # this column sits half a hex north
    side = (r, r + 1) if shifted else (r - 1, r)
    return ((q, r - 1), (q, r + 1), *((q + d, c) for d in (-1, 1) for c in side))


def cell_at(x: float, y: float, layout: str, size: float = 1.0) -> Cell:
    """The cell whose hexagon holds the point (x, y): the one with the nearest centre, so
    a click anywhere on the grid finds its cell without testing every hexagon."""
    if _pointy(layout):
        row = round(-y / (1.5 * size))
        width = SQRT3 * size
        candidates = [
            (column, r)
            for r in (row - 1, row, row + 1)
            for base in (round(x / width),)
            for column in (base - 1, base, base + 1)
        ]
    else:
        column = round(x / (1.5 * size))
        height = SQRT3 * size
        candidates = [
            (q, r)
            for q in (column - 1, column, column + 1)
            for base in (round(-y / height),)
            for r in (base - 1, base, base + 1)
        ]

    def distance(cell: Cell) -> float:
        cx, cy = centre(*cell, layout, size)
        return (cx - x) ** 2 + (cy - y) ** 2

    return min(candidates, key=distance)


def ring_cells(cells: Iterable[Cell], layout: str, steps: int) -> set[Cell]:
    """Cells within ``steps`` edges of any of ``cells``, the cells themselves left out."""
    start = set(cells)
    reached = set(start)
    frontier = set(start)
    for _ in range(steps):
        frontier = {n for c in frontier for n in neighbours(*c, layout)} - reached
        reached |= frontier
    return reached - start


def _key(point: Point) -> tuple[int, int]:
    return (round(point[0] * 1000), round(point[1] * 1000))


def boundary(cells: Iterable[Cell], layout: str, size: float = 1.0) -> list[list[Point]]:
    """The outline of a group of cells as closed rings of corners (one per separate piece
    or hole): the edges a cell of the group does not share with another of the group."""
    group = set(cells)
    centres = {_key(centre(q, r, layout, size)) for q, r in group}
    edges: list[tuple[Point, Point]] = []
    for q, r in sorted(group):
        x, y = centre(q, r, layout, size)
        points = corners(q, r, layout, size)
        for k in range(6):
            a, b = points[k], points[(k + 1) % 6]
            across = (a[0] + b[0] - x, a[1] + b[1] - y)  # the centre beyond this edge
            if _key(across) not in centres:
                edges.append((a, b))
    return _rings(edges)


def _rings(edges: Sequence[tuple[Point, Point]]) -> list[list[Point]]:
    starting: dict[tuple[int, int], list[int]] = {}
    for number, (a, _b) in enumerate(edges):
        starting.setdefault(_key(a), []).append(number)
    used = [False] * len(edges)
    rings = []
    for first in range(len(edges)):
        if used[first]:
            continue
        ring = [edges[first][0]]
        current = first
        while not used[current]:
            used[current] = True
            end = edges[current][1]
            ring.append(end)
            following = [n for n in starting.get(_key(end), []) if not used[n]]
            if not following:
                break
            current = following[0]
        rings.append(ring)
    return rings


def bounds(points: Iterable[Point]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the points."""
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys))


def cells_bounds(
    cells: Iterable[Cell], layout: str, size: float = 1.0
) -> tuple[float, float, float, float]:
    return bounds(p for q, r in cells for p in corners(q, r, layout, size))
