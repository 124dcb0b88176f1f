# ruff: noqa: E501 - calendar lines as the programs write them (folded when written out)
"""Calendar and email files shaped like the ones Outlook, Teams and Google write, made
by the tests themselves (no real person's data is kept in the repository).

The Outlook calendar (``TODAY`` is Friday 20 November 2026, ``NOW`` noon of it) holds:

* a weekly meeting at Blackpool Town Hall, Wednesdays 10:00 "GMT Standard Time" from
  14 October, eight times: 21 October deleted (EXDATE), 28 October moved to Thursday 29th
  at 14:00 (an exception), 4 November cancelled (an exception with STATUS:CANCELLED),
  25 November and 2 December still to come; so 14 Oct, 29 Oct, 11 Nov and 18 Nov are
  proposed, at 10:00 (14:00) UK time on either side of the clocks going back on 25 October;
* two late-evening calls in UTC either side of that change: 23:30 UTC on 23 October is
  00:30 on the 24th in the UK (summer time), 23:30 UTC on 30 October is 23:30 on the 30th;
* an all-day event in Preston, an all-day "Annual leave" shown as out of office, a private
  dentist's appointment, and a meeting the owner declined.
"""

from __future__ import annotations

import datetime as dt
import struct
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from icstracker.services.local_time import UK

from .cfb import build_cfb

TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UK)
ME = "sam.officer@cplsc.org.uk"
SERIES_UID = "040000008200E00074C5B7101A82E00800000000D0A4C1B2E95ADB01000000000000000010000000"

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:GMT Standard Time
BEGIN:STANDARD
DTSTART:16011028T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0100
TZOFFSETTO:-0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T010000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:-0000
TZOFFSETTO:+0100
END:DAYLIGHT
END:VTIMEZONE"""

PEOPLE = f"""ORGANIZER;CN="Example, Dr A":mailto:a.example@nhs.net
ATTENDEE;CN=Sam Officer;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:{ME}
ATTENDEE;CN=Jo Bloggs;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:jo.bloggs@blackpool.gov.uk
ATTENDEE;CN=Not Coming;PARTSTAT=DECLINED:mailto:not.coming@nhs.net
ATTENDEE;CUTYPE=RESOURCE;CN=Town Hall Room 2:mailto:room2@blackpool.gov.uk"""


def _fold(text: str) -> str:
    """Content lines as RFC 5545 writes them: CRLF, folded at 75 octets."""
    out = []
    for line in text.strip("\n").split("\n"):
        raw = line.encode()
        while len(raw) > 75:
            cut = 75
            while raw[cut] & 0xC0 == 0x80:  # never inside a UTF-8 character
                cut -= 1
            out.append(raw[:cut])
            raw = b" " + raw[cut:]
        out.append(raw)
    return (b"\r\n".join(out) + b"\r\n").decode()


OUTLOOK = f"""BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
X-CALSTART:20261001T000000Z
X-WR-CALNAME:Calendar
{VTIMEZONE}
BEGIN:VEVENT
UID:{SERIES_UID}
{PEOPLE}
SUMMARY;LANGUAGE=en-gb:Blackpool South PCN clinical directors
DESCRIPTION:Standing agenda: Pharmacy First referrals\\, hypertension case-finding.\\n\\nPapers to follow.
DTSTART;TZID=GMT Standard Time:20261014T100000
DTEND;TZID=GMT Standard Time:20261014T110000
RRULE:FREQ=WEEKLY;COUNT=8;BYDAY=WE
EXDATE;TZID=GMT Standard Time:20261021T100000
LOCATION:Blackpool Town Hall\\, Room 2
CLASS:PUBLIC
TRANSP:OPAQUE
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
END:VEVENT
BEGIN:VEVENT
UID:{SERIES_UID}
RECURRENCE-ID;TZID=GMT Standard Time:20261028T100000
{PEOPLE}
SUMMARY;LANGUAGE=en-gb:Blackpool South PCN clinical directors (moved)
DTSTART;TZID=GMT Standard Time:20261029T140000
DTEND;TZID=GMT Standard Time:20261029T150000
LOCATION:Blackpool Town Hall\\, Room 2
END:VEVENT
BEGIN:VEVENT
UID:{SERIES_UID}
RECURRENCE-ID;TZID=GMT Standard Time:20261104T100000
{PEOPLE}
SUMMARY;LANGUAGE=en-gb:Canceled: Blackpool South PCN clinical directors
STATUS:CANCELLED
DTSTART;TZID=GMT Standard Time:20261104T100000
DTEND;TZID=GMT Standard Time:20261104T110000
END:VEVENT
BEGIN:VEVENT
UID:late-call-summer@example
SUMMARY:Lancashire and South Cumbria ICB pharmacy leads
DTSTART:20261023T233000Z
DTEND:20261024T000000Z
LOCATION:Tel: 0300 123 4567
ORGANIZER;CN=Pat Lead:mailto:pat.lead@nhs.net
END:VEVENT
BEGIN:VEVENT
UID:late-call-winter@example
SUMMARY:Lancashire and South Cumbria ICB pharmacy leads
DTSTART:20261030T233000Z
DTEND:20261031T000000Z
LOCATION:Tel: 0300 123 4567
ORGANIZER;CN=Pat Lead:mailto:pat.lead@nhs.net
END:VEVENT
BEGIN:VEVENT
UID:roadshow@example
SUMMARY:Pharmacy First roadshow\\, Preston
DTSTART;VALUE=DATE:20261112
DTEND;VALUE=DATE:20261113
ORGANIZER;CN=Pat Lead:mailto:pat.lead@nhs.net
END:VEVENT
BEGIN:VEVENT
UID:leave@example
SUMMARY:Annual leave
DTSTART;VALUE=DATE:20261116
DTEND;VALUE=DATE:20261117
TRANSP:TRANSPARENT
X-MICROSOFT-CDO-BUSYSTATUS:OOF
END:VEVENT
BEGIN:VEVENT
UID:dentist@example
SUMMARY:Dentist
CLASS:PRIVATE
DTSTART;TZID=GMT Standard Time:20261110T083000
DTEND;TZID=GMT Standard Time:20261110T090000
END:VEVENT
BEGIN:VEVENT
UID:declined@example
SUMMARY:Fylde Coast place board
ORGANIZER;CN=Pat Lead:mailto:pat.lead@nhs.net
ATTENDEE;CN=Sam Officer;PARTSTAT=DECLINED:mailto:{ME}
DTSTART;TZID=GMT Standard Time:20261105T140000
DTEND;TZID=GMT Standard Time:20261105T150000
END:VEVENT
END:VCALENDAR
"""

TEAMS = f"""BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
{VTIMEZONE}
BEGIN:VEVENT
ORGANIZER;CN=Pat Lead:mailto:pat.lead@nhs.net
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Sam Officer:mailto:{ME}
ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Chris Smith:mailto:chris.smith@nhs.net
DESCRIPTION;LANGUAGE=en-US:Quarterly update on community pharmacy services.\\n\\nPlease send items by Monday.\\n\\n________________________________________________________________________________\\nMicrosoft Teams meeting\\nJoin on your computer\\, mobile app or room device\\nClick here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_x>\\nMeeting ID: 123 456 789\\nPasscode: abc123\\n________________________________________________________________________________
UID:040000008200E00074C5B7101A82E00800000000TEAMS1
SUMMARY;LANGUAGE=en-US:Lancashire and South Cumbria ICB community pharmacy update
DTSTART;TZID=GMT Standard Time:20261117T150000
DTEND;TZID=GMT Standard Time:20261117T160000
CLASS:PUBLIC
PRIORITY:5
SEQUENCE:0
LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting
X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE
X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_x
END:VEVENT
END:VCALENDAR
"""

GOOGLE = f"""BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:{ME}
X-WR-TIMEZONE:Europe/London
BEGIN:VEVENT
DTSTART:20261103T140000Z
DTEND:20261103T150000Z
UID:google-declined@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN={ME}:mailto:{ME}
SUMMARY:Wigan place pharmacy forum
END:VEVENT
BEGIN:VEVENT
DTSTART:20261102T140000Z
DTEND:20261102T150000Z
UID:google-accepted@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN={ME}:mailto:{ME}
ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=Lee Wong:mailto:lee.wong@wigan.gov.uk
SUMMARY:Health and wellbeing board
LOCATION:Wigan Town Hall
END:VEVENT
END:VCALENDAR
"""


def write_calendar(path: Path, text: str = OUTLOOK) -> Path:
    path.write_bytes(_fold(text).encode())
    return path


MESSAGE_ID = "<DB9PR01MB1234.eurprd01.prod.outlook.com@nhs.net>"
REPLY_BODY = """Thanks Sam, the figures are very helpful.

We agreed that the PCN will share its list of practices not yet referring, and the LPC
will brief pharmacies at the next contractor event.

Can we review progress in January?

Kind regards
Dr A Example
Clinical Director, Blackpool South PCN
Tel 01253 000000

From: Sam Officer <sam.officer@cplsc.org.uk>
Sent: 09 November 2026 17:02
To: Example, Dr A <a.example@nhs.net>
Subject: Blackpool South PCN hypertension case-finding

Dear Dr Example,

Please find attached the Q2 case-finding figures.

> An even older quoted line.
"""


def write_eml(path: Path, *, message_id: str = MESSAGE_ID, subject: str | None = None) -> Path:
    message = EmailMessage()
    message["From"] = '"Example, Dr A" <a.example@nhs.net>'
    message["To"] = f"Sam Officer <{ME}>"
    message["Cc"] = "Jo Bloggs <jo.bloggs@blackpool.gov.uk>, info@blackpool.gov.uk"
    message["Subject"] = subject or "RE: Blackpool South PCN hypertension case-finding"
    message["Date"] = format_datetime(dt.datetime(2026, 11, 10, 16, 45, tzinfo=dt.UTC))
    message["Message-ID"] = message_id
    message.set_content(REPLY_BODY)
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in REPLY_BODY.split("\n\n")) + "</body>"
    message.add_alternative(html, subtype="html")
    message.add_attachment(
        b"PK\x03\x04 not really a workbook",
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="Case-finding figures Q2.xlsx",
    )
    path.write_bytes(bytes(message))
    return path


def _unicode(prop: int) -> str:
    return f"__substg1.0_{prop:04X}001F"


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _properties(header: int, fixed: dict[int, bytes]) -> bytes:
    """A ``__properties_version1.0`` stream: its header, then 16-byte entries."""
    entries = b"".join(
        struct.pack("<IIQ", tag, 6, 0)[:8] + value.ljust(8, b"\0") for tag, value in fixed.items()
    )
    return b"\0" * header + entries


def filetime(moment: dt.datetime) -> bytes:
    ticks = int((moment - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)).total_seconds() * 10_000_000)
    return struct.pack("<Q", ticks)


def msg_streams(
    *,
    message_class: str = "IPM.Note",
    sent: dt.datetime = dt.datetime(2026, 11, 12, 9, 15, tzinfo=dt.UTC),
) -> dict[str, bytes]:
    """The streams of an Outlook message as Outlook saves one (the few capture reads)."""
    recipient = "__recip_version1.0_#00000000"
    copied = "__recip_version1.0_#00000001"
    attachment = "__attach_version1.0_#00000000"
    body = (
        "Hello Sam,\r\n\r\nWigan Council would like the LPC at the December health and "
        "wellbeing board to present the Pharmacy First figures.\r\n\r\nBest wishes\r\nLee\r\n"
        "\r\n-----Original Message-----\r\nFrom: Sam Officer\r\nSent: 10 November 2026\r\n"
    )
    return {
        "__properties_version1.0": _properties(32, {0x00390040: filetime(sent)}),
        _unicode(0x001A): _utf16(message_class),
        _unicode(0x0037): _utf16("FW: Wigan health and wellbeing board"),
        _unicode(0x0C1A): _utf16("Lee Wong"),
        _unicode(0x5D01): _utf16("lee.wong@wigan.gov.uk"),
        _unicode(0x0C1F): _utf16("/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=LEE"),
        _unicode(0x0E04): _utf16("Sam Officer"),
        _unicode(0x1000): _utf16(body),
        _unicode(0x1035): _utf16("<LO2P123MB0001.GBRP123.PROD.OUTLOOK.COM@wigan.gov.uk>"),
        f"{recipient}/__properties_version1.0": _properties(8, {0x0C150003: b"\x01"}),
        f"{recipient}/{_unicode(0x3001)}": _utf16("Sam Officer"),
        f"{recipient}/{_unicode(0x39FE)}": _utf16(ME),
        f"{copied}/__properties_version1.0": _properties(8, {0x0C150003: b"\x02"}),
        f"{copied}/{_unicode(0x3001)}": _utf16("Chris Smith"),
        f"{copied}/{_unicode(0x3003)}": _utf16("chris.smith@nhs.net"),
        f"{attachment}/__properties_version1.0": _properties(8, {}),
        f"{attachment}/{_unicode(0x3707)}": _utf16("Pharmacy First figures.pdf"),
        f"{attachment}/__substg1.0_37010102": b"%PDF-1.4 not really" * 300,  # in sectors
    }


def write_msg(path: Path, **changes: object) -> Path:
    path.write_bytes(build_cfb(msg_streams(**changes)))  # type: ignore[arg-type]
    return path
