"""What a reader makes of a file: meeting occurrences and emails, nothing decided yet.

A ``CapturedItem`` holds only what the file says, put into plain values (UK dates and
times, lower-cased addresses, a summary with the boilerplate taken out). Which area,
which people in the register, whether it is a duplicate: ``plan`` decides those, so a
re-plan after the person's choices never reads the file again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# A summary proposed from an invitation's or an email's text: the first paragraphs, not
# the whole thread. Long enough for a short report of a meeting.
SUMMARY_PARAGRAPHS = 4
SUMMARY_CHARACTERS = 1_200


@dataclass(frozen=True)
class Address:
    """A person on an invitation or an email: the display name as written, if any, and
    the email address lower-cased ("" when the file gives none)."""

    name: str
    email: str

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2] if "@" in self.email else ""

    def shown(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


@dataclass(frozen=True)
class CapturedItem:
    """One meeting occurrence or one email, as its file describes it."""

    source_id: str  # "ics:<UID>:<YYYY-MM-DD>" or "mid:<Message-ID>": the duplicate key
    file: str  # the file's name, to say where an item came from
    medium: str  # "calendar" or "mail"
    day: dt.date  # in the UK
    start: dt.datetime | None  # UK time; None for an all-day event
    title: str
    location: str = ""
    summary: str = ""
    people: tuple[Address, ...] = ()  # everyone else on it, the calendar's owner left out
    attachments: tuple[str, ...] = ()
    online: bool = False  # a Teams, Zoom or Meet link, or only a phone number
    all_day: bool = False
    private: bool = False  # marked private or confidential in the calendar
    busy: bool = True  # False for an event shown as free (a reminder, not a meeting)


@dataclass(frozen=True)
class CaptureRead:
    """Everything read from the files of one capture."""

    files: tuple[str, ...]
    items: tuple[CapturedItem, ...]
    # Why occurrences were not proposed, with how many: ("cancelled", 2), ("declined", 1).
    left_out: tuple[tuple[str, int], ...] = ()
    start: dt.date | None = None  # the period the calendars were expanded over
    end: dt.date | None = None
    notes: tuple[str, ...] = field(default=())  # one sentence each, for the review


def first_paragraphs(text: str) -> str:
    """The first few paragraphs of ``text``, blank-line separated, within the length a
    summary is given; lines trimmed, runs of blank lines squeezed."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    kept: list[str] = []
    length = 0
    for paragraph in paragraphs[:SUMMARY_PARAGRAPHS]:
        if kept and length + len(paragraph) > SUMMARY_CHARACTERS:
            break
        kept.append(paragraph)
        length += len(paragraph) + 2
    summary = "\n\n".join(kept)
    if len(summary) > SUMMARY_CHARACTERS:
        summary = summary[: SUMMARY_CHARACTERS - 1].rstrip() + "…"
    return summary


_ONLINE = re.compile(
    r"teams\.microsoft\.com|teams\.live\.com|microsoft teams|zoom\.us|meet\.google\.com|"
    r"webex\.com|join online|conference call",
    re.IGNORECASE,
)
_PHONE_ONLY = re.compile(r"^(?:tel[:.]?|phone[:.]?|call)?\s*[+\d][\d ()-]{8,}$", re.IGNORECASE)


def is_online(*texts: str) -> bool:
    """Whether a location or text names an online meeting (Teams, Zoom, Meet, Webex)."""
    return any(_ONLINE.search(text) for text in texts if text)


def is_phone_number(text: str) -> bool:
    return bool(text) and _PHONE_ONLY.match(text.strip()) is not None


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Control characters dropped (the engagement service refuses them; a calendar or an
    email has no business holding them), non-breaking spaces made plain."""
    return _CONTROLS.sub("", text.replace("\u00a0", " ").replace("\u200b", ""))


def describe_source(source_id: str) -> str:
    """Where a captured engagement came from, for the detail pane: "Calendar invitation
    (UID …), the occurrence of 14/10/2026" or "Email (Message-ID <…>)"; "" if typed."""
    kind, _, rest = source_id.partition(":")
    if kind == "ics":
        uid, _, day = rest.rpartition(":")
        try:
            when = f", the occurrence of {dt.date.fromisoformat(day):%d/%m/%Y}"
        except ValueError:
            uid, when = rest, ""
        return f"Calendar invitation (UID {uid}){when}"
    if kind == "mid":
        return f"Email (Message-ID <{rest}>)"
    return source_id
