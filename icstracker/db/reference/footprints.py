"""Turns the shipped NHS and ONS files into one tree of footprints, with their history.

Pure functions from CSV rows to records: no database here, so the rules below are
tested directly against the real files.

Codes. Each area has one primary ``code``: regions and ICBs and sub-ICB locations by
their ODS code (stable across the ONS re-codings of 2022, 2023 and 2026), STPs by their
2016/17 ONS code, councils by their ONS code, PCNs by their ``U`` code. Every other code
an area has carried is kept as an alias so an old record still finds it.

Roll-up parents (see ``models.Area``): a 2016 STP rolls up to the ICB it became; an ICB
merged in April 2026 rolls up to its one successor; an ICB split between several
successors stays under its region, closed. Sub-ICB locations and councils sit under
their April 2026 ICB, PCNs under their sub-ICB location, two-tier districts under their
county when they share its ICB.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from icstracker.db.reference.councils import council_areas
from icstracker.db.reference.eras import (
    ICB_ESTABLISHED,
    ICBS_MERGED,
    LAST_DAY_OF_42_ICBS,
    NORTH_EAST_STPS_MERGED,
    STP_AGREED,
    STP_CLOSED,
)
from icstracker.db.reference.names import known_words
from icstracker.db.reference.neighbourhoods import pcn_areas
from icstracker.db.reference.records import (
    AreaRecord,
    Footprints,
    MembershipRecord,
    PracticeRecord,
    SuccessionRecord,
    parse_date,
    read_csv,
)
from icstracker.text import long_date

# SOURCES M (Health Foundation README): the merged STP was "first" E54000049.
NORTH_EAST_MERGED_FIRST_CODE = "E54000049"


def _regions(folder: Path) -> dict[str, AreaRecord]:
    regions = {}
    for row in read_csv(folder / "nhs_region.csv"):
        record = AreaRecord(
            code=row["nhs_region_ods_code"],
            kind="region",
            level_key=None,
            name=row["nhs_region_name"],
            short_name=row["nhs_region_name"],
            parent_code=None,
            ons_code=row["ons_code_2026"],
            ods_code=row["nhs_region_ods_code"],
        )
        for column in ("ons_code_2020_2022", "ons_code_2022_2026"):
            if row[column] != record.ons_code:
                record.alias(row[column], "former_ons_code")
        regions[record.code] = record
    return regions


def _icbs(folder: Path) -> tuple[dict[str, AreaRecord], list[SuccessionRecord]]:
    old = {row["icb_ods_code"]: row for row in read_csv(folder / "icb.csv")}
    new = {row["icb_ods_code"]: row for row in read_csv(folder / "icb_2026.csv")}
    successions = [
        SuccessionRecord(
            predecessor_code=row["predecessor_icb_ods_code"],
            successor_code=row["successor_icb_ods_code"],
            effective=dt.date.fromisoformat(row["succession_date"]),
            kind=row["succession_type"],
        )
        for row in read_csv(folder / "icb_succession_2026.csv")
    ]
    successors: dict[str, set[str]] = defaultdict(set)
    for succession in successions:
        successors[succession.predecessor_code].add(succession.successor_code)

    icbs: dict[str, AreaRecord] = {}
    for code in sorted(old.keys() | new.keys()):
        latest = new.get(code) or old[code]
        closed = parse_date(old[code]["closed_date"]) if code in old and code not in new else None
        if closed is not None and len(successors[code]) == 1:
            parent = next(iter(successors[code]))
        else:
            parent = latest["nhs_region_ods_code"]
        notes = None
        if closed is not None:
            status = old[code]["status_from_2026_04_01"]
            notes = (
                f"Closed {long_date(closed)} ({status}); successor(s): "
                + ", ".join(sorted(successors[code]))
                + "."
            )
        record = AreaRecord(
            code=code,
            kind="icb",
            level_key="system",
            name=latest["icb_name"],
            short_name=latest["icb_short_name"],
            parent_code=parent,
            ons_code=latest["icb_ons_code"],
            ods_code=code,
            valid_from=parse_date(latest["established_date"]),
            valid_to=closed,
            notes=notes,
        )
        if code in old:
            record.alias(old[code]["icb_ons_code"], "former_ons_code")
            record.alias(old[code]["icb_ons_code_2022"], "former_ons_code")
            record.alias(old[code]["icb_name"], "former_name")
        record.alias(record.short_name, "short_name")
        icbs[code] = record
    return icbs, successions


def _apply_stp_2021_names(folder: Path, icbs: dict[str, AreaRecord]) -> None:
    for row in read_csv(folder / "stp_2021.csv"):
        icb = icbs[row["icb_ods_code"]]
        icb.alias(row["stp_name_2021"], "stp_name")
        icb.alias(row["stp_name_2020"], "stp_name")
        if row["stp_code_2021"] != icb.ons_code:
            icb.alias(row["stp_code_2021"], "stp_code")


def _apply_designations(folder: Path, icbs: dict[str, AreaRecord]) -> None:
    """Files each ICS designation under its ICB; the latest wave designated the whole system.

    Some systems were designated in parts (Berkshire West and Buckinghamshire in 2017,
    then Buckinghamshire, Oxfordshire and Berkshire West in 2019): the ICB shows the
    latest, widest designation and every earlier one is listed in its notes and aliases.
    """
    rows_by_icb: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv(folder / "ics_designation.csv"):
        rows_by_icb[row["icb_ods_code"]].append(row)
    for code, rows in rows_by_icb.items():
        icb = icbs[code]
        rows.sort(key=lambda r: (int(r["wave"]), r["announced"]))
        whole = [row for row in rows if not _designated_part_only(row)]
        lines = []
        if whole:
            main = whole[-1]
            icb.designation_wave = int(main["wave"])
            icb.designation_announced = main["announced"] or None
            icb.designation_effective = main["effective"] or None
            icb.designation_name = main["ics_name_at_designation"]
        else:
            lines.append(
                "The sources record no designation of the whole system, only of part of it."
            )
        for row in rows:
            icb.alias(row["ics_name_at_designation"], "ics_designation_name")
            when = row["effective"] or row["announced"]
            basis = " (wave inferred by elimination)" if row["basis"] == "inferred" else ""
            lines.append(
                f"ICS designation: {row['ics_name_at_designation']}, wave {row['wave']}, "
                f"announced {row['announced']}, effective {when}{basis}."
            )
        icb.notes = "\n".join(filter(None, [icb.notes, *lines]))


def _designated_part_only(row: dict[str, str]) -> bool:
    """A designation of part of a footprint, as ics_designation.csv's notes say.

    "Blackpool and Fylde Coast" (wave 1) was "Part of the Lancashire and South Cumbria
    footprint"; Berkshire West and Buckinghamshire were later "Absorbed into" the whole
    system. Showing such a wave as the ICS's own would overstate how early it was.
    """
    notes = row["notes"]
    return notes.startswith("Part of the") or notes.startswith("Absorbed into")


def _stps(folder: Path) -> tuple[dict[str, AreaRecord], list[SuccessionRecord]]:
    """The 44 STPs of 2016, and the merged north-east STP they formed in 2018.

    Without the 2018 STP, nothing at system level would be valid in the North East
    from September 2018 to June 2022. Codes and names an STP carried by 2021 (SOURCES G
    and F) are kept on the STP itself, so a 2021 minute naming E54000054 finds West
    Yorkshire and Harrogate STP rather than the ICB that did not yet exist.
    """
    stps: dict[str, AreaRecord] = {}
    successions: list[SuccessionRecord] = []
    for row in read_csv(folder / "stp_2016.csv"):
        merged_2018 = row["relationship_2017_to_2021"] == "merged"
        closed = NORTH_EAST_STPS_MERGED if merged_2018 else STP_CLOSED
        successor = row["stp_code_2021"] if merged_2018 else row["icb_ods_code"]
        if merged_2018:
            note_parts = [
                f"Merged into {row['stp_name_2021']} STP ({successor}) in August 2018, "
                f"which became {row['icb_name']}."
            ]
            _merged_stp(stps, successions, row)
        else:
            note_parts = [f"Became {row['icb_name']} ({row['relationship_2017_to_2021']})."]
        if row["notes"]:
            note_parts.append(row["notes"])
        record = AreaRecord(
            code=row["stp_code_2017"],
            kind="stp",
            level_key="system",
            name=row["stp_name_2017"],
            short_name=row["stp_name_2017"],
            parent_code=successor,
            ons_code=row["stp_code_2017"],
            valid_from=STP_AGREED,
            valid_to=closed,
            notes=" ".join(note_parts),
        )
        if not merged_2018:
            record.alias(row["stp_code_2021"], "stp_code")
            record.alias(row["stp_name_2021"], "stp_name")
        stps[record.code] = record
        successions.append(
            SuccessionRecord(
                predecessor_code=record.code,
                successor_code=successor,
                effective=closed + dt.timedelta(days=1),
                kind="merger" if merged_2018 else "became",
                notes=row["basis"] or None,
            )
        )
    return stps, successions


def _merged_stp(
    stps: dict[str, AreaRecord], successions: list[SuccessionRecord], row: dict[str, str]
) -> None:
    code = row["stp_code_2021"]
    if code in stps:
        return
    stps[code] = AreaRecord(
        code=code,
        kind="stp",
        level_key="system",
        name=row["stp_name_2021"],
        short_name=row["stp_name_2021"],
        parent_code=row["icb_ods_code"],
        ons_code=code,
        valid_from=NORTH_EAST_STPS_MERGED + dt.timedelta(days=1),
        valid_to=STP_CLOSED,
        notes=(
            f"Formed in August 2018 by the merger of three 2016 STPs (SOURCES M, first coded "
            f"{NORTH_EAST_MERGED_FIRST_CODE}; {code} in ONS STP20/STP21). "
            f"Became {row['icb_name']}."
        ),
    )
    stps[code].alias(NORTH_EAST_MERGED_FIRST_CODE, "stp_code")
    successions.append(
        SuccessionRecord(
            predecessor_code=code,
            successor_code=row["icb_ods_code"],
            effective=ICB_ESTABLISHED,
            kind="became",
        )
    )


def _sub_icbs(folder: Path) -> dict[str, AreaRecord]:
    sub_icbs = {}
    for row in read_csv(folder / "sub_icb.csv"):
        code = row["sub_icb_ods_code"]
        in_2026 = bool(row["sub_icb_ons_code_2026"])
        in_2024 = bool(row["sub_icb_ons_code_2024"])
        record = AreaRecord(
            code=code,
            kind="sub_icb",
            level_key="place",
            name=row["sub_icb_name_2026"] if in_2026 else row["sub_icb_name_2024"],
            short_name=row["sub_icb_name_2026"] if in_2026 else row["sub_icb_name_2024"],
            parent_code=row["icb_ods_code_2026"] if in_2026 else row["icb_ods_code_2024"],
            ons_code=row["sub_icb_ons_code_2026"] or row["sub_icb_ons_code_2024"],
            ods_code=code,
            valid_from=ICB_ESTABLISHED if in_2024 else ICBS_MERGED,
            valid_to=None if in_2026 else LAST_DAY_OF_42_ICBS,
        )
        for column in ("sub_icb_ons_code_2022", "sub_icb_ons_code_2024"):
            record.alias(row[column] if row[column] != record.ons_code else None, "former_ons_code")
        record.alias(row["sub_icb_name_2022"], "former_name")
        record.alias(row["sub_icb_name_2024"], "former_name")
        sub_icbs[code] = record
    return sub_icbs


def _practices(folder: Path, pcn_codes: Iterable[str]) -> list[PracticeRecord]:
    known = set(pcn_codes)
    return [
        PracticeRecord(
            code=row["practice_code"],
            name=row["practice_name"],
            postcode=row["practice_postcode"] or None,
            pcn_code=row["pcn_code"] if row["pcn_code"] in known else None,
            sub_icb_code=row["sub_icb_ods_code"],
        )
        for row in read_csv(folder / "gp_practice_pcn.csv")
    ]


def _sub_icb_memberships(folder: Path) -> list[MembershipRecord]:
    """A sub-ICB location's ICB of July 2022 – March 2026 and its ICB since."""
    found = []
    for row in read_csv(folder / "sub_icb.csv"):
        code = row["sub_icb_ods_code"]
        if row["icb_ods_code_2024"]:
            found.append(
                MembershipRecord(
                    code, row["icb_ods_code_2024"], ICB_ESTABLISHED, LAST_DAY_OF_42_ICBS
                )
            )
        if row["icb_ods_code_2026"]:
            found.append(MembershipRecord(code, row["icb_ods_code_2026"], ICBS_MERGED, None))
    return found


def _outermost_system(areas: dict[str, AreaRecord]) -> Callable[[str], str | None]:
    """The ICB an area counts under today: the outermost system-level area above it."""

    def system_of(code: str) -> str | None:
        found = None
        current: str | None = code
        while current is not None:
            record = areas[current]
            if record.level_key == "system":
                found = current
            current = record.parent_code
        return found

    return system_of


def build_footprints(folder: Path) -> Footprints:
    regions = _regions(folder)
    icbs, icb_successions = _icbs(folder)
    _apply_stp_2021_names(folder, icbs)
    _apply_designations(folder, icbs)
    stps, stp_successions = _stps(folder)
    sub_icbs = _sub_icbs(folder)
    councils = council_areas(folder, icbs)
    areas: dict[str, AreaRecord] = {}
    for group in (regions, icbs, stps, sub_icbs, councils.areas):
        clash = areas.keys() & group.keys()
        if clash:
            raise ValueError(f"reference codes used twice: {sorted(clash)[:5]}")
        areas.update(group)
    known = known_words(record.short_name for record in areas.values() if record.kind != "sub_icb")
    pcns, pcn_memberships = pcn_areas(
        folder,
        _outermost_system(areas),
        {code: record.short_name for code, record in councils.areas.items()},
        known,
    )
    clash = areas.keys() & pcns.keys()
    if clash:
        raise ValueError(f"reference codes used twice: {sorted(clash)[:5]}")
    areas.update(pcns)
    for record in areas.values():
        if record.parent_code is not None and record.parent_code not in areas:
            raise ValueError(f"{record.code} names an unknown parent {record.parent_code}")
    memberships = councils.memberships + pcn_memberships + _sub_icb_memberships(folder)
    for membership in memberships:
        for code in (membership.area_code, membership.parent_code):
            if code not in areas:
                raise ValueError(f"a membership names an unknown area {code}")
    return Footprints(
        areas=areas,
        successions=icb_successions + stp_successions + councils.successions,
        memberships=memberships,
        practices=_practices(folder, pcns),
    )
