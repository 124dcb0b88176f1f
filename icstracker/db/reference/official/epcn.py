"""The ODS ePCN workbook: ``ePCN.xlsx`` (in ``epcn.zip``), every PCN and its practices.

Published by NHS England's Organisation Data Service under *GP and GP practice related
data* (https://digital.nhs.uk/services/organisation-data-service/export-data-files/csv-downloads/gp-and-gp-practice-related-data).
Its specification (``ePCN.xlsx Specification.pdf``, read from psychty/Population-pyramids
@ 215be05 beside a December 2019 copy of the workbook) gives two tabs:

* **PCN Details**, one row per PCN: PCN Code, PCN Name, the current commissioner's code and
  name, Open Date, Close Date (``YYYYMMDD``), five address lines and Postcode;
* **PCN Core Partner Details**, one row per practice-to-PCN relationship: Partner
  Organisation Code, Partner Name, the practice's commissioner code and name, PCN Code, PCN
  Name, the PCN's commissioner code and name, Practice to PCN Relationship Start Date and
  End Date, and whether the two commissioners match.

Since July 2022 the commissioner is the sub-ICB location: public scripts reading the 2023
and 2024 workbooks (a South West AHSN PCN catchment method; R and pandas code selecting
'PCNDetails' and 'PCN Core Partner Details') name the tab ``PCNDetails`` with columns "PCN
Code", "PCN Name", "Current Sub ICB Loc Code", "Sub ICB Location", "Open Date", "Close
Date", and break the partner tab's headers over lines ("Practice\\r\\nParent\\r\\nSub ICB
Loc Code"); ODS's CSV export of the same tab spells out "Location". All these forms are
read here (header text compared without case or line breaks). A workbook that still names
Clinical Commissioning Groups is refused as older than any footprints.

The workbook says nothing about ICBs: a PCN's ICB is its sub-ICB location's. It carries no
extract date either; its date is the one the workbook was last saved (its document
properties), else the latest date in it. Closed PCNs stay in it with their Close Date,
taken as their last day.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook

from icstracker.db.reference.official.files import OfficialFile, header_key
from icstracker.db.reference.official.snapshot import (
    OfficialArea,
    OfficialPlacement,
    OfficialPractice,
    Snapshot,
)
from icstracker.errors import ReferenceFileError

SOURCE = "epcn"
LABEL = "ODS ePCN workbook"
DETAILS_SHEETS = ("PCNDetails", "PCN Details")
PARTNERS_SHEET = "PCN Core Partner Details"
MAX_ROWS = 50_000
MAX_COLUMNS = 30
# Each field and the header texts it has had, compared by ``header_key``.
DETAILS = {
    "code": ("PCN Code",),
    "name": ("PCN Name",),
    "sub_icb": ("Current Sub ICB Loc Code", "Current Sub ICB Location Code"),
    "opened": ("Open Date", "Open Date (YYYYMMDD)"),
    "closed": ("Close Date", "Close Date (YYYYMMDD)"),
}
PARTNERS = {
    "practice": ("Partner Organisation Code",),
    "name": ("Partner Name",),
    "sub_icb": ("Practice Parent Sub ICB Loc Code", "Practice Parent Sub ICB Location Code"),
    "pcn": ("PCN Code",),
    "started": ("Practice to PCN Relationship Start Date",),
    "ended": ("Practice to PCN Relationship End Date",),
}
CCG_ERA = "current clinical commissioning group code"


def read(file: OfficialFile) -> Snapshot:
    workbook = _open(file)
    try:
        names = list(workbook.sheetnames)
        details = next((name for name in DETAILS_SHEETS if name in names), None)
        if details is None:
            raise ReferenceFileError(
                f"{file.where()} is not the ODS ePCN workbook: it has no 'PCNDetails' sheet "
                f"(it has {', '.join(repr(n) for n in names)}); nothing was changed."
            )
        header, rows = _table(workbook[details], file, details)
        if CCG_ERA in header:
            raise ReferenceFileError(
                f"{file.where()} is an ePCN workbook from before July 2022 (it names "
                "Clinical Commissioning Groups), older than the footprints ICS Tracker "
                "holds; nothing was changed."
            )
        columns = _columns(header, DETAILS, file, details)
        pcns, placements, dates = _pcns(rows, columns, file, details)
        practices: list[OfficialPractice] = []
        if PARTNERS_SHEET in names:
            header, rows = _table(workbook[PARTNERS_SHEET], file, PARTNERS_SHEET)
            columns = _columns(header, PARTNERS, file, PARTNERS_SHEET)
            practices = _practices(rows, columns, file, dates)
        saved = workbook.properties.modified or workbook.properties.created
    finally:
        workbook.close()
    if saved is not None:
        dated, dated_by = saved.date(), "the date the workbook was saved"
    elif dates:
        dated, dated_by = max(dates), "the latest date in the workbook"
    else:
        raise ReferenceFileError(
            f"{file.where()} carries no date at all; nothing was changed."
        )  # pragma: no cover - every PCN has an Open Date
    return Snapshot(
        source=SOURCE,
        label=LABEL,
        file_name=file.name,
        sha256=file.sha256,
        dated=dated,
        dated_by=dated_by,
        basis=f"ODS ePCN workbook of {dated.isoformat()}: the ICB of its sub-ICB location",
        complete=("pcn",),
        areas=tuple(pcns),
        placements=tuple(placements),
        practices=tuple(practices),
    )


def _open(file: OfficialFile) -> Any:
    if not file.is_workbook:
        raise ReferenceFileError(f"{file.where()} is not an .xlsx workbook.")
    try:
        # Read-only streams the rows; data_only gives the values Excel cached (the 2019
        # workbook's partner tab names each PCN with a VLOOKUP formula). openpyxl reads
        # the XML through defusedxml, a dependency.
        return load_workbook(io.BytesIO(file.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ReferenceFileError(f"{file.where()} is a damaged workbook ({error}).") from None


def _table(
    sheet: Any, file: OfficialFile, name: str
) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    rows: Iterator[tuple[Any, ...]] = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header: dict[str, int] | None = None
    body: list[tuple[Any, ...]] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise ReferenceFileError(f"{file.where()}: sheet '{name}' is longer than any ePCN.")
        if header is None:
            keys = [header_key(value) for value in row]
            if "pcn code" in keys:
                header = {key: i for i, key in enumerate(keys) if key}
            elif number >= 5:
                break
            continue
        if any(value not in (None, "") for value in row):
            body.append(row)
    if header is None:
        raise ReferenceFileError(
            f"{file.where()}: sheet '{name}' has no header row with 'PCN Code'; "
            "nothing was changed."
        )
    return header, body


def _columns(
    header: dict[str, int], fields: dict[str, tuple[str, ...]], file: OfficialFile, sheet: str
) -> dict[str, int]:
    found: dict[str, int] = {}
    lost = []
    for field, texts in fields.items():
        index = next((header[header_key(t)] for t in texts if header_key(t) in header), None)
        if index is None:
            lost.append(texts[0])
        else:
            found[field] = index
    if lost:
        raise ReferenceFileError(
            f"{file.where()}: sheet '{sheet}' is not as ODS publishes it: no "
            f"{', '.join(repr(t) for t in lost)} column; nothing was changed."
        )
    return found


def _text(row: tuple[Any, ...], index: int) -> str:
    value = row[index] if index < len(row) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _date(row: tuple[Any, ...], index: int, file: OfficialFile, where: str) -> dt.date | None:
    value = row[index] if index < len(row) else None
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(row, index)
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReferenceFileError(
            f"{file.where()}, {where}: '{text}' is not a date (ODS writes YYYYMMDD); "
            "nothing was changed."
        ) from None


def _pcns(
    rows: list[tuple[Any, ...]], columns: dict[str, int], file: OfficialFile, sheet: str
) -> tuple[list[OfficialArea], list[OfficialPlacement], list[dt.date]]:
    pcns: dict[str, OfficialArea] = {}
    placements: list[OfficialPlacement] = []
    dates: list[dt.date] = []
    for number, row in enumerate(rows, start=2):
        where = f"sheet '{sheet}', row {number}"
        code, sub_icb = _text(row, columns["code"]), _text(row, columns["sub_icb"])
        if not code or not sub_icb:
            raise ReferenceFileError(
                f"{file.where()}, {where}: no PCN Code or sub-ICB location; nothing was changed."
            )
        if code in pcns:
            raise ReferenceFileError(
                f"{file.where()}, {where}: PCN {code} is listed twice; nothing was changed."
            )
        opened = _date(row, columns["opened"], file, where)
        closed = _date(row, columns["closed"], file, where)
        dates += [d for d in (opened, closed) if d is not None]
        pcns[code] = OfficialArea(
            "pcn", code, _text(row, columns["name"]) or code, opened=opened, closed=closed
        )
        placements.append(OfficialPlacement(code, sub_icb))
    if not pcns:
        raise ReferenceFileError(f"{file.where()} lists no PCNs; nothing was changed.")
    return list(pcns.values()), placements, dates


def _practices(
    rows: list[tuple[Any, ...]], columns: dict[str, int], file: OfficialFile, dates: list[dt.date]
) -> list[OfficialPractice]:
    """Each practice's current PCN: its relationship with no end date (or the latest)."""
    current: dict[str, tuple[dt.date, OfficialPractice]] = {}
    for number, row in enumerate(rows, start=2):
        where = f"sheet '{PARTNERS_SHEET}', row {number}"
        code, pcn = _text(row, columns["practice"]), _text(row, columns["pcn"])
        if not code or not pcn:
            continue
        begun = _date(row, columns["started"], file, where)
        ended = _date(row, columns["ended"], file, where)
        dates += [d for d in (begun, ended) if d is not None]
        started = begun or dt.date.min
        if ended is not None:
            continue
        practice = OfficialPractice(
            code=code,
            name=_text(row, columns["name"]) or code,
            postcode=None,
            pcn=pcn,
            sub_icb=_text(row, columns["sub_icb"]) or None,
        )
        if code not in current or current[code][0] <= started:
            current[code] = (started, practice)
    return [practice for _started, practice in current.values()]
