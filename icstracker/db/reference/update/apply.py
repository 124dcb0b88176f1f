"""Writing a ``Plan`` into the database, and keeping the official files applied.

Everything happens in the caller's transaction (``database.write()``), so a refusal or a
failure leaves nothing half-done. Areas are never deleted: a closed one gets its last day,
its memberships end that day, and engagements logged against it stay where they are.

Each applied file is kept as a ``ReferenceUpdate`` (its snapshot, as JSON). When a new
release reloads the shipped files, ``reapply_updates`` runs every kept update again, in
the order they were applied, so a committee never loses a reorganisation it loaded itself;
one the release's own files already cover (dated before them) is left out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from icstracker.db.models import (
    Area,
    AreaAlias,
    AreaMembership,
    AreaSuccession,
    GpPractice,
    ReferenceUpdate,
)
from icstracker.db.reference.eras import SHIPPED_AS_OF
from icstracker.db.reference.official.snapshot import Snapshot, from_payload, to_payload
from icstracker.db.reference.tree import recompute_tree
from icstracker.db.reference.update.changes import Plan, Share
from icstracker.db.reference.update.current import read_current
from icstracker.db.reference.update.plan import plan_changes
from icstracker.errors import IcsTrackerError
from icstracker.text import long_date, normalise_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredUpdate:
    id: int
    file_name: str
    sha256: str
    applied_at: dt.datetime
    snapshot: Snapshot
    effective: dt.date


def stored_updates(session: Session) -> Iterator[StoredUpdate]:
    """The updates applied to this database, in the order they were applied."""
    for row in session.scalars(select(ReferenceUpdate).order_by(ReferenceUpdate.id)):
        snapshot, effective = from_payload(row.payload)
        yield StoredUpdate(row.id, row.file_name, row.sha256, row.applied_at, snapshot, effective)


def applied_on(session: Session, sha256: str) -> dt.datetime | None:
    return session.scalar(
        select(ReferenceUpdate.applied_at).where(ReferenceUpdate.sha256 == sha256)
    )


def owned_codes(session: Session) -> set[str]:
    """Codes of areas the kept updates list (the loader must not close those it does not
    ship: the updates are applied again straight after)."""
    return {
        area.code
        for stored in stored_updates(session)
        if stored.snapshot.dated >= SHIPPED_AS_OF
        for area in stored.snapshot.areas
        if area.code
    }


def record_update(session: Session, snapshot: Snapshot, effective: dt.date) -> None:
    session.add(
        ReferenceUpdate(
            kind=snapshot.source,
            file_name=snapshot.file_name,
            sha256=snapshot.sha256,
            effective=effective,
            payload=to_payload(snapshot, effective),
        )
    )
    session.flush()


def reapply_updates(session: Session) -> int:
    """Applies every kept update again, in order; returns how many were applied.

    Called by the loader after the shipped files are (re)loaded. An update the shipped
    files already cover is left out; one that no longer fits (the release changed what it
    relied on) is skipped with a warning in the log, never a failure to open the database.
    """
    done = 0
    for stored in list(stored_updates(session)):
        if stored.snapshot.dated < SHIPPED_AS_OF:
            continue
        try:
            with session.begin_nested():
                plan = plan_changes(stored.snapshot, read_current(session), stored.effective)
                apply_plan(session, plan)
        except IcsTrackerError as error:
            log.warning("Reference update %s was not applied again: %s", stored.file_name, error)
            continue
        done += 1
    return done


def apply_plan(session: Session, plan: Plan) -> None:
    if plan.is_empty:
        return
    session.flush()
    ids = {code: area_id for code, area_id in session.execute(select(Area.code, Area.id))}
    touched = {
        *(c.code for c in plan.closed),
        *(r.code for r in plan.reopened),
        *(r.code for r in plan.renamed),
        *(r.code for r in plan.recoded),
        *(r.code for r in plan.refiled),
    }
    areas = {
        area.code: area
        for area in session.scalars(
            select(Area).where(Area.code.in_(touched)).options(selectinload(Area.aliases))
        )
    }
    _add_areas(session, plan, areas, ids)
    _rename(plan, areas)
    _close(session, plan, areas)
    _move(session, plan, ids)
    for refiled in plan.refiled:
        areas[refiled.code].parent_id = ids[refiled.parent]
    _succeed(session, plan, ids)
    _practices(session, plan, ids)
    session.flush()
    if plan.changes_areas:
        recompute_tree(session)


def _origin(plan: Plan) -> str:
    snapshot = plan.snapshot
    return f"{snapshot.file_name} ({snapshot.label}, {snapshot.dated_by})"


def _alias(area: Area, text: str | None, kind: str, *, rekind: bool = False) -> None:
    """Adds ``text`` as an alias of the area; ``rekind`` relabels one it already has."""
    if not text:
        return
    normalised = normalise_name(text)
    have = {alias.normalised: alias for alias in area.aliases}
    if normalised in have:
        if rekind:
            have[normalised].kind = kind
    elif normalised:
        area.aliases.append(AreaAlias(alias=text, normalised=normalised, kind=kind))


def _note(area: Area, sentence: str) -> None:
    if sentence not in (area.notes or ""):
        area.notes = "\n".join(filter(None, [area.notes, sentence]))


def _add_areas(session: Session, plan: Plan, areas: dict[str, Area], ids: dict[str, int]) -> None:
    for new in plan.new:
        area = Area(
            code=new.code,
            kind=new.kind,
            level_key=new.level_key,
            name=new.name,
            short_name=new.short_name,
            ons_code=new.ons_code,
            ods_code=new.ods_code,
            valid_from=new.valid_from,
            path="/",
            notes=f"Added from {_origin(plan)}.",
            aliases=[],
        )
        session.add(area)
        areas[new.code] = area
    session.flush()
    ids.update({new.code: areas[new.code].id for new in plan.new})
    for new in plan.new:
        area = areas[new.code]
        area.parent_id = ids[new.parent]
        _alias(area, new.name, "name")
        _alias(area, new.short_name, "short_name")
        _alias(area, new.published_name, "published_name")
        _add_memberships(session, plan, ids, new.code, new.shares, new.valid_from, "")
    for reopened in plan.reopened:
        areas[reopened.code].valid_to = None


def _rename(plan: Plan, areas: dict[str, Area]) -> None:
    for renamed in plan.renamed:
        area = areas[renamed.code]
        _alias(area, renamed.old_name, "former_name", rekind=True)
        _alias(area, area.short_name, "former_name", rekind=True)
        area.name, area.short_name = renamed.name, renamed.short_name
        _alias(area, renamed.name, "name", rekind=True)
        _alias(area, renamed.short_name, "short_name", rekind=True)
        _alias(area, renamed.published_name, "published_name")
    for recoded in plan.recoded:
        area = areas[recoded.code]
        _alias(area, recoded.old_ons_code, "former_ons_code", rekind=True)
        area.ons_code = recoded.ons_code


def _close(session: Session, plan: Plan, areas: dict[str, Area]) -> None:
    for closed in plan.closed:
        area = areas[closed.code]
        area.valid_to = closed.last_day
        _note(area, f"Closed {long_date(closed.last_day)}: {closed.reason} ({_origin(plan)}).")
        session.execute(
            update(AreaMembership)
            .where(
                AreaMembership.area_id == area.id,
                (AreaMembership.valid_to.is_(None)) | (AreaMembership.valid_to > closed.last_day),
            )
            .values(valid_to=closed.last_day)
        )


def _move(session: Session, plan: Plan, ids: dict[str, int]) -> None:
    """Ends the moved areas' ICB memberships the day before, and adds the new ones."""
    systems = select(Area.id).where(Area.level_key == "system")
    starts: dict[dt.date, list[int]] = defaultdict(list)
    for moved in plan.moved:
        starts[moved.start].append(ids[moved.code])
    for start, area_ids in starts.items():
        session.execute(
            update(AreaMembership)
            .where(
                AreaMembership.area_id.in_(area_ids),
                AreaMembership.parent_id.in_(systems),
                (AreaMembership.valid_to.is_(None)) | (AreaMembership.valid_to >= start),
            )
            .values(valid_to=start - dt.timedelta(days=1))
        )
    for moved in plan.moved:
        _add_memberships(session, plan, ids, moved.code, moved.new, moved.start, moved.reason)


def _add_memberships(
    session: Session,
    plan: Plan,
    ids: dict[str, int],
    code: str,
    shares: tuple[Share, ...],
    start: dt.date,
    reason: str,
) -> None:
    basis = f"{reason}; {plan.snapshot.basis}" if reason else plan.snapshot.basis
    session.add_all(
        AreaMembership(
            area_id=ids[code],
            parent_id=ids[share.parent],
            valid_from=start,
            valid_to=None,
            share=share.share,
            is_main=share.is_main,
            basis=basis[:200],
        )
        for share in shares
    )


def _succeed(session: Session, plan: Plan, ids: dict[str, int]) -> None:
    for succession in plan.successions:
        session.add(
            AreaSuccession(
                predecessor_id=ids[succession.predecessor],
                successor_id=ids[succession.successor],
                effective=succession.effective,
                kind=succession.kind,
                notes=f"From {_origin(plan)}.",
            )
        )


def _practices(session: Session, plan: Plan, ids: dict[str, int]) -> None:
    if not plan.practices:
        return
    wanted = {change.code: change for change in plan.practices}
    existing = {
        p.code: p for p in session.scalars(select(GpPractice).where(GpPractice.code.in_(wanted)))
    }
    for code, change in wanted.items():
        practice = existing.get(code) or GpPractice(code=code)
        practice.name = change.name
        practice.postcode = change.postcode
        practice.pcn_id = ids[change.pcn] if change.pcn else None
        practice.sub_icb_id = ids[change.sub_icb] if change.sub_icb else None
        session.add(practice)
