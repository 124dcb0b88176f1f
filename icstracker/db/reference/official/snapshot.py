"""What an official file says, once read: plain records, the same for every kind of file.

Each reader turns its file (NHS England's GP practice mapping, the ODS ePCN workbook, an
ONS lookup) into one ``Snapshot``; everything after that, the comparison with the database
and the writing, knows nothing of columns or sheets. A snapshot is also what a
``ReferenceUpdate`` row keeps (as JSON), so a later release can apply it again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

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


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def to_payload(snapshot: Snapshot, effective: dt.date) -> str:
    """The JSON a ``ReferenceUpdate`` keeps: the snapshot and the date it took effect.

    Rows are written as lists (a national file has thousands of practices), in the field
    order of their dataclasses.
    """
    data = {
        "format": 1,
        "effective": effective.isoformat(),
        "source": snapshot.source,
        "label": snapshot.label,
        "file_name": snapshot.file_name,
        "sha256": snapshot.sha256,
        "dated": snapshot.dated.isoformat(),
        "dated_by": snapshot.dated_by,
        "basis": snapshot.basis,
        "complete": list(snapshot.complete),
        "notes": list(snapshot.notes),
        "areas": [
            [a.kind, a.code, a.name, a.ons_code, a.parent, _day(a.opened), _day(a.closed)]
            for a in snapshot.areas
        ],
        "placements": [[p.area, p.parent, p.weight] for p in snapshot.placements],
        "practices": [[p.code, p.name, p.postcode, p.pcn, p.sub_icb] for p in snapshot.practices],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def from_payload(payload: str) -> tuple[Snapshot, dt.date]:
    data = json.loads(payload)
    snapshot = Snapshot(
        source=data["source"],
        label=data["label"],
        file_name=data["file_name"],
        sha256=data["sha256"],
        dated=dt.date.fromisoformat(data["dated"]),
        dated_by=data["dated_by"],
        basis=data["basis"],
        complete=tuple(data["complete"]),
        areas=tuple(
            OfficialArea(kind, code, name, ons, parent, _date_or_none(start), _date_or_none(end))
            for kind, code, name, ons, parent, start, end in data["areas"]
        ),
        placements=tuple(OfficialPlacement(*row) for row in data["placements"]),
        practices=tuple(OfficialPractice(*row) for row in data["practices"]),
        notes=tuple(data["notes"]),
    )
    return snapshot, dt.date.fromisoformat(data["effective"])
