"""What the reference browser explains: the planning levels and each footprint's story."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import Area, AreaSuccession, PlanningLevel
from icstracker.errors import NotFoundError


@dataclass(frozen=True)
class LevelView:
    key: str
    label: str
    population: str
    main_bodies: str
    purpose: str
    priorities: tuple[str, ...]


@dataclass(frozen=True)
class FootprintProfile:
    code: str
    name: str
    short_name: str
    kind: str
    level: str | None
    region: str | None
    ons_code: str | None
    ods_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    designation: str | None
    notes: str | None
    grew_from: tuple[str, ...]  # predecessors: "Name (code, kind)"
    became: tuple[str, ...]  # successors
    places: tuple[str, ...]
    pcn_count: int
    pcns: tuple[str, ...]


def planning_levels(session: Session) -> list[LevelView]:
    levels = session.scalars(select(PlanningLevel).order_by(PlanningLevel.rank))
    return [
        LevelView(
            lv.key,
            lv.label,
            lv.population_label,
            lv.main_bodies,
            lv.purpose,
            tuple(lv.priorities.splitlines()),
        )
        for lv in levels
    ]


def footprint_profile(session: Session, code: str) -> FootprintProfile:
    area = session.scalars(select(Area).where(Area.code == code)).first()
    if area is None:
        raise NotFoundError(f"There is no footprint with code {code}.")
    other = aliased(Area)
    grew_from = session.execute(
        select(other.short_name, other.code, AreaSuccession.kind)
        .join(AreaSuccession, AreaSuccession.predecessor_id == other.id)
        .where(AreaSuccession.successor_id == area.id)
        .order_by(other.code)
    ).all()
    became = session.execute(
        select(other.short_name, other.code, AreaSuccession.kind)
        .join(AreaSuccession, AreaSuccession.successor_id == other.id)
        .where(AreaSuccession.predecessor_id == area.id)
        .order_by(other.code)
    ).all()
    inside = Area.path.startswith(area.path, autoescape=True)
    places = session.scalars(
        select(Area.short_name)
        .where(inside, Area.kind == "local_authority", Area.valid_to.is_(None))
        .order_by(Area.short_name)
    ).all()
    pcns = session.scalars(
        select(Area.short_name).where(inside, Area.kind == "pcn").order_by(Area.short_name)
    ).all()
    region = session.scalar(
        select(Area.name).where(Area.code == area.path.strip("/").split("/")[0])
    )
    designation = None
    if area.designation_wave:
        when = area.designation_effective or area.designation_announced
        designation = (
            f"Wave {area.designation_wave} ({when}), designated as {area.designation_name}"
        )
    return FootprintProfile(
        code=area.code,
        name=area.name,
        short_name=area.short_name,
        kind=area.kind,
        level=area.level_key,
        region=region if region != area.name else None,
        ons_code=area.ons_code,
        ods_code=area.ods_code,
        valid_from=area.valid_from,
        valid_to=area.valid_to,
        designation=designation,
        notes=area.notes,
        grew_from=tuple(f"{n} ({c}, {k})" for n, c, k in grew_from),
        became=tuple(f"{n} ({c}, {k})" for n, c, k in became),
        places=tuple(places),
        pcn_count=session.scalar(select(func.count()).where(inside, Area.kind == "pcn")) or 0,
        pcns=tuple(pcns),
    )
