"""A committee's log with every awkward case a quarterly report meets.

Dates sit on both sides of each quarter boundary (30 Sep / 1 Oct, 31 Dec / 1 Jan, 31 Mar /
1 Apr); one engagement is deleted and one belongs to another committee, and neither may
appear; titles, notes, topics and owners carry text a spreadsheet would run as a formula,
non-ASCII names and a control character. One engagement carries an internal note and
one is not for partners, so the partners' report has something to leave out. The report
is produced on 10 January 2027, so 2026/27 Q3 (October to December 2026) is complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import pytest
from sqlalchemy import update

from icstracker.db.database import Database
from icstracker.db.models import Action, Engagement
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import delete_engagement, log_engagement
from icstracker.text import CONTROL_CHARACTERS

TODAY = dt.date(2027, 1, 10)
COMMITTEE = "Community Pharmacy Lancashire & Cheshire"
HYPERLINK = '=HYPERLINK("http://evil.example","Minutes")'
HOSTILE_TOPIC = "=cmd|' /C calc'!A0"
INTERNAL_NOTE = "=Chair doubts the ICB lead's figures"
D = dt.date


@dataclass(frozen=True)
class Entry:
    key: str
    area: str
    day: dt.date
    kind: str
    title: str
    summary: str = ""
    outcome: str = ""
    topics: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    representatives: tuple[str, ...] = ()
    rating: str | None = None
    actions: tuple[ActionInput, ...] = ()
    committee: str = "lpc"
    internal_note: str = ""
    not_for_partners: bool = False


ENTRIES = (
    Entry(
        "icb_oct1",
        "QE1",
        D(2026, 10, 1),
        "meeting",
        "ICB primary care committee",
        summary="Pharmacy First uptake\nand next steps",
        outcome="ICB to share data",
        topics=("Pharmacy First",),
        people=("Zoë Ní Bhriain",),
        organisations=("NHS Lancashire and South Cumbria ICB",),
        representatives=("Ana Núñez",),
        rating="green",
        actions=(
            ActionInput("Send uptake figures", "Zoë Ní Bhriain", D(2026, 10, 15), D(2026, 10, 14)),
            ActionInput("Chase ICB data", "Ana Núñez", D(2026, 11, 1)),
        ),
        internal_note=INTERNAL_NOTE,
    ),
    Entry(
        "cheshire",
        "QYG",
        D(2026, 10, 20),
        "written_submission",
        "Response to the ICB's pharmacy strategy",
        summary="Written response",
        not_for_partners=True,
    ),
    Entry(
        "place_nov",
        "E06000009",
        D(2026, 11, 2),
        "call",
        HYPERLINK,
        summary="+1 for the pathway",
        outcome="-2 pharmacies short",
        topics=("Hypertension case-finding",),
        rating="amber",
        actions=(ActionInput("@SUM(A1)", "Place lead", D(2027, 2, 1)),),
    ),
    Entry(
        "pcn_nov",
        "U45809",
        D(2026, 11, 20),
        "event",
        "Bell\x07 in the title",
        summary="=1+1",
        topics=(HOSTILE_TOPIC,),
    ),
    Entry(
        "pcn_dec31",
        "U45809",
        D(2026, 12, 31),
        "meeting",
        "PCN clinical director meeting",
        summary="-2 referrals",
        outcome="#N/A",
        topics=("Pharmacy First", "Contraception"),
        people=("Dr Ravi Example",),
    ),
    Entry("pcn_jan1", "U45809", D(2027, 1, 1), "email", "Email to the PCN manager"),
    Entry("sep30", "U82077", D(2026, 9, 30), "meeting", "PCN board, end of Q2"),
    Entry(
        "q2_system",
        "QE1",
        D(2026, 8, 15),
        "meeting",
        "ICB workshop",
        actions=(
            ActionInput("Book the follow-up workshop", "LPC officer", D(2026, 9, 1)),
            # Raised in Q2, due in Q3, done only after Q3 ended: overdue in the Q3 report.
            ActionInput("Report back to the ICB", "LPC officer", D(2026, 10, 20), D(2027, 1, 5)),
        ),
    ),
    Entry("mar31", "U82077", D(2026, 3, 31), "event", "Year-end PCN time-out"),
    Entry("apr1", "U82077", D(2026, 4, 1), "meeting", "New-year PCN board"),
    Entry(
        "deleted",
        "QE1",
        D(2026, 11, 10),
        "call",
        "Logged by mistake",
        actions=(ActionInput("Never counted", None, D(2026, 11, 20)),),
    ),
    Entry(
        "other_committee",
        "QE1",
        D(2026, 11, 11),
        "meeting",
        "Another committee's meeting",
        actions=(ActionInput("Not ours", None, D(2026, 11, 20)),),
        committee="other",
    ),
)
IN_Q3 = ("icb_oct1", "cheshire", "place_nov", "pcn_nov", "pcn_dec31")  # oldest first


@dataclass(frozen=True)
class ReportLog:
    """The seeded ids, and the facts tests compare against (conftest is not importable)."""

    committee_id: int
    other_id: int
    ids: dict[str, int]
    areas: dict[str, int]
    today: ClassVar[dt.date] = TODAY
    committee: ClassVar[str] = COMMITTEE
    hyperlink: ClassVar[str] = HYPERLINK
    hostile_topic: ClassVar[str] = HOSTILE_TOPIC
    internal_note: ClassVar[str] = INTERNAL_NOTE
    in_q3: ClassVar[tuple[str, ...]] = IN_Q3


@pytest.fixture
def report_log(db: Database) -> ReportLog:
    ids: dict[str, int] = {}
    with db.write() as session:
        areas = {
            code: resolve_area(session, code).id
            for code in {e.area for e in ENTRIES} | {"QE1", "QYG"}
        }
        lpc = create_committee(session, COMMITTEE, (areas["QE1"], areas["QYG"])).id
        other = create_committee(session, "Another LPC", (areas["QE1"],)).id
        for entry in ENTRIES:
            view = log_engagement(
                session,
                EngagementInput(
                    committee_id=lpc if entry.committee == "lpc" else other,
                    area_id=areas[entry.area],
                    occurred_on=entry.day,
                    kind=entry.kind,
                    title=CONTROL_CHARACTERS.sub("", entry.title),
                    summary=entry.summary,
                    outcome=entry.outcome,
                    rating=entry.rating,
                    topics=entry.topics,
                    people=entry.people,
                    organisations=entry.organisations,
                    representatives=entry.representatives,
                    actions=entry.actions,
                    internal_note=entry.internal_note,
                    not_for_partners=entry.not_for_partners,
                ),
                today=TODAY,
            )
            ids[entry.key] = view.id
        delete_engagement(session, ids["deleted"], expected_version=1)
        # The service trims leading tabs and line breaks from what people type; text from
        # older versions or other tools may still have them, so put some in directly.
        session.execute(
            update(Engagement)
            .where(Engagement.id == ids["cheshire"])
            .values(outcome="\tx", summary="\r=2+3")
        )
        session.execute(update(Action).where(Action.description == "@SUM(A1)").values(owner="\tx"))
        # Control characters are refused as typed now; older versions stored them.
        for entry in ENTRIES:
            if CONTROL_CHARACTERS.search(entry.title):
                session.execute(
                    update(Engagement)
                    .where(Engagement.id == ids[entry.key])
                    .values(title=entry.title)
                )
    return ReportLog(lpc, other, ids, areas)
