"""A person's rights over what the log says about them: see it all, or have it erased.

Under UK GDPR a contact may ask what the committee holds about them (subject access)
or ask to be erased. Both cover every record that names them: their details, the
engagements they attended or represented the committee at, the engagements, follow-ups
and judgements whose text names them, the influence and interest judgements made about
them (with their notes), and the history of every engagement that names them.

Erasure keeps the engagement itself (the committee's evidence that a meeting happened,
and every count in its reports) but removes who the person was: name, role, email and
organisation are replaced, judgements about them are deleted, and their full name is
replaced by the placeholder wherever text holds it (titles, summaries, outcomes,
internal notes, follow-ups, other people's judgement notes, history). A part of the name
on its own ("Dr Bhriain") may or may not be them, so text holding one is listed for a
person to read, never rewritten; so is all text naming them when someone else in the
register has the same name, since a machine cannot tell which of the two it means.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload, undefer

from icstracker.db.models import (
    Action,
    CommitteeMember,
    Engagement,
    EngagementVersion,
    Person,
    PersonAssessment,
)
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.access import check_sees_everything
from icstracker.services.history import record_versions, snapshots_before
from icstracker.services.mentions import NameInText, name_in_text
from icstracker.services.name_register import hand_over_name
from icstracker.services.search_text import refresh_search_text

# An erased person's name becomes this and their id: counts stay, the name goes.
ERASED_PREFIX = "Erased person "
ENGAGEMENT_TEXTS = ("title", "summary", "outcome", "internal_note")


@dataclass(frozen=True)
class ErasureResult:
    person_id: int
    engagements_kept: int
    actions_reassigned: int
    still_named_in: tuple[int, ...]  # engagement ids whose text may still name them
    judgements_removed: int = 0
    texts_rewritten: int = 0  # fields whose text named them, now naming the placeholder
    versions_rewritten: int = 0  # history fields (and authors) rewritten the same way


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


def _linked(person: Person) -> Any:
    return or_(
        Engagement.people.any(Person.id == person.id),
        Engagement.representatives.any(Person.id == person.id),
    )


def _their_engagements(session: Session, person: Person) -> list[Engagement]:
    query = (
        select(Engagement)
        .where(_linked(person))
        .options(
            selectinload(Engagement.people),
            selectinload(Engagement.representatives),
            selectinload(Engagement.organisations),
            selectinload(Engagement.area),
        )
        .order_by(Engagement.occurred_on, Engagement.id)
    )
    return list(session.scalars(query))


def _engagement_texts(
    session: Session, name: NameInText, *, partly: bool = False
) -> dict[int, dict[str, str]]:
    """Engagement id -> {field: text} for each text field that names (or, ``partly``, may
    name) the person; the internal note is read like the rest, by an administrator."""
    columns = [getattr(Engagement, field) for field in ENGAGEMENT_TEXTS]
    candidates = name.part_candidates if partly else name.candidates
    query = select(Engagement.id, *columns).where(or_(*(candidates(c) for c in columns)))
    test = name.may_name if partly else name.names
    found: dict[int, dict[str, str]] = {}
    for engagement_id, *texts in session.execute(query.order_by(Engagement.id)):
        fields = {f: t for f, t in zip(ENGAGEMENT_TEXTS, texts, strict=True) if test(t)}
        if fields:
            found[engagement_id] = fields
    return found


def _their_actions(session: Session, person: Person, name: NameInText) -> list[Action]:
    owned_or_named = or_(
        func.lower(Action.owner) == person.name.lower(), name.candidates(Action.description)
    )
    query = select(Action).where(owned_or_named).order_by(Action.id)
    return [
        a
        for a in session.scalars(query)
        if (a.owner or "").lower() == person.name.lower() or name.names(a.description)
    ]


def _notes_naming(session: Session, person: Person, name: NameInText) -> list[PersonAssessment]:
    """Judgements of other people whose note names this person."""
    query = (
        select(PersonAssessment)
        .where(PersonAssessment.person_id != person.id, name.candidates(PersonAssessment.note))
        .order_by(PersonAssessment.id)
    )
    return [a for a in session.scalars(query) if name.names(a.note)]


def _loads(text: str) -> dict[str, Any]:
    try:
        found = json.loads(text or "{}")
    except ValueError:  # a version restored from a file whose text was changed by hand
        return {"text": text}
    return found if isinstance(found, dict) else {"value": found}


def _history_naming(
    session: Session, person: Person, name: NameInText, linked_ids: set[int]
) -> list[tuple[EngagementVersion, str, dt.date]]:
    """Versions that name the person, are of an engagement they are linked to, or were
    written by them (as the settings' name, or as the server role that stands for them)."""
    roles = select(CommitteeMember.role_name).where(CommitteeMember.person_id == person.id)
    texts = (EngagementVersion.changes, EngagementVersion.private_changes)
    query = (
        select(EngagementVersion, Engagement.title, Engagement.occurred_on)
        .join(Engagement, Engagement.id == EngagementVersion.engagement_id)
        .where(
            or_(
                EngagementVersion.engagement_id.in_(linked_ids),
                EngagementVersion.author.in_(roles),
                name.candidates(EngagementVersion.author),
                *(name.candidates(c) for c in texts),
            )
        )
        .order_by(EngagementVersion.engagement_id, EngagementVersion.version)
        .options(undefer(EngagementVersion.private_changes))  # an administrator's read
    )
    role_names = set(session.scalars(roles))
    return [
        (v, title, day)
        for v, title, day in session.execute(query)
        if v.engagement_id in linked_ids
        or v.author in role_names
        or any(name.names(t) for t in (v.author, v.changes, v.private_changes))
    ]


def _rewritten(value: Any, name: NameInText, placeholder: str) -> Any:
    if isinstance(value, str):
        return name.replace(value, placeholder)
    if isinstance(value, list):
        return [_rewritten(v, name, placeholder) for v in value]
    if isinstance(value, dict):
        return {k: _rewritten(v, name, placeholder) for k, v in value.items()}
    return value


def _rewrite_history(session: Session, name: NameInText, placeholder: str) -> int:
    """Replaces the full name in every version that holds it (author included): the only
    change the app ever makes to the history, which nobody can edit by hand."""
    texts = (EngagementVersion.author, EngagementVersion.changes, EngagementVersion.private_changes)
    query = (
        select(EngagementVersion)
        .where(or_(*(name.candidates(c) for c in texts)))
        .options(undefer(EngagementVersion.private_changes))
    )
    rewritten = 0
    for version in session.scalars(query):
        for field in ("changes", "private_changes"):
            text = getattr(version, field)
            if name.names(text):
                try:
                    fields = json.loads(text)
                except ValueError:
                    new = name.replace(text, placeholder)
                else:
                    new = json.dumps(
                        _rewritten(fields, name, placeholder), ensure_ascii=False, sort_keys=True
                    )
                setattr(version, field, new)
                rewritten += 1
        if name.names(version.author):
            version.author = name.replace(version.author, placeholder)[:200]
            rewritten += 1
    return rewritten


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def subject_access(session: Session, person: Person) -> dict[str, Any]:
    """Everything the log holds about ``person``, ready to write as JSON and send."""
    check_sees_everything(session, "a subject access export")
    name = name_in_text(person.name)
    linked = _their_engagements(session, person)
    linked_ids = {e.id for e in linked}
    mentioned_ids = set(_engagement_texts(session, name)) - linked_ids
    others = list(
        session.scalars(
            select(Engagement)
            .where(Engagement.id.in_(mentioned_ids))
            .options(selectinload(Engagement.area))
            .order_by(Engagement.occurred_on, Engagement.id)
        )
    )
    notes = dict(
        session.execute(
            select(Engagement.id, Engagement.internal_note).where(
                Engagement.id.in_(linked_ids | mentioned_ids)
            )
        ).all()
    )

    def engagement(e: Engagement, role: str) -> dict[str, Any]:
        return {
            "date": _day(e.occurred_on),
            "area": e.area.name,
            "kind": e.kind,
            "title": e.title,
            "summary": e.summary,
            "outcome": e.outcome,
            "internal_note": notes.get(e.id, ""),
            "as": role,
            "deleted": e.deleted_at is not None,
        }

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
            engagement(e, "committee representative" if person in e.representatives else "attendee")
            for e in linked
        ]
        + [engagement(e, "named in the text") for e in others],
        "actions_owned": [
            {"description": a.description, "due": _day(a.due_on), "done": _day(a.done_on)}
            for a in _their_actions(session, person, name)
            if (a.owner or "").lower() == person.name.lower()
        ],
        "actions_naming_them": [
            {"description": a.description, "owner": a.owner, "due": _day(a.due_on)}
            for a in _their_actions(session, person, name)
            if (a.owner or "").lower() != person.name.lower()
        ],
        "judgements": [
            {
                "assessed_on": _day(a.assessed_on),
                "interest": a.interest,
                "influence": a.influence,
                "note": a.note,
            }
            for a in person.assessments
        ],
        "judgement_notes_naming_them": [
            {"assessed_on": _day(a.assessed_on), "note": a.note}
            for a in _notes_naming(session, person, name)
        ],
        "history": [
            {
                "engagement": title,
                "date": _day(occurred_on),
                "version": v.version,
                "author": v.author,
                "changed_at": v.changed_at.isoformat(),
                "changes": {**_loads(v.changes), **_loads(v.private_changes)},
            }
            for v, title, occurred_on in _history_naming(session, person, name, linked_ids)
        ],
    }


def erase_person(session: Session, person: Person) -> ErasureResult:
    """Replaces who the person was with a placeholder, keeping every engagement and count."""
    check_sees_everything(session, "erasure")
    old_name = person.name
    name = name_in_text(old_name)
    placeholder = f"{ERASED_PREFIX}{person.id}"
    namesakes = session.scalar(
        select(func.count())
        .select_from(Person)
        .where(func.lower(Person.name) == old_name.lower(), Person.id != person.id)
    )
    # With a namesake, "Sam Lee" in a summary may be the other Sam Lee: listed, not rewritten.
    rewrite = not namesakes
    actions = _their_actions(session, person, name)
    reassigned = 0
    rewritten = 0
    for action in actions:
        if (action.owner or "").lower() == old_name.lower():
            action.owner = placeholder
            reassigned += 1
        if rewrite and name.names(action.description):
            action.description = name.replace(action.description, placeholder)
            rewritten += 1
    judgements = len(person.assessments)
    person.assessments.clear()  # delete-orphan: the judgements about them go
    if rewrite:
        for judged in _notes_naming(session, person, name):
            judged.note = name.replace(judged.note or "", placeholder)
            rewritten += 1
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
    texts = _engagement_texts(session, name) if rewrite else {}
    # Taken after the person was renamed: the version recorded for this change names the
    # placeholder, and the earlier versions are rewritten to it below.
    before = snapshots_before(session, {e.id for e in engagements} | set(texts))
    touched = {e.id: e for e in engagements}
    if texts:
        extra = set(texts) - set(touched)
        touched.update(
            (e.id, e) for e in session.scalars(select(Engagement).where(Engagement.id.in_(extra)))
        )
    for engagement_id, fields in texts.items():
        engagement = touched[engagement_id]
        for field, text in fields.items():
            setattr(engagement, field, name.replace(text, placeholder))
            rewritten += 1
    for engagement in touched.values():
        refresh_search_text(engagement)
    session.flush()
    versions = _rewrite_history(session, name, placeholder) if rewrite else 0
    record_versions(session, touched.values(), before)
    hand_over_name(session, held)
    still_named = tuple(sorted(_engagement_texts(session, name, partly=True)))
    return ErasureResult(
        person.id, len(engagements), reassigned, still_named, judgements, rewritten, versions
    )
