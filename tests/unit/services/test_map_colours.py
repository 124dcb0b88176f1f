"""The map's colour scales: bands a legend can list, and a band for every value."""

from __future__ import annotations

import pytest

from icstracker.services.coverage_status import Thresholds
from icstracker.services.map_colours import ColourBy, scale_for, text_colour


@pytest.mark.parametrize(
    ("busiest", "labels"),
    [
        (0, ["None"]),
        (1, ["None", "1"]),
        (3, ["None", "1", "2", "3"]),
        (5, ["None", "1", "2", "3", "4–5"]),
        (13, ["None", "1–3", "4–6", "7–9", "10–13"]),
    ],
)
def test_the_count_scale_fits_the_busiest_area(busiest: int, labels: list[str]) -> None:
    scale = scale_for(ColourBy.COUNT, [0, busiest], Thresholds())
    assert [b.label for b in scale.bands] == labels
    assert scale.band(0, None) == 0 and scale.band(busiest, None) == len(labels) - 1
    bands = [scale.band(n, None) for n in range(busiest + 1)]
    assert bands == sorted(bands)  # more engagements, never a lighter band
    assert len({b.colour for b in scale.bands}) == len(labels)


def test_days_go_from_recent_to_never() -> None:
    scale = scale_for(ColourBy.DAYS, [], Thresholds())
    assert [scale.band(0, d) for d in (0, 30, 31, 91, 200, 366, None)] == [0, 0, 1, 2, 3, 4, 5]
    assert scale.bands[-1].label == "Never"


def test_status_follows_the_committees_thresholds() -> None:
    scale = scale_for(ColourBy.STATUS, [], Thresholds(10, 30))
    assert [scale.band(0, d) for d in (10, 11, 30, 31, None)] == [0, 1, 1, 2, 2]
    assert scale.bands[1].label == "Amber: 11–30 days"


def test_label_text_reads_on_its_fill() -> None:
    assert text_colour("#253494") == "#ffffff" and text_colour("#ffffcc") == "#000000"
