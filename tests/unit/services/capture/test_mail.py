"""Reading emails: an .eml with a quoted reply chain and a signature, and an Outlook .msg
built in the test as a compound file (``cfb.build_cfb``), read with olefile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import olefile

from icstracker.services.capture.mail import mail_item, new_text, read_eml, title_of
from icstracker.services.capture.outlook_msg import read_msg

from .samples import MESSAGE_ID, write_eml, write_msg


def test_an_eml_reply_becomes_one_item_without_its_history_or_signature(tmp_path: Path) -> None:
    path = write_eml(tmp_path / "reply.eml")
    message = read_eml(path.read_bytes(), path.name)
    item = mail_item(message, path.name)
    assert item.source_id == f"mid:{MESSAGE_ID.strip('<>')}"
    assert item.title == "Blackpool South PCN hypertension case-finding"  # no "RE:"
    assert (item.day, f"{item.start:%H:%M %Z}") == (dt.date(2026, 11, 10), "16:45 GMT")
    assert item.summary == (
        "Thanks Sam, the figures are very helpful.\n\n"
        "We agreed that the PCN will share its list of practices not yet referring, and the LPC\n"
        "will brief pharmacies at the next contractor event.\n\n"
        "Can we review progress in January?\n\n"
        "Attachments: Case-finding figures Q2.xlsx"
    )
    assert [(a.name, a.email) for a in item.people] == [
        ("Example, Dr A", "a.example@nhs.net"),
        ("Sam Officer", "sam.officer@cplsc.org.uk"),
        ("Jo Bloggs", "jo.bloggs@blackpool.gov.uk"),
        ("", "info@blackpool.gov.uk"),
    ]
    assert item.attachments == ("Case-finding figures Q2.xlsx",)


def test_quoted_history_is_cut_whichever_client_wrote_it() -> None:
    gmail = "Yes, Tuesday suits.\n\nOn Mon, 9 Nov 2026 at 17:02, Sam <s@x.org> wrote:\n> When?"
    assert new_text(gmail).strip() == "Yes, Tuesday suits."
    outlook = "Agreed.\n\n________________________________\nFrom: Sam\nSent: Monday"
    assert new_text(outlook).strip() == "Agreed."
    assert new_text("See below.\n-- \nSam Officer\nLPC").strip() == "See below."
    assert title_of("RE: FW: Re[2]: Pharmacy First") == "Pharmacy First"


def test_an_outlook_msg_is_read_from_its_mapi_properties(tmp_path: Path) -> None:
    path = write_msg(tmp_path / "forwarded.msg")
    assert olefile.isOleFile(str(path))  # a real compound file, as Outlook writes
    message = read_msg(path.read_bytes(), path.name)
    item = mail_item(message, path.name)
    assert item.source_id == "mid:LO2P123MB0001.GBRP123.PROD.OUTLOOK.COM@wigan.gov.uk"
    assert item.title == "Wigan health and wellbeing board"
    assert (item.day, f"{item.start:%H:%M}") == (dt.date(2026, 11, 12), "09:15")
    assert [(a.name, a.email) for a in item.people] == [
        ("Lee Wong", "lee.wong@wigan.gov.uk"),  # the SMTP address, not the Exchange one
        ("Sam Officer", "sam.officer@cplsc.org.uk"),
        ("Chris Smith", "chris.smith@nhs.net"),
    ]
    assert item.summary == (
        "Hello Sam,\n\nWigan Council would like the LPC at the December health and wellbeing "
        "board to present the Pharmacy First figures.\n\nAttachments: Pharmacy First figures.pdf"
    )
