"""An engagement's history: every saved version, who saved it, when and what changed.

Each write of an engagement (log, edit, delete, restore, import, merge of two people,
erasure) adds one ``EngagementVersion`` in the same transaction, numbered from 1. It
holds the fields that changed with their new values (the first version recorded holds
them all): a state can be rebuilt by reading the
versions in order, and removing a name from a summary does not copy the old summary
into the newest version. The rating and internal note go in a separate half that only
the owning committee may read on a shared server (``engagement_private``).

Written by the service rather than by database triggers, so SQLite and PostgreSQL keep
exactly the same history. The app never updates or deletes a version; only erasure
rewrites them, to take an erased person's name out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from icstracker.db.authorship import author_of
from icstracker.db.bulk_insert import insert_rows
from icstracker.db.models import (
    CommitteeMember,
    Engagement,
    EngagementVersion,
    Person,
    engagement_person,
    engagement_representative,
)
from icstracker.db.types import utc_now
from icstracker.services.engagement_private import Private, private_changes, private_fields

FIELD_LABELS = {
    "committee": "Committee",
    "area": "Area",
    "occurred_on": "Date",
    "kind": "Kind",
    "title": "Title",
    "summary": "Summary",
    "outcome": "Outcome",
    "organisations": "Organisations",
    "people": "People",
    "representatives": "Representatives",
    "topics": "Topics",
    "partners": "Joint with",
    "actions": "Follow-ups",
    "not_for_partners": "Not for partners",
    "deleted": "Deleted",
    "rating": "Rating",
    "internal_note": "Internal note",
}
PRIVATE_FIELDS = ("rating", "internal_note")

Fields = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """An engagement's fields as plain JSON values: public, and private (rating, note)."""

    public: Fields
    private: Fields


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    value: str  # the new value, as a person reads it


@dataclass(frozen=True)
class VersionView:
    version: int
    author: str  # the database role or the settings' name, as recorded
    author_name: str | None  # the person a server role stands for, if known
    changed_at: dt.datetime
    first: bool  # the first version recorded: every field, not only what changed
    changes: tuple[FieldChange, ...]

    @property
    def who(self) -> str:
        return f"{self.author_name} ({self.author})" if self.author_name else self.author


def snapshot_of_values(
    *,
    committee: str,
    area: str,
    occurred_on: dt.date,
    kind: str,
    title: str,
    summary: str,
    outcome: str,
    organisations: Sequence[str],
    people: Sequence[str],
    representatives: Sequence[str],
    topics: Sequence[str],
    partners: Sequence[str],
    actions: Sequence[tuple[str, str | None, dt.date | None, dt.date | None]],
    not_for_partners: bool,
    deleted: bool,
    rating: str | None,
    internal_note: str,
) -> Snapshot:
    """The snapshot of values a bulk write has at hand (no ORM objects needed)."""

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return Snapshot(
        {
            "committee": committee,
            "area": area,
            "occurred_on": occurred_on.isoformat(),
            "kind": kind,
            "title": title,
            "summary": summary,
            "outcome": outcome,
            "organisations": sorted(organisations, key=str.lower),
            "people": list(people),
            "representatives": list(representatives),
            "topics": sorted(topics, key=str.lower),
            "partners": sorted(partners, key=str.lower),
            "actions": [
                {"description": d, "owner": o, "due": day(due), "done": day(done)}
                for d, o, due, done in actions
            ],
            "not_for_partners": bool(not_for_partners),
            "deleted": bool(deleted),
        },
        {"rating": rating, "internal_note": internal_note},
    )


def snapshot(engagement: Engagement, private: Private) -> Snapshot:
    """What ``engagement`` holds now (its lists loaded or just assigned)."""
    return snapshot_of_values(
        committee=engagement.committee.name,
        area=engagement.area.code,
        occurred_on=engagement.occurred_on,
        kind=engagement.kind,
        title=engagement.title,
        summary=engagement.summary,
        outcome=engagement.outcome,
        organisations=[o.name for o in engagement.organisations],
        people=[p.name for p in engagement.people],
        representatives=[p.name for p in engagement.representatives],
        topics=[t.name for t in engagement.topics],
        partners=[c.name for c in engagement.partners],
        actions=[(a.description, a.owner, a.due_on, a.done_on) for a in engagement.actions],
        not_for_partners=engagement.not_for_partners,
        deleted=engagement.deleted_at is not None,
        rating=private.rating,
        internal_note=private.internal_note,
    )


def _changed(before: Fields | None, after: Fields) -> Fields:
    if before is None:
        return dict(after)
    return {k: v for k, v in after.items() if before.get(k) != v}


# One encoder for every version: ``json.dumps`` with options makes a new one a call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _json(fields: Fields) -> str:
    return _ENCODER.encode(fields)


def version_row(
    engagement_id: int,
    version: int,
    author: str,
    changed_at: dt.datetime,
    after: Snapshot,
    before: Snapshot | None = None,
) -> dict[str, Any]:
    return {
        "engagement_id": engagement_id,
        "version": version,
        "author": author,
        "changed_at": changed_at,
        "changes": _json(_changed(before.public if before else None, after.public)),
        "private_changes": _json(_changed(before.private if before else None, after.private)),
    }


def record_version(
    session: Session, engagement: Engagement, before: Snapshot | None, after: Snapshot
) -> None:
    """Adds the next version of ``engagement`` (just flushed), by this session's author.

    Versions count from 1 on their own, apart from the row's ``version`` (the edit check's
    counter), so a history restored from a full export carries on where it ended. With no
    version recorded yet (an engagement logged before history was kept, or restored from
    a file without it), the version holds every field, so a history always starts whole.
    """
    previous = session.scalar(
        select(func.max(EngagementVersion.version)).where(
            EngagementVersion.engagement_id == engagement.id
        )
    )
    row = version_row(
        engagement.id,
        (previous or 0) + 1,
        author_of(session),
        engagement.updated_at or utc_now(),
        after,
        before if previous else None,
    )
    session.execute(insert(EngagementVersion), [row])


def linked_to(session: Session, person_id: int) -> set[int]:
    """The engagements a person attends or represents the committee at."""
    return set(
        session.scalars(
            select(engagement_person.c.engagement_id).where(
                engagement_person.c.person_id == person_id
            )
        )
    ) | set(
        session.scalars(
            select(engagement_representative.c.engagement_id).where(
                engagement_representative.c.person_id == person_id
            )
        )
    )


def snapshots_before(session: Session, ids: Iterable[int]) -> dict[int, Snapshot]:
    """What each engagement holds before a change that touches many (a merge, erasure)."""
    wanted = set(ids)
    private = private_fields(session, wanted)
    return {
        e.id: snapshot(e, private.get(e.id, Private()))
        for e in session.scalars(select(Engagement).where(Engagement.id.in_(wanted)))
    }


def record_versions(
    session: Session, engagements: Iterable[Engagement], before: dict[int, Snapshot]
) -> None:
    """Flushes changes made to many engagements at once and records a version of each that
    changed, its time of change now."""
    engagements = list(engagements)
    now = utc_now()
    private = private_fields(session, [e.id for e in engagements])
    after = {e.id: snapshot(e, private.get(e.id, Private())) for e in engagements}
    changed = [e for e in engagements if before.get(e.id) != after[e.id]]
    for engagement in changed:
        engagement.updated_at = now
    session.flush()
    for engagement in changed:
        record_version(session, engagement, before.get(engagement.id), after[engagement.id])


def record_new(session: Session, rows: Iterable[tuple[int, Snapshot]]) -> None:
    """Version 1 of engagements a bulk write has just inserted, all by this author."""
    author, now = author_of(session), utc_now()
    # Most rows share their few private values (no rating, no note): written once each.
    private: dict[tuple[tuple[str, Any], ...], str] = {}

    def private_json(fields: Fields) -> str:
        key = tuple(fields.items())
        found = private.get(key)
        if found is None:
            found = private[key] = _json(fields)
        return found

    # Straight to the driver (``db/bulk_insert``), without the ORM's bulk insert
    # bookkeeping or Core's per-row parameters: 10,000 imported rows' versions.
    insert_rows(
        session.connection(),
        cast(Table, EngagementVersion.__table__),
        ("engagement_id", "version", "author", "changed_at", "changes", "private_changes"),
        [
            (i, 1, author, now, _json(after.public), private_json(after.private))
            for i, after in rows
        ],
    )


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "; ".join(
                a["description"]
                + "".join(
                    f" ({label} {a[key]})"
                    for key, label in (("owner", "by"), ("due", "due"), ("done", "done"))
                    if a.get(key)
                )
                for a in value
            )
        return "; ".join(str(v) for v in value)
    return str(value)


def engagement_history(session: Session, engagement_id: int) -> list[VersionView]:
    """Every recorded version of an engagement, oldest first, with what it changed.

    The private half shows only where this session may read it (its own committee's
    engagement on a shared server; always on SQLite)."""
    query = (
        select(EngagementVersion, Person.name)
        .outerjoin(CommitteeMember, CommitteeMember.role_name == EngagementVersion.author)
        .outerjoin(Person, Person.id == CommitteeMember.person_id)
        .where(EngagementVersion.engagement_id == engagement_id)
        .order_by(EngagementVersion.version)
    )
    found = list(session.execute(query))
    hidden = private_changes(session, [v.id for v, _ in found])
    views = []
    for number, (version, person) in enumerate(found):
        fields = json.loads(version.changes)
        fields.update(json.loads(hidden.get(version.id, "{}")))
        views.append(
            VersionView(
                version=version.version,
                author=version.author,
                author_name=person,
                changed_at=version.changed_at,
                first=number == 0,
                changes=tuple(
                    FieldChange(field, FIELD_LABELS.get(field, field), _shown(fields[field]))
                    for field in FIELD_LABELS
                    if field in fields
                ),
            )
        )
    return views
