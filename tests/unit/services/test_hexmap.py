"""HexJSON reading and hex geometry, without a display."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from icstracker.bundled import resources_dir
from icstracker.db.reference.loader import reference_checksum
from icstracker.services.hexmap import (
    LAYOUTS,
    HexMapError,
    boundary,
    cell_at,
    centre,
    corners,
    hexmaps_dir,
    load_hexmap,
    neighbours,
    parse_hexjson,
    ring_cells,
)

SHIPPED = {
    "nhs-pcn-2022.hexjson": 1261,
    "nhs-icb-2022.hexjson": 42,
    "uk-upper-tier-local-authorities.hexjson": 151,
    "uk-local-authority-districts-2023.hexjson": 361,
}


@pytest.mark.parametrize(("name", "count"), SHIPPED.items())
def test_the_shipped_maps_load(name: str, count: int) -> None:
    hexmap = load_hexmap(hexmaps_dir() / name)
    assert hexmap.layout == "odd-r" and len(hexmap.hexes) == count


def test_the_shipped_maps_travel_with_their_licence() -> None:
    assert "MIT License" in (hexmaps_dir() / "LICENSE").read_text(encoding="utf-8")
    assert "hexmaps/" in (hexmaps_dir().parent / "SOURCES.md").read_text(encoding="utf-8")


def test_the_maps_folder_does_not_change_the_reference_checksum(tmp_path: Path) -> None:
    """The loader hashes only the files directly in the reference folder: editing a map
    must not reload every database's footprints."""
    folder = tmp_path / "reference"
    folder.mkdir()
    (folder / "icb.csv").write_text("a,b\n", encoding="utf-8")
    topics = resources_dir() / "topics.csv"
    before = reference_checksum(folder, topics)
    (folder / "hexmaps").mkdir()
    (folder / "hexmaps" / "map.hexjson").write_text("{}", encoding="utf-8")
    assert reference_checksum(folder, topics) == before


def _doc(**changes: object) -> str:
    document: dict[str, object] = {
        "layout": "odd-r",
        "hexes": {"A": {"q": 0, "r": 0, "n": "Alpha"}, "B": {"q": 1, "r": 0, "name": "Beta"}},
    }
    document.update(changes)
    return json.dumps(document)


def test_a_good_document_is_read_with_names() -> None:
    hexmap = parse_hexjson(_doc(), "tiny.hexjson")
    assert [(h.key, h.q, h.r, h.name) for h in hexmap.hexes] == [
        ("A", 0, 0, "Alpha"),
        ("B", 1, 0, "Beta"),
    ]
    assert hexmap.by_key["B"].name == "Beta"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "it is not JSON"),
        ("[1, 2]", "it is not a JSON object"),
        (_doc(layout="hex"), "its layout is 'hex'"),
        (_doc(hexes={}), "it has no 'hexes' object"),
        (_doc(hexes={"A": [0, 0]}), "hex 'A' is not an object"),
        (_doc(hexes={"A": {"q": 0}}), "hex 'A' has no whole-number 'r'"),
        (_doc(hexes={"A": {"q": 0.5, "r": 0}}), "hex 'A' has no whole-number 'q'"),
        (_doc(hexes={"A": {"q": True, "r": 0}}), "hex 'A' has no whole-number 'q'"),
        (_doc(hexes={"A": {"q": 1, "r": 2}, "B": {"q": 1, "r": 2}}), "hexes 'A' and 'B' are both"),
    ],
)
def test_a_malformed_document_is_one_clear_error(text: str, reason: str) -> None:
    with pytest.raises(HexMapError) as raised:
        parse_hexjson(text, "broken.hexjson")
    assert raised.value.message.startswith("broken.hexjson is not a usable hex map: " + reason)


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HexMapError, match="missing.hexjson cannot be read"):
        load_hexmap(tmp_path / "missing.hexjson")


def test_odd_rows_sit_half_a_hex_east_and_rows_grow_north() -> None:
    width = math.sqrt(3)
    assert centre(0, 0, "odd-r") == (0.0, -0.0)
    assert centre(0, 1, "odd-r") == pytest.approx((width / 2, -1.5))
    assert centre(0, -1, "odd-r") == pytest.approx((width / 2, 1.5))  # negative odd rows too
    assert centre(0, 1, "even-r") == pytest.approx((-width / 2, -1.5))
    assert centre(2, 0, "odd-r", size=10) == pytest.approx((20 * width, 0))


@pytest.mark.parametrize("layout", ["odd-r", "even-r", "odd-q", "even-q"])
@pytest.mark.parametrize("cell", [(0, 0), (3, 1), (-2, -3), (5, -79)])
def test_neighbours_are_the_six_cells_one_hex_away(layout: str, cell: tuple[int, int]) -> None:
    x, y = centre(*cell, layout)
    found = neighbours(*cell, layout)
    assert len(set(found)) == 6
    for other in found:
        ox, oy = centre(*other, layout)
        assert math.dist((x, y), (ox, oy)) == pytest.approx(math.sqrt(3))
    assert all(cell in neighbours(*other, layout) for other in found)


def test_corners_are_a_regular_hexagon_pointing_up_for_row_layouts() -> None:
    points = corners(0, 0, "odd-r", size=2)
    assert points[0] == pytest.approx((0, -2))  # the top
    sides = [math.dist(points[k], points[(k + 1) % 6]) for k in range(6)]
    assert sides == pytest.approx([2] * 6)


def test_ring_cells_grow_by_one_step_at_a_time() -> None:
    assert len(ring_cells([(0, 0)], "odd-r", 1)) == 6
    assert len(ring_cells([(0, 0)], "odd-r", 2)) == 18


def test_the_boundary_of_a_group_follows_its_outer_edges() -> None:
    (one,) = boundary([(0, 0)], "odd-r")
    assert len(one) == 7 and one[0] == pytest.approx(one[-1])  # six edges, closed
    (pair,) = boundary([(0, 0), (1, 0)], "odd-r")
    assert len(pair) == 11  # ten outer edges: the shared one is left out
    apart = boundary([(0, 0), (5, 0)], "odd-r")
    assert len(apart) == 2
    ring = [(0, 0), *neighbours(0, 0, "odd-r")]
    assert len(boundary(ring, "odd-r")) == 1
    assert len(boundary(ring[1:], "odd-r")) == 2  # a ring of six has a hole in the middle


@pytest.mark.parametrize("layout", LAYOUTS)
def test_cell_at_finds_the_hex_under_any_point_of_it(layout: str) -> None:
    """What a click on the map hits: every point of a hexagon, out to near its corners."""
    for q, r in [(0, 0), (7, 3), (-4, -9), (15, -79), (80, 6)]:
        x, y = centre(q, r, layout, size=4)
        for step in range(36):
            angle = math.radians(step * 10)
            for reach in (0.0, 1.5, 3.0, 3.4):  # inradius 3.46 at size 4
                point = (x + reach * math.cos(angle), y + reach * math.sin(angle))
                assert cell_at(*point, layout, size=4) == (q, r)
