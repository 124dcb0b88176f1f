"""NHS England's GP practice mapping: ``gp-reg-pat-prac-map.csv``.

Published monthly with *Patients Registered at a GP Practice*
(https://digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice)
as "Mapping (Commissioning Regions-ICBs-SICBLs-PCNs-GP practice)", one row per practice.
The layout read here is the one of the August 2026 file the shipped data came from
(SOURCES.md, I: robg-test/icb-map @ e3b3d92, ``data/nhs/gp-reg-pat-prac-map.zip``)::

    PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,
    PCN_NAME,ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,
    ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,
    COMM_REGION_NAME,SUPPLIER_NAME

with ``EXTRACT_DATE`` written ``01Aug2026``. Before July 2022 the same file named CCGs and
STPs (``CCG_CODE``, ``STP_CODE``: SOURCES.md, J); such a file is refused as older than any
footprints ICS Tracker holds. Practices in no PCN carry the pseudo-code ``U``.

The file lists every ICB, sub-ICB location and PCN in England, so an area missing from
it has closed. A PCN is placed in the ICB of the sub-ICB location most of its practices
are in, as the shipped ``pcn.csv`` was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

from icstracker.db.reference.official.files import OfficialFile, csv_rows, header_key, missing
from icstracker.db.reference.official.snapshot import (
    OfficialArea,
    OfficialPlacement,
    OfficialPractice,
    Snapshot,
)
from icstracker.errors import ReferenceFileError

SOURCE = "gp_practice_mapping"
LABEL = "NHS England GP practice mapping"
BASIS = "NHS England GP practice mapping, extract {date} (a PCN: where most of its practices are)"
REQUIRED = (
    "EXTRACT_DATE",
    "PRACTICE_CODE",
    "PCN_CODE",
    "PCN_NAME",
    "ONS_SUB_ICB_LOCATION_CODE",
    "SUB_ICB_LOCATION_CODE",
    "SUB_ICB_LOCATION_NAME",
    "ONS_ICB_CODE",
    "ICB_CODE",
    "ICB_NAME",
    "COMM_REGION_CODE",
)
NO_PCN = "U"  # the pseudo-PCN of practices in none
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EXTRACT = re.compile(r"^(\d{1,2})([A-Za-z]{3})(\d{4})$")


def recognises(header: list[str]) -> bool:
    keys = {header_key(h) for h in header}
    return header_key("PRACTICE_CODE") in keys and header_key("EXTRACT_DATE") in keys


def parse_extract_date(text: str) -> dt.date | None:
    """``01Aug2026`` (the file's own form) or ``2026-08-01``; English month names whatever
    the machine's locale."""
    found = _EXTRACT.match(text.strip())
    try:
        if found and found[2].lower() in _MONTHS:
            month = _MONTHS.index(found[2].lower()) + 1
            return dt.date(int(found[3]), month, int(found[1]))
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def read(file: OfficialFile) -> Snapshot:
    rows = csv_rows(file)
    header, body = rows[0], rows[1:]
    keys = {header_key(h): i for i, h in enumerate(header)}
    if header_key("CCG_CODE") in keys or header_key("STP_CODE") in keys:
        raise ReferenceFileError(
            f"{file.where()} is a GP practice mapping from before July 2022 (it names CCGs "
            "and STPs), older than the footprints ICS Tracker holds; nothing was changed."
        )
    lost = missing(REQUIRED, set(keys))
    if lost:
        raise ReferenceFileError(
            f"{file.where()} is not NHS England's GP practice mapping as published: it has no "
            f"{', '.join(lost)} column{'s' if len(lost) > 1 else ''}; nothing was changed."
        )
    if not body:
        raise ReferenceFileError(f"{file.where()} lists no practices; nothing was changed.")

    names = (*REQUIRED, "PRACTICE_NAME", "PRACTICE_POSTCODE")
    where = {name: keys.get(header_key(name)) for name in names}

    def cell(row: list[str], name: str) -> str:
        index = where[name]
        return row[index] if index is not None and index < len(row) else ""

    extract_texts = {cell(row, "EXTRACT_DATE") for row in body}
    if len(extract_texts) != 1:
        raise ReferenceFileError(
            f"{file.where()} mixes extract dates ({', '.join(sorted(extract_texts))}); "
            "use the file as published."
        )
    extract_text = extract_texts.pop()
    extract = parse_extract_date(extract_text)
    if extract is None:
        raise ReferenceFileError(
            f"{file.where()}: EXTRACT_DATE '{extract_text}' is not a date; nothing was changed."
        )

    icbs: dict[str, OfficialArea] = {}
    sub_icbs: dict[str, OfficialArea] = {}
    sub_icb_of: dict[str, str] = {}
    pcn_names: dict[str, Counter[str]] = defaultdict(Counter)
    pcn_sub_icbs: dict[str, Counter[str]] = defaultdict(Counter)
    practices: list[OfficialPractice] = []
    for number, row in enumerate(body, start=2):
        practice = cell(row, "PRACTICE_CODE")
        pcn = cell(row, "PCN_CODE")
        sub_icb = cell(row, "SUB_ICB_LOCATION_CODE")
        icb = cell(row, "ICB_CODE")
        region = cell(row, "COMM_REGION_CODE")
        absent = [
            name
            for name, value in (
                ("PRACTICE_CODE", practice),
                ("PCN_CODE", pcn),
                ("SUB_ICB_LOCATION_CODE", sub_icb),
                ("ICB_CODE", icb),
                ("COMM_REGION_CODE", region),
            )
            if not value
        ]
        if absent:
            raise ReferenceFileError(
                f"{file.where()}, row {number}: no {', '.join(absent)}; nothing was changed."
            )
        icbs.setdefault(
            icb,
            OfficialArea(
                "icb", icb, cell(row, "ICB_NAME"), cell(row, "ONS_ICB_CODE") or None, region
            ),
        )
        if sub_icb_of.setdefault(sub_icb, icb) != icb:
            raise ReferenceFileError(
                f"{file.where()}, row {number}: sub-ICB location {sub_icb} is in ICB {icb} "
                f"here and in {sub_icb_of[sub_icb]} above; nothing was changed."
            )
        sub_icbs.setdefault(
            sub_icb,
            OfficialArea(
                "sub_icb",
                sub_icb,
                cell(row, "SUB_ICB_LOCATION_NAME"),
                cell(row, "ONS_SUB_ICB_LOCATION_CODE") or None,
            ),
        )
        in_pcn = pcn.upper() != NO_PCN
        if in_pcn:
            pcn_names[pcn][cell(row, "PCN_NAME")] += 1
            pcn_sub_icbs[pcn][sub_icb] += 1
        practices.append(
            OfficialPractice(
                code=practice,
                name=cell(row, "PRACTICE_NAME") or practice,
                postcode=cell(row, "PRACTICE_POSTCODE") or None,
                pcn=pcn if in_pcn else None,
                sub_icb=sub_icb,
            )
        )

    pcns = [
        OfficialArea("pcn", code, _most_common(names)) for code, names in sorted(pcn_names.items())
    ]
    placements = [OfficialPlacement(code, icb) for code, icb in sorted(sub_icb_of.items())]
    placements += [
        OfficialPlacement(code, sub_icb_of[_most_common(counts)])
        for code, counts in sorted(pcn_sub_icbs.items())
    ]
    return Snapshot(
        source=SOURCE,
        label=LABEL,
        file_name=file.name,
        sha256=file.sha256,
        dated=extract,
        dated_by=f"extract date {extract_text}",
        basis=BASIS.format(date=extract_text),
        complete=("icb", "sub_icb", "pcn"),
        areas=(*icbs.values(), *sub_icbs.values(), *pcns),
        placements=tuple(placements),
        practices=tuple(practices),
    )


def _most_common(counts: Counter[str]) -> str:
    """The value most rows give, the first in order on a tie."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
