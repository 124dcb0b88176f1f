"""Reading a calendar export (RFC 5545: Outlook, Teams, Google) into meeting occurrences.

``icalendar`` parses the file, time zones included (Outlook's "GMT Standard Time" is read
from the file's own VTIMEZONE); ``recurring_ical_events`` expands each recurring meeting
over the period asked for, with its exceptions (a moved occurrence keeps its original
date as its identity) and EXDATEs. Each occurrence that started in the period and has
ended becomes a ``CapturedItem``; cancelled ones and ones the calendar's owner declined
are counted, not proposed. Before anything is expanded each repeat rule's steps up to the
period's end are counted from its frequency, so a meeting repeating every minute since
2020 is refused in a moment instead of expanded; past ``MAX_OCCURRENCES`` in the period
the file is refused, never cut short.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from icstracker.errors import ImportFileError, OperationCancelled
from icstracker.services.capture.items import (
    Address,
    CapturedItem,
    clean_text,
    first_paragraphs,
    is_online,
    is_phone_number,
)
from icstracker.services.local_time import UK

# Occurrences in one capture's period, all files together: a year of a busy officer's
# diary is about 1,000. Past this the file is refused, not cut short.
MAX_OCCURRENCES = 2_000
MAX_COMPONENTS = 50_000  # VEVENTs in one file, before any is expanded
# Steps a repeat rule may take from its first occurrence to the period's end: expanding
# walks every step from the start, so a rule repeating every minute since 2020 (millions
# of steps) is refused before it is expanded; weekly since 1990 is under 2,000.
MAX_RULE_STEPS = 100_000
_STEP_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3_600,
    "DAILY": 86_400,
    "WEEKLY": 604_800,
    "MONTHLY": 2_419_200,  # four weeks: an overestimate of the steps, as wanted
    "YEARLY": 31_536_000,
}
_EXPANDING = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")

Cancelled = Callable[[], bool]

_CANCELLED_PREFIX = re.compile(r"^\s*(?:canceled|cancelled)\s*:", re.IGNORECASE)
_DECLINED_PREFIX = re.compile(r"^\s*declined\s*:", re.IGNORECASE)
# Where an invitation's own words end and the Teams/Zoom/Meet joining text begins.
_BOILERPLATE = re.compile(
    r"^\s*(?:_{8,}|-{8,}|-::~:~::~|microsoft teams (?:meeting|need help)|join (?:on your "
    r"computer|the meeting now|zoom meeting|with google meet)|click here to join|"
    r"meeting id:|join microsoft teams meeting)",
    re.IGNORECASE | re.MULTILINE,
)


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return clean_text(str(value)).strip()


def _address(value: Any) -> Address:
    email = str(value).strip()
    if email.lower().startswith("mailto:"):
        email = email[7:]
    email = email.strip().lower() if "@" in email else ""
    params = getattr(value, "params", {}) or {}
    name = clean_text(str(params.get("CN", ""))).strip().strip('"').strip()
    if name.lower() == email:
        name = ""
    return Address(" ".join(name.split()), email)


def _attendees(component: Any) -> list[Any]:
    value = component.get("ATTENDEE")
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _uk(moment: dt.datetime) -> dt.datetime:
    """A floating time (no zone) is read as UK time, what the officer's calendar meant."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UK)
    return moment.astimezone(UK)


def _source_id(component: Any, uid: str, day: dt.date) -> str:
    recurrence = component.get("RECURRENCE-ID")
    original = day
    if recurrence is not None:
        value = recurrence.dt
        original = _uk(value).date() if isinstance(value, dt.datetime) else value
    source = f"ics:{uid}:{original.isoformat()}"
    if len(source) > 500:  # a UID is meant to be short; one that is not is kept by digest
        source = f"ics:sha256:{hashlib.sha256(uid.encode()).hexdigest()}:{original.isoformat()}"
    return source


def owners(calendar: Any, me: Iterable[str]) -> set[str]:
    """The calendar owner's addresses: those given, and Google's X-WR-CALNAME when it is
    one (Google names an exported calendar by its owner's address)."""
    found = {m.strip().lower() for m in me if "@" in m}
    name = str(calendar.get("X-WR-CALNAME", "")).strip().lower()
    if "@" in name and " " not in name:
        found.add(name)
    return found


def invitation_text(description: str) -> str:
    """An invitation's own words: the joining instructions Teams, Zoom and Meet append are
    cut off, then the first paragraphs kept."""
    found = _BOILERPLATE.search(description)
    if found is not None:
        description = description[: found.start()]
    return first_paragraphs(clean_text(description))


def _parse(data: bytes, name: str) -> Any:
    import icalendar

    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if not start.startswith(b"BEGIN:VCALENDAR"):
        raise ImportFileError(
            f"{name} is not a calendar file: an .ics file begins with BEGIN:VCALENDAR. "
            "Export the calendar again from Outlook or Google as iCalendar (.ics)."
        )
    try:
        return icalendar.Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001 - icalendar raises many kinds for bad input
        raise ImportFileError(
            f"{name} cannot be read as a calendar: it is damaged or not RFC 5545 "
            f"({type(error).__name__}); export it again."
        ) from None


def read_calendar(
    data: bytes,
    name: str,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    *,
    me: Iterable[str] = (),
    budget: int = MAX_OCCURRENCES,
    cancelled: Cancelled | None = None,
) -> tuple[list[CapturedItem], Counter[str]]:
    """The meetings of ``data`` that began between ``start`` and ``end`` (UK dates, both
    inclusive) and had ended by ``now``; and how many were left out, by reason."""
    import recurring_ical_events

    calendar = _parse(data, name)
    events = calendar.walk("VEVENT")
    if len(events) > MAX_COMPONENTS:
        raise ImportFileError(
            f"{name} holds {len(events):,} calendar entries; over {MAX_COMPONENTS:,} are not "
            "captured. Export a shorter period of the calendar."
        )
    steps = 0.0
    for event in events:
        steps += _check_rule(event, name, end)
    if steps > MAX_RULE_STEPS * 2:
        raise ImportFileError(
            f"{name} holds too many repeating meetings to expand (over {MAX_RULE_STEPS * 2:,} "
            "repeats in all); export a shorter period of the calendar."
        )
    owner = owners(calendar, me)
    items: list[CapturedItem] = []
    left_out: Counter[str] = Counter()
    first = dt.datetime.combine(start, dt.time(), tzinfo=UK)
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=UK)
    seen = 0
    try:
        # Bounded by the rule checks above, so expanding the period at once is safe, and
        # one pass over each rule (``after`` re-walks a rule for each window it tries).
        found = recurring_ical_events.of(calendar).between(first, last)
        for component in sorted(found, key=_start_key):
            if cancelled is not None and cancelled():
                raise OperationCancelled("The capture was cancelled; nothing was written.")
            begins = component.get("DTSTART")
            if begins is None:
                continue
            value = begins.dt
            all_day = not isinstance(value, dt.datetime)
            moment = None if all_day else _uk(value)
            day = value if all_day else moment.date()  # type: ignore[union-attr]
            if (moment or dt.datetime.combine(day, dt.time(), tzinfo=UK)) >= last:
                continue
            if day < start:
                continue  # began before the period (and runs into it)
            seen += 1
            if seen > budget:
                raise ImportFileError(
                    f"{name} has more than {MAX_OCCURRENCES:,} meetings between "
                    f"{start:%d/%m/%Y} and {end:%d/%m/%Y} (a meeting that repeats very "
                    "often?); capture a shorter period."
                )
            item = _occurrence(component, name, day, moment, all_day, now, owner, left_out)
            if item is not None:
                items.append(item)
    except (ImportFileError, OperationCancelled):
        raise
    except Exception as error:  # noqa: BLE001 - a malformed rule, date or time zone
        raise ImportFileError(
            f"{name} cannot be read as a calendar: a meeting's dates or repeat rule are "
            f"damaged ({type(error).__name__}); export it again."
        ) from None
    return items, left_out


def _rule_steps(event: Any, end: dt.date) -> float:
    """About how many steps expanding ``event``'s repeat rule takes up to ``end``."""
    rules = event.get("RRULE")
    if rules is None:
        return 0.0
    begins = event.get("DTSTART")
    if begins is None:
        return 0.0
    first = begins.dt if isinstance(begins.dt, dt.date) else None
    if first is None:
        return 0.0
    first_day = first.date() if isinstance(first, dt.datetime) else first
    total = 0.0
    for rule in rules if isinstance(rules, list) else [rules]:
        frequency = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
        interval = max(int((rule.get("INTERVAL") or [1])[0]), 1)
        last = end
        until = (rule.get("UNTIL") or [None])[0]
        if isinstance(until, dt.date):
            until_day = until.date() if isinstance(until, dt.datetime) else until
            last = min(last, until_day)
        seconds = max((last - first_day).days + 1, 0) * 86_400
        steps = seconds / (_STEP_SECONDS.get(frequency, 86_400) * interval)
        for part in _EXPANDING:
            steps *= max(len(rule.get(part) or []), 1)
        count = (rule.get("COUNT") or [None])[0]
        if count is not None:
            steps = min(steps, float(count))
        total += steps
    return total


def _start_key(component: Any) -> dt.datetime:
    begins = component.get("DTSTART")
    value = begins.dt if begins is not None else dt.date.min
    if isinstance(value, dt.datetime):
        return _uk(value)
    return dt.datetime.combine(value, dt.time(), tzinfo=UK)


def _check_rule(event: Any, name: str, end: dt.date) -> float:
    try:
        steps = _rule_steps(event, end)
    except (TypeError, ValueError, AttributeError):
        return 0.0  # a malformed rule: expanding it says so
    if steps > MAX_RULE_STEPS:
        title = " ".join(_text(event, "SUMMARY").split())[:60] or "(no title)"
        raise ImportFileError(
            f"{name}: the meeting '{title}' repeats too often to expand (over "
            f"{MAX_RULE_STEPS:,} times by {end:%d/%m/%Y}); remove it from the calendar export "
            "or capture a shorter period."
        )
    return steps


def _ended(component: Any, moment: dt.datetime | None, day: dt.date, now: dt.datetime) -> bool:
    if moment is None:
        return day < now.astimezone(UK).date()
    finish = component.get("DTEND")
    if finish is not None and isinstance(finish.dt, dt.datetime):
        return _uk(finish.dt) <= now
    duration = component.get("DURATION")
    if duration is not None and isinstance(duration.dt, dt.timedelta):
        return moment + duration.dt <= now
    return moment <= now


def _occurrence(
    component: Any,
    name: str,
    day: dt.date,
    moment: dt.datetime | None,
    all_day: bool,
    now: dt.datetime,
    owner: set[str],
    left_out: Counter[str],
) -> CapturedItem | None:
    title = " ".join(_text(component, "SUMMARY").split())
    status = _text(component, "STATUS").upper()
    if status == "CANCELLED" or _CANCELLED_PREFIX.match(title):
        left_out["cancelled"] += 1
        return None
    attendees = _attendees(component)
    declined = any(
        _address(a).email in owner and str(a.params.get("PARTSTAT", "")).upper() == "DECLINED"
        for a in attendees
    )
    if declined or _DECLINED_PREFIX.match(title):
        left_out["declined"] += 1
        return None
    if not _ended(component, moment, day, now):
        left_out["not yet happened"] += 1
        return None
    uid = _text(component, "UID")
    if not uid:  # no UID (a hand-made file): the title and start stand in, stable on re-reading
        uid = "no-uid-" + hashlib.sha256(f"{title}|{moment or day}".encode()).hexdigest()[:32]
    people: dict[str, Address] = {}
    organiser = component.get("ORGANIZER")
    candidates = ([organiser] if organiser is not None else []) + attendees
    for value in candidates:
        params = getattr(value, "params", {}) or {}
        if str(params.get("CUTYPE", "")).upper() in ("ROOM", "RESOURCE"):
            continue
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue  # said they would not come
        address = _address(value)
        if address.email in owner or not (address.email or address.name):
            continue
        key = address.email or address.name.lower()
        if key not in people or (address.name and not people[key].name):
            people[key] = address
    location = " ".join(_text(component, "LOCATION").split())
    description = _text(component, "DESCRIPTION")
    teams_url = _text(component, "X-MICROSOFT-SKYPETEAMSMEETINGURL")
    online = bool(teams_url) or is_online(location, description) or is_phone_number(location)
    classification = _text(component, "CLASS").upper()
    busy = _text(component, "TRANSP").upper() != "TRANSPARENT"
    if _text(component, "X-MICROSOFT-CDO-BUSYSTATUS").upper() in ("FREE", "OOF"):
        busy = False
    return CapturedItem(
        source_id=_source_id(component, uid, day),
        file=name,
        medium="calendar",
        day=day,
        start=moment,
        title=title or "(no title)",
        location=location,
        summary=invitation_text(description),
        people=tuple(people.values()),
        online=online,
        all_day=all_day,
        private=classification in ("PRIVATE", "CONFIDENTIAL"),
        busy=busy,
    )
