"""Write the legacy spreadsheets the import tests read (tests/data/imports/).

They imitate what committees actually keep: a merged title row above the headers, headers
in everyone's own words, dd/mm dates typed as text next to real date cells and a bare
Excel serial number, STP-era names, PCN names in capitals or without "PCN", a Windows
CSV with semicolons, and one sheet full of the mistakes an import must catch. Every code
and name is checked against resources/reference/ before anything is written, so the
fixtures never hold an invented code.

Run ``.venv/bin/python scripts/make_import_fixtures.py`` and commit the files it writes.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "resources" / "reference"
OUT = ROOT / "tests" / "data" / "imports"


def _reference_codes() -> set[str]:
    codes: set[str] = set()
    for name, columns in (
        ("pcn.csv", ("pcn_code",)),
        ("icb.csv", ("icb_ods_code", "icb_ons_code")),
        ("stp_2016.csv", ("stp_code_2017",)),
        ("utla_to_icb.csv", ("utla_code",)),
    ):
        with (REFERENCE / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                codes.update(row[c] for c in columns if row[c])
    return codes


def _pcn_names() -> set[str]:
    with (REFERENCE / "pcn.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["pcn_name"].lower() for row in csv.DictReader(handle)}


CODES_USED = ("U45809", "U97645", "U87975", "U82077", "U34816", "U88348", "QE1", "U21059")
PCNS_USED = (
    "Blackpool South PCN",
    "Blackpool Central PCN",
    "Torentum PCN",
    "Darwen PCN",
    "Exeter City PCN",
    "Livewell Mayflower PCN",
    "Culm Valley PCN",
    "Trident PCN",
)

LANCASHIRE_HEADERS = (
    "Date of meeting",
    "ICS / STP",
    "PCN",
    "Type",
    "Subject",
    "Attendees",
    "Organisation(s)",
    "Notes",
    "Outcome",
)
LANCASHIRE_ROWS: tuple[tuple[object, ...], ...] = (
    (
        dt.datetime(2019, 5, 14),
        "Healthier Lancashire and South Cumbria",
        "",
        "Meeting",
        "STP pharmacy workstream",
        "STP programme lead",
        "Healthier Lancashire and South Cumbria",
        "Community pharmacy in the STP's primary care plan.",
        "Invited to the workstream.",
    ),
    (
        "21/11/2019",
        "Lancashire & South Cumbria",
        "",
        "Workshop",
        "Pharmacy integration workshop",
        "",
        "",
        "",
        "",
    ),
    (
        44261,  # an Excel serial number typed into a text column: 6 March 2021
        "",
        "Blackpool South PCN",
        "Phone call",
        "CD call re flu vaccination",
        "Dr A Example",
        "Blackpool South PCN",
        "",
        "",
    ),
    (
        dt.datetime(2022, 9, 8),
        "Lancashire and South Cumbria",
        "BLACKPOOL CENTRAL",
        "Meeting",
        "PCN clinical director meeting",
        "Dr B Example; Practice manager",
        "Blackpool Central PCN",
        "Pharmacy First referrals from practices are low.",
        "CD to raise at the practice managers' meeting.",
    ),
    (
        "8 Sep 2022",
        "Lancashire and South Cumbria",
        "Blackpool Central",
        "Meeting",
        "PCN  clinical director MEETING",
        "",
        "",
        "(copied from the September minutes)",
        "",
    ),
    (
        "2023-01-17",
        "",
        "U87975",
        "Email",
        "Hypertension case-finding data request",
        "",
        "",
        "",
        "",
    ),
    (
        dt.datetime(2023, 6, 1),
        "QE1",
        "",
        "Teams meeting",
        "ICB primary care commissioning committee",
        "",
        "NHS Lancashire and South Cumbria ICB",
        "",
        "",
    ),
    ("", "", "", "", "", "", "", "", ""),
    (
        "14/03/2024",
        "Lancashire and South Cumbria",
        "Torentum",
        "Meeting",
        "Torentum PCN board",
        "",
        "",
        "",
        "",
    ),
    (
        "02/10/2024",
        "",
        "Blackpool Nrth PCN",
        "Meeting",
        "Blackpool North PCN pharmacy leads",
        "",
        "",
        "",
        "",
    ),
    (
        dt.datetime(2025, 2, 20),
        "Lancashire and South Cumbria ICB",
        "Darwen",
        "Event",
        "Darwen health fair",
        "",
        "",
        "",
        "",
    ),
    (
        "16/07/2025",
        "Lancashire and South Cumbria",
        "U34816",
        "Call",
        "Blackburn West PCN Pharmacy First referrals",
        "",
        "",
        "",
        "",
    ),
)

DEVON_HEADERS = (
    "Date",
    "Footprint",
    "Level",
    "Kind",
    "Title",
    "People",
    "Organisation",
    "Summary",
    "Topics",
)
DEVON_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "3 Nov 2025",
        "NHS Devon ICB",
        "System",
        "Meeting",
        "ICB pharmacy contract update",
        "Jo Bloggs; A N Other",
        "NHS Devon",
        "Discussed £2.5m – Pharmacy First funding",
        "Pharmacy First; Hypertension case-finding",
    ),
    (
        "14/10/2025",
        "Exeter City PCN",
        "Neighbourhood",
        "Call",
        "Exeter City PCN CD call",
        "",
        "",
        "",
        "",
    ),
    ("2019-06-12", "Devon", "System", "Meeting", "Devon STP estates group", "", "", "", ""),
    (
        "2025-09-30",
        "Plymouth",
        "Place",
        "Meeting",
        "Plymouth health and wellbeing board",
        "",
        "",
        "",
        "",
    ),
    ("21/05/2025", "U21059", "", "Email", "North Devon Coastal PCN flu plan", "", "", "", ""),
    (
        "05/03/2024",
        "Livewell Mayflower PCN",
        "PCN",
        "Webinar",
        "Pharmacy First webinar",
        "",
        "",
        "",
        "",
    ),
    (
        "30/01/2026",
        "Culm Valley",
        "Neighbourhood",
        "Meeting",
        "Culm Valley PCN meeting",
        "",
        "",
        "",
        "",
    ),
)

BLMK_HEADERS = ("Date", "Area", "Kind", "Title", "Notes", "Topics")
BLMK_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "12/04/2023",
        "Bedfordshire, Luton & Milton Keynes",
        "Meeting",
        "BLMK ICB pharmacy lead meeting",
        "",
        "",
    ),
    ("02/13/2024", "Luton", "Meeting", "Luton place board (US-format date)", "", ""),
    (
        "05/05/2026",
        "Bedfordshire Luton and Milton Keynes",
        "Meeting",
        "Post-merger introduction",
        "",
        "",
    ),
    ("18/07/2024", "Trident PCN", "Call", "Trident PCN CD call", "", "Pharmacy First"),
    ("11/09/2024", "Luton", "Meeting", "Luton place board", "", ""),
    ("01/10/2024", "Leighton Buzzard Locality", "Meeting", "Locality meeting", "", ""),
    ("12/03/2205", "Milton Keynes", "Meeting", "Year typed wrong", "", ""),
    ("25/12/2024", "Central Bedfordshire", "Tea party", "Christmas event", "", ""),
    ("19/02/2025", "Milton Keynes", "Meeting", "", "No title given", ""),
    (
        "12/04/2023",
        "Bedfordshire, Luton and Milton Keynes",
        "meeting",
        "BLMK ICB pharmacy lead meeting",
        "",
        "",
    ),
)


def _check() -> None:
    codes = _reference_codes()
    missing = [c for c in CODES_USED if c not in codes]
    names = _pcn_names()
    missing += [n for n in PCNS_USED if n.lower() not in names]
    if missing:
        raise SystemExit(f"not in resources/reference: {', '.join(missing)}")


def _lancashire(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Engagement log"
    sheet["A1"] = "Community Pharmacy Lancashire and South Cumbria - NHS engagement log"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "Kept by the LPC office, 2019 onwards. Please add new rows at the bottom."
    sheet.merge_cells("A2:I2")
    sheet.append([])
    sheet.append(list(LANCASHIRE_HEADERS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for row in LANCASHIRE_ROWS:
        sheet.append(list(row))
    for (cell,) in sheet.iter_rows(min_row=5, min_col=1, max_col=1):
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "dd/mm/yyyy"
    workbook.save(path)


def _devon(path: Path) -> None:
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(DEVON_HEADERS)
        writer.writerows(DEVON_ROWS)


def _blmk(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Contacts"
    sheet.append(list(BLMK_HEADERS))
    for row in BLMK_ROWS:
        sheet.append(list(row))
    workbook.save(path)


def main() -> None:
    _check()
    OUT.mkdir(parents=True, exist_ok=True)
    _lancashire(OUT / "lancashire_engagement_log.xlsx")
    _devon(OUT / "devon_lpc_log.csv")
    _blmk(OUT / "blmk_contacts_with_errors.xlsx")
    print(f"wrote 3 files to {OUT}")


if __name__ == "__main__":
    main()
