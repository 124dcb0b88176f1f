"""Realistic sample engagements over the real footprints, for demos and benchmarks.

The data is seeded (the same seed gives the same log) and follows the footprint
history: a system-level meeting dated before April 2026 is logged against the ICB of
that time (say Bedfordshire, Luton and Milton Keynes), one dated after against its
successor (Central East), so demos exercise the roll-up exactly as real records do.
Rows go in with bulk inserts in one transaction: 100,000 engagements take seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from icstracker.db.models import (
    Action,
    Area,
    Committee,
    Engagement,
    Organisation,
    Person,
    Topic,
    committee_area,
    engagement_organisation,
    engagement_partner,
    engagement_person,
    engagement_representative,
    engagement_topic,
    name_key,
)
from icstracker.db.types import utc_now
from icstracker.errors import ValidationError
from icstracker.text import search_fold

MAX_ENGAGEMENTS = 2_000_000
BATCH = 20_000
YEARS_OF_HISTORY = 3
# Sample people: plainly fictional names for a demonstration database.
FIRST_NAMES = (
    "Amira Ben Carys Dev Elena Farah Gareth Hannah Imran Jo Kiran Leah Marcus Nia Owen "
    "Priya Rhys Sana Tom Uma Victor Wen Yusuf Zoe"
).split()
LAST_NAMES = (
    "Ahmed Bailey Chowdhury Davies Evans Fletcher Green Hughes Iqbal Jones Khan Lewis "
    "Morgan Nowak O'Brien Patel Roberts Shah Taylor Walker"
).split()
ROLES = {
    "system": ("ICB chief pharmacist", "ICB director of primary care", "ICB commissioning lead"),
    "place": ("Place director", "Director of public health", "Place primary care lead"),
    "neighbourhood": ("PCN clinical director", "PCN manager", "Community pharmacy PCN lead"),
}
TITLES = {
    "system": (
        "ICB primary care committee: {topic}",
        "Pharmacy commissioning workshop on {topic}",
        "Joint LPC meeting with the ICB chief pharmacist on {topic}",
        "ICS stakeholder event: {topic}",
    ),
    "place": (
        "Place partnership board: {topic}",
        "Health and wellbeing board update on {topic}",
        "Call with the place primary care lead about {topic}",
        "Local authority public health meeting on {topic}",
    ),
    "neighbourhood": (
        "PCN clinical director meeting: {topic}",
        "Community pharmacy PCN lead catch-up on {topic}",
        "PCN board presentation on {topic}",
        "Email to the PCN manager about {topic}",
    ),
}
OUTCOMES = (
    "Agreed next steps and a date to review.",
    "ICB to share data with the LPC before the next meeting.",
    "Pharmacies to be included in the local pathway.",
    "No decision yet; LPC to follow up.",
    "Referral numbers to be monitored monthly.",
)
# Of the system-level meetings of a committee with a demo neighbour in its region, those
# the two LPCs attend together.
JOINT_SHARE = 0.25
KIND_WEIGHTS = {"meeting": 50, "call": 20, "email": 15, "event": 8, "written_submission": 4}


@dataclass(frozen=True)
class DemoResult:
    committees: tuple[str, ...]
    engagements: int


def _committee_icbs(session: Session, count: int, rng: random.Random) -> list[Area]:
    today = dt.date.today()
    icbs = [
        a
        for a in session.scalars(select(Area).where(Area.kind == "icb").order_by(Area.code))
        if a.is_current(today)
    ]
    return rng.sample(icbs, min(count, len(icbs)))


DEMO_COMMITTEE_PREFIX = "Demo LPC for "


def refuse_real_log(session: Session, where: str) -> None:
    """Refuses to mix sample data into a log that holds a real committee's work.

    Demo rows look real (names, meetings, notes), so once added to a committee's log
    they cannot be told apart from its evidence or taken out again. Demo committees are
    all called "Demo LPC for …"; any other committee (and so any engagement logged for
    one) means the log is someone's own.
    """
    real = list(
        session.scalars(
            select(Committee.name)
            .where(~Committee.name.startswith(DEMO_COMMITTEE_PREFIX, autoescape=True))
            .order_by(Committee.name)
        )
    )
    if real:
        engagements = session.scalar(
            select(func.count())
            .select_from(Engagement)
            .join(Committee, Engagement.committee_id == Committee.id)
            .where(Committee.name.in_(real))
        )
        raise ValidationError(
            "force",
            f"{where} holds a real log ({', '.join(real[:3])}{', …' if len(real) > 3 else ''}; "
            f"{engagements:,} engagement{'' if engagements == 1 else 's'}), and demo data "
            "mixed into it could not be told apart or taken out; use a new database "
            "(icstracker --database demo.sqlite3 init), or add --force if you really mean it.",
        )


def generate_demo(
    session: Session,
    engagements: int = 2000,
    *,
    seed: int = 2026,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    history_days: int = 365 * YEARS_OF_HISTORY,
    committees: int | None = None,
) -> DemoResult:
    """Adds ``engagements`` dated over the ``history_days`` up to ``today``.

    By default they span three years and one committee per 5,000 (at most 8); a benchmark
    can instead ask for, say, one committee's 10,000 engagements in a single quarter.
    """
    if not 0 < engagements <= MAX_ENGAGEMENTS:
        raise ValidationError(
            "engagements", f"Ask for between 1 and {MAX_ENGAGEMENTS:,} demo engagements."
        )
    rng = random.Random(seed)
    today = today or dt.date.today()
    start = today - dt.timedelta(days=max(0, history_days))
    topics = list(session.scalars(select(Topic).order_by(Topic.id)))
    wanted = committees if committees is not None else min(8, engagements // 5000)
    chosen = _demo_committees(session, max(1, wanted), rng)
    plans = [_CommitteePlan.build(session, c, icb, rng) for c, icb in chosen]
    neighbours = _neighbours(plans)
    # Its own stream, so adding joint meetings left every other demo value as it was.
    joint_rng = random.Random(seed + 1)
    next_id = (session.scalar(select(func.max(Engagement.id))) or 0) + 1
    next_action = (session.scalar(select(func.max(Action.id))) or 0) + 1
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    now = utc_now()
    done = 0
    while done < engagements:
        batch = min(BATCH, engagements - done)
        rows, links, actions = [], _Links(), []
        for _ in range(batch):
            plan = plans[rng.randrange(len(plans))]
            day = start + dt.timedelta(days=rng.randrange((today - start).days + 1))
            level = rng.choices(("system", "place", "neighbourhood"), (2, 3, 5))[0]
            area = plan.area_for(level, day, rng)
            topic = topics[rng.randrange(len(topics))]
            extra = rng.sample(topics, rng.randrange(0, 2))
            organisations = plan.organisations_for(area, rng)
            people = rng.sample(plan.people, rng.randint(1, 2))
            representative = rng.choice(plan.representatives)
            title = rng.choice(TITLES[area.level_key or "place"]).format(topic=topic.name)
            summary = f"Discussed {topic.name.lower()} with {people[0][1]} ({area.short_name})."
            outcome = rng.choice(OUTCOMES)
            rows.append(
                {
                    "id": next_id,
                    "committee_id": plan.committee_id,
                    "area_id": area.id,
                    "occurred_on": day,
                    "kind": rng.choices(kinds, weights)[0],
                    "title": title,
                    "summary": summary,
                    "outcome": outcome,
                    "rating": rng.choice(("red", "amber", "green", None)),
                    "search_text": search_fold(
                        "\n".join(
                            [title, summary, outcome]
                            + [name for _, name in organisations]
                            + [name for _, name in people]
                            + [representative[1]]
                            + [t.name for t in dict.fromkeys([topic, *extra])]
                        )
                    ),
                    "created_at": now,
                    "updated_at": now,
                    "deleted_at": None,
                    "version": 1,
                }
            )
            links.add(next_id, topic, extra, organisations, people, representative)
            nearby = neighbours[plan.committee_id]
            if level == "system" and nearby and joint_rng.random() < JOINT_SHARE:
                partner = nearby[joint_rng.randrange(len(nearby))]
                links.partners.append({"engagement_id": next_id, "committee_id": partner})
            if rng.random() < 0.3:
                due = day + dt.timedelta(days=rng.choice((7, 14, 28, 56)))
                actions.append(
                    {
                        "id": next_action,
                        "engagement_id": next_id,
                        "description": f"Send {topic.name.lower()} briefing to {people[0][1]}",
                        "owner": representative[1],
                        "due_on": due,
                        "done_on": due if due < today and rng.random() < 0.7 else None,
                    }
                )
                next_action += 1
            next_id += 1
        session.execute(insert(cast(Table, Engagement.__table__)), rows)
        links.write(session)
        if actions:
            session.execute(insert(cast(Table, Action.__table__)), actions)
        done += batch
        if progress:
            progress(done, engagements)
    _advance_sequences(session)
    return DemoResult(tuple(p.committee_name for p in plans), engagements)


def _neighbours(plans: list[_CommitteePlan]) -> dict[int, list[int]]:
    """Demo committees in the same NHS region: the LPCs that would sit together at a
    system-level meeting."""
    return {
        plan.committee_id: [
            other.committee_id
            for other in plans
            if other is not plan and other.icb.parent_id == plan.icb.parent_id
        ]
        for plan in plans
    }


def _demo_committees(
    session: Session, count: int, rng: random.Random
) -> list[tuple[Committee, Area]]:
    result = []
    for icb in _committee_icbs(session, count, rng):
        name = f"{DEMO_COMMITTEE_PREFIX}{icb.short_name}"
        committee = session.scalars(select(Committee).where(Committee.name == name)).first()
        if committee is None:
            committee = Committee(name=name)
            session.add(committee)
            session.flush()
            session.execute(
                insert(committee_area), [{"committee_id": committee.id, "area_id": icb.id}]
            )
        result.append((committee, icb))
    return result


class _CommitteePlan:
    """The areas, organisations and people one demo committee works with."""

    def __init__(self, committee: Committee, icb: Area) -> None:
        self.committee_id = committee.id
        self.committee_name = committee.name
        self.icb = icb
        self.by_level: dict[str, list[Area]] = {}
        self.organisations: dict[int, list[tuple[int, str]]] = {}
        self.people: list[tuple[int, str]] = []
        self.representatives: list[tuple[int, str]] = []

    @classmethod
    def build(
        cls, session: Session, committee: Committee, icb: Area, rng: random.Random
    ) -> _CommitteePlan:
        plan = cls(committee, icb)
        inside = session.scalars(
            select(Area).where(Area.path.startswith(icb.path, autoescape=True)).order_by(Area.code)
        ).all()
        for area in inside:
            if area.level_key:
                plan.by_level.setdefault(area.level_key, []).append(area)
        for level in ("system", "place", "neighbourhood"):
            plan.by_level.setdefault(level, [icb])
        icb_org = _organisation(session, f"NHS {icb.short_name} ICB", "ICB", icb.id)
        for area in inside:
            if area.kind == "local_authority":
                plan.organisations[area.id] = [
                    _organisation(session, f"{area.name} Council", "council", area.id),
                    _organisation(session, f"Healthwatch {area.name}", "Healthwatch", area.id),
                ]
            elif area.kind == "pcn":
                plan.organisations[area.id] = [
                    _organisation(session, area.short_name, "PCN", area.id)
                ]
        plan.organisations[0] = [icb_org]
        plan.people = [_person(session, rng, level) for level in ROLES for _ in range(6)]
        plan.representatives = [_person(session, rng, None, "LPC officer") for _ in range(3)]
        return plan

    def area_for(self, level: str, day: dt.date, rng: random.Random) -> Area:
        candidates = [a for a in self.by_level[level] if a.is_current(day)]
        if not candidates:
            candidates = [a for a in self.by_level["place"] if a.is_current(day)] or [self.icb]
        return candidates[rng.randrange(len(candidates))]

    def organisations_for(self, area: Area, rng: random.Random) -> list[tuple[int, str]]:
        own = self.organisations.get(area.id, [])
        return own[: rng.randint(1, 2)] if own else self.organisations[0]


def _organisation(session: Session, name: str, kind: str, area_id: int) -> tuple[int, str]:
    found = session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if found is None:
        found = Organisation(name=name, kind=kind, area_id=area_id)
        session.add(found)
        session.flush()
    return found.id, found.name


def _person(
    session: Session, rng: random.Random, level: str | None, role: str | None = None
) -> tuple[int, str]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    role = role or rng.choice(ROLES[level or "place"])
    found = session.scalars(select(Person).where(Person.name == name, Person.role == role)).first()
    if found is None:
        # Namesakes with other roles are real in a register; only the first of a name
        # holds its key, the one a typed name means (see ``Person``).
        key = name_key(name)
        held = session.scalar(select(Person.id).where(Person.name_key == key))
        found = Person(name=name, role=role, name_key=None if held else key)
        session.add(found)
        session.flush()
    return found.id, found.name


class _Links:
    def __init__(self) -> None:
        self.topics: list[dict[str, int]] = []
        self.organisations: list[dict[str, int]] = []
        self.people: list[dict[str, int]] = []
        self.representatives: list[dict[str, int]] = []
        self.partners: list[dict[str, int]] = []

    def add(
        self,
        engagement_id: int,
        topic: Topic,
        extra: list[Topic],
        organisations: list[tuple[int, str]],
        people: list[tuple[int, str]],
        representative: tuple[int, str],
    ) -> None:
        for topic_id in {topic.id, *(t.id for t in extra)}:
            self.topics.append({"engagement_id": engagement_id, "topic_id": topic_id})
        for organisation_id in {o for o, _ in organisations}:
            self.organisations.append(
                {"engagement_id": engagement_id, "organisation_id": organisation_id}
            )
        for person_id in {p for p, _ in people}:
            self.people.append({"engagement_id": engagement_id, "person_id": person_id})
        self.representatives.append(
            {"engagement_id": engagement_id, "person_id": representative[0]}
        )

    def write(self, session: Session) -> None:
        for table, rows in (
            (engagement_topic, self.topics),
            (engagement_organisation, self.organisations),
            (engagement_person, self.people),
            (engagement_representative, self.representatives),
            (engagement_partner, self.partners),
        ):
            if rows:
                session.execute(insert(table), rows)


def _advance_sequences(session: Session) -> None:
    """PostgreSQL's id sequences do not see explicit ids; move them past what was inserted."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("engagement", "action"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
        )
