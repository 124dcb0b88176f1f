"""Placing today's areas on an older map: every area drawn or listed, the same way each time."""

from __future__ import annotations

import json

from icstracker.services.hexmap import HexMap, neighbours, parse_hexjson
from icstracker.services.map_layout import MAX_STEPS, LayerArea, Placed, lay_out


def _map(hexes: dict[str, tuple[int, int, str]]) -> HexMap:
    document = {
        "layout": "odd-r",
        "hexes": {k: {"q": q, "r": r, "n": n} for k, (q, r, n) in hexes.items()},
    }
    return parse_hexjson(json.dumps(document), "test.hexjson")


MAP = _map(
    {
        "A1": (0, 0, "Alpha One"),
        "A2": (1, 0, "Alpha Two"),
        "OLD": (2, 0, "Old Council"),
        "GONE": (0, 1, "Gone Away"),
        "B1": (10, 10, "Beta One"),
        "X9": (20, 20, "Northshire"),
    }
)


def test_each_rule_in_turn() -> None:
    areas = [
        LayerArea("A1", "Alpha One", "S1"),
        LayerArea("A2", "Alpha Two", "S1"),
        LayerArea("NEW", "New Council", "S1"),  # succeeded OLD
        LayerArea("A3", "Alpha Three", "S1"),  # opened since the map: beside S1
        LayerArea("B1", "Beta One", "S2"),
        LayerArea("N1", "North Northshire", "S3"),  # X9 names no area; S3 has no hex
        LayerArea("N2", "West Northshire", "S3"),  # then beside N1
        LayerArea("Z1", "Zed", "S4"),  # S4 has no hex at all
    ]
    layout = lay_out(MAP, areas, {"OLD": ["NEW"]})
    by_code = {p.code: p for p in layout.placements}
    assert by_code["A1"].placed is Placed.OWN and by_code["A1"].cell == (0, 0)
    assert by_code["NEW"].placed is Placed.INHERITED and by_code["NEW"].hex_key == "OLD"
    assert by_code["N1"].placed is Placed.INHERITED and by_code["N1"].hex_key == "X9"
    assert by_code["A3"].placed is Placed.BESIDE
    assert by_code["A3"].cell == (0, 1)  # the free cell nearest S1's middle: GONE's gap
    assert by_code["N2"].placed is Placed.BESIDE and by_code["N2"].cell in neighbours(
        20, 20, "odd-r"
    )
    assert layout.not_on_map == ("Z1",)
    assert layout.unused == ("GONE",)
    drawn = {p.code for p in layout.placements}
    assert drawn | set(layout.not_on_map) == {a.code for a in areas}
    assert len({p.cell for p in layout.placements}) == len(layout.placements)


def test_the_same_name_under_a_new_code_takes_the_hex() -> None:
    layout = lay_out(MAP, [LayerArea("A1B", "Alpha  one", "S1")])
    (placement,) = layout.placements
    assert placement.hex_key == "A1" and placement.placed is Placed.INHERITED


def test_a_split_gives_the_hex_to_the_first_successor_and_puts_the_other_beside() -> None:
    areas = [LayerArea("S1", "First", "S"), LayerArea("S2", "Second", "S")]
    layout = lay_out(MAP, areas, {"OLD": ["S2", "S1"]})
    by_code = {p.code: p for p in layout.placements}
    assert by_code["S2"].hex_key == "OLD"
    assert by_code["S1"].placed is Placed.BESIDE and by_code["S1"].cell in neighbours(2, 0, "odd-r")


def test_a_group_is_placed_beside_its_own_members_before_its_ics() -> None:
    areas = [
        LayerArea("A1", "Alpha One", "S1", group="C1"),
        LayerArea("B1", "Beta One", "S1", group="C2"),
        LayerArea("N", "New", "S1", group="C2"),
    ]
    layout = lay_out(MAP, areas)
    new = next(p for p in layout.placements if p.code == "N")
    assert new.cell in neighbours(10, 10, "odd-r")  # beside Beta One, not Alpha One


def test_placing_is_deterministic_and_does_not_depend_on_the_order_given() -> None:
    areas = [LayerArea("A1", "Alpha One", "S1")] + [
        LayerArea(f"P{n:02}", f"New {n}", "S1") for n in range(12)
    ]
    first = lay_out(MAP, areas)
    again = lay_out(MAP, list(reversed(areas)))
    assert {p.code: p.cell for p in first.placements} == {p.code: p.cell for p in again.placements}


def test_an_area_with_no_room_nearby_is_listed() -> None:
    """Cells of hexes whose areas are gone are free; cells of other areas are not."""
    crowded = {f"C{q}_{r}": (q, r, f"Other {q} {r}") for q in range(-6, 7) for r in range(-6, 7)}
    others = [LayerArea(key, name, "S9") for key, (_q, _r, name) in crowded.items()]
    crowded["A1"] = (0, 0, "Alpha One")
    del crowded["C0_0"]
    areas = [a for a in others if a.code != "C0_0"]
    areas += [LayerArea("A1", "Alpha One", "S1"), LayerArea("N", "New", "S1")]
    layout = lay_out(_map(crowded), areas)
    assert MAX_STEPS < 6 and layout.not_on_map == ("N",)
