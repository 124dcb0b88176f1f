"""Saves screenshots of the capture review (issue 19) for the README.

Run under a real (virtual) screen the size of a small laptop's::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/capture_screenshots.py

It builds a new database in a temporary folder (never your own data) with one committee
and a contact, writes the test suite's sample calendar and emails there (an Outlook
calendar with a weekly meeting, a Teams invitation, an .eml reply and an Outlook .msg,
from ``tests/unit/services/capture/samples.py``), opens the review on them as of
20 November 2026 and writes ``capture-*.png`` to ``docs/screenshots/`` (or the folder
given as the first argument).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-capture-shots-"))
    os.environ["ICSTRACKER_HOME"] = str(scratch / "home")
    sys.path.insert(0, str(ROOT / "tests" / "unit" / "services"))
    from capture import samples  # type: ignore[import-not-found]  # the tests' file makers
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from icstracker.db.models import Organisation, Person
    from icstracker.db.setup import open_database
    from icstracker.services.areas import resolve_area
    from icstracker.services.committees import create_committee
    from icstracker.ui.capture_dialog import CaptureDialog
    from icstracker.ui.capture_table import LOG
    from icstracker.ui.jobs import JobRunner
    from icstracker.ui.main_window import MainWindow
    from icstracker.ui.settings import WindowSettings

    app = QApplication(sys.argv)
    database = open_database(str(scratch / "capture.sqlite3")).database
    with database.write() as session:
        committee = create_committee(
            session,
            "Community Pharmacy Lancashire and South Cumbria",
            (resolve_area(session, "QE1").id,),
        )
        pcn = Organisation(name="Blackpool South PCN")
        session.add(pcn)
        session.add(
            Person(
                name="Dr Alex Example",
                name_key="dr alex example",
                email="a.example@nhs.net",
                organisation=pcn,
            )
        )
    files = [
        samples.write_calendar(scratch / "Calendar.ics"),
        samples.write_calendar(scratch / "Teams invitation.ics", samples.TEAMS),
        samples.write_eml(scratch / "RE Blackpool South PCN hypertension case-finding.eml"),
        samples.write_msg(scratch / "FW Wigan health and wellbeing board.msg"),
    ]
    window = MainWindow(database, committee, WindowSettings(scratch / "settings.ini"))
    window.show()
    window.setGeometry(window.screen().availableGeometry())
    app.processEvents()
    dialog = CaptureDialog(
        window,
        database,
        committee,
        files,
        JobRunner(run_now=True),
        on_captured=window._captured,
        today=samples.TODAY,
        now=samples.NOW,
    )
    dialog.options = dialog.options.__class__(
        committee=committee.name, today=samples.TODAY, now=samples.NOW, me=(samples.ME,)
    )
    dialog.show()
    dialog.read()
    QTest.qWait(300)
    OUT.mkdir(parents=True, exist_ok=True)
    dialog.table.selectRow(0)
    QTest.qWait(100)
    dialog.grab().save(str(OUT / "capture-review.png"))
    # A personal appointment chosen after all: its area typed, then ticked.
    dentist = next(r for r, p in enumerate(dialog.table.proposals) if p.item.title == "Dentist")
    dialog.table.selectRow(dentist)
    assert dialog.area_picker is not None
    dialog.area_picker.setFocus()
    QTest.keyClicks(dialog.area_picker, "Blackpool South PCN")
    dialog.area_picker.completer().popup().hide()
    dialog.area_picker.commit()
    QTest.qWait(100)
    rect = dialog.table.visualItemRect(dialog.table.item(dentist, LOG))
    QTest.mouseClick(
        dialog.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.left() + 10, rect.center().y()),
    )
    dialog.table.selectRow(dentist)
    QTest.qWait(100)
    dialog.grab().save(str(OUT / "capture-area-chosen.png"))
    email = next(r for r, p in enumerate(dialog.table.proposals) if p.item.medium == "mail")
    dialog.table.selectRow(email)
    QTest.qWait(100)
    dialog.grab().save(str(OUT / "capture-email.png"))
    dialog.log()
    QTest.qWait(300)
    window.tabs.setCurrentWidget(window.table)
    window.grab().save(str(OUT / "capture-logged.png"))
    again = CaptureDialog(
        window,
        database,
        committee,
        files,
        JobRunner(run_now=True),
        today=samples.TODAY,
        now=samples.NOW,
    )
    again.options = dialog.options.__class__(
        committee=committee.name, today=samples.TODAY, now=samples.NOW, me=(samples.ME,)
    )
    again.show()
    again.read()
    QTest.qWait(300)
    again.grab().save(str(OUT / "capture-again.png"))
    again.reject()
    window.close()
    database.dispose()
    print(f"Screenshots written to {OUT}; the scratch folder {scratch} can go.")


if __name__ == "__main__":
    main()
