"""Comparing an official file with the footprints: what is new, closed, renamed, moved, merged.

A pure function of the file's ``Snapshot``, the database's ``CurrentFootprints`` and the
day the changes take effect. The rules:

* An area the file lists and the database lacks is **new** from that day (a PCN from its
  ODS open date). An area the database has in use, of a kind the file lists in full (see
  ``Snapshot.complete``), that the file leaves out has **closed** the day before. Nothing
  is ever deleted.
* A different name (ignoring case and punctuation) is a **rename**; the old name stays an
  alias. A different ONS code is a **re-coding**; the old code stays an alias.
* An area the file places in another ICB than the one it is filed under on that day has
  **moved**: its memberships end the day before and new ones begin. An area the file does
  not cover **follows**: a PCN its sub-ICB location, anything in an ICB that closed into one
  successor that successor, a county the sum of its districts.
* An ICB that closes is **succeeded** by the ICBs its areas moved to: a **merger** into a
  new ICB formed from several, **became** when a new ICB takes over just the one, a
  **merger** into a continuing ICB that absorbs it, and a **split** when they went to
  several (an **acquisition** for the share a continuing ICB took, as the 2026 table has).
* Roll-up parents follow the shipped rules (``footprints``, ``councils``,
  ``neighbourhoods``): a merged ICB counts under its successor, a split one under its
  region; a PCN under its largest council inside its ICB, else the ICB itself.

Anything at odds with the database (an area named as two kinds, a place in an ICB that
has closed, a change dated before a membership it would end) refuses the whole file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from icstracker.db.reference.names import display_case
from icstracker.db.reference.official.snapshot import (
    LAD_PREFIXES,
    OfficialArea,
    Snapshot,
)
from icstracker.db.reference.update.changes import (
    ClosedArea,
    NewArea,
    Plan,
    PracticeChange,
    Recoded,
    Renamed,
    ReopenedArea,
    Share,
)
from icstracker.db.reference.update.current import (
    COUNCIL_KINDS,
    CurrentArea,
    CurrentFootprints,
)
from icstracker.db.reference.update.following import LEVELS, PlanState, as_shares, main_of
from icstracker.text import long_date, normalise_name

# A file naming fewer than this share of the areas of a kind it lists in full is a cut-down
# copy: applied, it would close the rest.
MOST = 0.5


def plan_changes(snapshot: Snapshot, current: CurrentFootprints, effective: dt.date) -> Plan:
    return _Planner(snapshot, current, effective).plan()


def icb_short_name(name: str) -> str:
    """``NHS Central East Integrated Care Board`` → ``Central East`` (as icb.csv has it)."""
    short = name.removeprefix("NHS ").removesuffix(" Integrated Care Board").strip()
    return short or name


class _Planner(PlanState):
    # -- the whole comparison, in order ------------------------------------------------

    def plan(self) -> Plan:
        self._resolve()
        self._compare_listed()
        self._close_missing()
        self._place()
        self._move_listed()
        self._follow_sub_icbs()
        self._succeed()
        self._follow_closed_icbs()
        self._follow_districts()
        self._add_new()
        self._refile()
        self._practices()
        result = self.result
        result.closed = sorted(self.closing.values(), key=lambda c: (c.kind, c.code))
        result.moved = sorted(self.moved.values(), key=lambda m: (m.kind, m.code))
        result.names = {code: area.short_name for code, area in self.current.areas.items()}
        result.names.update({n.code: n.short_name for n in result.new})
        return result

    # -- which database area each of the file's areas is ------------------------------

    def _resolve(self) -> None:
        for area in self.snapshot.areas:
            found = None
            if area.code is not None:
                found = self.current.find(area.kind, area.code)
                clash = self.current.areas.get(area.code)
                if found is None and clash is not None:
                    raise self._refuse(
                        f"{area.code} is a {clash.kind} in the footprints but a {area.kind} here"
                    )
            elif area.ons_code is not None:
                found = self.current.find(area.kind, area.ons_code)
                if found is None:
                    raise self._refuse(
                        f"{area.kind} {area.ons_code} ({area.name}) is not in the footprints and "
                        "the file gives no NHS (ODS) code to add it by"
                    )
            code = found.code if found is not None else str(area.code)
            if code in self.listed and self.listed[code].kind != area.kind:
                raise self._refuse(f"{code} is listed as two kinds of area")
            self.listed[code] = area
            for ref in (area.code, area.ons_code):
                if ref:
                    self.codes[ref] = code

    def _compare_listed(self) -> None:
        for code, area in self.listed.items():
            existing = self.current.areas.get(code)
            if existing is None:
                if area.closed is None or area.closed >= self.effective:
                    self.new[code] = area
                continue
            if area.closed is not None:
                if existing.valid_to is None or existing.valid_to > area.closed:
                    self._close(existing, area.closed, "closed, as ODS records")
                continue
            if not existing.open_on(self.effective):
                self.result.reopened.append(ReopenedArea(code, existing.kind, existing.name))
            name, short_name, published = self._names(area)
            if area.name and normalise_name(name) != normalise_name(existing.name):
                self.result.renamed.append(
                    Renamed(code, existing.kind, existing.name, name, short_name, published)
                )
            if area.ons_code and existing.kind != "pcn" and area.ons_code != existing.ons_code:
                self.result.recoded.append(
                    Recoded(code, existing.kind, existing.name, existing.ons_code, area.ons_code)
                )

    def _names(self, area: OfficialArea) -> tuple[str, str, str | None]:
        """The name, short name and (for a PCN published in capitals) published name."""
        if area.kind == "icb":
            return area.name, icb_short_name(area.name), None
        if area.kind == "pcn":
            name = display_case(area.name, self.known)
            return name, name, area.name if area.name != name else None
        return area.name, area.name, None

    # -- closures: left out of a file that lists its kind in full ----------------------

    def _covered(self, kind: str, area: CurrentArea) -> bool:
        if kind == "lad":
            return area.kind in COUNCIL_KINDS and area.code[:3] in LAD_PREFIXES
        return area.kind == kind

    def _close_missing(self) -> None:
        for kind in self.snapshot.complete:
            in_use = [
                a
                for a in self.current.areas.values()
                if self._covered(kind, a)
                and a.open_on(self.effective)
                and (a.valid_from is None or a.valid_from <= self.effective)
            ]
            missing = [a for a in in_use if a.code not in self.listed]
            if len(in_use) >= 4 and len(missing) > len(in_use) * MOST:
                label = {"lad": "councils", "icb": "ICBs", "pcn": "PCNs"}.get(
                    kind, "sub-ICB locations"
                )
                raise self._refuse(
                    f"it names only {len(in_use) - len(missing)} of the {len(in_use)} {label} "
                    "in use, so it is not the complete national file (applied, it would close "
                    "the rest)"
                )
            for area in missing:
                self._close(area, self.day_before, f"not in {self.where}")

    def _close(self, area: CurrentArea, last_day: dt.date, reason: str) -> None:
        later = [
            m.valid_from
            for m in self.current.memberships.get(area.code, [])
            if m.valid_from is not None and m.valid_from > last_day
        ]
        began = max([d for d in (area.valid_from, *later) if d is not None], default=None)
        if began is not None and began > last_day:
            raise self._refuse(
                f"{area.short_name} ({area.code}) is recorded from {long_date(began)}, so it "
                f"cannot close on {long_date(last_day)}: give a later --effective date"
            )
        self.closing[area.code] = ClosedArea(area.code, area.kind, area.name, last_day, reason)

    # -- where the file places each area ----------------------------------------------

    def _open_icb(self, code: str, what: str) -> str:
        """``code`` as an ICB in use on the effective day, or a refusal."""
        if code in self.listed and self.listed[code].kind == "icb":
            if code in self.closing:
                raise self._refuse(f"{what} lies in {code}, which the file also closes")
            return code
        icb = self.current.areas.get(code)
        if icb is None or icb.kind != "icb":
            raise self._refuse(f"{what} lies in {code}, which is not an ICB the footprints know")
        if code in self.closing or not icb.open_on(self.effective):
            closed = long_date(icb.valid_to) if icb.valid_to else "already"
            raise self._refuse(
                f"{what} lies in {icb.short_name} ({code}), which closed on {closed}; the file "
                "is older than the footprints"
            )
        return code

    def _sub_icb_system(self, ref: str, what: str) -> str:
        """The ICB a sub-ICB location (named by the file or known) lies in."""
        code = self.codes.get(ref)
        if code is None:
            found = self.current.find("sub_icb", ref)
            if found is None:
                raise self._refuse(
                    f"{what} lies in sub-ICB location {ref}, which the footprints do not know "
                    "(apply NHS England's GP practice mapping first)"
                )
            code = found.code
        if code in self.weights:
            return main_of(as_shares(self.weights[code]))
        system = self.current.main_system_on(code, self.effective)
        if system is None:
            raise self._refuse(f"{what} lies in sub-ICB location {ref}, which is in no ICB")
        return system

    def _place(self) -> None:
        placements = sorted(
            self.snapshot.placements,
            key=lambda p: self.listed[self.codes[p.area]].kind != "sub_icb",
        )  # sub-ICB locations first: an ePCN PCN is placed through its sub-ICB location
        for placement in placements:
            code = self.codes[placement.area]
            if code in self.closing:
                continue
            what = f"{self.listed[code].kind.replace('_', '-')} {code}"
            parent = self.codes.get(placement.parent, placement.parent)
            parent_area = self.listed.get(parent)
            parent_kind = parent_area.kind if parent_area else None
            if parent_kind is None and parent in self.current.areas:
                parent_kind = self.current.areas[parent].kind
            if parent_kind != "icb":
                parent = self._sub_icb_system(placement.parent, what)
            parent = self._open_icb(parent, what)
            weights = self.weights.setdefault(code, defaultdict(float))
            weights[parent] += placement.weight
        for code, weights in self.weights.items():
            self.targets[code] = as_shares(weights)

    def _move_listed(self) -> None:
        for code, shares in self.targets.items():
            if code in self.new or code in self.closing:
                continue
            main = self.current.main_system_on(code, self.effective)
            if main != main_of(shares) or self._stale(code):
                self._move(code, shares, "")

    # -- new areas ---------------------------------------------------------------------

    def _add_new(self) -> None:
        for code, area in sorted(self.new.items(), key=lambda item: (item[1].kind, item[0])):
            name, short_name, published = self._names(area)
            shares: tuple[Share, ...] = ()
            if area.kind == "icb":
                parent = self._region_of_new_icb(code, area)
            else:
                shares = self.targets.get(code, ())
                if not shares:
                    raise self._refuse(f"{area.kind} {code} is placed in no ICB")
                parent = self._rollup(code, area.kind, main_of(shares))
            self.result.new.append(
                NewArea(
                    code=code,
                    kind=area.kind,
                    level_key=LEVELS[area.kind],
                    name=name,
                    short_name=short_name,
                    ons_code=area.ons_code or (code if area.kind in COUNCIL_KINDS else None),
                    ods_code=None if area.kind in COUNCIL_KINDS else code,
                    valid_from=area.opened or self.effective,
                    parent=parent,
                    shares=shares,
                    published_name=published,
                )
            )

    # -- practices ---------------------------------------------------------------------

    def _practices(self) -> None:
        known = set(self.current.areas) | set(self.new)
        for practice in self.snapshot.practices:
            pcn = practice.pcn if practice.pcn in known else None
            sub_icb = self.codes.get(practice.sub_icb or "", practice.sub_icb)
            if sub_icb not in known:
                found = self.current.find("sub_icb", practice.sub_icb or "")
                sub_icb = found.code if found else None
            had = self.current.practices.get(practice.code)
            postcode = practice.postcode or (had.postcode if had else None)
            if had is None or (had.name, had.postcode, had.pcn, had.sub_icb) != (
                practice.name,
                postcode,
                pcn,
                sub_icb,
            ):
                self.result.practices.append(
                    PracticeChange(
                        practice.code, practice.name, postcode, pcn, sub_icb, had is None
                    )
                )
