"""The footprints as the database holds them, read once into plain records.

The comparison with an official file (``plan``) is a pure function of these records, so
what ``--dry-run`` prints is exactly what applying would do, and it is tested without
writing anything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import (
    Area,
    AreaAlias,
    AreaMembership,
    AreaSuccession,
    GpPractice,
    in_use_on,
)

COUNCIL_KINDS = ("local_authority", "district")


@dataclass(frozen=True)
class CurrentArea:
    code: str
    kind: str
    level_key: str | None
    name: str
    short_name: str
    ons_code: str | None
    parent: str | None  # the roll-up parent's code
    valid_from: dt.date | None
    valid_to: dt.date | None
    other_codes: frozenset[str] = frozenset()  # former ONS codes and other code aliases

    def in_use_on(self, day: dt.date) -> bool:
        return in_use_on(self.valid_from, self.valid_to, day)

    def open_on(self, day: dt.date) -> bool:
        """Not closed before ``day`` (it may open later: a PCN the ePCN dates ahead)."""
        return self.valid_to is None or self.valid_to >= day


@dataclass(frozen=True)
class CurrentMembership:
    area: str
    parent: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    share: float
    is_main: bool
    parent_level: str | None
    parent_kind: str

    def valid_on(self, day: dt.date) -> bool:
        return in_use_on(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class CurrentPractice:
    name: str
    postcode: str | None
    pcn: str | None
    sub_icb: str | None


@dataclass
class CurrentFootprints:
    areas: dict[str, CurrentArea]
    memberships: dict[str, list[CurrentMembership]]  # by area code
    successions: dict[tuple[str, str], str]  # (predecessor, successor) -> kind
    practices: dict[str, CurrentPractice]
    pcn_sub_icb: dict[str, str] = field(default_factory=dict)  # most of its practices'

    def systems_on(self, code: str, day: dt.date) -> list[CurrentMembership]:
        """The area's ICB (or STP) memberships on ``day``, the main one first."""
        found = [
            m
            for m in self.memberships.get(code, [])
            if m.parent_level == "system" and m.valid_on(day)
        ]
        return sorted(found, key=lambda m: (not m.is_main, -m.share, m.parent))

    def main_system_on(self, code: str, day: dt.date) -> str | None:
        found = self.systems_on(code, day)
        return found[0].parent if found else None

    def places_on(self, code: str, day: dt.date) -> list[CurrentMembership]:
        """Councils the area lies in on ``day`` (a PCN's, a district's county), largest first."""
        found = [
            m
            for m in self.memberships.get(code, [])
            if m.parent_kind in COUNCIL_KINDS and m.valid_on(day)
        ]
        return sorted(found, key=lambda m: (not m.is_main, -m.share, m.parent))

    def find(self, kind: str, ref: str) -> CurrentArea | None:
        """The area of ``kind`` with this code, or with it as its ONS or a former code."""
        area = self.areas.get(ref)
        if area is not None and _same_kind(area.kind, kind):
            return area
        matches = [
            a
            for a in self.areas.values()
            if _same_kind(a.kind, kind) and (a.ons_code == ref or ref in a.other_codes)
        ]
        matches.sort(key=lambda a: (a.valid_to is not None, a.ons_code != ref, a.code))
        return matches[0] if matches else None


def _same_kind(have: str, wanted: str) -> bool:
    return have == wanted or (have in COUNCIL_KINDS and wanted in COUNCIL_KINDS)


def read_current(session: Session) -> CurrentFootprints:
    code_aliases: dict[int, set[str]] = defaultdict(set)
    for area_id, alias in session.execute(
        select(AreaAlias.area_id, AreaAlias.alias).where(AreaAlias.kind.like("%code"))
    ):
        code_aliases[area_id].add(alias)
    codes: dict[int, str] = {}
    rows = session.execute(
        select(
            Area.id,
            Area.code,
            Area.kind,
            Area.level_key,
            Area.name,
            Area.short_name,
            Area.ons_code,
            Area.parent_id,
            Area.valid_from,
            Area.valid_to,
        )
    ).all()
    for row in rows:
        codes[row.id] = row.code
    areas = {
        row.code: CurrentArea(
            code=row.code,
            kind=row.kind,
            level_key=row.level_key,
            name=row.name,
            short_name=row.short_name,
            ons_code=row.ons_code,
            parent=codes.get(row.parent_id) if row.parent_id else None,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            other_codes=frozenset(code_aliases[row.id]),
        )
        for row in rows
    }
    parent = aliased(Area)
    memberships: dict[str, list[CurrentMembership]] = defaultdict(list)
    for link in session.execute(
        select(
            AreaMembership.area_id,
            parent.code,
            parent.level_key,
            parent.kind,
            AreaMembership.valid_from,
            AreaMembership.valid_to,
            AreaMembership.share,
            AreaMembership.is_main,
        ).join(parent, parent.id == AreaMembership.parent_id)
    ):
        area = codes[link.area_id]
        memberships[area].append(
            CurrentMembership(
                area, link.code, link.valid_from, link.valid_to, link.share, link.is_main,
                link.level_key, link.kind,
            )
        )  # fmt: skip
    successions = {
        (codes[p], codes[s]): kind
        for p, s, kind in session.execute(
            select(AreaSuccession.predecessor_id, AreaSuccession.successor_id, AreaSuccession.kind)
        )
    }
    practices: dict[str, CurrentPractice] = {}
    by_pcn: dict[str, Counter[str]] = defaultdict(Counter)
    for practice in session.execute(
        select(
            GpPractice.code,
            GpPractice.name,
            GpPractice.postcode,
            GpPractice.pcn_id,
            GpPractice.sub_icb_id,
        )
    ):
        pcn = codes.get(practice.pcn_id) if practice.pcn_id else None
        sub_icb = codes.get(practice.sub_icb_id) if practice.sub_icb_id else None
        practices[practice.code] = CurrentPractice(practice.name, practice.postcode, pcn, sub_icb)
        if pcn and sub_icb:
            by_pcn[pcn][sub_icb] += 1
    pcn_sub_icb = {
        pcn: sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
        for pcn, counts in by_pcn.items()
    }
    return CurrentFootprints(areas, dict(memberships), successions, practices, pcn_sub_icb)
