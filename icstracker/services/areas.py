"""Finding footprints by what people type, and listing them.

People name an area by whatever they have in front of them: an ONS code from a report,
an ODS code from an email signature, the old STP name from a 2019 minute, or "Fylde
Coast PCN". ``resolve_area`` accepts all of these through the one ``AreaResolver`` the
form and the importer use, so the same words give the same area everywhere; a text that
names no area, or several, is an error that names the candidates, never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import Area, AreaAlias, AreaMembership, AreaSuccession, in_use_on
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.area_labels import area_label, describe_area
from icstracker.services.area_resolver import AreaRefusal, AreaResolver
from icstracker.services.dates import uk_today


@dataclass(frozen=True)
class AreaView:
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    level: str | None
    parent_code: str | None
    path: str
    ons_code: str | None
    ods_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_codes: tuple[str, ...] = ()
    # For ``list_areas(within=..., then=True)``: when the area lay inside the footprint,
    # if not in today's tree ("2022-07-01 to 2026-03-31"); empty when it is inside today.
    inside_then: str = ""

    def is_current(self, on: dt.date) -> bool:
        return in_use_on(self.valid_from, self.valid_to, on)

    @property
    def label(self) -> str:
        return area_label(self.short_name, self.code, self.valid_to)


_VIEW_COLUMNS = (
    Area.id,
    Area.code,
    Area.name,
    Area.short_name,
    Area.kind,
    Area.level_key,
    Area.path,
    Area.ons_code,
    Area.ods_code,
    Area.valid_from,
    Area.valid_to,
)


def _view(area: Area, parent_code: str | None, successors: tuple[str, ...] = ()) -> AreaView:
    return AreaView(
        id=area.id,
        code=area.code,
        name=area.name,
        short_name=area.short_name,
        kind=area.kind,
        level=area.level_key,
        parent_code=parent_code,
        path=area.path,
        ons_code=area.ons_code,
        ods_code=area.ods_code,
        valid_from=area.valid_from,
        valid_to=area.valid_to,
        successor_codes=successors,
    )


def _successors(session: Session, area_ids: list[int] | None = None) -> dict[int, tuple[str, ...]]:
    successor = aliased(Area)
    query = (
        select(AreaSuccession.predecessor_id, successor.code)
        .join(successor, successor.id == AreaSuccession.successor_id)
        .order_by(successor.code)
    )
    if area_ids is not None:
        query = query.where(AreaSuccession.predecessor_id.in_(area_ids))
    found: dict[int, list[str]] = {}
    for predecessor_id, code in session.execute(query):
        found.setdefault(predecessor_id, []).append(code)
    return {key: tuple(codes) for key, codes in found.items()}


def get_area(session: Session, area_id: int) -> AreaView:
    area = session.get(Area, area_id)
    if area is None:
        raise NotFoundError(f"There is no area with id {area_id}.")
    parent_code = area.parent.code if area.parent else None
    return _view(area, parent_code, _successors(session, [area.id]).get(area.id, ()))


def area_resolver(session: Session, committee_id: int | None = None) -> AreaResolver:
    """The session's resolver (with the committee's own aliases), built once: the areas do
    not change under a session, and changing an alias drops the ones built before."""
    resolvers = session.info.setdefault("area_resolvers", {})
    resolver = resolvers.get(committee_id)
    if not isinstance(resolver, AreaResolver):
        resolver = resolvers[committee_id] = AreaResolver(session, committee_id=committee_id)
    return resolver


def resolve_area(
    session: Session, text: str, *, on: dt.date | None = None, committee_id: int | None = None
) -> AreaView:
    """The one area ``text`` names on ``on``, exactly as the engagement form reads it.

    With ``committee_id``, the committee's own aliases (``committee_aliases``) count too.

    Without a date (a filter, a committee's areas) a code names the area that carries it,
    open or closed: ``list --area QHG`` means the closed Bedfordshire, Luton and Milton
    Keynes ICB, not its successor. NHS England regions are not loggable, so the resolver
    does not offer them, but a region's code or name still answers here
    (``areas --within Y56``).
    """
    wanted = " ".join(text.split())
    if not wanted:
        raise ValidationError("area", "No area given; name an ICB, place or PCN, or its code.")
    region = session.scalars(
        select(Area.id).where(
            Area.level_key.is_(None),
            or_(Area.code == wanted.upper(), Area.name == wanted, Area.short_name == wanted),
        )
    ).first()
    if region is not None:
        return get_area(session, region)
    resolver = area_resolver(session, committee_id)
    by_code = resolver.carrying_code(wanted)
    if on is None and len(by_code) == 1:
        return get_area(session, by_code[0].id)  # no date to choose an era: the code's own
    try:
        match = resolver.match(wanted, on or uk_today(), fuzzy=False)
    except AreaRefusal as refusal:
        if refusal.field == "area" and not refusal.ambiguous:
            raise NotFoundError(refusal.message) from None
        raise
    return get_area(session, match.area.id)


def list_areas(
    session: Session,
    *,
    level: str | None = None,
    within: str | None = None,
    kind: str | None = None,
    current_on: dt.date | None = None,
    then: bool = False,
) -> list[AreaView]:
    """Areas in tree order (by path), optionally only those current on a date.

    ``then`` adds, to what lies ``within`` a footprint today, what lay inside it once
    (Harlow, in Hertfordshire and West Essex until March 2026), with the dates: what a
    filter on that footprint finds engagements in."""
    parent = aliased(Area)
    # Columns, not ORM objects: the window lists all ~1,840 areas as it opens, and
    # building and tracking an object for each took most of the time.
    query = select(*_VIEW_COLUMNS, parent.code).outerjoin(parent, parent.id == Area.parent_id)
    if level is not None:
        if level not in ("system", "place", "neighbourhood"):
            raise ValidationError(
                "level", f"'{level}' is not a planning level; use system, place or neighbourhood."
            )
        query = query.where(Area.level_key == level)
    if kind is not None:
        query = query.where(Area.kind == kind)
    spans: dict[int, str] = {}
    if within is not None:
        container = resolve_area(session, within)
        inside_now = Area.path.startswith(container.path, autoescape=True)
        if then:
            spans = _inside_then(session, container.id)
            inside_now = or_(inside_now, Area.id.in_(list(spans)))
        query = query.where(inside_now, Area.id != container.id)
    if current_on is not None:
        query = query.where(
            or_(Area.valid_from.is_(None), Area.valid_from <= current_on),
            or_(Area.valid_to.is_(None), Area.valid_to >= current_on),
        )
    rows = session.execute(query.order_by(Area.path)).all()
    successors = _successors(session)
    views = [
        AreaView(
            id=row[0],
            code=row[1],
            name=row[2],
            short_name=row[3],
            kind=row[4],
            level=row[5],
            parent_code=row[11],
            path=row[6],
            ons_code=row[7],
            ods_code=row[8],
            valid_from=row[9],
            valid_to=row[10],
            successor_codes=successors.get(row[0], ()),
        )
        for row in rows
    ]
    if not spans:
        return views
    path = container.path
    return [
        replace(view, inside_then="" if view.path.startswith(path) else spans[view.id])
        for view in views
    ]


def _inside_then(session: Session, container_id: int) -> dict[int, str]:
    """The areas filed under ``container_id`` at some time, with when, in words."""
    found: dict[int, list[str]] = {}
    query = (
        select(AreaMembership.area_id, AreaMembership.valid_from, AreaMembership.valid_to)
        .where(AreaMembership.parent_id == container_id, AreaMembership.is_main)
        .order_by(AreaMembership.valid_from)
    )
    for area_id, first, last in session.execute(query):
        found.setdefault(area_id, []).append(
            f"{first.isoformat() if first else 'always'} to {last.isoformat() if last else 'now'}"
        )
    return {area_id: "; ".join(spans) for area_id, spans in found.items()}


@dataclass(frozen=True)
class AreaChoice:
    """One line of the area picker: what it shows, and every text that should find it."""

    id: int
    code: str
    label: str
    level: str
    current: bool
    search_text: str


def area_choices(session: Session, *, on: dt.date | None = None) -> list[AreaChoice]:
    """Every area an engagement can be logged against, current ones first.

    The search text holds codes, names and aliases, so typing an old STP name or an ONS
    code finds the area even though the picker shows today's name.
    """
    on = on or dt.date.today()
    system = aliased(Area)
    rows = session.execute(
        select(Area, system.short_name)
        .outerjoin(system, system.id == Area.system_id)
        .where(Area.level_key.is_not(None))
    ).all()
    aliases: dict[int, list[str]] = {}
    for area_id, alias in session.execute(select(AreaAlias.area_id, AreaAlias.alias)):
        aliases.setdefault(area_id, []).append(alias)
    choices = []
    for area, system_name in rows:
        label = describe_area(
            area.short_name, area.code, area.level_key, area.kind, system_name, area.valid_to
        )
        words = [
            area.code,
            area.ons_code or "",
            area.ods_code or "",
            label,
            *aliases.get(area.id, []),
        ]
        choices.append(
            AreaChoice(
                id=area.id,
                code=area.code,
                label=label,
                level=area.level_key or "",
                current=area.is_current(on),
                search_text=" | ".join(w for w in words if w),
            )
        )
    choices.sort(key=lambda c: (not c.current, c.label.lower()))
    return choices
