"""A person's rights over what the log says about them: see it all, or have it erased.

Under UK GDPR a contact may ask what the committee holds about them (subject access)
or ask to be erased. Erasure keeps the engagement itself (the committee's evidence that
a meeting happened, and every count in its reports) but removes who the person was:
name, role, email and organisation are replaced, and search no longer finds them. Free
text (summaries, outcomes) may still name them; that cannot be cleaned safely by a
machine, so the engagements that do are listed for a person to edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from icstracker.db.models import Action, Engagement, Person
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.engagements import hand_over_name, refresh_search_text
from icstracker.text import search_fold

# An erased person's name becomes this and their id: counts stay, the name goes.
ERASED_PREFIX = "Erased person "


@dataclass(frozen=True)
class ErasureResult:
    person_id: int
    engagements_kept: int
    actions_reassigned: int
    still_named_in: tuple[int, ...]  # engagement ids whose text still mentions the name


def find_person(session: Session, name: str, person_id: int | None = None) -> Person:
    """The one person called ``name`` (any case), or the one with ``person_id``."""
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(f"There is no person with id {person_id}.")
        return person
    # lower() folds every alphabet on both backends (db.engine gives SQLite Python's), so
    # a data-rights request finds "Émile Ødegaard" however it is typed.
    wanted = " ".join(name.split()).lower()
    found = list(session.scalars(select(Person).where(func.lower(Person.name) == wanted)))
    if not found:
        raise NotFoundError(f"Nobody called '{name}' is in the log.")
    if len(found) > 1:
        ids = ", ".join(str(p.id) for p in found)
        raise ValidationError("person", f"More than one person is called '{name}' (ids {ids}).")
    return found[0]


def _their_engagements(session: Session, person: Person) -> list[Engagement]:
    query = (
        select(Engagement)
        .where(
            or_(
                Engagement.people.any(Person.id == person.id),
                Engagement.representatives.any(Person.id == person.id),
            )
        )
        .options(
            selectinload(Engagement.people),
            selectinload(Engagement.representatives),
            selectinload(Engagement.organisations),
            selectinload(Engagement.area),
        )
        .order_by(Engagement.occurred_on, Engagement.id)
    )
    return list(session.scalars(query))


def _their_actions(session: Session, person: Person) -> list[Action]:
    owned = select(Action).where(func.lower(Action.owner) == person.name.lower())
    return list(session.scalars(owned.order_by(Action.id)))


def subject_access(session: Session, person: Person) -> dict[str, Any]:
    """Everything the log holds about ``person``, ready to write as JSON and send."""

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "produced": dt.date.today().isoformat(),
        "person": {
            "name": person.name,
            "role": person.role,
            "organisation": person.organisation.name if person.organisation else None,
            "email": person.email,
            "contact_permitted": person.contact_permitted,
            "recorded_since": person.created_at.isoformat(),
        },
        "engagements": [
            {
                "date": day(e.occurred_on),
                "area": e.area.name,
                "kind": e.kind,
                "title": e.title,
                "summary": e.summary,
                "outcome": e.outcome,
                "as": "committee representative" if person in e.representatives else "attendee",
                "deleted": e.deleted_at is not None,
            }
            for e in _their_engagements(session, person)
        ],
        "actions_owned": [
            {"description": a.description, "due": day(a.due_on), "done": day(a.done_on)}
            for a in _their_actions(session, person)
        ],
    }


def erase_person(session: Session, person: Person) -> ErasureResult:
    """Replaces who the person was with a placeholder, keeping every engagement and count."""
    old_name = person.name
    placeholder = f"{ERASED_PREFIX}{person.id}"
    actions = _their_actions(session, person)
    for action in actions:
        action.owner = placeholder
    held = person.name_key
    person.name = placeholder
    # Nobody types an erased person's placeholder into an engagement: it holds no key,
    # and the name it had goes to the next person of that name, if any.
    person.name_key = None
    person.role = None
    person.email = None
    person.organisation_id = None
    person.area_id = None
    person.contact_permitted = False
    engagements = _their_engagements(session, person)
    for engagement in engagements:
        refresh_search_text(engagement)
    session.flush()
    hand_over_name(session, held)
    # The free-text search column folds case and accents in Python (text.search_fold), so
    # it finds the name in titles, summaries and outcomes in any alphabet.
    still_named = tuple(
        session.scalars(
            select(Engagement.id)
            .where(Engagement.search_text.contains(search_fold(old_name), autoescape=True))
            .order_by(Engagement.id)
        )
    )
    return ErasureResult(person.id, len(engagements), len(actions), still_named)
