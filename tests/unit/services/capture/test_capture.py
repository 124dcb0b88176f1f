"""Proposing, reviewing and writing a capture: areas, kinds, people and organisations;
the person's choices are exactly what is written, in one transaction; capturing the same
files again adds nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.models import Engagement, Person
from icstracker.services.capture import apply as capture_apply
from icstracker.services.capture.apply import run_capture
from icstracker.services.capture.plan import CaptureOptions, CapturePlan, preview_capture
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement

from .samples import SERIES_UID, TEAMS, TODAY, write_calendar, write_eml, write_msg

SERIES = f"ics:{SERIES_UID}"


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    return [
        write_calendar(tmp_path / "Calendar.ics"),
        write_calendar(tmp_path / "invite.ics", TEAMS),
        write_eml(tmp_path / "reply.eml"),
        write_msg(tmp_path / "forwarded.msg"),
    ]


def _by_source(plan: CapturePlan) -> dict[str, Any]:
    return {p.source_id: p for p in plan.proposals}


def _count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Engagement)) or 0


def test_each_meeting_and_email_is_proposed_with_its_area_kind_and_people(
    committee_db: Database, options: CaptureOptions, files: list[Path]
) -> None:
    plan = preview_capture(committee_db, files, options)
    rows = [
        (f"{p.item.day:%d/%m}", p.status, p.log, p.kind, p.area.area.code if p.area else "")
        for p in plan.proposals
    ]
    assert rows == [
        ("14/10", "add", True, "meeting", "U45809"),  # Blackpool South PCN clinical directors
        ("24/10", "add", True, "call", "QE1"),  # Lancashire and South Cumbria ICB pharmacy leads
        ("29/10", "add", True, "meeting", "U45809"),  # the moved one
        ("30/10", "add", True, "call", "QE1"),
        ("10/11", "personal", False, "meeting", ""),  # Dentist
        ("10/11", "add", True, "email", "U45809"),  # the .eml reply
        ("11/11", "add", True, "meeting", "U45809"),
        ("12/11", "add", True, "event", "E07000123"),  # Pharmacy First roadshow, Preston
        ("12/11", "add", True, "email", "E08000010"),  # the .msg, about Wigan
        ("16/11", "personal", False, "event", ""),  # Annual leave
        ("17/11", "add", True, "call", "QE1"),  # the Teams invitation
        ("18/11", "add", True, "meeting", "U45809"),
    ]
    assert [p.item.title for p in plan.proposals][4:6] == [
        "Dentist",
        "Blackpool South PCN hypertension case-finding",
    ]
    assert plan.left_out_sentence() == "Not proposed: 1 cancelled, 1 declined."
    first = _by_source(plan)[f"{SERIES}:2026-10-14"]
    assert first.area_note == "title 'Blackpool South PCN', 100%"
    # By email (the register writes the name differently), then a new person by name;
    # the owner, the room and who declined are not there.
    assert [(p.name, p.how) for p in first.people] == [
        ("Dr Alex Example", "email"),
        ("Jo Bloggs", "new"),
    ]
    # The register's organisation for Dr Example; the council from Jo's address.
    assert first.organisations == ("Blackpool South PCN", "Blackpool Council")
    teams = _by_source(plan)["ics:040000008200E00074C5B7101A82E00800000000TEAMS1:2026-11-17"]
    assert [(p.name, p.how) for p in teams.people] == [("Pat Lead", "new"), ("Chris Smith", "name")]
    email = _by_source(plan)["mid:LO2P123MB0001.GBRP123.PROD.OUTLOOK.COM@wigan.gov.uk"]
    assert [p.name for p in email.people] == ["Lee Wong", "Chris Smith"]  # not the owner
    assert email.organisations == ("Wigan Council",)


def test_the_choices_made_in_the_review_are_exactly_what_is_written(
    committee_db: Database, options: CaptureOptions, files: list[Path]
) -> None:
    plan = preview_capture(committee_db, files, options)
    dentist = next(p for p in plan.proposals if p.item.title == "Dentist")
    roadshow = next(p for p in plan.proposals if p.item.title.startswith("Pharmacy First"))
    moved = f"{SERIES}:2026-10-28"
    chosen = (
        options.choose(f"{SERIES}:2026-11-11", log=False)  # untick one meeting
        .choose(roadshow.source_id, area="QE1")  # the roadshow was for the whole ICB
        .choose(dentist.source_id, area="U45809", log=True)  # "personal" but logged after all
        .choose(moved, log=True)  # ticking what is already ticked changes nothing
    )
    result = run_capture(committee_db, plan.read, chosen)
    written = {p.source_id for p in result.plan.to_log}
    assert f"{SERIES}:2026-11-11" not in written and dentist.source_id in written
    assert len(result.added_ids) == len(written) == 10
    with committee_db.session() as session:
        stored = {}
        for engagement_id in result.added_ids:
            view = get_engagement(session, engagement_id)
            stored[view.source_id] = view
        for proposal in result.plan.to_log:
            view = stored[proposal.source_id]
            assert proposal.data is not None
            assert (view.occurred_on, view.kind, view.title, view.area_id) == (
                proposal.data.occurred_on,
                proposal.data.kind,
                proposal.data.title,
                proposal.data.area_id,
            )
            assert view.summary == proposal.item.summary
            assert sorted(view.people) == sorted(p.name for p in proposal.people)
            assert sorted(view.organisations) == sorted(proposal.organisations)
        assert stored[roadshow.source_id].area_code == "QE1"
        assert stored[dentist.source_id].area_code == "U45809"
        # Only names are stored: no one's address went into the register.
        emails = set(session.scalars(select(Person.email)))
        assert emails == {"A.Example@nhs.net", None}


def test_capturing_the_same_files_again_adds_nothing(
    committee_db: Database, options: CaptureOptions, files: list[Path]
) -> None:
    first = preview_capture(committee_db, files, options)
    run_capture(committee_db, first.read, options)
    count = _count(committee_db)
    again = preview_capture(committee_db, files, options)
    assert {p.status for p in again.proposals} == {"duplicate", "personal"}
    assert all(
        p.reason.startswith("already logged as engagement")
        for p in again.proposals
        if p.status == "duplicate"
    )
    assert run_capture(committee_db, again.read, options).added_ids == ()
    assert _count(committee_db) == count


def test_a_meeting_logged_by_hand_is_a_duplicate_by_date_area_and_a_similar_title(
    committee_db: Database, options: CaptureOptions, tmp_path: Path
) -> None:
    plan = preview_capture(committee_db, [write_calendar(tmp_path / "c.ics")], options)
    first = _by_source(plan)[f"{SERIES}:2026-10-14"]
    assert first.data is not None
    with committee_db.write() as session:
        typed = dataclasses.replace(
            first.data,
            title="Blackpool South PCN clinical director's meeting",
            source_id="",
            people=(),
            organisations=(),
        )
        logged = log_engagement(session, typed, today=TODAY)
    again = _by_source(preview_capture(committee_db, [tmp_path / "c.ics"], options))
    assert again[first.source_id].status == "duplicate"
    assert again[first.source_id].reason == (
        f"already logged as engagement {logged.id} (same date, area and title)"
    )
    assert again[f"{SERIES}:2026-11-11"].status == "add"  # another date


def test_the_same_email_twice_in_one_capture_is_logged_once(
    committee_db: Database, options: CaptureOptions, tmp_path: Path
) -> None:
    one = write_eml(tmp_path / "one.eml")
    two = write_eml(tmp_path / "two.eml")
    plan = preview_capture(committee_db, [one, two], options)
    assert [(p.status, p.reason) for p in plan.proposals] == [
        ("add", ""),
        ("duplicate", "the same as item 1"),
    ]
    assert len(run_capture(committee_db, plan.read, options).added_ids) == 1


def test_a_failure_while_writing_writes_nothing(
    committee_db: Database,
    options: CaptureOptions,
    files: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = preview_capture(committee_db, files, options)
    calls = []

    def failing(session: Any, data: EngagementInput, **kwargs: Any) -> Any:
        calls.append(data)
        if len(calls) == 3:
            raise RuntimeError("disk gone")
        return log_engagement(session, data, **kwargs)

    monkeypatch.setattr(capture_apply, "log_engagement", failing)
    with pytest.raises(RuntimeError):
        run_capture(committee_db, plan.read, options)
    assert _count(committee_db) == 0


def test_an_area_chosen_that_names_nothing_is_an_error_and_not_written(
    committee_db: Database, options: CaptureOptions, tmp_path: Path
) -> None:
    path = write_eml(tmp_path / "m.eml")
    plan = preview_capture(committee_db, [path], options)
    (proposal,) = plan.proposals
    chosen = options.choose(proposal.source_id, area="Nowhere at all")
    result = run_capture(committee_db, plan.read, chosen)
    (refused,) = result.plan.proposals
    assert refused.status == "error" and not refused.log and "Nowhere at all" in refused.reason
    assert result.added_ids == ()


def test_with_no_area_found_the_person_must_choose_one(
    committee_db: Database, options: CaptureOptions, tmp_path: Path
) -> None:
    path = write_eml(tmp_path / "m.eml", subject="Catch-up", message_id="<x@y>")
    (proposal,) = preview_capture(committee_db, [path], options).proposals
    # Jo Bloggs' council address still names Blackpool, with less confidence.
    assert proposal.area is not None and proposal.area.area.code == "E06000009"
    assert proposal.area_note == "address 'blackpool.gov.uk', 80%"
    lone = tmp_path / "lone.eml"
    lone.write_bytes(
        b"From: someone@example.com\r\nTo: x@example.com\r\nSubject: Catch-up\r\n"
        b"Date: Tue, 10 Nov 2026 10:00:00 +0000\r\nMessage-ID: <lone@x>\r\n\r\nHello\r\n"
    )
    (lonely,) = preview_capture(committee_db, [lone], options).proposals
    assert (lonely.status, lonely.log, lonely.area) == ("no area", False, None)
    ticked = options.choose(lonely.source_id, log=True)
    (still,) = preview_capture(committee_db, [lone], ticked).proposals
    assert not still.log  # a tick alone cannot log it without an area


def test_the_source_is_kept_on_the_engagement_and_an_edit_keeps_it(
    committee_db: Database, options: CaptureOptions, tmp_path: Path
) -> None:
    from icstracker.services.engagements import update_engagement

    plan = preview_capture(committee_db, [write_msg(tmp_path / "m.msg")], options)
    (added,) = run_capture(committee_db, plan.read, options).added_ids
    with committee_db.write() as session:
        view = get_engagement(session, added)
        edited = dataclasses.replace(view.as_input(), title="Edited", source_id="")
        after = update_engagement(
            session, added, edited, expected_version=view.version, today=TODAY
        )
    assert after.source_id == "mid:LO2P123MB0001.GBRP123.PROD.OUTLOOK.COM@wigan.gov.uk"
