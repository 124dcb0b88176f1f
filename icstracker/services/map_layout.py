"""Which hexagon each of today's areas takes on a map drawn a few years ago.

The shipped maps are of 2022 and 2023; footprints have changed since (PCNs opened and
closed, councils were merged, 42 ICBs became 36). Every area of a layer is either drawn
or listed as not on the map, never silently missing, by these rules, in order:

1. **Its own hex**: the map has a hex keyed by the area's code.
2. **A predecessor's hex**: a hex whose area has closed passes to its successor (the
   successor holding most of what the closed area held comes first: ``successors``), so
   North Yorkshire's unitary council takes the county's hex and Central East takes the
   hexes of the ICBs it merged. A hex whose code names no area at all passes to an area of
   the same name that has no hex (Buckinghamshire's re-coded council), or else, for an
   area whose ICS has no hex on the map, to one whose name holds the hex's name (the
   Northamptonshire hex to North Northamptonshire, the first by code).
3. **Beside its neighbours**: any other area goes in the free cell next to the hexes of
   the areas it is grouped with (a PCN: the PCNs of its council; otherwise, or if those
   have none, the areas of its ICS), nearest their middle: a new PCN fills the gap a closed
   one left, or sits at its council's edge; ties go north, then west. Areas are placed in
   order of ICS, group and code, each seeing those placed before it, so the same areas
   always get the same cells.
4. Otherwise (its ICS has no hex on this map, or no cell is free within ``MAX_STEPS`` of
   it) it is **not on the map**, and the caller lists it.

Pure functions over plain values: ``map_areas`` reads the areas from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from icstracker.services.hexmap import Cell, HexMap, centre, ring_cells
from icstracker.text import normalise_name

MAX_STEPS = 3


class Placed(StrEnum):
    OWN = "own"
    """The map's hex for this code."""
    INHERITED = "inherited"
    """The hex of an area it succeeded (or of the same name under an older code)."""
    BESIDE = "beside"
    """Not on the map; put next to its ICS's hexes by the rule above."""


@dataclass(frozen=True)
class LayerArea:
    """An area a layer should show: a current ICB, council or PCN."""

    code: str
    name: str
    system: str
    """The code of the ICS it counts under today (an ICB's own code)."""
    group: str = ""
    """Areas placed beside each other first: a PCN's council. Empty: its ICS."""
    path: str = ""
    """Its place in the footprint tree (``Area.path``), for "inside the committee's areas"."""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class Placement:
    code: str
    cell: Cell
    placed: Placed
    hex_key: str
    """The key of the map's hex it took; empty when placed beside its ICS."""


@dataclass(frozen=True)
class MapLayout:
    layout: str
    placements: tuple[Placement, ...]
    not_on_map: tuple[str, ...]
    """Codes of areas with no hex, in the order given."""
    unused: tuple[str, ...]
    """Keys of the map's hexes left undrawn: areas closed with no successor here, or not
    English footprints at all (the Welsh and Scottish councils on a UK map)."""

    def cells_of(self, code: str) -> list[Cell]:
        return [p.cell for p in self.placements if p.code == code]


def lay_out(
    hexmap: HexMap,
    areas: Sequence[LayerArea],
    successors: Mapping[str, Sequence[str]] = {},  # noqa: B006 - read only
) -> MapLayout:
    """Places ``areas`` on ``hexmap``. ``successors`` maps the code of a closed area to
    the codes of today's areas that succeeded it, the one to inherit its hex first."""
    wanted = {a.code: a for a in areas}
    placements: list[Placement] = []
    placed: set[str] = set()
    unused: list[str] = []
    for found in hexmap.hexes:
        code = _heir(found.key, wanted, successors)
        if code is None:
            unused.append(found.key)
            continue
        how = Placed.OWN if code == found.key else Placed.INHERITED
        placements.append(Placement(code, (found.q, found.r), how, found.key))
        placed.add(code)
    strangers = [k for k in unused if k not in successors]  # codes no footprint carried
    names = {a.code: f" {normalise_name(a.name)} " for a in areas} if strangers else {}
    drawn = {wanted[p.code].system for p in placements}
    for rule in (_same_name, _name_within):
        for key in strangers:
            if key not in unused:
                continue
            found = hexmap.by_key[key]
            code = rule(f" {normalise_name(found.name)} ", areas, names, placed, drawn)
            if code is not None:
                placements.append(Placement(code, (found.q, found.r), Placed.INHERITED, key))
                placed.add(code)
                drawn.add(wanted[code].system)
                unused.remove(key)
    missing = sorted(
        (a for a in areas if a.code not in placed), key=lambda a: (a.system, a.group, a.code)
    )
    not_on_map = _place_beside(hexmap.layout, missing, wanted, placements)
    order = {a.code: n for n, a in enumerate(areas)}
    return MapLayout(
        hexmap.layout,
        tuple(placements),
        tuple(sorted(not_on_map, key=order.__getitem__)),
        tuple(unused),
    )


def _same_name(
    name: str,
    areas: Sequence[LayerArea],
    names: Mapping[str, str],
    placed: set[str],
    _drawn: set[str],
) -> str | None:
    found = [a.code for a in areas if a.code not in placed and names[a.code] == name]
    return min(found) if name.strip() and found else None


def _name_within(
    name: str,
    areas: Sequence[LayerArea],
    names: Mapping[str, str],
    placed: set[str],
    drawn: set[str],
) -> str | None:
    """Only for an area whose ICS has no hex yet: otherwise it goes beside them (rule 3)."""
    found = [
        a.code
        for a in areas
        if a.code not in placed and a.system not in drawn and name in names[a.code]
    ]
    return min(found) if name.strip() and found else None


def _heir(
    key: str, wanted: Mapping[str, LayerArea], successors: Mapping[str, Sequence[str]]
) -> str | None:
    if key in wanted:
        return key
    return next((code for code in successors.get(key, ()) if code in wanted), None)


def _place_beside(
    layout: str,
    missing: Sequence[LayerArea],
    wanted: Mapping[str, LayerArea],
    placements: list[Placement],
) -> list[str]:
    occupied = {p.cell for p in placements}
    cells: dict[str, list[Cell]] = {}  # by group and by ICS
    for p in placements:
        area = wanted[p.code]
        for key in _groups(area):
            cells.setdefault(key, []).append(p.cell)
    left_out = []
    for area in missing:
        cell = None
        for key in _groups(area):
            if cells.get(key):
                cell = _free_cell_beside(cells[key], occupied, layout)
                if cell is not None:
                    break
        if cell is None:
            left_out.append(area.code)
            continue
        placements.append(Placement(area.code, cell, Placed.BESIDE, ""))
        occupied.add(cell)
        for key in _groups(area):
            cells.setdefault(key, []).append(cell)
    return left_out


def _groups(area: LayerArea) -> tuple[str, ...]:
    return (
        (f"group:{area.group}", f"system:{area.system}")
        if area.group
        else (f"system:{area.system}",)
    )


def _free_cell_beside(group: list[Cell], occupied: set[Cell], layout: str) -> Cell | None:
    points = [centre(q, r, layout) for q, r in group]
    middle = (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))
    for steps in range(1, MAX_STEPS + 1):
        free = ring_cells(group, layout, steps) - occupied
        if free:

            def rank(cell: Cell) -> tuple[float, int, int]:
                x, y = centre(*cell, layout)
                distance = (x - middle[0]) ** 2 + (y - middle[1]) ** 2
                return (round(distance, 9), -cell[1], cell[0])

            return min(free, key=rank)
    return None
