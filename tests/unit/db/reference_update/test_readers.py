"""The readers alone: each file recognised by its contents, in the forms it is published in."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from icstracker.db.reference.official import read_official_file
from icstracker.db.reference.official.gp_mapping import parse_extract_date
from icstracker.db.reference.official.snapshot import from_payload, to_payload
from icstracker.errors import ReferenceFileError

GP_MAPPING = (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
    "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,"
    "ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME\n"
    "GP_PRAC_PAT_LIST,01Aug2026,A81001,THE DENSHAM SURGERY,TS18 1HU,U89141,STOCKTON PCN,"
    "E38000247,16C,NHS North East and North Cumbria ICB - 16C,E54000050,QHM,"
    "NHS North East and North Cumbria Integrated Care Board,E40000012,Y63,"
    "North East and Yorkshire,TPP\n"
    "GP_PRAC_PAT_LIST,01Aug2026,A81002,QUEENS PARK MEDICAL CENTRE,TS18 2AW,U89141,"
    "STOCKTON PCN,E38000247,16C,NHS North East and North Cumbria ICB - 16C,E54000050,QHM,"
    "NHS North East and North Cumbria Integrated Care Board,E40000012,Y63,"
    "North East and Yorkshire,TPP\n"
    "GP_PRAC_PAT_LIST,01Aug2026,A81099,NO PCN SURGERY,TS1 1AA,U,Unallocated,"
    "E38000247,16C,NHS North East and North Cumbria ICB - 16C,E54000050,QHM,"
    "NHS North East and North Cumbria Integrated Care Board,E40000012,Y63,"
    "North East and Yorkshire,TPP\n"
)


def test_the_gp_mapping_inside_the_zip_nhs_england_publishes(tmp_path: Path) -> None:
    path = tmp_path / "gp-reg-pat-prac-map.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("gp-reg-pat-prac-map.csv", GP_MAPPING)
    snapshot = read_official_file(path)
    assert (snapshot.source, snapshot.dated, snapshot.dated_by) == (
        "gp_practice_mapping",
        dt.date(2026, 8, 1),
        "extract date 01Aug2026",
    )
    assert snapshot.complete == ("icb", "sub_icb", "pcn")
    assert {(a.kind, a.code, a.ons_code, a.parent) for a in snapshot.areas} == {
        ("icb", "QHM", "E54000050", "Y63"),
        ("sub_icb", "16C", "E38000247", None),
        ("pcn", "U89141", None, None),
    }
    assert [(p.code, p.pcn) for p in snapshot.practices] == [
        ("A81001", "U89141"),
        ("A81002", "U89141"),
        ("A81099", None),
    ]
    assert from_payload(to_payload(snapshot, dt.date(2026, 8, 1))) == (
        snapshot,
        dt.date(2026, 8, 1),
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [("01Aug2026", dt.date(2026, 8, 1)), ("1apr2027", dt.date(2027, 4, 1)),
     ("2027-04-01", dt.date(2027, 4, 1)), ("31Feb2027", None), ("Aug 2026", None)],
)  # fmt: skip
def test_extract_dates(text: str, day: dt.date | None) -> None:
    assert parse_extract_date(text) == day


def _workbook(path: Path, details_header: list[str], rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "PCNDetails"
    sheet.append(details_header)
    for row in rows:
        sheet.append(row)
    partners = workbook.create_sheet("PCN Core Partner Details")
    partners.append(
        ["Partner\r\nOrganisation\r\nCode", "Partner\r\nName",
         "Practice\r\nParent\r\nSub ICB Loc Code", "Practice\r\nParent\r\nSub ICB Loc Name",
         "PCN Code", "PCN Name", "PCN\r\nParent\r\nSub ICB Loc Code",
         "PCN\r\nParent\r\nSub ICB Loc Name", "Practice to PCN\r\nRelationship\r\nStart Date",
         "Practice to PCN\r\nRelationship\r\nEnd Date", "Practice Sub ICB and PCN Sub ICB Match?"]
    )  # fmt: skip
    partners.append(["A81001", "THE DENSHAM SURGERY", "16C", "X", "U89141", "STOCKTON PCN",
                     "16C", "X", 20190701, 20230331, "TRUE"])  # fmt: skip
    partners.append(["A81001", "THE DENSHAM SURGERY", "16C", "X", "U11111", "NEW PCN",
                     "16C", "X", "20230401", None, "TRUE"])  # fmt: skip
    workbook.save(path)
    return path


def test_the_epcn_workbook_with_its_broken_headers_and_dates(tmp_path: Path) -> None:
    header = ["PCN Code", "PCN Name", "Current Sub ICB Loc Code", "Sub ICB Location",
              "Open Date", "Close Date", "Address Line 1", "Postcode"]  # fmt: skip
    path = _workbook(
        tmp_path / "ePCN.xlsx",
        header,
        [["U89141", "STOCKTON PCN", "16C", "NHS X ICB - 16C", 20190701, 20230331, "A", "B"],
         ["U11111", "NEW PCN", "16C", "NHS X ICB - 16C", "20230401", None, "A", "B"]],
    )  # fmt: skip
    snapshot = read_official_file(path)
    assert snapshot.source == "epcn" and snapshot.complete == ("pcn",)
    assert [(a.code, a.opened, a.closed) for a in snapshot.areas] == [
        ("U89141", dt.date(2019, 7, 1), dt.date(2023, 3, 31)),
        ("U11111", dt.date(2023, 4, 1), None),
    ]
    assert [(p.area, p.parent) for p in snapshot.placements] == [
        ("U89141", "16C"),
        ("U11111", "16C"),
    ]
    assert [(p.code, p.pcn) for p in snapshot.practices] == [("A81001", "U11111")]
    assert snapshot.dated_by == "the date the workbook was saved"

    zipped = tmp_path / "epcn.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(path, "ePCN.xlsx")
        archive.writestr("ePCN.xlsx Specification.pdf", b"%PDF-1.4")
    assert read_official_file(zipped).areas == snapshot.areas


def test_an_epcn_date_that_is_not_one(tmp_path: Path) -> None:
    header = ["PCN Code", "PCN Name", "Current Sub ICB Loc Code", "Open Date", "Close Date"]
    path = _workbook(tmp_path / "ePCN.xlsx", header, [["U1", "P", "16C", "1 July 2019", None]])
    with pytest.raises(ReferenceFileError, match="row 2: '1 July 2019' is not a date"):
        read_official_file(path)


@pytest.mark.parametrize(
    ("name", "header", "dated", "complete"),
    [
        ("LSOA21_SICBL26_ICB26_CAL26_LAD26_EN_LU.csv",
         "\ufeffLSOA21CD,LSOA21NM,SICBL26CD,SICBL26CDH,SICBL26NM,ICB26CD,ICB26CDH,ICB26NM,"
         "CAL26CD,CAL26NM,LAD26CD,LAD26NM,ObjectId",
         dt.date(2026, 4, 1), ("icb", "sub_icb", "lad")),
        ("Sub_ICB_Locations_to_ICBs_to_NHS_England_(Region)_(July_2026)_Lookup_in_EN.csv",
         "SICBL26CD,SICBL26CDH,SICBL26NM,ICB26CD,ICB26CDH,ICB26NM,NHSER26CD,NHSER26CDH,"
         "NHSER26NM,ObjectId",
         dt.date(2026, 7, 1), ("icb", "sub_icb")),
        ("LAD26_ICB26_EN_LU.csv", "LAD26CD,LAD26NM,ICB26CD,ICB26CDH,ICB26NM,ObjectId",
         dt.date(2026, 4, 1), ("icb", "lad")),
    ],
)  # fmt: skip
def test_ons_lookups_of_any_year(
    tmp_path: Path, name: str, header: str, dated: dt.date, complete: tuple[str, ...]
) -> None:
    values = {
        "LSOA21CD": "E01000001", "LSOA21NM": "City of London 001A", "SICBL26CD": "E38000255",
        "SICBL26CDH": "93C", "SICBL26NM": "NHS West and North London ICB - 93C",
        "ICB26CD": "E54000071", "ICB26CDH": "Z9B2Z",
        "ICB26NM": "NHS West and North London Integrated Care Board", "CAL26CD": "E56000001",
        "CAL26NM": "North Central London", "LAD26CD": "E09000001", "LAD26NM": "City of London",
        "NHSER26CD": "E40000003", "NHSER26CDH": "Y56", "NHSER26NM": "London", "ObjectId": "1",
    }  # fmt: skip
    columns = header.lstrip("\ufeff").split(",")
    path = tmp_path / name
    path.write_text(header + "\n" + ",".join(values[c] for c in columns) + "\n", encoding="utf-8")
    snapshot = read_official_file(path)
    assert (snapshot.source, snapshot.dated, snapshot.complete) == ("ons_lookup", dated, complete)
    icb = next(a for a in snapshot.areas if a.kind == "icb")
    assert (icb.code, icb.ons_code) == ("Z9B2Z", "E54000071")
    if "NHSER26CDH" in columns:
        assert icb.parent == "Y56"


def test_an_ons_file_mixing_years_or_lacking_icbs(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("SICBL24CD,SICBL24CDH,ICB26CD,ICB26NM\nE38000255,93C,E54000071,X\n")
    with pytest.raises(ReferenceFileError, match="mixes sub-ICB locations of 2024 with ICBs of"):
        read_official_file(mixed)
    bare = tmp_path / "icbs.csv"
    bare.write_text("ICB26CD,ICB26NM\nE54000071,X\n")
    with pytest.raises(ReferenceFileError, match="neither their sub-ICB locations"):
        read_official_file(bare)


def test_other_files_are_named_and_refused(tmp_path: Path) -> None:
    picture = tmp_path / "map.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ReferenceFileError, match="map.csv is none of the official files"):
        read_official_file(picture)
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", "x\n")
        archive.writestr("b.csv", "y\n")
    with pytest.raises(ReferenceFileError, match=r"should hold one \.csv or \.xlsx file"):
        read_official_file(two)
    with pytest.raises(ReferenceFileError, match="is not a file"):
        read_official_file(tmp_path)
