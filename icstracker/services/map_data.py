"""A coverage map: each area of a layer with its figures and its colour, ready to draw.

The same numbers as the rest of the window, from the same filter: ``count`` is the
footprint tree's count for the area (its engagements and those of everything inside it,
at the level chosen), ``direct`` and the days since the last engagement are the Coverage
tab's (logged against the area itself, counted to the period's end), so the map, the
tree, the Coverage tab and the report's Coverage sheet never disagree. The Map tab draws
it with Qt, the report as a picture (``map_picture``); neither computes anything itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icstracker.db.models import Area, Engagement
from icstracker.services.coverage_status import Thresholds
from icstracker.services.engagement_filter import filter_condition
from icstracker.services.engagement_queries import area_counts, roll_up
from icstracker.services.hexmap import Cell, Point
from icstracker.services.map_areas import LayerMap, layer_map, map_layer
from icstracker.services.map_colours import NOT_OPEN, OUTSIDE, ColourBy, Scale, scale_for
from icstracker.services.map_layout import LayerArea, Placed
from icstracker.services.report_data import ReportScope

# The report's map panels: the committee's places and its PCNs.
REPORT_LAYERS = ("place", "neighbourhood")

DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class AreaFigures:
    count: int
    """Engagements in the period in the area and everything inside it (the tree's count)."""
    direct: int
    """Engagements in the period logged against the area itself (the Coverage tab's)."""
    last_engaged: dt.date | None
    """The last engagement logged against the area, any date up to the period's end."""
    days_since: int | None
    open_in_period: bool


@dataclass(frozen=True)
class MapHex:
    area: LayerArea
    cell: Cell
    placed: Placed
    mine: bool
    """Inside the committee's footprints: coloured; the rest are grey."""
    band: int | None
    """The scale band it is coloured by; None for grey (not the committee's) or white
    (not open in the period)."""
    fill: str
    figures: AreaFigures

    @property
    def code(self) -> str:
        return self.area.code


@dataclass(frozen=True)
class MapOutline:
    system: str
    name: str
    mine: bool
    rings: tuple[tuple[Point, ...], ...]
    """At hexagon size 1, as ``hexmap.corners`` gives them."""


@dataclass(frozen=True)
class CoverageMap:
    layer_map: LayerMap
    scale: Scale
    hexes: tuple[MapHex, ...]
    outlines: tuple[MapOutline, ...]
    period: str
    """What the counts are of, in words: "2026/27 Q3 (Oct–Dec 2026)"."""
    as_at: dt.date
    """The day the days since count to: the period's end, or today."""
    mine: frozenset[str] = frozenset()
    """Codes of the layer's areas inside the committee's footprints, drawn or not."""

    @property
    def layout(self) -> str:
        return self.layer_map.layout.layout

    @property
    def focus(self) -> list[Cell]:
        """The committee's cells, which the map shows first (all of them if it has none)."""
        mine = [h.cell for h in self.hexes if h.mine]
        return mine or [h.cell for h in self.hexes]

    @property
    def not_on_map(self) -> list[LayerArea]:
        return self.layer_map.not_on_map

    @property
    def placed_beside(self) -> list[MapHex]:
        return [h for h in self.hexes if h.placed is Placed.BESIDE]

    def band_counts(self) -> list[int]:
        """How many of the committee's areas each band holds, for the legend (an ICB of
        2026 drawn as the hexes of the ICBs it replaced counts once)."""
        counts = [0] * len(self.scale.bands)
        seen = set()
        for found in self.hexes:
            if found.band is not None and found.code not in seen:
                seen.add(found.code)
                counts[found.band] += 1
        return counts


def coverage_map(
    session: Session,
    scope: ReportScope,
    layer_map: LayerMap,
    by: ColourBy,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    period: str = "",
    figures: Mapping[str, AreaFigures] | None = None,
) -> CoverageMap:
    """The layer coloured for the scope's committee, period and filter; ``figures`` from
    one ``map_figures`` call may serve several layers."""
    if figures is None:
        figures = map_figures(session, scope, list(layer_map.areas.values()))
    mine = _mine(scope, layer_map)
    counts = [f.count for code, f in figures.items() if code in mine and f.open_in_period]
    scale = scale_for(by, counts, thresholds)
    hexes = []
    for placement in layer_map.layout.placements:
        area = layer_map.areas[placement.code]
        found = figures[area.code]
        band = None
        fill = OUTSIDE
        if area.code in mine:
            if found.open_in_period:
                band = scale.band(found.count, found.days_since)
                fill = scale.bands[band].colour
            else:
                fill = NOT_OPEN
        hexes.append(
            MapHex(area, placement.cell, placement.placed, area.code in mine, band, fill, found)
        )
    systems = {layer_map.areas[code].system for code in mine}
    outlines = tuple(
        MapOutline(system, layer_map.systems.get(system, system), system in systems, rings)
        for system, rings in layer_map.outlines.items()
    )
    return CoverageMap(
        layer_map, scale, tuple(hexes), outlines, period, scope.as_at, frozenset(mine)
    )


def map_figures(
    session: Session, scope: ReportScope, areas: Sequence[LayerArea]
) -> dict[str, AreaFigures]:
    """Each area's figures for the scope's period and filter (any footprint chosen left
    out: the map shows every area, and marks the chosen one). One grouped count, the
    tree's (``area_counts``), gives both counts; one more query the last dates."""
    criteria = replace(scope.criteria, area_id=None)
    counted = area_counts(session, replace(criteria, level=None))
    rolled = roll_up(counted, criteria.level)
    direct: dict[str, int] = {}
    for found in counted:
        if criteria.level is None or found.level == criteria.level:
            direct[found.path] = direct.get(found.path, 0) + found.count
    last_query = (
        select(Area.code, func.max(Engagement.occurred_on))
        .select_from(Engagement)
        .join(Area, Area.id == Engagement.area_id)
        .where(filter_condition(session, replace(criteria, date_from=None)))
        .group_by(Area.code)
    )
    last = {code: day for code, day in session.execute(last_query) if day is not None}
    period = scope.period
    figures = {}
    for area in areas:
        when = last.get(area.code)
        figures[area.code] = AreaFigures(
            count=rolled.get(area.code, 0),
            direct=direct.get(area.path, 0),
            last_engaged=when,
            days_since=(scope.as_at - when).days if when is not None else None,
            open_in_period=(area.valid_from is None or area.valid_from <= period.end)
            and (area.valid_to is None or area.valid_to >= period.start),
        )
    return figures


def _mine(scope: ReportScope, layer_map: LayerMap) -> set[str]:
    """The layer's areas inside the committee's footprints (on the ICS layer, the ICSs it
    covers, whole or in part)."""
    if layer_map.layer.key == "system":
        systems = {s.code for s in scope.systems}
        return {code for code in layer_map.areas if code in systems}
    roots = [f.path for f in scope.areas]
    return {
        area.code
        for area in layer_map.areas.values()
        if any(area.path.startswith(root) for root in roots)
    }


def coverage_maps(session: Session, scope: ReportScope) -> list[CoverageMap]:
    """The committee's places and PCNs, coloured by engagements in the report's period,
    with the footprints of the period's last day (a past quarter keeps its PCNs)."""
    layers = [layer_map(session, map_layer(key), scope.as_at) for key in REPORT_LAYERS]
    figures = map_figures(session, scope, [a for layer in layers for a in layer.areas.values()])
    return [
        coverage_map(
            session, scope, layer, ColourBy.COUNT, period=scope.period.label, figures=figures
        )
        for layer in layers
    ]
