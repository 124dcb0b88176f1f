"""Reading Outlook, Teams and Google calendar exports: recurring meetings expanded within
the period with their exceptions, time zones and summer time, all-day events, and the
occurrences that are not proposed (cancelled, declined, still to come)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from icstracker.services.capture.calendar import invitation_text, read_calendar
from icstracker.services.capture.items import CapturedItem

from .samples import GOOGLE, ME, NOW, OUTLOOK, SERIES_UID, TEAMS, TODAY, _fold

START = dt.date(2026, 10, 1)


def _read(text: str, **changes: object) -> tuple[list[CapturedItem], Counter[str]]:
    arguments: dict[str, object] = {"start": START, "end": TODAY, "now": NOW, "me": (ME,)}
    arguments.update(changes)
    return read_calendar(_fold(text).encode(), "calendar.ics", **arguments)  # type: ignore[arg-type]


def test_a_weekly_meeting_is_expanded_with_its_exception_and_cancellation() -> None:
    items, left_out = _read(OUTLOOK)
    series = [i for i in items if i.source_id.startswith(f"ics:{SERIES_UID}:")]
    assert [(i.day, f"{i.start:%H:%M}") for i in series if i.start] == [
        (dt.date(2026, 10, 14), "10:00"),  # summer time
        (dt.date(2026, 10, 29), "14:00"),  # 28 October moved to the 29th at 14:00
        (dt.date(2026, 11, 11), "10:00"),  # winter time: still 10:00 in the UK
        (dt.date(2026, 11, 18), "10:00"),
    ]  # 21 October deleted, 4 November cancelled, 25 November and 2 December to come
    moved = series[1]
    assert moved.title == "Blackpool South PCN clinical directors (moved)"
    assert moved.source_id == f"ics:{SERIES_UID}:2026-10-28"  # the occurrence it replaced
    assert left_out == Counter({"cancelled": 1, "declined": 1})
    first = series[0]
    assert first.location == "Blackpool Town Hall, Room 2" and not first.online
    assert first.summary == (
        "Standing agenda: Pharmacy First referrals, hypertension case-finding.\n\nPapers to follow."
    )
    # The owner, the room and the attendee who declined are not among the people.
    assert [(p.name, p.email) for p in first.people] == [
        ("Example, Dr A", "a.example@nhs.net"),
        ("Jo Bloggs", "jo.bloggs@blackpool.gov.uk"),
    ]


def test_times_in_utc_are_read_in_uk_time_either_side_of_the_clocks_going_back() -> None:
    items, _ = _read(OUTLOOK)
    calls = [i for i in items if i.source_id.startswith("ics:late-call")]
    assert [(i.day, f"{i.start:%H:%M %Z}") for i in calls if i.start] == [
        (dt.date(2026, 10, 24), "00:30 BST"),  # 23:30 UTC on the 23rd, in summer time
        (dt.date(2026, 10, 30), "23:30 GMT"),
    ]
    assert all(i.online for i in calls)  # a phone number is where they were


def test_all_day_private_and_free_events() -> None:
    items, _ = _read(OUTLOOK)
    by_uid = {i.source_id.split(":")[1]: i for i in items}
    roadshow, leave, dentist = (
        by_uid["roadshow@example"],
        by_uid["leave@example"],
        by_uid["dentist@example"],
    )
    assert roadshow.all_day and roadshow.start is None and roadshow.day == dt.date(2026, 11, 12)
    assert roadshow.title == "Pharmacy First roadshow, Preston"
    assert leave.all_day and not leave.busy
    assert dentist.private


def test_the_period_limits_the_expansion() -> None:
    items, _ = _read(OUTLOOK, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 11))
    assert min(i.day for i in items) >= dt.date(2026, 11, 1)
    assert max(i.day for i in items) == dt.date(2026, 11, 11)


def test_a_meeting_still_to_happen_today_is_not_proposed() -> None:
    items, left_out = _read(TEAMS, now=dt.datetime(2026, 11, 17, 15, 30, tzinfo=NOW.tzinfo))
    assert items == [] and left_out == Counter({"not yet happened": 1})


def test_a_teams_invitation_is_a_call_without_its_joining_text() -> None:
    (item,), _ = _read(TEAMS)
    assert item.online and item.location == "Microsoft Teams Meeting"
    assert item.summary == (
        "Quarterly update on community pharmacy services.\n\nPlease send items by Monday."
    )
    assert [p.name for p in item.people] == ["Pat Lead", "Chris Smith"]  # not the owner


def test_google_names_its_owner_and_their_declined_meeting_is_left_out() -> None:
    items, left_out = _read(GOOGLE, me=())  # the owner is read from X-WR-CALNAME
    assert [i.title for i in items] == ["Health and wellbeing board"]
    assert left_out == Counter({"declined": 1})
    assert [p.email for p in items[0].people] == ["lee.wong@wigan.gov.uk"]


def test_invitation_text_keeps_the_invitations_own_words() -> None:
    text = (
        "Agenda attached.\n\n-::~:~::~:~::~:~::-\nJoin with Google Meet: https://meet.google.com/x"
    )
    assert invitation_text(text) == "Agenda attached."
