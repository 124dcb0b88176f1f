"""Loads the reference data into a database, idempotently, keeping what users point at.

Every start calls ``load_reference_data``; a checksum of the shipped files makes that
free when nothing changed. When a newer release ships newer files, areas are updated in
place by code (their ids, and so every engagement logged against them, stay put), and
an area no longer in the files is closed (``valid_to``) rather than deleted. The official
files a committee applied itself (``reference update``) are then applied again on top, in
order, so a reload never undoes them; the areas they added are not closed meanwhile.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from icstracker.bundled import reference_dir, resources_dir
from icstracker.db.models import (
    Area,
    AreaAlias,
    AreaMembership,
    AreaSuccession,
    GpPractice,
    PlanningLevel,
    Setting,
    Topic,
)
from icstracker.db.reference.footprints import build_footprints
from icstracker.db.reference.planning_levels import read_planning_levels
from icstracker.db.reference.records import AreaRecord, Footprints
from icstracker.db.reference.tree import outermost_system, tree_paths
from icstracker.text import normalise_name

CHECKSUM_KEY = "reference_checksum"
# Bump when the loading rules change, so existing databases reload the same files.
LOADER_VERSION = "3"
_AREA_FIELDS = (
    "kind",
    "level_key",
    "name",
    "short_name",
    "ons_code",
    "ods_code",
    "valid_from",
    "valid_to",
    "designation_wave",
    "designation_announced",
    "designation_effective",
    "designation_name",
    "notes",
)


@dataclass(frozen=True)
class LoadSummary:
    changed: bool
    areas_added: int = 0
    areas_updated: int = 0
    areas_closed: int = 0


def reference_checksum(folder: Path, topics: Path) -> str:
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for path in sorted(folder.iterdir()) + [topics]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def reference_is_current(session: Session, folder: Path | None = None) -> bool:
    """True when the database already holds exactly the shipped reference files.

    Checked in a read session first, so opening a database for a read-only command
    (``list``, ``check``, the window on a shared file) does not take the write lock.
    """
    folder = folder or reference_dir()
    stored = session.get(Setting, CHECKSUM_KEY)
    return stored is not None and stored.value == _shipped_checksum(folder)


@functools.cache
def _shipped_checksum(folder: Path) -> str:
    return reference_checksum(folder, resources_dir() / "topics.csv")


def load_reference_data(
    session: Session,
    folder: Path | None = None,
    *,
    today: dt.date | None = None,
    force: bool = False,
) -> LoadSummary:
    folder = folder or reference_dir()
    topics_file = resources_dir() / "topics.csv"
    checksum = _shipped_checksum(folder)
    stored = session.get(Setting, CHECKSUM_KEY)
    if stored is not None and stored.value == checksum and not force:
        return LoadSummary(changed=False)

    # Here, not at the top: the readers of official files load openpyxl, and this module
    # is on the window's start-up path, where the shipped files are almost always loaded.
    from icstracker.db.reference.update.apply import owned_codes, reapply_updates

    _load_levels(session, folder)
    _load_topics(session, topics_file)
    footprints = build_footprints(folder)
    kept_open = owned_codes(session)
    summary = _load_areas(session, footprints, today or dt.date.today(), kept_open)
    by_code = {code: area_id for code, area_id in session.execute(select(Area.code, Area.id))}
    _load_successions(session, footprints, by_code)
    _load_memberships(session, footprints, by_code)
    _load_practices(session, footprints, by_code)
    session.flush()
    # The official files a committee applied since (``reference update``), again on top.
    reapply_updates(session)
    if stored is None:
        session.add(Setting(key=CHECKSUM_KEY, value=checksum))
    else:
        stored.value = checksum
    session.flush()
    return summary


def _load_levels(session: Session, folder: Path) -> None:
    for record in read_planning_levels(folder / "planning_levels.md"):
        level = session.get(PlanningLevel, record.key) or PlanningLevel(key=record.key)
        level.label = record.label
        level.rank = record.rank
        level.population_min = record.population_min
        level.population_max = record.population_max
        level.population_label = record.population_label
        level.main_bodies = record.main_bodies
        level.purpose = record.purpose
        level.priorities = "\n".join(record.priorities)
        session.add(level)
    session.flush()


def _load_topics(session: Session, topics_file: Path) -> None:
    with topics_file.open(encoding="utf-8", newline="") as handle:
        names = [row["name"].strip() for row in csv.DictReader(handle) if row["name"].strip()]
    existing = {name.lower() for name in session.scalars(select(Topic.name))}
    for name in names:
        if name.lower() not in existing:
            session.add(Topic(name=name, builtin=True))


def _load_areas(
    session: Session, footprints: Footprints, today: dt.date, kept_open: set[str]
) -> LoadSummary:
    records = footprints.areas
    existing = {
        area.code: area
        for area in session.scalars(select(Area).options(selectinload(Area.aliases)))
    }
    paths = tree_paths({code: record.parent_code for code, record in records.items()})
    levels = {code: record.level_key for code, record in records.items()}
    added = updated = closed = 0
    areas: dict[str, Area] = {}
    for code, record in records.items():
        area = existing.get(code)
        if area is None:
            area = Area(code=code, path=paths[code], aliases=[])  # nothing to lazy-load
            session.add(area)
            added += 1
        elif any(getattr(area, name) != getattr(record, name) for name in _AREA_FIELDS):
            updated += 1
        for name in _AREA_FIELDS:
            setattr(area, name, getattr(record, name))
        area.path = paths[code]
        areas[code] = area
    session.flush()
    for code, record in records.items():
        area = areas[code]
        area.parent_id = areas[record.parent_code].id if record.parent_code else None
        system = outermost_system(paths[code], levels)
        area.system_id = areas[system].id if system else None
        _sync_aliases(area, record)
    for code, area in existing.items():
        if code not in records and code not in kept_open and area.valid_to is None:
            area.valid_to = today - dt.timedelta(days=1)
            closed += 1
    session.flush()
    return LoadSummary(changed=True, areas_added=added, areas_updated=updated, areas_closed=closed)


def _sync_aliases(area: Area, record: AreaRecord) -> None:
    wanted: dict[str, tuple[str, str]] = {}
    for text, kind in [(record.name, "name"), (record.short_name, "name"), *record.aliases.items()]:
        wanted.setdefault(normalise_name(text), (text, kind))
    have = {alias.normalised: alias for alias in area.aliases}
    for normalised, alias in have.items():
        if normalised not in wanted:
            area.aliases.remove(alias)
    for normalised, (text, kind) in wanted.items():
        if normalised in have:
            have[normalised].alias, have[normalised].kind = text, kind
        else:
            area.aliases.append(AreaAlias(alias=text, normalised=normalised, kind=kind))


def _load_successions(session: Session, footprints: Footprints, by_code: dict[str, int]) -> None:
    existing = {
        (s.predecessor_id, s.successor_id): s for s in session.scalars(select(AreaSuccession))
    }
    for record in footprints.successions:
        key = (by_code[record.predecessor_code], by_code[record.successor_code])
        succession = existing.get(key) or AreaSuccession(predecessor_id=key[0], successor_id=key[1])
        succession.effective = record.effective
        succession.kind = record.kind
        succession.notes = record.notes
        session.add(succession)


def _load_memberships(session: Session, footprints: Footprints, by_code: dict[str, int]) -> None:
    # Derived entirely from the files and referenced by nothing: replace wholesale.
    session.execute(delete(AreaMembership))
    session.add_all(
        AreaMembership(
            area_id=by_code[m.area_code],
            parent_id=by_code[m.parent_code],
            valid_from=m.valid_from,
            valid_to=m.valid_to,
            share=m.share,
            is_main=m.is_main,
            basis=m.basis,
        )
        for m in footprints.memberships
    )


def _load_practices(session: Session, footprints: Footprints, by_code: dict[str, int]) -> None:
    existing = {p.code: p for p in session.scalars(select(GpPractice))}
    for record in footprints.practices:
        practice = existing.get(record.code) or GpPractice(code=record.code)
        practice.name = record.name
        practice.postcode = record.postcode
        practice.pcn_id = by_code[record.pcn_code] if record.pcn_code else None
        practice.sub_icb_id = by_code.get(record.sub_icb_code)
        session.add(practice)
