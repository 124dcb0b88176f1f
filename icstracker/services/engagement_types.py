"""Plain values that carry an engagement between the services and their callers.

Callers (the window, the command line, an import) never hold live ORM objects: they
send an ``EngagementInput`` and get an ``EngagementView`` back, safe to pass between
threads and to keep for undo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str | None = None
    due_on: dt.date | None = None
    done_on: dt.date | None = None


@dataclass(frozen=True)
class EngagementInput:
    committee_id: int
    area_id: int
    occurred_on: dt.date
    kind: str
    title: str
    summary: str = ""
    outcome: str = ""
    rating: str | None = None
    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    representatives: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    actions: tuple[ActionInput, ...] = ()
    # Other committees the engagement was joint with; it counts for each of them.
    partner_committee_ids: tuple[int, ...] = ()
    # For the committee only: the report "for partners" never shows the note, and leaves
    # out an engagement marked not for partners altogether.
    internal_note: str = ""
    not_for_partners: bool = False
    # The calendar occurrence or email a captured engagement came from ("" if none). An
    # edit that leaves it empty keeps the one stored: it says where the record began.
    source_id: str = ""


@dataclass(frozen=True)
class ActionView:
    id: int
    description: str
    owner: str | None
    due_on: dt.date | None
    done_on: dt.date | None


@dataclass(frozen=True)
class EngagementView:
    id: int
    version: int
    committee_id: int
    committee: str
    area_id: int
    area_code: str
    area_name: str
    level: str | None
    occurred_on: dt.date
    kind: str
    title: str
    summary: str
    outcome: str
    rating: str | None
    organisations: tuple[str, ...]
    people: tuple[str, ...]
    representatives: tuple[str, ...]
    topics: tuple[str, ...]
    actions: tuple[ActionView, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = field(default=None)
    partner_committee_ids: tuple[int, ...] = ()
    partners: tuple[str, ...] = ()  # their names, in the order of the ids
    internal_note: str = ""
    not_for_partners: bool = False
    source_id: str = ""  # "ics:<UID>:<date>" or "mid:<Message-ID>" when captured

    def left_by(self, committee_id: int) -> EngagementInput:
        """This engagement with a partner committee no longer in it: what "delete" means
        to a partner, since the record is the logging committee's, not the partner's."""
        if committee_id not in self.partner_committee_ids:
            raise ValueError(f"committee {committee_id} is not a partner of engagement {self.id}")
        others = tuple(c for c in self.partner_committee_ids if c != committee_id)
        return replace(self.as_input(), partner_committee_ids=others)

    def as_input(self) -> EngagementInput:
        """What it would take to save this engagement again (used by undo)."""
        return EngagementInput(
            committee_id=self.committee_id,
            area_id=self.area_id,
            occurred_on=self.occurred_on,
            kind=self.kind,
            title=self.title,
            summary=self.summary,
            outcome=self.outcome,
            rating=self.rating,
            organisations=self.organisations,
            people=self.people,
            representatives=self.representatives,
            topics=self.topics,
            actions=tuple(
                ActionInput(a.description, a.owner, a.due_on, a.done_on) for a in self.actions
            ),
            partner_committee_ids=self.partner_committee_ids,
            internal_note=self.internal_note,
            not_for_partners=self.not_for_partners,
            source_id=self.source_id,
        )
