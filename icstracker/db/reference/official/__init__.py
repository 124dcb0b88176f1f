"""Readers of the official files a committee may apply with ``icstracker reference update``.

A file is recognised by what is in it (its header row, its sheets), never by its name,
and anything else is refused with a sentence naming the file and what it lacks. Each
reader returns a ``Snapshot``.
"""

from __future__ import annotations

from pathlib import Path

from icstracker.db.reference.official import epcn, gp_mapping, ons_lookup
from icstracker.db.reference.official.files import csv_rows, open_official_file
from icstracker.db.reference.official.snapshot import Snapshot
from icstracker.errors import ReferenceFileError

KNOWN_FILES = (
    "NHS England's GP practice mapping (gp-reg-pat-prac-map.csv, or the .zip it comes in)",
    "the ODS ePCN workbook (ePCN.xlsx, or epcn.zip)",
    "an ONS lookup of sub-ICB locations or councils to ICBs (.csv)",
)


def read_official_file(path: Path) -> Snapshot:
    file = open_official_file(path)
    if file.is_workbook:
        return epcn.read(file)
    header = csv_rows(file, header_only=True)[0]
    if gp_mapping.recognises(header):
        return gp_mapping.read(file)
    if ons_lookup.recognises(header):
        return ons_lookup.read(file)
    raise ReferenceFileError(
        f"{file.where()} is none of the official files ICS Tracker reads ("
        + "; ".join(KNOWN_FILES)
        + "); nothing was changed."
    )
