"""A window over a seeded database, with message boxes answered and jobs run at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from icstracker.db.database import Database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import CommitteeView, create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings, settings_path

TODAY = dt.date.today()
# (area, days ago, kind, title, summary)
SEED = [
    ("QE1", 3, "meeting", "ICB primary care committee", "Pharmacy First uptake"),
    ("E06000009", 5, "call", "Blackpool place board call", "Blood pressure checks"),
    ("U45809", 7, "meeting", "PCN clinical director meeting", "Referral pathway"),
    ("U82077", 9, "email", "Email to the PCN manager", "Contraception service"),
    ("U45809", 400, "meeting", "Old PCN meeting", "Last year"),
]


@pytest.fixture(autouse=True)
def _nothing_remembered() -> None:
    """Each test starts as a first start would. The user's settings file is shared by the
    whole run, so a window an earlier test closed would otherwise place this test's window
    (the full window landed 2 px from the first look only after some other test)."""
    settings_path().unlink(missing_ok=True)


@pytest.fixture
def committee(sqlite_db: Database) -> CommitteeView:
    with sqlite_db.write() as session:
        committee = create_committee(
            session, "Community Pharmacy Lancashire", (resolve_area(session, "QE1").id,)
        )
        for code, days, kind, title, summary in SEED:
            log_engagement(
                session,
                EngagementInput(
                    committee_id=committee.id,
                    area_id=resolve_area(session, code).id,
                    occurred_on=TODAY - dt.timedelta(days=days),
                    kind=kind,
                    title=title,
                    summary=summary,
                ),
            )
    return committee


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes never block a test; what they said is recorded."""
    said: list[str] = []

    def question(
        _parent: object, _title: str, text: str, *args: object
    ) -> QMessageBox.StandardButton:
        said.append(text)
        return QMessageBox.StandardButton.Yes

    def exec_box(box: QMessageBox) -> int:
        said.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", question)
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return said


@pytest.fixture
def window(
    qtbot, sqlite_db: Database, committee: CommitteeView, settings_file: Path, answers: list[str]
) -> Iterator[MainWindow]:
    main = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(main)
    main.period.set_key("all")
    yield main
    main.close()
