"""Red, amber or green for an area by how long since the committee last engaged it.

The thresholds are the committee's own choice (a PCN unheard from for 90 days may be
red for one LPC and normal for another), so they are parameters, never constants
buried in a view; the window stores them with its settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from icstracker.errors import ValidationError

RED, AMBER, GREEN = "red", "amber", "green"


@dataclass(frozen=True)
class Thresholds:
    amber_after_days: int = 45
    red_after_days: int = 90

    def __post_init__(self) -> None:
        if not 0 < self.amber_after_days <= self.red_after_days:
            raise ValidationError(
                "thresholds",
                "Amber must start after at least one day, and no later than red "
                f"(amber {self.amber_after_days}, red {self.red_after_days}).",
            )


def coverage_status(days_since: int | None, thresholds: Thresholds) -> str:
    """Never engaged is red: a gap is the thing the view exists to show."""
    if days_since is None or days_since > thresholds.red_after_days:
        return RED
    if days_since > thresholds.amber_after_days:
        return AMBER
    return GREEN
