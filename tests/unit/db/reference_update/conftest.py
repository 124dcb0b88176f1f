"""Official files written by the tests in the layouts NHS England, ODS and ONS publish.

Each file starts as the footprints the database already holds (so applying it unchanged
changes nothing) and a test edits the rows to make the change it is about: two ICBs
merged, a PCN added, a council moved. The layouts are the real ones (see the readers'
docstrings for where each was found).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from icstracker.db.database import Database
from icstracker.db.models import (
    Area,
    AreaAlias,
    AreaMembership,
    AreaSuccession,
    GpPractice,
    ReferenceUpdate,
)

GP_HEADER = (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
    "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,"
    "ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME"
).split(",")
EPCN_DETAILS = [
    "PCN Code", "PCN Name", "Current Sub ICB Loc Code", "Sub ICB Location", "Open Date",
    "Close Date", "Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4",
    "Address Line 5", "Postcode",
]  # fmt: skip
EPCN_PARTNERS = [
    "Partner\r\nOrganisation\r\nCode", "Partner\r\nName", "Practice\r\nParent\r\nSub ICB Loc Code",
    "Practice\r\nParent\r\nSub ICB Loc Name", "PCN Code", "PCN Name",
    "PCN\r\nParent\r\nSub ICB Loc Code", "PCN\r\nParent\r\nSub ICB Loc Name",
    "Practice to PCN\r\nRelationship\r\nStart Date", "Practice to PCN\r\nRelationship\r\nEnd Date",
    "Practice Sub ICB and PCN Sub ICB Match?",
]  # fmt: skip
TODAY = dt.date(2026, 12, 2)

Row = dict[str, str]


@dataclass
class Footprints:
    """What a test compares before and after: every area, membership and succession."""

    areas: set[tuple[object, ...]]
    memberships: list[tuple[object, ...]]
    successions: set[tuple[object, ...]]
    practices: set[tuple[object, ...]]
    aliases: set[tuple[object, ...]]
    updates: int


def footprints(session: Session) -> Footprints:
    parent = aliased(Area)
    return Footprints(
        set(
            session.execute(
                select(
                    Area.code, Area.kind, Area.name, Area.short_name, Area.path, Area.system_id,
                    Area.parent_id, Area.valid_from, Area.valid_to, Area.ons_code, Area.notes,
                )
            ).all()
        ),
        sorted(
            session.execute(
                select(
                    Area.code, parent.code, AreaMembership.valid_from, AreaMembership.valid_to,
                    AreaMembership.share, AreaMembership.is_main, AreaMembership.basis,
                )
                .join(Area, Area.id == AreaMembership.area_id)
                .join(parent, parent.id == AreaMembership.parent_id)
            ).all(),
            key=repr,
        ),
        set(
            session.execute(
                select(Area.code, parent.code, AreaSuccession.kind, AreaSuccession.effective)
                .join(Area, Area.id == AreaSuccession.predecessor_id)
                .join(parent, parent.id == AreaSuccession.successor_id)
            ).all()
        ),
        set(session.execute(select(GpPractice.code, GpPractice.pcn_id, GpPractice.sub_icb_id))),
        set(session.execute(select(AreaAlias.area_id, AreaAlias.normalised, AreaAlias.kind))),
        len(session.scalars(select(ReferenceUpdate.id)).all()),
    )  # fmt: skip


class OfficialFiles:
    """Writes official files for the database ``db`` into ``folder``."""

    GP_HEADER = GP_HEADER

    def __init__(self, db: Database, folder: Path) -> None:
        self.db = db
        self.folder = folder

    # -- NHS England's GP practice mapping -------------------------------------------

    def gp_rows(self, extract: str = "01Apr2027") -> list[Row]:
        """One row per practice, as gp-reg-pat-prac-map.csv of the footprints held."""
        with self.db.session() as session:
            areas = {a.id: a for a in session.scalars(select(Area))}
            practices = session.scalars(select(GpPractice).order_by(GpPractice.code)).all()
            rows = []
            for practice in practices:
                sub_icb = areas[practice.sub_icb_id] if practice.sub_icb_id else None
                if sub_icb is None or sub_icb.valid_to is not None:
                    continue
                icb = areas[sub_icb.parent_id or 0]
                region = areas[icb.parent_id or 0]
                pcn = areas[practice.pcn_id] if practice.pcn_id else None
                rows.append(
                    {
                        "PUBLICATION": "GP_PRAC_PAT_LIST",
                        "EXTRACT_DATE": extract,
                        "PRACTICE_CODE": practice.code,
                        "PRACTICE_NAME": practice.name,
                        "PRACTICE_POSTCODE": practice.postcode or "",
                        "PCN_CODE": pcn.code if pcn else "U",
                        "PCN_NAME": pcn.name.upper() if pcn else "Unallocated",
                        "ONS_SUB_ICB_LOCATION_CODE": sub_icb.ons_code or "",
                        "SUB_ICB_LOCATION_CODE": sub_icb.code,
                        "SUB_ICB_LOCATION_NAME": sub_icb.name,
                        "ONS_ICB_CODE": icb.ons_code or "",
                        "ICB_CODE": icb.code,
                        "ICB_NAME": icb.name,
                        "ONS_COMM_REGION_CODE": region.ons_code or "",
                        "COMM_REGION_CODE": region.code,
                        "COMM_REGION_NAME": region.name,
                        "SUPPLIER_NAME": "EMIS",
                    }
                )
        return rows

    def gp_mapping(
        self,
        rows: list[Row] | None = None,
        name: str = "gp-reg-pat-prac-map.csv",
        header: list[str] | None = None,
    ) -> Path:
        rows = self.gp_rows() if rows is None else rows
        header = header or GP_HEADER
        path = self.folder / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    # -- the ODS ePCN workbook --------------------------------------------------------

    def epcn_rows(self) -> tuple[list[list[object]], list[list[object]]]:
        """PCNDetails and PCN Core Partner Details rows for every PCN in use."""
        with self.db.session() as session:
            areas = {a.id: a for a in session.scalars(select(Area))}
            by_pcn: dict[int, Counter[int]] = defaultdict(Counter)
            practices = session.scalars(select(GpPractice).order_by(GpPractice.code)).all()
            for practice in practices:
                if practice.pcn_id and practice.sub_icb_id:
                    by_pcn[practice.pcn_id][practice.sub_icb_id] += 1
            details = []
            for pcn_id, counts in sorted(by_pcn.items(), key=lambda item: areas[item[0]].code):
                pcn = areas[pcn_id]
                if pcn.valid_to is not None:
                    continue
                ranked = sorted(counts.items(), key=lambda i: (-i[1], areas[i[0]].code))
                sub_icb = areas[ranked[0][0]]
                details.append(
                    [pcn.code, pcn.name.upper(), sub_icb.code, sub_icb.name.upper(), 20190701,
                     None, "1 HIGH STREET", None, None, "TOWN", None, "AB1 2CD"]
                )  # fmt: skip
            partners = []
            for practice in practices:
                if practice.pcn_id and practice.sub_icb_id:
                    sub_icb = areas[practice.sub_icb_id]
                    pcn = areas[practice.pcn_id]
                    partners.append(
                        [practice.code, practice.name, sub_icb.code, sub_icb.name.upper(),
                         pcn.code, pcn.name.upper(), sub_icb.code, sub_icb.name.upper(),
                         20190701, None, "TRUE"]
                    )  # fmt: skip
        return details, partners

    def epcn(
        self,
        details: list[list[object]],
        partners: list[list[object]] | None = None,
        name: str = "ePCN.xlsx",
        details_sheet: str = "PCNDetails",
        details_header: list[str] | None = None,
    ) -> Path:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = details_sheet
        sheet.append(details_header or EPCN_DETAILS)
        for row in details:
            sheet.append(row)
        if partners is not None:
            other = workbook.create_sheet("PCN Core Partner Details")
            other.append(EPCN_PARTNERS)
            for row in partners:
                other.append(row)
        path = self.folder / name
        workbook.save(path)
        return path

    # -- ONS lookups ------------------------------------------------------------------

    def _councils(self, session: Session) -> list[tuple[Area, list[tuple[Area, float]]]]:
        """Each council an ONS LAD lookup names, with its ICBs and shares today."""
        areas = {a.id: a for a in session.scalars(select(Area))}
        shares: dict[int, list[tuple[Area, float]]] = defaultdict(list)
        for membership in session.scalars(
            select(AreaMembership).where(AreaMembership.valid_to.is_(None))
        ):
            parent = areas[membership.parent_id]
            if parent.kind == "icb":
                shares[membership.area_id].append((parent, membership.share))
        return [
            (area, sorted(shares[area.id], key=lambda s: -s[1]))
            for area in sorted(areas.values(), key=lambda a: a.code)
            if area.kind in ("local_authority", "district")
            and area.code[:3] in ("E06", "E07", "E08", "E09")
            and area.valid_to is None
        ]

    def ons_lad(self, year: int = 27, edit: Callable[[list[Row]], None] | None = None) -> Path:
        """An ONS *Local Authority District to ICB* lookup: each council's main ICB."""
        with self.db.session() as session:
            rows = [
                {
                    f"LAD{year}CD": council.code,
                    f"LAD{year}NM": council.name,
                    f"ICB{year}CD": icbs[0][0].ons_code or "",
                    f"ICB{year}CDH": icbs[0][0].code,
                    f"ICB{year}NM": icbs[0][0].name,
                    "ObjectId": str(number),
                }
                for number, (council, icbs) in enumerate(self._councils(session), start=1)
            ]
        if edit:
            edit(rows)
        return self._csv(f"LAD{year}_ICB{year}_EN_LU.csv", rows)

    def ons_lsoa(self, year: int = 27, edit: Callable[[list[Row]], None] | None = None) -> Path:
        """An ONS *LSOA (2021) to Sub ICB Location to ICB to LAD* lookup, with invented LSOAs:
        each council's shares as LSOA counts, each in the first sub-ICB location of its
        ICB, and one more LSOA for every sub-ICB location."""
        with self.db.session() as session:
            sub_icbs: dict[int, list[Area]] = defaultdict(list)
            query = select(Area).where(Area.kind == "sub_icb").order_by(Area.code)
            for area in session.scalars(query):
                if area.valid_to is None:
                    sub_icbs[area.system_id or 0].append(area)
            icbs = {a.id: a for a in session.scalars(select(Area).where(Area.kind == "icb"))}
            first_council = {}
            rows: list[Row] = []

            def row(sub_icb: Area, council: Area) -> Row:
                icb = icbs[sub_icb.system_id or 0]
                return {
                    "LSOA21CD": f"E01{len(rows):06d}",
                    "LSOA21NM": f"Somewhere {len(rows):03d}A",
                    f"SICBL{year}CD": sub_icb.ons_code or "",
                    f"SICBL{year}CDH": sub_icb.code,
                    f"SICBL{year}NM": sub_icb.name,
                    f"ICB{year}CD": icb.ons_code or "",
                    f"ICB{year}CDH": icb.code,
                    f"ICB{year}NM": icb.name,
                    f"LAD{year}CD": council.code,
                    f"LAD{year}NM": council.name,
                    "ObjectId": str(len(rows) + 1),
                }

            for council, shares in self._councils(session):
                for icb, share in shares:
                    first_council.setdefault(icb.id, council)
                    for _ in range(max(1, round(share * 20))):
                        rows.append(row(sub_icbs[icb.id][0], council))
            for icb_id, subs in sub_icbs.items():
                for sub_icb in subs:
                    rows.append(row(sub_icb, first_council[icb_id]))
        if edit:
            edit(rows)
        return self._csv(f"LSOA21_SICBL{year}_ICB{year}_LAD{year}_EN_LU.csv", rows)

    def _csv(self, name: str, rows: list[Row]) -> Path:
        path = self.folder / name
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # ONS writes a BOM
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return path


@pytest.fixture
def files(db: Database, tmp_path: Path) -> OfficialFiles:
    return OfficialFiles(db, tmp_path)


@pytest.fixture
def snapshot_of() -> Callable[[Database], Footprints]:
    def take(database: Database) -> Footprints:
        with database.session() as session:
            return footprints(session)

    return take
