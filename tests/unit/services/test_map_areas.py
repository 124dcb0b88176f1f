"""Today's footprints on the shipped maps: none silently missing, new ICBs as their old ones."""

from __future__ import annotations

import datetime as dt

import pytest

from icstracker.db.database import Database
from icstracker.services.areas import list_areas
from icstracker.services.hexmap import neighbours
from icstracker.services.map_areas import LAYERS, MapLayer, layer_map, map_layer
from icstracker.services.map_layout import Placed

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.key)
def test_every_current_area_is_on_the_map_or_listed_once(db: Database, layer: MapLayer) -> None:
    chosen = map_layer(layer.key)
    with db.session() as session:
        current = {
            a.code
            for kind in chosen.kinds
            for a in list_areas(session, kind=kind, current_on=TODAY)
        }
        found = layer_map(session, chosen, TODAY)
    drawn = {p.code for p in found.layout.placements}
    listed = set(found.layout.not_on_map)
    assert drawn | listed == current and not drawn & listed
    cells = [p.cell for p in found.layout.placements]
    assert len(cells) == len(set(cells))  # one area to a cell


def test_every_current_pcn_is_on_the_pcn_map_or_listed(db: Database) -> None:
    with db.session() as session:
        pcns = {a.code for a in list_areas(session, kind="pcn", current_on=TODAY)}
        found = layer_map(session, map_layer("neighbourhood"), TODAY)
    placed = {p.code: p for p in found.layout.placements}
    assert len(pcns) == 1298 and set(placed) | set(found.layout.not_on_map) == pcns
    own = [p for p in placed.values() if p.placed is Placed.OWN]
    assert len(own) == 1232  # SOURCES.md: 1,232 of today's 1,298 PCNs are on the 2022 map
    assert len(found.layout.unused) == 29  # hexes of PCNs since closed: left undrawn
    # A PCN opened since 2022 sits next to a PCN of its own council.
    new = placed["U97460"]  # SS9 North PCN, Southend
    assert new.placed is Placed.BESIDE
    council = found.areas["U97460"].group
    siblings = {p.cell for p in placed.values() if found.areas[p.code].group == council}
    assert set(neighbours(*new.cell, found.layout.layout)) & (siblings - {new.cell})


def test_the_2026_icbs_take_the_hexes_of_the_icbs_they_replaced(db: Database) -> None:
    with db.session() as session:
        found = layer_map(session, map_layer("system"), TODAY)
    hexes: dict[str, set[str]] = {}
    for p in found.layout.placements:
        hexes.setdefault(p.code, set()).add(p.hex_key)
    assert len(hexes) == 36 and not found.layout.not_on_map
    assert hexes["QJK"] == {"QJK"}  # Devon continues
    # Central East: BLMK and Cambridgeshire merged, most of Hertfordshire and West Essex.
    assert hexes["S1Y5D"] == {"QHG", "QUE", "QM7"}
    assert hexes["D7T5G"] == {"QH8"}  # Essex
    assert hexes["S0E4D"] == {"QU9", "QNQ"}  # Thames Valley holds most of Frimley
    # Outlines: one ring around Central East's three hexes, which touch.
    assert len(found.outlines["S1Y5D"]) == 1


def test_councils_created_since_the_map_are_placed(db: Database) -> None:
    with db.session() as session:
        found = layer_map(session, map_layer("place"), TODAY)
    placed = {p.code: p for p in found.layout.placements}
    assert placed["E06000065"].hex_key == "E10000023"  # North Yorkshire became a unitary
    assert placed["E06000060"].hex_key == "E10000002"  # Buckinghamshire, same name
    assert placed["E06000061"].hex_key == "E10000021"  # North Northamptonshire
    assert placed["E06000062"].placed is Placed.BESIDE  # West Northamptonshire beside it
    assert placed["E06000064"].placed is Placed.BESIDE  # Westmorland and Furness
    assert not found.layout.not_on_map
