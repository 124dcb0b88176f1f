"""What an official file does not say but implies: followers, successors, roll-up parents.

The second half of the comparison (``plan``): an area the file does not cover lies where
what contains it now lies, an ICB that closes is succeeded by the ICBs its areas went to,
and every area that moved is filed again by the shipped rules. ``PlanState`` holds what
both halves share.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from icstracker.db.reference.names import known_words
from icstracker.db.reference.official.snapshot import OfficialArea, Snapshot
from icstracker.db.reference.update.changes import (
    ClosedArea,
    Moved,
    NewSuccession,
    Plan,
    Refiled,
    Share,
)
from icstracker.db.reference.update.current import (
    COUNCIL_KINDS,
    CurrentArea,
    CurrentFootprints,
)
from icstracker.errors import ReferenceFileError
from icstracker.text import long_date
from icstracker.vocabulary import AreaKind

# The kinds an official file places, and the level each is at.
LEVELS = {
    kind.value: level.value
    for kind in (
        AreaKind.ICB,
        AreaKind.SUB_ICB,
        AreaKind.LOCAL_AUTHORITY,
        AreaKind.DISTRICT,
        AreaKind.PCN,
    )
    if (level := kind.level) is not None
}


class PlanState:
    """The comparison's working state: the file's areas resolved to codes, what closes, what
    moves where. ``plan._Planner`` fills it in, in order."""

    def __init__(self, snapshot: Snapshot, current: CurrentFootprints, effective: dt.date):
        self.snapshot = snapshot
        self.current = current
        self.effective = effective
        self.day_before = effective - dt.timedelta(days=1)
        self.result = Plan(snapshot, effective)
        self.where = snapshot.file_name
        self.known = known_words(
            a.short_name for a in current.areas.values() if a.kind != "sub_icb"
        )
        self.codes: dict[str, str] = {}  # every code the file uses for an area -> its code
        self.listed: dict[str, OfficialArea] = {}  # resolved code -> the file's record
        self.new: dict[str, OfficialArea] = {}
        self.closing: dict[str, ClosedArea] = {}
        self.weights: dict[str, dict[str, float]] = {}  # area -> ICB -> weight, from the file
        self.targets: dict[str, tuple[Share, ...]] = {}
        self.moved: dict[str, Moved] = {}
        self.successors: dict[str, list[str]] = {}

    def _refuse(self, message: str) -> ReferenceFileError:
        return ReferenceFileError(f"{self.where}: {message}; nothing was changed.")

    def _move(self, code: str, shares: tuple[Share, ...], reason: str) -> None:
        area = self.current.areas[code]
        old = self.current.systems_on(code, self.effective)
        systems = [m for m in self.current.memberships.get(code, []) if m.parent_level == "system"]
        start = area.valid_from if not systems and area.valid_from else self.effective
        for membership in systems:
            ends = membership.valid_to is None or membership.valid_to >= start
            if ends and membership.valid_from is not None and membership.valid_from >= start:
                raise self._refuse(
                    f"{area.short_name} ({code}) lies in {membership.parent} from "
                    f"{long_date(membership.valid_from)}, so it cannot move on "
                    f"{long_date(start)}: give a later --effective date"
                )
        self.moved[code] = Moved(
            code,
            area.kind,
            area.name,
            tuple(Share(m.parent, m.share, m.is_main) for m in old),
            shares,
            start,
            reason,
        )

    def _stale(self, code: str) -> bool:
        """Whether the area lies (even in part) in an ICB closing now or closed already."""
        for membership in self.current.systems_on(code, self.effective):
            parent = self.current.areas[membership.parent]
            if membership.parent in self.closing or not parent.open_on(self.effective):
                return True
        return False

    # -- areas the file does not cover follow what they lie in -------------------------

    def _in_use(self) -> list[CurrentArea]:
        return [
            a
            for a in self.current.areas.values()
            if a.open_on(self.effective)
            and a.code not in self.closing
            and a.code not in self.moved
            and a.code not in self.targets
        ]

    def _follow_sub_icbs(self) -> None:
        """A PCN the file does not list follows its sub-ICB location into another ICB."""
        for area in self._in_use():
            sub_icb = self.current.pcn_sub_icb.get(area.code)
            if area.kind != "pcn" or sub_icb not in self.moved:
                continue
            icb = self.moved[sub_icb].new_main
            if self.current.main_system_on(area.code, self.effective) != icb:
                self._move(area.code, (Share(icb, 1.0, True),), f"follows {sub_icb}")

    def _succeed(self) -> None:
        created = set(self.new)
        for code, closed in sorted(self.closing.items()):
            if closed.kind != "icb":
                continue
            went: Counter[str] = Counter()
            for move in self.moved.values():
                if move.old_main == code and move.new_main != code:
                    went[move.new_main] += 1
            self.successors[code] = sorted(went)
        predecessors: dict[str, list[str]] = defaultdict(list)
        for code, successors in self.successors.items():
            for successor in successors:
                predecessors[successor].append(code)
        for code, successors in self.successors.items():
            for successor in successors:
                if len(successors) > 1:
                    kind = "split" if successor in created else "acquisition"
                elif successor in created and len(predecessors[successor]) == 1:
                    kind = "became"
                else:
                    kind = "merger"
                if (code, successor) not in self.current.successions:
                    self.result.successions.append(
                        NewSuccession(code, successor, kind, self.effective)
                    )

    def _follow_closed_icbs(self) -> None:
        """What lay in an ICB merged into one successor moves with it; a split one is noted."""
        left: dict[str, list[str]] = defaultdict(list)
        for area in self._in_use():
            if area.level_key == "system" or area.kind == "region":
                continue
            old = self.current.systems_on(area.code, self.effective)
            if not any(m.parent in self.closing for m in old):
                continue
            weights: dict[str, float] = defaultdict(float)
            main = None
            for membership in old:
                successors = self.successors.get(membership.parent, [membership.parent])
                if membership.parent in self.closing and len(successors) != 1:
                    left[membership.parent].append(area.code)
                    break
                parent = successors[0] if membership.parent in self.closing else membership.parent
                weights[parent] += membership.share
                main = main or (parent if membership.is_main else None)
            else:
                if not weights:
                    continue
                shares = as_shares(weights, main)
                reason = "follows " + ", ".join(m.parent for m in old if m.parent in self.closing)
                self._move(area.code, shares, reason)
        for icb, codes in sorted(left.items()):
            closed = self.closing[icb]
            into = ", ".join(self.successors.get(icb, [])) or "no successor in this file"
            self.result.notes.append(
                f"{len(codes)} area(s) filed under {closed.name} ({icb}), which closes into "
                f"{into}, are not placed by this file ({', '.join(sorted(codes)[:8])}"
                f"{'…' if len(codes) > 8 else ''}): apply an ONS lookup or the GP practice "
                "mapping that places them."
            )

    def _follow_districts(self) -> None:
        """A county the file does not name lies where its districts do, summed."""
        if "lad" not in self.snapshot.complete:
            return
        districts: dict[str, list[str]] = defaultdict(list)
        for code in self.weights:
            for membership in self.current.places_on(code, self.effective):
                if membership.parent_kind == "local_authority":
                    districts[membership.parent].append(code)
        for county, members in sorted(districts.items()):
            area = self.current.areas[county]
            if county in self.weights or county in self.closing or not area.open_on(self.effective):
                continue
            weights: dict[str, float] = defaultdict(float)
            for district in members:
                for icb, weight in self.weights[district].items():
                    weights[icb] += weight
            shares = as_shares(weights)
            self.targets[county] = shares
            main = self.current.main_system_on(county, self.effective)
            if main != main_of(shares) or self._stale(county):
                self._move(county, shares, "the sum of its districts")

    # -- new areas and roll-up parents -------------------------------------------------

    def _main_after(self, code: str) -> str | None:
        if code in self.moved:
            return self.moved[code].new_main
        if code in self.targets:
            return main_of(self.targets[code])
        return self.current.main_system_on(code, self.effective)

    def _region_of_new_icb(self, code: str, area: OfficialArea) -> str:
        if area.parent:
            region = self.current.areas.get(area.parent)
            if region is None or region.kind != "region":
                raise self._refuse(
                    f"ICB {code} is in NHS England region {area.parent}, which the footprints "
                    "do not know"
                )
            return region.code
        regions = Counter(
            self.current.areas[p].parent
            for p, successors in self.successors.items()
            if code in successors
        )
        regions.pop(None, None)
        if not regions:
            raise self._refuse(
                f"the new ICB {code} ({area.name}) comes with no NHS England region, and no "
                "ICB it succeeds gives one"
            )
        return str(regions.most_common(1)[0][0])

    def _rollup(self, code: str, kind: str, icb: str | None) -> str:
        """Where an area with its ICB ``icb`` counts, by the shipped rules."""
        if icb is None:
            return self.current.areas[code].parent or ""
        if kind == "district":
            county = next(
                (
                    m.parent
                    for m in self.current.places_on(code, self.effective)
                    if m.parent_kind == "local_authority"
                ),
                None,
            )
            return county if county and self._main_after(county) == icb else icb
        if kind == "pcn":
            places = [m.parent for m in self.current.places_on(code, self.effective)]
            existing = self.current.areas.get(code)
            if existing and existing.parent in self.current.areas:
                parent = self.current.areas[existing.parent]
                if parent.kind in COUNCIL_KINDS and parent.code not in places:
                    places.insert(0, parent.code)
            return next((c for c in places if self._main_after(c) == icb), icb)
        return icb

    def _refile(self) -> None:
        wanted: dict[str, str] = {}
        for code, closed in self.closing.items():
            successors = self.successors.get(code, [])
            if closed.kind == "icb" and len(successors) == 1:
                wanted[code] = successors[0]
        for code, listed in self.listed.items():
            existing = self.current.areas.get(code)
            if listed.kind == "icb" and existing and listed.parent and code not in self.closing:
                region = self.current.areas.get(listed.parent)
                if region is not None and region.kind == "region":
                    wanted[code] = region.code
        affected = set(self.moved)
        moved_places = {c for c in self.moved if self.current.areas[c].kind in COUNCIL_KINDS}
        for child in self.current.areas.values():
            if child.parent in moved_places and child.kind in ("pcn", "district"):
                affected.add(child.code)
        for code in sorted(affected):
            kind = self.current.areas[code].kind
            if code in self.closing or kind not in LEVELS or kind == "icb":
                continue
            wanted[code] = self._rollup(code, kind, self._main_after(code))
        for code, parent in sorted(wanted.items()):
            had = self.current.areas[code]
            if parent and parent != had.parent:
                self.result.refiled.append(Refiled(code, had.kind, had.parent, parent))


def main_of(shares: tuple[Share, ...]) -> str:
    return next(s.parent for s in shares if s.is_main)


def as_shares(weights: dict[str, float], main: str | None = None) -> tuple[Share, ...]:
    """Weights as shares, the largest (or ``main``) marked main and listed first."""
    total = sum(weights.values()) or 1.0
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    main = main if main in weights else ranked[0][0]
    ordered = sorted(ranked, key=lambda item: item[0] != main)
    return tuple(Share(parent, round(w / total, 4), parent == main) for parent, w in ordered)
