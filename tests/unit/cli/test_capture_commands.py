"""``icstracker capture``: the dry run, logging what the review would tick, capturing the
same files again, and refused files with their exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ..services.capture.samples import ME, TEAMS, write_calendar, write_eml, write_msg
from .cli_runner import COMMITTEE, Run

PERIOD = ("--from", "01/10/2026", "--to", "20/11/2026")


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    return [
        str(write_calendar(tmp_path / "Calendar.ics")),
        str(write_calendar(tmp_path / "invite.ics", TEAMS)),
        str(write_eml(tmp_path / "reply.eml")),
        str(write_msg(tmp_path / "forwarded.msg")),
    ]


def test_dry_run_lists_every_proposal_and_writes_nothing(run: Run, files: list[str]) -> None:
    code, out, err = run("capture", *files, *PERIOD, "--me", ME, "--dry-run", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert [r["status"] for r in rows].count("log") == 10
    first = rows[0]
    assert (first["date"], first["time"], first["kind"], first["area"]) == (
        "2026-10-14",
        "10:00",
        "meeting",
        "Blackpool South PCN (U45809)",
    )
    assert first["detail"] == (
        "people: Dr A Example (new), Jo Bloggs (new); organisations: Blackpool Council"
    )
    assert {r["title"]: r["status"] for r in rows}["Dentist"] == "personal"
    assert "Not proposed: 1 cancelled, 1 declined." in err
    assert err.strip().endswith(
        f"Dry run, nothing written. Calendar.ics, invite.ics, reply.eml, forwarded.msg "
        f"(01/10/2026 to 20/11/2026) for {COMMITTEE}: 12 proposed, 10 to log, 2 personal."
    )
    assert run.count() == 0


def test_capture_logs_what_the_review_would_tick_and_again_adds_nothing(
    run: Run, files: list[str]
) -> None:
    code, out, err = run("capture", *files, *PERIOD, "--me", ME)
    assert code == 0, err
    assert out.startswith(
        "Logged 10 engagements from Calendar.ics, invite.ics, reply.eml, forwarded.msg "
        f"(01/10/2026 to 20/11/2026) for {COMMITTEE}; 2 personal."
    )
    assert run.count() == 10
    code, out, _ = run("capture", *files, *PERIOD, "--me", ME)
    assert code == 0
    assert out.startswith("Logged 0 engagements") and "10 duplicate, 2 personal" in out
    assert run.count() == 10


def test_area_places_what_nothing_else_did(run: Run, tmp_path: Path) -> None:
    lone = tmp_path / "lone.eml"
    lone.write_bytes(
        b"From: someone@example.com\r\nTo: x@example.com\r\nSubject: Catch-up\r\n"
        b"Date: Tue, 10 Nov 2026 10:00:00 +0000\r\nMessage-ID: <lone@x>\r\n\r\nHello\r\n"
    )
    code, out, _ = run("capture", str(lone))
    assert (code, run.count()) == (0, 0) and "1 no area" in out
    code, out, _ = run("capture", str(lone), "--area", "U45809")
    assert (code, run.count()) == (0, 1)


def test_refused_and_missing_files(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.msg"
    bad.write_bytes(b"not a message")
    code, _, err = run("capture", str(bad))
    assert code == 2
    assert err.startswith("icstracker: bad.msg is not an Outlook message")
    code, _, err = run("capture", str(tmp_path / "gone.ics"))
    assert code == 3 and "There is no file" in err
    code, _, err = run("capture", str(bad), "--from", "31/04/2026")
    assert code == 2 and "31/04/2026" in err
