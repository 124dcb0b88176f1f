"""Files capture refuses, each with one sentence and nothing written: not a calendar or
email, damaged, over 20 MB, encrypted or password-protected, an Outlook item that is not
an email, and a calendar whose meetings repeat thousands of times in the period."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.models import Base
from icstracker.errors import ImportFileError, ImportFileNotFoundError
from icstracker.services.capture.plan import CaptureOptions, preview_capture
from icstracker.services.capture.reading import read_files

from .cfb import build_cfb
from .samples import msg_streams, write_eml


def table_counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def _refused(path: Path, options: CaptureOptions) -> str:
    with pytest.raises(ImportFileError) as refused:
        read_files([path], options)
    return refused.value.message


def test_a_file_that_is_not_a_calendar(tmp_path: Path, options: CaptureOptions) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("Meeting notes, not a calendar\n")
    assert _refused(path, options).startswith("notes.ics is not a calendar file")


def test_a_damaged_calendar(tmp_path: Path, options: CaptureOptions) -> None:
    path = tmp_path / "broken.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026-99-99\r\n"
        "RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    assert _refused(path, options).startswith("broken.ics cannot be read as a calendar")


def _repeating(path: Path, start: str, rule: str) -> Path:
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:storm\r\nSUMMARY:Ping\r\n"
        f"DTSTART:{start}\r\nDURATION:PT1M\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def test_a_meeting_repeating_every_minute_is_refused_before_it_is_expanded(
    tmp_path: Path, options: CaptureOptions
) -> None:
    path = _repeating(tmp_path / "storm.ics", "20200101T000000Z", "FREQ=MINUTELY")
    began = time.monotonic()
    message = _refused(path, options)
    assert time.monotonic() - began < 5
    assert message == (
        "storm.ics: the meeting 'Ping' repeats too often to expand (over 100,000 times by "
        "20/11/2026); remove it from the calendar export or capture a shorter period."
    )


def test_thousands_of_occurrences_in_the_period_are_refused_not_cut_short(
    tmp_path: Path, options: CaptureOptions
) -> None:
    path = _repeating(tmp_path / "hourly.ics", "20260101T000000Z", "FREQ=HOURLY")
    began = time.monotonic()
    message = _refused(path, options)
    assert time.monotonic() - began < 20
    assert message == (
        "hourly.ics has more than 2,000 meetings between 20/11/2025 and 20/11/2026 (a "
        "meeting that repeats very often?); capture a shorter period."
    )


def test_a_file_over_20_mb_is_refused_unread(tmp_path: Path, options: CaptureOptions) -> None:
    path = tmp_path / "huge.ics"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: the size alone refuses it
    assert _refused(path, options) == (
        "huge.ics is 21 MB; files over 20 MB are not captured. Export a shorter period of "
        "the calendar, or save the message without its attachments."
    )


def test_an_encrypted_email(tmp_path: Path, options: CaptureOptions) -> None:
    path = tmp_path / "secret.eml"
    path.write_bytes(
        b"From: a@nhs.net\r\nTo: b@x.org\r\nDate: Tue, 10 Nov 2026 10:00:00 +0000\r\n"
        b"Subject: Confidential\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAxggFA\r\n"
    )
    assert _refused(path, options).startswith("secret.eml is encrypted (S/MIME or PGP)")


def test_a_text_file_named_eml(tmp_path: Path, options: CaptureOptions) -> None:
    path = tmp_path / "note.eml"
    path.write_text("Just some text\nwith no headers\n")
    assert _refused(path, options).startswith("note.eml is not an email")


@pytest.mark.parametrize(
    ("message_class", "expected"),
    [
        ("IPM.Contact", "is an Outlook item of kind IPM.Contact, not an email"),
        ("IPM.Schedule.Meeting.Request", "is an Outlook meeting"),
        ("IPM.Note.SMIME", "is encrypted (S/MIME)"),
    ],
)
def test_an_outlook_item_that_is_not_a_readable_email(
    tmp_path: Path, options: CaptureOptions, message_class: str, expected: str
) -> None:
    path = tmp_path / "item.msg"
    path.write_bytes(build_cfb(msg_streams(message_class=message_class)))
    assert expected in _refused(path, options)


def test_a_password_protected_office_file_named_msg(
    tmp_path: Path, options: CaptureOptions
) -> None:
    path = tmp_path / "board papers.msg"
    path.write_bytes(
        build_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" * 20, "EncryptedPackage": b"x"})
    )
    assert _refused(path, options).startswith("board papers.msg is a password-protected")


def test_a_damaged_msg(tmp_path: Path, options: CaptureOptions) -> None:
    good = build_cfb(msg_streams())
    path = tmp_path / "cut.msg"
    path.write_bytes(good[:1500])
    assert "cannot be read as an Outlook message" in _refused(path, options)
    other = tmp_path / "renamed.msg"
    other.write_bytes(b"%PDF-1.7 a pdf renamed")
    assert _refused(other, options).startswith("renamed.msg is not an Outlook message")


def test_other_kinds_of_file_and_missing_files(tmp_path: Path, options: CaptureOptions) -> None:
    sheet = tmp_path / "log.xlsx"
    sheet.write_bytes(b"PK")
    assert _refused(sheet, options).startswith("log.xlsx is not a calendar (.ics) or email")
    with pytest.raises(ImportFileNotFoundError):
        read_files([tmp_path / "gone.eml"], options)
    (tmp_path / "empty.eml").write_bytes(b"")
    assert _refused(tmp_path / "empty.eml", options).startswith("empty.eml is empty")


def test_one_bad_file_among_good_ones_writes_nothing(
    committee_db: Database, options: CaptureOptions, tmp_path: Path
) -> None:
    before = table_counts(committee_db)
    bad = tmp_path / "bad.msg"
    bad.write_bytes(b"not a message at all")
    with pytest.raises(ImportFileError):
        preview_capture(committee_db, [write_eml(tmp_path / "good.eml"), bad], options)
    assert table_counts(committee_db) == before
