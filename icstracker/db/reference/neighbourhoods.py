"""PCNs: filed under the council most of their patients' practices are in, with history.

An LPC officer thinks ICS → place (council) → PCN, so a PCN's roll-up parent is its
majority council (``pcn_place.csv``: share of registered patients by practice premises),
not the NHS sub-ICB location it is commissioned through. Where that council counts under
another ICB than the PCN (a PCN straddling an ICB boundary), the PCN goes under its
largest council inside its own ICB, or straight under the ICB if it has none: the
ICB the NHS files a PCN under must stay the one its engagements count for.

Memberships keep the rest: every council share, the ICB of July 2022 – March 2026 (the
PCN's practices' ICBs then, ``icb_ods_code_pre_2026``) and the one since, and the STP
that ICB grew from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from icstracker.db.reference.eras import (
    ICB_ESTABLISHED,
    ICBS_MERGED,
    LAST_DAY_OF_42_ICBS,
    stp_spans,
)
from icstracker.db.reference.names import display_case
from icstracker.db.reference.records import AreaRecord, MembershipRecord, read_csv

BASIS_PLACE = "share of registered patients, by practice premises (NHS England 2023-24)"
BASIS_ICB = "the ICB most of its practices are in (NHS England, August 2026)"
BASIS_ICB_BEFORE = "the ICB its practices were in before April 2026"
BASIS_STP = "the STP its July 2022 ICB grew from"


def pcn_areas(
    folder: Path,
    system_of: Callable[[str], str | None],
    names: dict[str, str],
    known: frozenset[str],
) -> tuple[dict[str, AreaRecord], list[MembershipRecord]]:
    """``system_of`` gives a council's ICB today; ``names`` the councils' names."""
    places: dict[str, list[tuple[str, float, bool]]] = defaultdict(list)
    for row in read_csv(folder / "pcn_place.csv"):
        places[row["pcn_code"]].append(
            (row["lad_code"], float(row["share"]), row["is_majority"] == "True")
        )
    spans = stp_spans(folder)
    practices: dict[str, Counter[str]] = defaultdict(Counter)
    for row in read_csv(folder / "gp_practice_pcn.csv"):
        if row["icb_ods_code_pre_2026"]:
            practices[row["pcn_code"]][row["icb_ods_code_pre_2026"]] += 1

    pcns: dict[str, AreaRecord] = {}
    memberships: list[MembershipRecord] = []
    for row in read_csv(folder / "pcn.csv"):
        code, icb = row["pcn_code"], row["icb_ods_code"]
        ranked = sorted(places[code], key=lambda p: (-p[1], p[0]))
        inside = [lad for lad, _share, _main in ranked if system_of(lad) == icb]
        parent = inside[0] if inside else icb
        notes = []
        if int(row["sub_icb_count"]) > 1 or int(row["icb_count"]) > 1:
            notes.append(
                f"Member practices span {row['sub_icb_count']} sub-ICB location(s) and "
                f"{row['icb_count']} ICB(s); filed under the one most of them belong to."
            )
        if len(ranked) > 1:
            notes.append(
                "Patients' practices by council: "
                + ", ".join(f"{names[lad]} {share:.0%}" for lad, share, _ in ranked)
                + "."
            )
        name = display_case(row["pcn_name"], known)
        record = AreaRecord(
            code=code,
            kind="pcn",
            level_key="neighbourhood",
            name=name,
            short_name=name,
            parent_code=parent,
            notes=" ".join(notes) or None,
        )
        record.alias(row["pcn_name"], "published_name")
        pcns[code] = record
        memberships.extend(
            MembershipRecord(code, lad, None, None, share, main, BASIS_PLACE)
            for lad, share, main in ranked
        )
        memberships.append(MembershipRecord(code, icb, ICBS_MERGED, None, 1.0, True, BASIS_ICB))
        before = _icbs_before(row["icb_ods_code_pre_2026"], practices[code])
        for icb_then, share in before:
            main = icb_then == before[0][0]
            memberships.append(
                MembershipRecord(
                    code,
                    icb_then,
                    ICB_ESTABLISHED,
                    LAST_DAY_OF_42_ICBS,
                    share,
                    main,
                    BASIS_ICB_BEFORE,
                )
            )
            if icb_then in spans:
                stp, first, last = spans[icb_then][0]
                memberships.append(MembershipRecord(code, stp, first, last, share, main, BASIS_STP))
    return pcns, memberships


def _icbs_before(codes: str, practices: Counter[str]) -> list[tuple[str, float]]:
    """The PCN's ICBs before April 2026 with their shares of its practices, largest first;
    one ICB (nearly every PCN) has it all."""
    listed = [code for code in codes.split(";") if code]
    if len(listed) < 2:
        return [(code, 1.0) for code in listed]
    counted = sum(practices[code] for code in listed) or 1
    found = [(code, round(practices[code] / counted, 4)) for code in listed if practices[code]]
    return sorted(found, key=lambda item: (-item[1], item[0]))
