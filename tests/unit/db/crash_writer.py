"""A writer for the crash test: logs engagements until killed, saying each one committed.

Run as ``python crash_writer.py DATABASE AREA_ID COMMITTEE_ID PREFIX`` (DATABASE: a
SQLite file or a SQLAlchemy URL). It prints the title of
each engagement only after its transaction has committed, so every title the test read
from this process's output was acknowledged and must survive a SIGKILL.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import log_engagement


def main() -> None:
    target, area_id, committee_id, prefix = sys.argv[1:5]
    # A SQLAlchemy URL (the PostgreSQL run) or a SQLite file path.
    database = Database(target if "://" in target else sqlite_url(Path(target)))
    for number in itertools.count():
        title = f"{prefix}-{number}"
        with database.write() as session:
            log_engagement(
                session,
                EngagementInput(
                    committee_id=int(committee_id),
                    area_id=int(area_id),
                    occurred_on=dt.date(2026, 11, 2),
                    kind="meeting",
                    title=title,
                    summary="x" * (number % 7 * 300),
                    topics=("Pharmacy First",),
                    people=(f"Person {number % 13}",),
                    actions=(ActionInput(f"Follow up {number}"),),
                ),
            )
        sys.stdout.write(title + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
