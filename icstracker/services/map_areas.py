"""The map's layers, and today's areas of each placed on its shipped hex map.

Three layers, one per planning level: the ICSs (on the 42 ICBs of July 2022: the 36 of
April 2026 take the hexes of the ICBs they replaced), places (upper-tier and unitary
councils, as the footprint tree shows them) and PCNs. Reads the database once per layer;
the placing itself is ``map_layout.lay_out``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import Area, AreaMembership, AreaSuccession
from icstracker.errors import ValidationError
from icstracker.services.hexmap import Cell, HexMap, Point, boundary, hexmaps_dir, load_hexmap
from icstracker.services.map_layout import LayerArea, MapLayout, lay_out


@dataclass(frozen=True)
class MapLayer:
    key: str
    """The planning level it shows: ``system``, ``place`` or ``neighbourhood``."""
    label: str
    singular: str
    file: str
    kinds: tuple[str, ...]
    drawn_from: str
    """The map, in "not on the … map"."""


COUNCILS = ("local_authority", "district")
LAYERS = (
    MapLayer("system", "ICSs", "ICS", "nhs-icb-2022.hexjson", ("icb",), "2022 ICB"),
    MapLayer(
        "place",
        "Places",
        "place",
        "uk-upper-tier-local-authorities.hexjson",
        ("local_authority",),
        "council",
    ),
    MapLayer("neighbourhood", "PCNs", "PCN", "nhs-pcn-2022.hexjson", ("pcn",), "2022 PCN"),
)


def map_layer(key: str) -> MapLayer:
    for layer in LAYERS:
        if layer.key == key:
            return layer
    raise ValidationError(
        "layer", f"There is no map of '{key}'; use system, place or neighbourhood."
    )


@dataclass(frozen=True, eq=False)
class LayerMap:
    """One layer's hexes: which area has which cell, and what is not on the map."""

    layer: MapLayer
    hexmap: HexMap
    layout: MapLayout
    areas: dict[str, LayerArea]
    """Today's areas of the layer by code, in tree order."""
    systems: dict[str, str]
    """The short name of every ICS an area of the layer counts under, by code."""

    @property
    def not_on_map(self) -> list[LayerArea]:
        return [self.areas[code] for code in self.layout.not_on_map]

    @functools.cached_property
    def outlines(self) -> dict[str, tuple[tuple[Point, ...], ...]]:
        """Today's ICSs as outlines around their areas' hexes, by ICS code, at hexagon
        size 1 (worked out once: the layout does not change while the app runs)."""
        groups: dict[str, list[Cell]] = {}
        for placement in self.layout.placements:
            groups.setdefault(self.areas[placement.code].system, []).append(placement.cell)
        return {
            system: tuple(tuple(ring) for ring in boundary(cells, self.layout.layout))
            for system, cells in groups.items()
        }


def layer_map(session: Session, layer: MapLayer, today: dt.date) -> LayerMap:
    hexmap = load_hexmap(hexmaps_dir() / layer.file)
    areas = _current_areas(session, layer, today)
    systems = _system_names(session, {a.system for a in areas})
    codes = {a.code for a in areas}
    successors = _successors(session, [h.key for h in hexmap.hexes if h.key not in codes], today)
    layout = lay_out(hexmap, areas, successors)
    return LayerMap(layer, hexmap, layout, {a.code: a for a in areas}, systems)


def _current_areas(session: Session, layer: MapLayer, today: dt.date) -> list[LayerArea]:
    system, parent = aliased(Area), aliased(Area)
    rows = session.execute(
        select(
            Area.code,
            Area.short_name,
            system.code,
            parent.code,
            parent.kind,
            Area.path,
            Area.valid_from,
            Area.valid_to,
        )
        .outerjoin(system, system.id == Area.system_id)
        .outerjoin(parent, parent.id == Area.parent_id)
        .where(
            Area.kind.in_(layer.kinds),
            or_(Area.valid_from.is_(None), Area.valid_from <= today),
            or_(Area.valid_to.is_(None), Area.valid_to >= today),
        )
        .order_by(Area.path)
    ).all()
    # A PCN is placed beside the PCNs of its council first; a council beside its ICS's.
    return [
        LayerArea(
            code, name, system_code or code, up if kind in COUNCILS else "", path, first, last
        )
        for code, name, system_code, up, kind, path, first, last in rows
    ]


def _system_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    rows = session.execute(select(Area.code, Area.short_name).where(Area.code.in_(list(codes))))
    return {code: name for code, name in rows}


def _successors(session: Session, keys: list[str], today: dt.date) -> dict[str, list[str]]:
    """For each key naming a closed area, today's areas that succeeded it (through any
    chain of successions), the one holding most of its former members first, then by code.
    """
    successor = aliased(Area)
    predecessor = aliased(Area)
    links: dict[str, list[tuple[str, bool]]] = {}
    ids: dict[str, int] = {}
    query = (
        select(predecessor.code, predecessor.id, successor.code, successor.valid_to)
        .select_from(AreaSuccession)
        .join(predecessor, predecessor.id == AreaSuccession.predecessor_id)
        .join(successor, successor.id == AreaSuccession.successor_id)
    )
    for before, before_id, after, closed in session.execute(query):
        links.setdefault(before, []).append((after, closed is None or closed >= today))
        ids[before] = before_id
    found: dict[str, list[str]] = {}
    for key in keys:
        heirs: list[str] = []
        seen = {key}
        pending = [key]
        while pending:
            for code, current in links.get(pending.pop(0), ()):
                if code not in seen:
                    seen.add(code)
                    (heirs if current else pending).append(code)
        if heirs:
            held = _members_within(session, ids[key], heirs)
            found[key] = sorted(heirs, key=lambda code: (-held[code], code))
    return found


def _members_within(session: Session, area_id: int, heirs: list[str]) -> Counter[str]:
    """How many of the areas once filed under ``area_id`` lie inside each heir today."""
    paths = session.scalars(
        select(Area.path)
        .join(AreaMembership, AreaMembership.area_id == Area.id)
        .where(AreaMembership.parent_id == area_id, AreaMembership.is_main)
        .distinct()
    ).all()
    return Counter(code for path in paths for code in heirs if f"/{code}/" in path)
