"""The plain records the reference files are turned into, before any database sees them."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class AreaRecord:
    code: str
    kind: str
    level_key: str | None
    name: str
    short_name: str
    parent_code: str | None
    ons_code: str | None = None
    ods_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    designation_wave: int | None = None
    designation_announced: str | None = None
    designation_effective: str | None = None
    designation_name: str | None = None
    notes: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # alias text -> kind

    def alias(self, text: str | None, kind: str) -> None:
        if text and text not in (self.code, self.name) and text not in self.aliases:
            self.aliases[text] = kind


@dataclass(frozen=True)
class SuccessionRecord:
    predecessor_code: str
    successor_code: str
    effective: dt.date
    kind: str
    notes: str | None = None


@dataclass(frozen=True)
class MembershipRecord:
    """``area_code`` lay inside ``parent_code`` from ``valid_from`` to ``valid_to``."""

    area_code: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    share: float = 1.0
    is_main: bool = True
    basis: str = ""


@dataclass(frozen=True)
class PracticeRecord:
    code: str
    name: str
    postcode: str | None
    pcn_code: str | None
    sub_icb_code: str


@dataclass
class Footprints:
    areas: dict[str, AreaRecord]
    successions: list[SuccessionRecord]
    memberships: list[MembershipRecord]
    practices: list[PracticeRecord]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def parse_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
