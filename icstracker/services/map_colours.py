"""The colours of a coverage map: what each means, as bands a legend can list.

Three ways to colour an area, as the Map tab offers them: the engagements in the period
(a sequential scale, none in pale yellow so a gap stands out), the days since the last
engagement (light to dark red, never darkest), or the Coverage tab's red, amber and green
by the committee's own thresholds. Areas outside the committee's footprints are grey.
Plain values (``#rrggbb`` strings), so the Qt view and the report's picture colour alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from icstracker.services.coverage_status import AMBER, GREEN, RED, Thresholds, coverage_status

OUTSIDE = "#d9d9d9"
"""An area outside the committee's footprints: shown for where it is, not coloured."""
NOT_OPEN = "#ffffff"
"""An area that did not exist during the period (a PCN opened after it)."""
# ColorBrewer YlGnBu (5 classes) and YlOrRd (7), Cynthia Brewer, Apache 2.0 licence.
COUNT_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
DAYS_COLOURS = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#b10026")
STATUS_COLOURS = {GREEN: "#2ca25f", AMBER: "#e6a000", RED: "#dc322f"}
DAY_LIMITS = (30, 90, 180, 365)
COUNT_BANDS = 4  # besides "none"


class ColourBy(StrEnum):
    COUNT = "count"
    DAYS = "days"
    STATUS = "status"

    @property
    def label(self) -> str:
        return {
            ColourBy.COUNT: "Engagements in the period",
            ColourBy.DAYS: "Days since the last engagement",
            ColourBy.STATUS: "Coverage status (red, amber, green)",
        }[self]


@dataclass(frozen=True)
class Band:
    label: str
    colour: str


@dataclass(frozen=True)
class Scale:
    """The bands of one colouring, in legend order, and how a value finds its band."""

    by: ColourBy
    title: str
    bands: tuple[Band, ...]
    limits: tuple[int, ...] = ()
    """Counts or days: the highest value of each band but the last (open) one."""
    thresholds: Thresholds = Thresholds()

    def band(self, count: int, days_since: int | None) -> int:
        """The index of the band for an area with ``count`` engagements in the period and
        ``days_since`` its last (None: never)."""
        if self.by is ColourBy.STATUS:
            status = coverage_status(days_since, self.thresholds)
            return (GREEN, AMBER, RED).index(status)
        value: int | None = count if self.by is ColourBy.COUNT else days_since
        if value is None:  # never engaged: the last band of the days scale
            return len(self.bands) - 1
        for number, limit in enumerate(self.limits):
            if value <= limit:
                return number
        return len(self.limits)


def count_limits(maximum: int) -> tuple[int, ...]:
    """None, then one band per number up to 4, or four near-equal bands up to the maximum
    (13: 1–3, 4–6, 7–9, 10–13)."""
    if maximum <= COUNT_BANDS:
        return tuple(range(0, maximum))
    return (0, *(n * maximum // COUNT_BANDS for n in range(1, COUNT_BANDS)))


def scale_for(by: ColourBy, counts: Sequence[int], thresholds: Thresholds) -> Scale:
    """The scale for colouring by ``by``; a count scale fits the committee's own
    ``counts`` (its busiest area is the darkest band)."""
    if by is ColourBy.STATUS:
        amber, red = thresholds.amber_after_days, thresholds.red_after_days
        bands: tuple[Band, ...] = (
            Band(f"Green: engaged within {amber} days", STATUS_COLOURS[GREEN]),
            Band(f"Amber: {amber + 1}–{red} days", STATUS_COLOURS[AMBER]),
            Band(f"Red: over {red} days, or never", STATUS_COLOURS[RED]),
        )
        return Scale(by, "Coverage status", bands, thresholds=thresholds)
    if by is ColourBy.DAYS:
        labels = ["Within 30 days", "31–90 days", "91–180 days", "181–365 days", "Over a year"]
        bands = tuple(Band(t, c) for t, c in zip([*labels, "Never"], DAYS_COLOURS, strict=True))
        return Scale(by, "Days since the last engagement", bands, DAY_LIMITS)
    top = max(counts, default=0)
    limits = count_limits(top)
    lows = [0, *(limit + 1 for limit in limits)]
    labels = []
    for number, low in enumerate(lows):
        high = limits[number] if number < len(limits) else None
        if low == 0:
            labels.append("None")
        elif high is None:  # the busiest area is in the last band
            labels.append(f"{low}" if low >= top else f"{low}–{top}")
        else:
            labels.append(f"{low}" if high == low else f"{low}–{high}")
    colours = (COUNT_COLOURS[0], *COUNT_COLOURS[len(COUNT_COLOURS) - len(labels) + 1 :])
    bands = tuple(Band(t, c) for t, c in zip(labels, colours, strict=True))
    return Scale(by, "Engagements in the period", bands, limits)


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#ffffff"
