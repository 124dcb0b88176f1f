"""Reads the three planning levels from ``planning_levels.md``.

The text is the NHS's own wording (via Community Pharmacy England), so it is read from
the shipped reference file rather than copied into code where it would drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LEVEL_ORDER = ("system", "place", "neighbourhood")


@dataclass(frozen=True)
class PlanningLevelRecord:
    key: str
    label: str
    rank: int
    population_min: int
    population_max: int
    population_label: str
    main_bodies: str
    purpose: str
    priorities: tuple[str, ...]


def _population_bounds(text: str) -> tuple[int, int]:
    """``30,000–50,000`` → (30000, 50000); ``1–3 million`` → (1000000, 3000000)."""
    numbers = [float(n.replace(",", "")) for n in re.findall(r"[\d,.]+", text)]
    if len(numbers) != 2:
        raise ValueError(f"cannot read a population range from {text!r}")
    scale = 1_000_000 if "million" in text.lower() else 1
    return int(numbers[0] * scale), int(numbers[1] * scale)


def read_planning_levels(path: Path) -> list[PlanningLevelRecord]:
    text = path.read_text(encoding="utf-8")
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in LEVEL_ORDER:
            rows[cells[0]] = cells
    priorities: dict[str, list[str]] = {key: [] for key in LEVEL_ORDER}
    current: str | None = None
    for line in text.splitlines():
        heading = re.fullmatch(r"(\w+):", line.strip())
        if heading and heading.group(1).lower() in priorities:
            current = heading.group(1).lower()
        elif current and line.startswith("- "):
            priorities[current].append(line[2:].strip())
        elif line.startswith("#"):
            current = None
    missing = [key for key in LEVEL_ORDER if key not in rows or not priorities[key]]
    if missing:
        raise ValueError(f"{path.name} does not describe the level(s): {', '.join(missing)}")
    records = []
    for rank, key in enumerate(LEVEL_ORDER, start=1):
        _, label, population, bodies, purpose = rows[key]
        low, high = _population_bounds(population)
        records.append(
            PlanningLevelRecord(
                key=key,
                label=label,
                rank=rank,
                population_min=low,
                population_max=high,
                population_label=population,
                main_bodies=bodies,
                purpose=purpose,
                priorities=tuple(priorities[key]),
            )
        )
    return records
