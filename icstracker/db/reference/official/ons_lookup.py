"""ONS lookups of ICBs, from the Open Geography Portal (https://geoportal.statistics.gov.uk/).

ONS names every column ``<GEOGRAPHY><YY><CD|CDH|NM>``: ``ICB24CD`` the ONS code
(E54…), ``ICB24CDH`` the NHS (ODS) code, ``ICB24NM`` the name, with the year of the
geography in the middle (the ArcGIS services of the CCG/STP lookups list LSOA11CD,
CCG21CD, CCG21CDH, CCG21NM, STP21CD…; humaniverse/geographr's scripts read LSOA21CD,
SICBL24CD, ICB24CD, ICB24CDH, ICB24NM and LSOA11CD, SICBL22CD, ICB22CD, LAD22CD, LAD22NM
from the 2022 and 2024 ICB lookups). Read here, for any two-digit year:

* *LSOA (2021) to Sub ICB Locations to Integrated Care Boards to … LAD* (``LSOA21CD``,
  ``SICBL24CD/CDH/NM``, ``ICB24CD/CDH/NM``, ``LAD24CD/NM``, perhaps ``CAL24…``): a
  council's share of each ICB is its share of LSOAs, as in the shipped ``lad_to_icb.csv``;
* *Local Authority District to ICB* (``LAD24CD/NM``, ``ICB24CD/CDH/NM``);
* *Sub ICB Locations to ICBs to NHS England (Region)* (``SICBL24…``, ``ICB24…``,
  ``NHSER24CDH``).

Extra columns (``ObjectId``, ``FID``, cancer alliances, Welsh names) are ignored. The file
is dated by its geography year: the first of the month its name gives ("…(April 2024)…"),
else 1 April, when ONS's ICB lookups take effect; ``--effective`` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from icstracker.db.reference.official.files import OfficialFile, csv_rows, header_key
from icstracker.db.reference.official.snapshot import (
    OfficialArea,
    OfficialPlacement,
    Snapshot,
)
from icstracker.errors import ReferenceFileError
from icstracker.text import MONTH_NAMES

SOURCE = "ons_lookup"
LABEL = "ONS lookup"
_COLUMN = re.compile(r"^(lsoa|sicbl|icb|lad|nhser)(\d\d)(cd|cdh|nm)$")
_MONTH = re.compile(r"(" + "|".join(MONTH_NAMES) + r")[\s_-]*(\d{4})", re.IGNORECASE)
_COUNCIL = re.compile(r"^E0[6-9]\d{6}$")


@dataclass(frozen=True)
class _Layout:
    year: int
    columns: dict[str, int]  # "icb_cd" -> index, etc.

    def has(self, name: str) -> bool:
        return name in self.columns


def recognises(header: list[str]) -> bool:
    return any(_COLUMN.match(header_key(h)) and header_key(h).startswith("icb") for h in header)


def _layout(header: list[str], file: OfficialFile) -> _Layout:
    found: dict[str, dict[str, int]] = defaultdict(dict)
    years: dict[str, str] = {}
    for index, text in enumerate(header):
        match = _COLUMN.match(header_key(text))
        if match:
            geography, year, part = match.groups()
            found[geography][part] = index
            years.setdefault(geography, year)
    if "cd" not in found["icb"] or "nm" not in found["icb"]:
        raise ReferenceFileError(
            f"{file.where()} is not an ONS lookup of ICBs: it has no ICBnnCD and ICBnnNM "
            "columns; nothing was changed."
        )
    if "cd" not in found["sicbl"] and "cd" not in found["lad"]:
        raise ReferenceFileError(
            f"{file.where()} names ICBs but neither their sub-ICB locations (SICBLnnCD) nor "
            "their councils (LADnnCD); nothing was changed."
        )
    if "sicbl" in years and years["sicbl"] != years["icb"]:
        raise ReferenceFileError(
            f"{file.where()} mixes sub-ICB locations of 20{years['sicbl']} with ICBs of "
            f"20{years['icb']}; use the file as ONS publishes it."
        )
    columns = {
        f"{geo}_{part}": index for geo, parts in found.items() for part, index in parts.items()
    }
    return _Layout(2000 + int(years["icb"]), columns)


def _dated(file: OfficialFile, year: int) -> tuple[dt.date, str]:
    for name in (file.inner, file.name):
        match = _MONTH.search(name.replace("_", " "))
        if match and int(match[2]) == year:
            month = [m.lower() for m in MONTH_NAMES].index(match[1].lower()) + 1
            return dt.date(year, month, 1), "the month in its name"
    return dt.date(year, 4, 1), f"the year of its ICB{year % 100:02d} columns"


def read(file: OfficialFile) -> Snapshot:
    rows = csv_rows(file)
    layout = _layout(rows[0], file)
    columns = layout.columns

    def cell(row: list[str], name: str) -> str:
        return _cell(columns, row, name)

    icbs: dict[str, OfficialArea] = {}
    sub_icbs: dict[str, tuple[OfficialArea, str]] = {}
    councils: dict[str, OfficialArea] = {}
    weights: Counter[tuple[str, str]] = Counter()
    for number, row in enumerate(rows[1:], start=2):
        icb_ons = cell(row, "icb_cd")
        if not icb_ons:
            raise ReferenceFileError(
                f"{file.where()}, row {number}: no ICB code; nothing was changed."
            )
        icb_ref = cell(row, "icb_cdh") or icb_ons
        region = cell(row, "nhser_cdh") or None
        icbs.setdefault(
            icb_ref,
            OfficialArea("icb", cell(row, "icb_cdh") or None, cell(row, "icb_nm"), icb_ons, region),
        )
        if layout.has("sicbl_cd"):
            _sub_icb(columns, row, number, icb_ref, sub_icbs, file)
        lad = cell(row, "lad_cd")
        if layout.has("lad_cd") and _COUNCIL.match(lad):
            kind = "district" if lad.startswith("E07") else "local_authority"
            councils.setdefault(lad, OfficialArea(kind, lad, cell(row, "lad_nm") or lad, lad))
            if layout.has("lsoa_cd"):
                weights[(lad, icb_ref)] += 1
            else:
                weights[(lad, icb_ref)] = 1
    if not icbs:
        raise ReferenceFileError(f"{file.where()} lists no ICBs; nothing was changed.")
    dated, dated_by = _dated(file, layout.year)
    year = f"{layout.year % 100:02d}"
    share = "share of LSOAs" if layout.has("lsoa_cd") else "council to ICB"
    placements = [OfficialPlacement(sub, icb) for sub, (_area, icb) in sorted(sub_icbs.items())]
    placements += [OfficialPlacement(lad, icb, w) for (lad, icb), w in sorted(weights.items())]
    complete = ["icb"] + (["sub_icb"] if sub_icbs else []) + (["lad"] if councils else [])
    return Snapshot(
        source=SOURCE,
        label=f"{LABEL} (ICB{year})",
        file_name=file.name,
        sha256=file.sha256,
        dated=dated,
        dated_by=dated_by,
        basis=f"{share}, ONS ICB{year} lookup",
        complete=tuple(complete),
        areas=(*icbs.values(), *(a for a, _icb in sub_icbs.values()), *councils.values()),
        placements=tuple(placements),
    )


def _cell(columns: dict[str, int], row: list[str], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _sub_icb(
    columns: dict[str, int],
    row: list[str],
    number: int,
    icb_ref: str,
    sub_icbs: dict[str, tuple[OfficialArea, str]],
    file: OfficialFile,
) -> None:
    def cell(row: list[str], name: str) -> str:
        return _cell(columns, row, name)

    ons = cell(row, "sicbl_cd")
    if not ons:
        raise ReferenceFileError(
            f"{file.where()}, row {number}: no sub-ICB location code; nothing was changed."
        )
    ref = cell(row, "sicbl_cdh") or ons
    area = OfficialArea("sub_icb", cell(row, "sicbl_cdh") or None, cell(row, "sicbl_nm"), ons)
    _area, icb = sub_icbs.setdefault(ref, (area, icb_ref))
    if icb != icb_ref:
        raise ReferenceFileError(
            f"{file.where()}, row {number}: sub-ICB location {ref} is in ICB {icb_ref} here "
            f"and in {icb} above; nothing was changed."
        )
