"""The committees (LPCs) a database holds, and the footprints each covers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from icstracker.db.models import Area, Committee
from icstracker.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class CommitteeView:
    id: int
    name: str
    area_codes: tuple[str, ...]


def _view(committee: Committee) -> CommitteeView:
    return CommitteeView(
        committee.id, committee.name, tuple(sorted(a.code for a in committee.areas))
    )


def list_committees(session: Session) -> list[CommitteeView]:
    query = select(Committee).options(selectinload(Committee.areas)).order_by(Committee.name)
    return [_view(c) for c in session.scalars(query)]


def find_committee(session: Session, name: str) -> CommitteeView | None:
    query = select(Committee).where(func.lower(Committee.name) == name.strip().lower())
    committee = session.scalars(query).first()
    return _view(committee) if committee else None


def create_committee(session: Session, name: str, area_ids: tuple[int, ...] = ()) -> CommitteeView:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("committee", "A committee needs a name.")
    if len(name) > 200:
        raise ValidationError("committee", "A committee name can be at most 200 characters.")
    if find_committee(session, name) is not None:
        raise ValidationError("committee", f"There is already a committee called '{name}'.")
    committee = Committee(name=name, areas=_areas(session, area_ids))
    session.add(committee)
    session.flush()
    return _view(committee)


def update_committee(
    session: Session, committee_id: int, name: str, area_ids: tuple[int, ...]
) -> CommitteeView:
    committee = session.get(Committee, committee_id)
    if committee is None:
        raise NotFoundError(f"There is no committee with id {committee_id}.")
    name = " ".join(name.split())
    if not name:
        raise ValidationError("committee", "A committee needs a name.")
    other = find_committee(session, name)
    if other is not None and other.id != committee_id:
        raise ValidationError("committee", f"There is already a committee called '{name}'.")
    committee.name = name
    committee.areas = _areas(session, area_ids)
    session.flush()
    return _view(committee)


def _areas(session: Session, area_ids: tuple[int, ...]) -> list[Area]:
    areas = list(session.scalars(select(Area).where(Area.id.in_(area_ids))))
    if len(areas) != len(set(area_ids)):
        raise NotFoundError("One of the areas given for the committee does not exist.")
    return areas


def choose_committee(session: Session, name: str | None) -> CommitteeView:
    """The committee a command means: the one named, or the only one there is."""
    if name:
        found = find_committee(session, name)
        if found is None:
            known = ", ".join(f"'{c.name}'" for c in list_committees(session)) or "none yet"
            raise NotFoundError(
                f"There is no committee called '{name.strip()}' (known: {known}); "
                "add it with: icstracker committee add NAME."
            )
        return found
    committees = list_committees(session)
    if len(committees) == 1:
        return committees[0]
    if not committees:
        raise NotFoundError(
            "This database has no committee yet; add yours with: icstracker committee add NAME."
        )
    raise ValidationError(
        "committee",
        "This database holds several committees; say which with --committee NAME.",
    )
