"""Councils as places: upper-tier authorities and their districts under their ICB."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

from icstracker.db.reference.records import AreaRecord, OverlapRecord, read_csv

# The 2023 councils (Cumberland, Westmorland and Furness, North Yorkshire, Somerset) are
# in the April 2023 lookup but not the July 2022 one; they began on 1 April 2023.
COUNCILS_REORGANISED = dt.date(2023, 4, 1)


def main_icb(counts: Counter[str]) -> str:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


def council_areas(
    folder: Path, icbs: dict[str, AreaRecord]
) -> tuple[dict[str, AreaRecord], list[OverlapRecord]]:
    """Upper-tier councils (the usual "place") and their districts, under their 2026 ICB.

    A council split across ICBs is filed under the ICB holding most of its LSOAs (an area
    count, not population: the only share the sources give); the other shares are kept
    as overlaps. Frimley's sub-ICB has no 2026 successor in the sources, so its councils
    stay under the closed Frimley ICB rather than being guessed into a successor.
    """
    rows_2024 = read_csv(folder / "lad_to_icb.csv")
    rows_2022 = read_csv(folder / "lad_to_icb_2022.csv")
    basis = "share of LSOAs (2021), April 2026 ICBs"
    utla_counts: dict[str, Counter[str]] = defaultdict(Counter)
    lad_counts: dict[str, Counter[str]] = defaultdict(Counter)
    utla_rows: dict[str, dict[str, str]] = {}
    lad_rows: dict[str, dict[str, str]] = {}
    for row in rows_2024:
        icb = row["icb_ods_code_2026"] or row["icb_ods_code"]
        count = int(row["lsoa21_count"])
        utla_counts[row["utla_code"]][icb] += count
        lad_counts[row["lad_code"]][icb] += count
        utla_rows[row["utla_code"]] = row
        lad_rows[row["lad_code"]] = row
    codes_2022 = {row["lad_code"] for row in rows_2022}

    councils: dict[str, AreaRecord] = {}
    overlaps: list[OverlapRecord] = []

    def record_overlaps(code: str, counts: Counter[str], main: str) -> None:
        total = sum(counts.values())
        for icb, count in sorted(counts.items()):
            if icb != main:
                overlaps.append(OverlapRecord(code, icb, round(count / total, 4), basis))

    def note_for(counts: Counter[str]) -> str | None:
        if len(counts) < 2:
            return None
        total = sum(counts.values())
        parts = [f"{icbs[i].short_name} {c / total:.0%}" for i, c in counts.most_common()]
        return "Split across ICBs by share of LSOAs: " + ", ".join(parts) + "."

    for code, row in sorted(utla_rows.items()):
        main = main_icb(utla_counts[code])
        councils[code] = AreaRecord(
            code=code,
            kind="local_authority",
            level_key="place",
            name=row["utla_name"],
            short_name=row["utla_name"],
            parent_code=main,
            ons_code=code,
            valid_from=COUNCILS_REORGANISED if code in lad_rows.keys() - codes_2022 else None,
            notes=note_for(utla_counts[code]),
        )
        record_overlaps(code, utla_counts[code], main)

    for code, row in sorted(lad_rows.items()):
        if code in councils:
            continue  # a unitary council is its own upper tier
        main = main_icb(lad_counts[code])
        county = row["utla_code"]
        same_icb = councils[county].parent_code == main
        councils[code] = AreaRecord(
            code=code,
            kind="district",
            level_key="place",
            name=row["lad_name"],
            short_name=row["lad_name"],
            parent_code=county if same_icb else main,
            ons_code=code,
            valid_from=None if code in codes_2022 else COUNCILS_REORGANISED,
            notes=note_for(lad_counts[code])
            or (None if same_icb else f"District of {row['utla_name']}, in a different ICB."),
        )
        record_overlaps(code, lad_counts[code], main)

    closed_counts: dict[str, Counter[str]] = defaultdict(Counter)
    closed_names: dict[str, str] = {}
    for row in rows_2022:
        if row["lad_code"] not in lad_rows:
            closed_counts[row["lad_code"]][row["icb_ods_code"]] += int(row["lsoa11_count"])
            closed_names[row["lad_code"]] = row["lad_name"]
    for code, counts in sorted(closed_counts.items()):
        councils[code] = AreaRecord(
            code=code,
            kind="district",
            level_key="place",
            name=closed_names[code],
            short_name=closed_names[code],
            parent_code=main_icb(counts),
            ons_code=code,
            valid_to=COUNCILS_REORGANISED - dt.timedelta(days=1),
            notes="District abolished in the April 2023 local government reorganisation.",
        )
    return councils, overlaps
