"""What an official file says, once read: plain records, the same for every kind of file.

Each reader turns its file (NHS England's GP practice mapping, the ODS ePCN workbook, an
ONS lookup) into one ``Snapshot``; everything after that, the comparison with the database
and the writing, knows nothing of columns or sheets. A snapshot is also what a
``ReferenceUpdate`` row keeps (as JSON), so a later release can apply it again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

# What the ``complete`` tuple may name. "lad" is the councils an ONS lookup lists: unitary
# authorities, London boroughs, metropolitan and shire districts (E06, E09, E08, E07);
# never the counties (E10), which such a file does not name.
COVERED_KINDS = ("icb", "sub_icb", "pcn", "lad")
LAD_PREFIXES = ("E06", "E07", "E08", "E09")


@dataclass(frozen=True)
class OfficialArea:
    """A footprint as the file names it.

    ``code`` is the area's primary code in ICS Tracker (ODS for regions, ICBs, sub-ICB
    locations and PCNs; ONS for councils). An ONS lookup without the ODS column gives only
    ``ons_code``; the comparison finds the area by it. ``parent`` is an ICB's region.
    """

    kind: str
    code: str | None
    name: str
    ons_code: str | None = None
    parent: str | None = None
    opened: dt.date | None = None
    closed: dt.date | None = None  # the last day, as ODS gives a PCN's close date


@dataclass(frozen=True)
class OfficialPlacement:
    """``area`` lies in ``parent`` (an ICB, or a sub-ICB location for the ePCN workbook),
    by ``weight``: LSOAs counted by an ONS lookup, else 1."""

    area: str
    parent: str
    weight: float = 1.0


@dataclass(frozen=True)
class OfficialPractice:
    code: str
    name: str
    postcode: str | None
    pcn: str | None
    sub_icb: str | None


@dataclass(frozen=True)
class Snapshot:
    source: str  # gp_practice_mapping, epcn, ons_lookup
    label: str  # what the file is, for messages
    file_name: str
    sha256: str
    dated: dt.date  # the file's own date: an extract date, a lookup's year, a workbook's
    dated_by: str  # how ``dated`` was found, for messages
    basis: str  # why an area is placed where it is, kept on each membership written
    complete: tuple[str, ...] = ()  # kinds (COVERED_KINDS) the file lists in full
    areas: tuple[OfficialArea, ...] = ()
    placements: tuple[OfficialPlacement, ...] = ()
    practices: tuple[OfficialPractice, ...] = ()
    notes: tuple[str, ...] = field(default=())


def _date_or_none(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def to_payload(snapshot: Snapshot, effective: dt.date) -> str:
    """The JSON a ``ReferenceUpdate`` keeps: the snapshot and the date it took effect."""
    return json.dumps(
        {"effective": effective.isoformat(), "snapshot": asdict(snapshot)},
        default=lambda value: value.isoformat(),
        ensure_ascii=False,
        sort_keys=True,
    )


def from_payload(payload: str) -> tuple[Snapshot, dt.date]:
    data = json.loads(payload)
    raw = data["snapshot"]
    snapshot = Snapshot(
        source=raw["source"],
        label=raw["label"],
        file_name=raw["file_name"],
        sha256=raw["sha256"],
        dated=dt.date.fromisoformat(raw["dated"]),
        dated_by=raw["dated_by"],
        basis=raw["basis"],
        complete=tuple(raw["complete"]),
        areas=tuple(
            OfficialArea(
                kind=a["kind"],
                code=a["code"],
                name=a["name"],
                ons_code=a["ons_code"],
                parent=a["parent"],
                opened=_date_or_none(a["opened"]),
                closed=_date_or_none(a["closed"]),
            )
            for a in raw["areas"]
        ),
        placements=tuple(OfficialPlacement(**p) for p in raw["placements"]),
        practices=tuple(OfficialPractice(**p) for p in raw["practices"]),
        notes=tuple(raw["notes"]),
    )
    return snapshot, dt.date.fromisoformat(data["effective"])
