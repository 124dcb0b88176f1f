"""The stakeholder register: the people an LPC meets, what they do, and what they think.

People arrive as names typed into engagements ("Dr A Example", "dr a example ") and so
duplicates are normal; merging moves every engagement, representative role and follow-
up to the person kept, so no history is lost. A contact's interest in community pharmacy
and influence over the system are judged on a date and kept as a history; the grid
shows each person's latest judgement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, true, update
from sqlalchemy.orm import Session

from icstracker.db.authorship import author_of
from icstracker.db.models import (
    SCORE_RANGE,
    Action,
    Area,
    Engagement,
    Organisation,
    Person,
    PersonAssessment,
    Topic,
    engagement_person,
    engagement_representative,
)
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.engagement_filter import EngagementFilter, filter_condition
from icstracker.services.history import linked_to, record_versions, snapshots_before
from icstracker.services.name_register import find_or_add_organisations, hand_over_name
from icstracker.services.privacy import ERASED_PREFIX
from icstracker.services.search_text import refresh_search_text


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: str | None
    organisation: str | None
    area: str | None
    email: str | None
    contact_permitted: bool
    engagements: int
    last_engaged: dt.date | None
    interest: int | None
    influence: int | None
    assessed_on: dt.date | None


@dataclass(frozen=True)
class PersonDetails:
    role: str | None = None
    organisation: str | None = None
    area_id: int | None = None
    email: str | None = None
    contact_permitted: bool = True


def list_people(
    session: Session, *, text: str = "", met_in: EngagementFilter | None = None
) -> list[PersonRow]:
    """Everyone in the register with their engagement count and latest judgement.

    With ``met_in`` (the log's filter: a committee, a place or PCN and everything inside
    it, a period...) only the people met in those engagements are listed, and their
    counts are of those engagements: "who are our contacts at this place" is the same
    filter as the log's, not a second way of choosing.
    """
    met = filter_condition(session, met_in) if met_in is not None else true()
    attended = (
        select(engagement_person.c.person_id.label("person_id"), Engagement.occurred_on)
        .join(Engagement, Engagement.id == engagement_person.c.engagement_id)
        .where(Engagement.deleted_at.is_(None), met)
        .subquery()
    )
    counts = (
        select(
            attended.c.person_id,
            func.count().label("engagements"),
            func.max(attended.c.occurred_on).label("last"),
        )
        .group_by(attended.c.person_id)
        .subquery()
    )
    latest_day = (
        select(PersonAssessment.person_id, func.max(PersonAssessment.assessed_on).label("day"))
        .group_by(PersonAssessment.person_id)
        .subquery()
    )
    latest = (
        select(
            PersonAssessment.person_id,
            func.max(PersonAssessment.id).label("id"),
        )
        .join(
            latest_day,
            (latest_day.c.person_id == PersonAssessment.person_id)
            & (latest_day.c.day == PersonAssessment.assessed_on),
        )
        .group_by(PersonAssessment.person_id)
        .subquery()
    )
    query = (
        select(
            Person,
            Organisation.name,
            Area.short_name,
            counts.c.engagements,
            counts.c.last,
            PersonAssessment,
        )
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(Area, Area.id == Person.area_id)
        .join(counts, counts.c.person_id == Person.id, isouter=met_in is None)
        .outerjoin(latest, latest.c.person_id == Person.id)
        .outerjoin(PersonAssessment, PersonAssessment.id == latest.c.id)
        .order_by(func.lower(Person.name), Person.id)
    )
    if text.strip():
        query = query.where(func.lower(Person.name).contains(text.strip().lower(), autoescape=True))
    return [
        PersonRow(
            id=person.id,
            name=person.name,
            role=person.role,
            organisation=organisation,
            area=area,
            email=person.email,
            contact_permitted=person.contact_permitted,
            engagements=engagements or 0,
            last_engaged=last,
            interest=judged.interest if judged else None,
            influence=judged.influence if judged else None,
            assessed_on=judged.assessed_on if judged else None,
        )
        for person, organisation, area, engagements, last, judged in session.execute(query)
    ]


@dataclass(frozen=True)
class RegisterNames:
    """What the engagement form offers as type-ahead, so "Dr A Example" is picked, not
    retyped as "Dr A. Example" and registered twice."""

    topics: tuple[str, ...]
    organisations: tuple[str, ...]
    people: tuple[str, ...]


def topic_names(session: Session) -> list[str]:
    return list(session.scalars(select(Topic.name).order_by(Topic.name)))


def register_names(session: Session) -> RegisterNames:
    """Every topic, organisation and person by name; erased people are not offered."""
    return RegisterNames(
        topics=tuple(topic_names(session)),
        organisations=tuple(session.scalars(select(Organisation.name).order_by(Organisation.name))),
        people=tuple(
            session.scalars(
                select(Person.name)
                .where(Person.name.not_like(f"{ERASED_PREFIX}%"))
                .order_by(Person.name)
                .distinct()
            )
        ),
    )


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(f"There is no person with id {person_id}.")
    return person


def update_person(session: Session, person_id: int, details: PersonDetails) -> None:
    """Role, organisation (found or added by name), area, email and consent to contact."""
    person = _person(session, person_id)
    for label, value in (("role", details.role), ("email", details.email)):
        if value is not None and len(value.strip()) > 200:
            raise ValidationError(label, f"The {label} can be at most 200 characters.")
    person.role = (details.role or "").strip() or None
    person.email = (details.email or "").strip() or None
    person.contact_permitted = details.contact_permitted
    if details.area_id is not None and session.get(Area, details.area_id) is None:
        raise ValidationError("area", f"There is no area with id {details.area_id}.")
    person.area_id = details.area_id
    name = " ".join((details.organisation or "").split())
    if not name:
        person.organisation_id = None
    else:
        (found,) = find_or_add_organisations(session, [name])
        person.organisation_id = found.id
    session.flush()


def assess_person(
    session: Session,
    person_id: int,
    *,
    interest: int,
    influence: int,
    on: dt.date,
    note: str | None = None,
) -> None:
    _person(session, person_id)
    for label, score in (("interest", interest), ("influence", influence)):
        if score not in SCORE_RANGE:
            raise ValidationError(label, f"{label.capitalize()} is scored 1 (low) to 5 (high).")
    session.add(
        PersonAssessment(
            person_id=person_id,
            assessed_on=on,
            interest=interest,
            influence=influence,
            note=(note or "").strip() or None,
            recorded_by=author_of(session),
        )
    )
    session.flush()


def merge_people(session: Session, keep_id: int, merge_id: int) -> int:
    """Moves everything of ``merge_id`` to ``keep_id`` and removes it; returns engagements moved.

    Links are moved with set-based SQL, skipping engagements that already list the kept
    person (the same meeting logged with both spellings), so no engagement loses or
    doubles an attendee. Details the kept person lacks are taken from the other.
    """
    if keep_id == merge_id:
        raise ValidationError("merge", "Choose two different people to merge.")
    keep, gone = _person(session, keep_id), _person(session, merge_id)
    before = snapshots_before(session, linked_to(session, merge_id))
    moved: set[int] = set()
    for table in (engagement_person, engagement_representative):
        theirs = set(
            session.scalars(select(table.c.engagement_id).where(table.c.person_id == merge_id))
        )
        mine = set(
            session.scalars(select(table.c.engagement_id).where(table.c.person_id == keep_id))
        )
        new = sorted(theirs - mine)
        if new:
            session.execute(
                insert(table), [{"engagement_id": e, "person_id": keep_id} for e in new]
            )
        session.execute(delete(table).where(table.c.person_id == merge_id))
        moved |= theirs
    session.execute(
        update(Action).where(func.lower(Action.owner) == gone.name.lower()).values(owner=keep.name)
    )
    session.execute(
        update(PersonAssessment)
        .where(PersonAssessment.person_id == merge_id)
        .values(person_id=keep_id)
    )
    for field in ("role", "email", "organisation_id", "area_id"):
        if getattr(keep, field) is None:
            setattr(keep, field, getattr(gone, field))
    keep.contact_permitted = keep.contact_permitted and gone.contact_permitted
    held = gone.name_key
    session.delete(gone)
    session.flush()
    hand_over_name(session, held)
    session.expire_all()
    changed = list(session.scalars(select(Engagement).where(Engagement.id.in_(moved))))
    for engagement in changed:
        refresh_search_text(engagement)
    record_versions(session, changed, before)
    return len(moved)


def person_engagements(session: Session, person_id: int) -> list[tuple[int, dt.date, str, str]]:
    """(id, date, title, area) of every live engagement the person attended, newest first."""
    _person(session, person_id)
    query = (
        select(Engagement.id, Engagement.occurred_on, Engagement.title, Area.short_name)
        .join(engagement_person, engagement_person.c.engagement_id == Engagement.id)
        .join(Area, Area.id == Engagement.area_id)
        .where(engagement_person.c.person_id == person_id, Engagement.deleted_at.is_(None))
        .order_by(Engagement.occurred_on.desc(), Engagement.id.desc())
    )
    return [(i, d, t, a) for i, d, t, a in session.execute(query)]
