"""A file that is malformed, older than the footprints or at odds with them is refused with
one sentence naming the file and what is wrong, and nothing changes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from icstracker.db.database import Database
from icstracker.errors import NotFoundError, ReferenceFileError
from icstracker.services.reference_update import update_reference


@pytest.fixture
def refused(db: Database, snapshot_of: Callable[..., Any]) -> Callable[..., str]:
    """Runs an update that must be refused; returns the message, having checked that the
    database is exactly as it was (no area, membership, alias or update row changed)."""

    def run(paths: list[Path], **options: Any) -> str:
        before = snapshot_of(db)
        with pytest.raises(ReferenceFileError) as caught:
            update_reference(db, paths, **options)
        assert snapshot_of(db) == before
        assert "nothing was changed" in caught.value.message
        return caught.value.message

    return run


def test_a_gp_mapping_without_a_column_names_it(files, refused) -> None:
    header = [h for h in files.GP_HEADER if h != "ICB_CODE"]
    message = refused([files.gp_mapping(header=header)])
    assert message.startswith("gp-reg-pat-prac-map.csv is not NHS England's GP practice mapping")
    assert "no ICB_CODE column" in message


def test_an_older_extract_is_refused(files, refused) -> None:
    rows = files.gp_rows(extract="01Jan2026")
    message = refused([files.gp_mapping(rows)])
    assert "of 1 January 2026 (extract date 01Jan2026), older than the footprints already " in (
        message
    )
    assert "(August 2026)" in message


def test_a_file_older_than_one_applied_since_is_refused(files, refused, db: Database) -> None:
    update_reference(db, [files.gp_mapping(files.gp_rows(extract="01Apr2027"))])
    older = files.gp_mapping(files.gp_rows(extract="01Mar2027"), name="march.csv")
    message = refused([older])
    assert "(April 2027, from gp-reg-pat-prac-map.csv)" in message


def test_a_ccg_era_mapping_and_workbook_are_refused(files, refused, tmp_path: Path) -> None:
    old = tmp_path / "gp-reg-pat-prac-map.csv"
    old.write_text(
        "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,"
        "PCN_NAME,ONS_CCG_CODE,CCG_CODE,CCG_NAME,ONS_STP_CODE,STP_CODE,STP_NAME,"
        "ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME\n"
        "GP_PRAC_PAT_LIST,01Jan2022,A81001,THE DENSHAM SURGERY,TS18 1HU,U89141,STOCKTON PCN,"
        "E38000247,16C,NHS Tees Valley CCG,E54000050,QHM,Cumbria and North East,E40000009,Y63,"
        "North East and Yorkshire\n",
        encoding="utf-8",
    )
    assert "from before July 2022 (it names CCGs and STPs)" in refused([old])
    workbook = files.epcn(
        [["U35980", "CENTRAL LIVERPOOL PCN", "99A", "NHS LIVERPOOL CCG", 20191001]],
        name="ePCN-2019.xlsx",
        details_sheet="PCN Details",
        details_header=[
            "PCN Code", "PCN Name", "Current Clinical Commissioning Group Code",
            "Clinical Commissioning Group Name", "Open Date (YYYYMMDD)", "Close Date",
        ],
    )  # fmt: skip
    assert "names Clinical Commissioning Groups" in refused([workbook])


def test_an_ons_lookup_of_2024_is_older(files, refused) -> None:
    message = refused([files.ons_lad(year=24)])
    assert "ONS lookup (ICB24) of 1 April 2024" in message


def test_a_cut_down_national_file_is_refused(files, refused) -> None:
    rows = [r for r in files.gp_rows() if r["COMM_REGION_CODE"] == "Y58"]  # the South West
    message = refused([files.gp_mapping(rows)])
    assert re.search(r"names only 7 of the 36 ICBs in use, so it is not the complete", message)


def test_a_workbook_without_the_pcn_sheet(files, refused) -> None:
    path = files.epcn([["U1"]], details_sheet="Sheet1")
    message = refused([path])
    assert message.startswith("ePCN.xlsx is not the ODS ePCN workbook: it has no 'PCNDetails'")


def test_a_workbook_naming_an_unknown_sub_icb_location(files, refused) -> None:
    details, _partners = files.epcn_rows()
    details.append(["U77777", "NEW PCN", "99Z", "NHS NOWHERE ICB - 99Z", 20270401])
    message = refused([files.epcn(details)])
    assert "pcn U77777 lies in sub-ICB location 99Z, which the footprints do not know" in message


def test_any_other_csv_or_a_bad_date(files, refused, tmp_path: Path) -> None:
    other = tmp_path / "engagements.csv"
    other.write_text("date,area,title\n2026-11-02,QE1,Board\n", encoding="utf-8")
    assert "is none of the official files ICS Tracker reads" in refused([other])
    rows = files.gp_rows(extract="31Feb2027")
    assert "EXTRACT_DATE '31Feb2027' is not a date" in refused([files.gp_mapping(rows)])


def test_one_bad_file_among_several_means_none_is_applied(files, refused) -> None:
    good = files.ons_lad()  # April 2027: applied first, then undone with the rest
    rows = files.gp_rows(extract="01May2027")
    for row in rows:
        if row["ICB_CODE"] == "QOC":
            row["ICB_CODE"], row["COMM_REGION_CODE"] = "QXX", "Y99"
    message = refused([files.gp_mapping(rows), good])
    assert "ICB QXX is in NHS England region Y99, which the footprints do not know" in message
    empty = files.gp_mapping([], name="empty.csv")
    assert "empty.csv lists no practices" in refused([good, empty])


def test_an_effective_date_before_the_memberships_it_would_end(files, refused) -> None:
    rows = files.gp_rows()
    for row in rows:
        if row["ICB_CODE"] == "QOC":
            row["ICB_CODE"], row["ONS_ICB_CODE"] = "QNC", "E54000010"
    message = refused([files.gp_mapping(rows)], effective=dt.date(2026, 1, 1))
    assert "give a later --effective date" in message


def test_a_missing_file_is_not_found(db: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="There is no file .*nowhere.csv"):
        update_reference(db, [tmp_path / "nowhere.csv"])
