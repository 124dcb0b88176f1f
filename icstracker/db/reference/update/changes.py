"""The changes one official file makes to the footprints: plain records, nothing written.

``plan.plan_changes`` produces a ``Plan`` of these; ``--dry-run`` prints it and
``apply.apply_plan`` writes exactly it. Every record names areas by code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from icstracker.db.reference.official.snapshot import Snapshot


@dataclass(frozen=True)
class Share:
    """An area lies in ``parent`` (an ICB) by ``share``; ``is_main`` is where it is filed."""

    parent: str
    share: float
    is_main: bool


@dataclass(frozen=True)
class NewArea:
    code: str
    kind: str
    level_key: str
    name: str
    short_name: str
    ons_code: str | None
    ods_code: str | None
    valid_from: dt.date
    parent: str  # where it counts (its roll-up parent)
    shares: tuple[Share, ...]  # its ICB(s) from ``valid_from``
    published_name: str | None = None  # the name as the file writes it, kept as an alias


@dataclass(frozen=True)
class ClosedArea:
    code: str
    kind: str
    name: str
    last_day: dt.date
    reason: str


@dataclass(frozen=True)
class ReopenedArea:
    code: str
    kind: str
    name: str


@dataclass(frozen=True)
class Renamed:
    code: str
    kind: str
    old_name: str
    name: str
    short_name: str
    published_name: str | None = None


@dataclass(frozen=True)
class Recoded:
    code: str
    kind: str
    name: str
    old_ons_code: str | None
    ons_code: str


@dataclass(frozen=True)
class Moved:
    """From ``start`` the area lies in ``new`` instead of ``old`` (its ICBs the day before)."""

    code: str
    kind: str
    name: str
    old: tuple[Share, ...]
    new: tuple[Share, ...]
    start: dt.date
    reason: str  # "" when the file says so; else why it follows

    @property
    def old_main(self) -> str | None:
        return next((s.parent for s in self.old if s.is_main), None)

    @property
    def new_main(self) -> str:
        return next(s.parent for s in self.new if s.is_main)


@dataclass(frozen=True)
class Refiled:
    """The area now counts under ``parent`` (its roll-up parent) instead of ``old_parent``."""

    code: str
    kind: str
    old_parent: str | None
    parent: str


@dataclass(frozen=True)
class NewSuccession:
    predecessor: str
    successor: str
    kind: str  # merger, split, acquisition, became
    effective: dt.date


@dataclass(frozen=True)
class PracticeChange:
    code: str
    name: str
    postcode: str | None
    pcn: str | None
    sub_icb: str | None
    is_new: bool


@dataclass
class Plan:
    snapshot: Snapshot
    effective: dt.date
    new: list[NewArea] = field(default_factory=list)
    closed: list[ClosedArea] = field(default_factory=list)
    reopened: list[ReopenedArea] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    recoded: list[Recoded] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    refiled: list[Refiled] = field(default_factory=list)
    successions: list[NewSuccession] = field(default_factory=list)
    practices: list[PracticeChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # code -> short name, for messages

    @property
    def changes_areas(self) -> bool:
        return any(
            (
                self.new,
                self.closed,
                self.reopened,
                self.renamed,
                self.recoded,
                self.moved,
                self.refiled,
                self.successions,
            )
        )

    @property
    def is_empty(self) -> bool:
        return not self.changes_areas and not self.practices

    def name_of(self, code: str | None) -> str:
        return self.names.get(code or "", code or "none")
