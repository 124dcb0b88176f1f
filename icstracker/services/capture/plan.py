"""What a capture would log: a proposed engagement for each meeting and email, reviewed
before anything is written.

Each captured item gets one status: ``add`` (ticked: it will be logged), ``duplicate``
(already logged: the same calendar occurrence or Message-ID, or the same date and area
with a similar title, or the same as an earlier item), ``personal`` (marked private,
shown as free, or with no one else and no area: not ticked, but may be), ``no area``
(nothing named one: choose it to log the item) or ``error`` (the engagement rules refuse
it, with their sentence). The person's choices (``ItemChoice``: tick or untick, another
area) are options, keyed by the item's ``source_id``, so the review, the re-plan after
each choice and the write are made from the same values: what was shown is what is
written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from icstracker.db.database import Database
from icstracker.db.models import Area, Committee
from icstracker.errors import OperationCancelled, ValidationError
from icstracker.services.area_resolver import AreaMatch, AreaResolver
from icstracker.services.capture.area_guess import AreaGuess, AreaGuesser
from icstracker.services.capture.duplicates import Logged, twin
from icstracker.services.capture.items import Address, CapturedItem, CaptureRead
from icstracker.services.capture.reading import read_files
from icstracker.services.capture.register import GENERIC_DOMAINS, ProposedPerson, Register
from icstracker.services.committees import choose_committee
from icstracker.services.dates import uk_today
from icstracker.services.engagement_checks import check_engagement, normalise_kind
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.imports.plan import lock_committee_log
from icstracker.services.local_time import UK

STATUSES = ("add", "duplicate", "personal", "no area", "error")
DEFAULT_DAYS = 365  # the period a calendar is read over when none is given

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ItemChoice:
    """What the person decided for one item: ``log`` ticks or unticks it (None: as
    proposed), ``area`` is the code of the area to log it against instead of the guess."""

    log: bool | None = None
    area: str | None = None


@dataclass(frozen=True)
class CaptureOptions:
    committee: str | None = None
    start: dt.date | None = None  # the calendar period; default the year to today
    end: dt.date | None = None
    me: tuple[str, ...] = ()  # the calendar owner's addresses, left out of the people
    choices: Mapping[str, ItemChoice] = field(default_factory=dict)
    # The command line's --area: for every item nothing placed that is not personal.
    default_area: str | None = None
    today: dt.date | None = None
    now: dt.datetime | None = None

    def period(self) -> tuple[dt.date, dt.date]:
        today = self.today or uk_today()
        end = min(self.end or today, today)
        start = self.start or (end - dt.timedelta(days=DEFAULT_DAYS))
        if start > end:
            raise ValidationError(
                "period", f"The period starts on {start:%d/%m/%Y}, after it ends ({end:%d/%m/%Y})."
            )
        return start, end

    def moment(self) -> dt.datetime:
        return self.now or dt.datetime.now(UK)

    def choose(
        self, source_id: str, *, log: bool | None = None, area: str | None = None
    ) -> CaptureOptions:
        """These options with the item's tick and/or area changed (others kept)."""
        old = self.choices.get(source_id, ItemChoice())
        new = ItemChoice(
            log if log is not None else old.log, area if area is not None else old.area
        )
        return dataclasses.replace(self, choices={**self.choices, source_id: new})


@dataclass(frozen=True)
class Proposal:
    number: int  # 1-based, in the order read
    item: CapturedItem
    status: str
    log: bool  # ticked: written by ``run_capture``
    kind: str
    area: AreaMatch | None
    area_note: str  # where the area came from ("title 'Blackpool South PCN', 100%")
    people: tuple[ProposedPerson, ...]
    organisations: tuple[str, ...]
    data: EngagementInput | None
    reason: str = ""  # why not ticked, or what it duplicates

    @property
    def source_id(self) -> str:
        return self.item.source_id

    @property
    def can_log(self) -> bool:
        """Whether ticking it would log it (it has an area and nothing refuses it)."""
        return self.status in ("add", "personal") and self.data is not None


@dataclass(frozen=True)
class CapturePlan:
    committee_id: int
    committee: str
    read: CaptureRead
    proposals: tuple[Proposal, ...]
    options: CaptureOptions

    @property
    def to_log(self) -> list[Proposal]:
        return [p for p in self.proposals if p.log]

    def with_status(self, status: str) -> list[Proposal]:
        return [p for p in self.proposals if p.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self.with_status(s)) for s in STATUSES}

    def proposal(self, source_id: str) -> Proposal:
        for proposal in self.proposals:
            if proposal.source_id == source_id:
                return proposal
        raise KeyError(source_id)

    def left_out_sentence(self) -> str:
        """ "Not proposed: 2 cancelled, 1 declined, 4 not yet happened." ("" if none)."""
        parts = [f"{count:,} {why}" for why, count in self.read.left_out if count]
        return f"Not proposed: {', '.join(parts)}." if parts else ""


def kind_of_item(item: CapturedItem) -> str:
    """Email for a message; for a meeting, by where it was: a place is a meeting, a Teams,
    Zoom or Meet link or a phone number a call, a whole day an event. Read by the
    engagement service's own normaliser."""
    if item.medium == "mail":
        kind = "email"
    elif item.all_day:
        kind = "event"
    elif item.online:
        kind = "call"
    else:
        kind = "meeting"
    return normalise_kind(kind)


def _looks_personal(item: CapturedItem, guess: AreaGuess | None) -> str:
    if item.medium != "calendar":
        return ""
    if item.private:
        return "marked private in the calendar"
    if not item.busy:
        return "shown as free or out of office in the calendar"
    if not item.people and guess is None:
        return "no one else was invited and nothing names an area"
    return ""


def plan_capture(
    session: Session,
    read: CaptureRead,
    options: CaptureOptions,
    *,
    for_writing: bool = False,
    cancelled: Cancelled | None = None,
) -> CapturePlan:
    """The proposed engagement for every item of ``read``, with the person's choices."""
    committee = choose_committee(session, options.committee)
    today = options.today or uk_today()
    resolver = AreaResolver(session, committee_id=committee.id)
    guesser = AreaGuesser(resolver)
    me = {m.strip().lower() for m in options.me}
    register = Register(session, (a for item in read.items for a in item.people))
    if for_writing:
        lock_committee_log(session, committee.id)
    logged = Logged(session, committee.id, read.items)
    areas: dict[int, Any] = {}

    def area_of(area_id: int) -> Area | None:
        if area_id not in areas:
            areas[area_id] = session.get(Area, area_id)
        result = areas[area_id]
        return result if isinstance(result, Area) else None

    def committee_exists(committee_id: int) -> bool:
        return session.get(Committee, committee_id) is not None

    default_area = _chosen(resolver, options.default_area, today) if options.default_area else None
    seen: dict[str, int] = {}
    kept: list[tuple[int, dt.date, int, str]] = []
    proposals: list[Proposal] = []
    for number, item in enumerate(read.items, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled("The capture was cancelled; nothing was written.")
        choice = options.choices.get(item.source_id, ItemChoice())
        others = tuple(a for a in item.people if a.email not in me or not a.email)
        people = tuple(p for a in others if (p := register.person(a)) is not None)
        people = tuple({p.name.lower(): p for p in people}.values())
        organisations = _organisations(item, others, people, register, guesser)
        guess = guesser.guess(
            item.day,
            [("title", item.title), ("location", item.location)],
            [p.area_id for p in people if p.area_id is not None],
            others,
        )
        personal = _looks_personal(item, guess)
        area: AreaMatch | None = guess.match if guess else None
        note = guess.describe() if guess else ""
        if guess is not None and guess.others:
            note += f"; also named: {', '.join(guess.others)}"
        problem = ""
        if choice.area:
            try:
                area = _chosen(resolver, choice.area, item.day)
                note = "your choice"
            except ValidationError as error:
                area, note, problem = None, "", error.message
        elif area is None and default_area is not None and not personal:
            area = _chosen(resolver, options.default_area or "", item.day)
            note = "--area, nothing else named one"
        kind = kind_of_item(item)
        data: EngagementInput | None = None
        status, reason = "add", ""
        if problem:
            status, reason = "error", problem
        elif area is None:
            status = "personal" if personal else "no area"
            reason = personal or "nothing names an area; choose one to log it"
        else:
            data = EngagementInput(
                committee_id=committee.id,
                area_id=area.area.id,
                occurred_on=item.day,
                kind=kind,
                title=item.title,
                summary=item.summary,
                organisations=organisations,
                people=tuple(p.name for p in people),
                source_id=item.source_id,
            )
            try:
                check_engagement(data, today, committee_exists=committee_exists, area_of=area_of)
            except ValidationError as error:
                status, reason, data = "error", error.message, None
        if status != "error":
            earlier = seen.get(item.source_id)
            logged_id = logged.by_source.get(item.source_id)
            similar = logged.similar(item.day, area.area.id, item.title) if area else None
            if logged_id is not None:
                status, reason = "duplicate", f"already logged as engagement {logged_id}"
            elif earlier is not None:
                status, reason = "duplicate", f"the same as item {earlier}"
            elif similar is not None:
                status = "duplicate"
                reason = f"already logged as engagement {similar} (same date, area and title)"
            elif area is not None:
                earlier_twin = twin(kept, item, area.area.id)
                if earlier_twin is not None:
                    status, reason = "duplicate", f"the same as item {earlier_twin}"
            if status == "add" and personal:
                status, reason = "personal", personal
        seen.setdefault(item.source_id, number)
        log = status == "add" if choice.log is None else choice.log
        if log and (status not in ("add", "personal") or data is None):
            log = False
        if log and area is not None:
            kept.append((number, item.day, area.area.id, item.title))
        if not log and status == "add":
            reason = "unticked"
        proposals.append(
            Proposal(
                number, item, status, log, kind, area, note, people, organisations, data, reason
            )
        )
    return CapturePlan(committee.id, committee.name, read, tuple(proposals), options)


def _chosen(resolver: AreaResolver, text: str, on: dt.date) -> AreaMatch:
    """The area the person chose, by code or exact name, as the form reads it (the
    footprint of the item's own date)."""
    match = resolver.match(text, on, fuzzy=False)
    return dataclasses.replace(match, method="your choice", confidence=100.0)


def _organisations(
    item: CapturedItem,
    addresses: Iterable[Address],
    people: Iterable[ProposedPerson],
    register: Register,
    guesser: AreaGuesser,
) -> tuple[str, ...]:
    """The register's organisations of the people, then those their domains name."""
    found: dict[str, None] = {}
    for person in people:
        if person.organisation:
            found[person.organisation] = None
    for address in addresses:
        domain = address.domain
        if not domain or domain in GENERIC_DOMAINS:
            continue
        known = register.domain_organisations.get(domain)
        if known:
            found[known] = None
            continue
        match = guesser.of_domain(domain, item.day)
        if match is not None:
            found[_organisation_name(match, domain)] = None
    return tuple(found)


def _organisation_name(match: AreaMatch, domain: str) -> str:
    name = match.area.short_name
    if domain.endswith(".gov.uk") and "council" not in name.lower():
        return f"{name} Council"
    if match.area.level == "system" and "icb" not in name.lower():
        return f"NHS {name} ICB"
    return name


def preview_capture(
    database: Database,
    paths: Sequence[Path],
    options: CaptureOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CapturePlan:
    """Reads the files and proposes their engagements; writes nothing."""
    read = read_files(paths, options, progress=progress, cancelled=cancelled)
    with database.session() as session:
        return plan_capture(session, read, options, cancelled=cancelled)


def replan_capture(database: Database, plan: CapturePlan, options: CaptureOptions) -> CapturePlan:
    """The same items with new choices, without reading the files again."""
    with database.session() as session:
        return plan_capture(session, plan.read, options)
