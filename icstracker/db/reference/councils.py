"""Councils as places: where each one is filed today, and which ICB or STP it was in when.

A council is filed (its roll-up parent) under the 2026 ICB holding most of its LSOAs (an
area count, not population: the only share the sources give); two-tier districts sit
under their county when they share its ICB. Its history is a list of memberships, one set
per era: the STP of 2016–22, the 42 ICBs of July 2022 – March 2026, the 36 since, each
with the shares of a council split across boundaries.

Frimley's sub-ICB location has no 2026 successor in the ONS files; the practice file of
August 2026 says where each council's former-Frimley practices went
(``frimley_2026_councils.csv``), and that decides where its Frimley share went. Guildford's
share (Ash and Tongham) has no former-Frimley practice, so it follows the rest of
Guildford, which the membership's basis says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from icstracker.db.reference.eras import (
    COUNCILS_REORGANISED,
    ICB_ESTABLISHED,
    ICBS_MERGED,
    LAST_DAY_OF_42_ICBS,
    stp_spans,
)
from icstracker.db.reference.records import (
    AreaRecord,
    MembershipRecord,
    SuccessionRecord,
    read_csv,
)

FRIMLEY_SUB_ICB = "D4U1Y"
BASIS_2026 = "share of LSOAs (2021), ICBs from April 2026"
BASIS_2022 = "share of LSOAs (2021), ICBs of July 2022 – March 2026"
BASIS_2022_LSOA11 = "share of LSOAs (2011), ICBs of July 2022"
BASIS_STP = "share of LSOAs (2011), the STP its July 2022 ICB grew from"
BASIS_FRIMLEY = "former Frimley share, to the ICB its former-Frimley practices joined"
BASIS_FRIMLEY_FOLLOWS = (
    "former Frimley share with no former-Frimley practice: assumed to follow the rest of "
    "the council"
)
BASIS_TIER = "ONS lower tier to upper tier lookup"
# "Bassetlaw (70 LSOA11s) moved to NHS Nottingham and Nottinghamshire ICB (QT1) on ..."
_WHOLE_MOVE = re.compile(r"^(?P<name>[^()]+?) \((?P<count>\d+) LSOA11s\) moved to ")


def main_icb(counts: Counter[str]) -> str:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


@dataclass
class Councils:
    areas: dict[str, AreaRecord]
    memberships: list[MembershipRecord]
    successions: list[SuccessionRecord]


def shares(
    code: str,
    counts: Counter[str],
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    basis: str,
) -> list[MembershipRecord]:
    """One membership per parent, the largest share marked main."""
    total = sum(counts.values())
    main = main_icb(counts)
    return [
        MembershipRecord(
            code, parent, valid_from, valid_to, round(n / total, 4), parent == main, basis
        )
        for parent, n in sorted(counts.items())
        if n > 0
    ]


def _split_note(counts: Counter[str], icbs: dict[str, AreaRecord]) -> str | None:
    if len(counts) < 2:
        return None
    total = sum(counts.values())
    parts = [f"{icbs[i].short_name} {c / total:.0%}" for i, c in counts.most_common()]
    return "Split across ICBs by share of LSOAs: " + ", ".join(parts) + "."


def _frimley_2026(folder: Path) -> dict[str, str]:
    return {
        row["lad_code"]: row["icb_ods_code_2026"]
        for row in read_csv(folder / "frimley_2026_councils.csv")
    }


def _stp_era_moves(folder: Path) -> dict[str, str]:
    """Whole councils that changed footprint on 1 July 2022, by name: the ICB whose STP
    they were in before (stp_2021.csv's ``boundary_change_2022``; Bassetlaw)."""
    moves = {}
    for row in read_csv(folder / "stp_2021.csv"):
        found = _WHOLE_MOVE.match(row["boundary_change_2022"])
        if found:
            moves[found["name"]] = (row["icb_ods_code"], int(found["count"]))
    return {name: icb for name, (icb, _count) in moves.items()}


def council_areas(folder: Path, icbs: dict[str, AreaRecord]) -> Councils:
    rows_2024 = read_csv(folder / "lad_to_icb.csv")
    rows_2022 = read_csv(folder / "lad_to_icb_2022.csv")
    reorganised = read_csv(folder / "councils_reorganised_2023.csv")
    frimley = _frimley_2026(folder)
    spans = stp_spans(folder)
    moves = _stp_era_moves(folder)

    lad_rows = {row["lad_code"]: row for row in rows_2024}
    county_of = {row["lad_code"]: row["utla_code"] for row in rows_2024}
    utla_names = {row["utla_code"]: row["utla_name"] for row in rows_2024}
    for row in reorganised:
        county_of[row["lad22_code"]] = row["county_code"]
        utla_names[row["county_code"]] = row["county_name"]
    codes_2022 = {row["lad_code"] for row in rows_2022}

    now: dict[str, Counter[str]] = defaultdict(Counter)  # from April 2026
    then: dict[str, Counter[str]] = defaultdict(Counter)  # July 2022 – March 2026
    follows: set[str] = set()  # councils whose Frimley share follows the rest of them
    for row in rows_2024:
        count = int(row["lsoa21_count"])
        then[row["lad_code"]][row["icb_ods_code"]] += count
        icb_2026 = row["icb_ods_code_2026"]
        if not icb_2026 and row["sub_icb_ods_code"] == FRIMLEY_SUB_ICB:
            icb_2026 = frimley.get(row["lad_code"], "")
            if not icb_2026:
                follows.add(row["lad_code"])
                continue
        now[row["lad_code"]][icb_2026 or row["icb_ods_code"]] += count
    for code in follows:
        left = sum(int(r["lsoa21_count"]) for r in rows_2024 if r["lad_code"] == code) - sum(
            now[code].values()
        )
        now[code][main_icb(now[code])] += left
    old: dict[str, Counter[str]] = defaultdict(Counter)  # pre-2023 districts, July 2022
    stp: dict[str, Counter[str]] = defaultdict(Counter)  # every 2022 district, by 2022 ICB
    for row in rows_2022:
        count = int(row["lsoa11_count"])
        icb = moves.get(row["lad_name"], row["icb_ods_code"])
        stp[row["lad_code"]][icb] += count
        if row["lad_code"] not in lad_rows:
            old[row["lad_code"]][row["icb_ods_code"]] += count

    def summed(by_lad: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for lad, counts in by_lad.items():
            out[county_of[lad]].update(counts)
        return out

    utla_now, utla_then, county_old, utla_stp = summed(now), summed(then), summed(old), summed(stp)

    areas: dict[str, AreaRecord] = {}
    memberships: list[MembershipRecord] = []
    successions: list[SuccessionRecord] = []

    def history(
        code: str,
        counts_now: Counter[str],
        counts_then: Counter[str],
        counts_stp: Counter[str],
        start: dt.date | None,
        end: dt.date | None = None,
    ) -> None:
        if counts_now:
            basis = BASIS_FRIMLEY_FOLLOWS if code in follows else BASIS_2026
            memberships.extend(shares(code, counts_now, ICBS_MERGED, None, basis))
        if counts_then:
            first = max(start or ICB_ESTABLISHED, ICB_ESTABLISHED)
            last = min(end or LAST_DAY_OF_42_ICBS, LAST_DAY_OF_42_ICBS)
            basis = BASIS_2022 if end is None else BASIS_2022_LSOA11
            memberships.extend(shares(code, counts_then, first, last, basis))
        by_span: dict[tuple[dt.date, dt.date], Counter[str]] = defaultdict(Counter)
        for icb, n in counts_stp.items():
            if icb in spans:
                stp_code, first, last = spans[icb][0]
                by_span[(first, last)][stp_code] += n
        for (first, last), counts in sorted(by_span.items()):
            memberships.extend(shares(code, counts, first, last, BASIS_STP))

    for code in sorted(utla_now):
        name = utla_names[code]
        new = code in lad_rows and code not in codes_2022
        main = main_icb(utla_now[code])
        areas[code] = AreaRecord(
            code=code,
            kind="local_authority",
            level_key="place",
            name=name,
            short_name=name,
            parent_code=main,
            ons_code=code,
            valid_from=COUNCILS_REORGANISED if new else None,
            notes=_split_note(utla_now[code], icbs),
        )
        history(
            code,
            utla_now[code],
            utla_then[code],
            Counter() if new else utla_stp[code],
            COUNCILS_REORGANISED if new else None,
        )

    for code, row in sorted(lad_rows.items()):
        if code in areas:
            continue  # a unitary council is its own upper tier
        main = main_icb(now[code])
        county = row["utla_code"]
        same_icb = areas[county].parent_code == main
        new = code not in codes_2022
        areas[code] = AreaRecord(
            code=code,
            kind="district",
            level_key="place",
            name=row["lad_name"],
            short_name=row["lad_name"],
            parent_code=county if same_icb else main,
            ons_code=code,
            valid_from=COUNCILS_REORGANISED if new else None,
            notes=_split_note(now[code], icbs)
            or (None if same_icb else f"District of {row['utla_name']}, in a different ICB."),
        )
        history(code, now[code], then[code], Counter() if new else stp[code], None)
        memberships.append(MembershipRecord(code, county, None, None, 1.0, True, BASIS_TIER))

    _reorganised(reorganised, areas, memberships, successions, old, county_old, stp, history)
    return Councils(areas, memberships, successions)


def _reorganised(
    rows: list[dict[str, str]],
    areas: dict[str, AreaRecord],
    memberships: list[MembershipRecord],
    successions: list[SuccessionRecord],
    old: dict[str, Counter[str]],
    county_old: dict[str, Counter[str]],
    stp: dict[str, Counter[str]],
    history: Callable[..., None],
) -> None:
    """The counties and districts abolished on 1 April 2023, closed, with successors."""
    last_day = COUNCILS_REORGANISED - dt.timedelta(days=1)
    successors: dict[str, set[str]] = defaultdict(set)
    county_stp: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        successors[row["county_code"]].add(row["lad23_code"])
        county_stp[row["county_code"]].update(stp[row["lad22_code"]])
    for row in rows:
        county = row["county_code"]
        if county not in areas:
            areas[county] = AreaRecord(
                code=county,
                kind="local_authority",
                level_key="place",
                name=row["county_name"],
                short_name=row["county_name"],
                parent_code=main_icb(county_old[county]),
                ons_code=county,
                valid_to=last_day,
                notes="County council abolished in the April 2023 local government "
                "reorganisation; succeeded by "
                + ", ".join(sorted(areas[s].name for s in successors[county]))
                + ".",
            )
            history(county, Counter(), county_old[county], county_stp[county], None, last_day)
            kind = "became" if len(successors[county]) == 1 else "split"
            successions.extend(
                SuccessionRecord(county, s, COUNCILS_REORGANISED, kind)
                for s in sorted(successors[county])
            )
        code = row["lad22_code"]
        main = main_icb(old[code])
        same_icb = areas[county].parent_code == main
        areas[code] = AreaRecord(
            code=code,
            kind="district",
            level_key="place",
            name=row["lad22_name"],
            short_name=row["lad22_name"],
            parent_code=county if same_icb else main,
            ons_code=code,
            valid_to=last_day,
            notes=f"District of {row['county_name']}, abolished in the April 2023 local "
            f"government reorganisation; became part of {row['lad23_name']}.",
        )
        history(code, Counter(), old[code], stp[code], None, last_day)
        memberships.append(MembershipRecord(code, county, None, last_day, 1.0, True, BASIS_TIER))
        successions.append(
            SuccessionRecord(code, row["lad23_code"], COUNCILS_REORGANISED, "merger")
        )
