"""Keeps a database made by the current schema revision in ``tests/data/``.

Run once per released schema revision (``python scripts/make_schema_fixture.py``): the
upgrade tests open every kept file with the newest code, so a migration that loses or
breaks old data fails a test instead of a user's log.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icstracker.db.engine import sqlite_url
from icstracker.db.migrate import head_revision
from icstracker.db.setup import open_database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import delete_engagement, log_engagement

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def main() -> None:
    target = DATA / f"schema-{head_revision()}.sqlite3"
    if target.exists():
        raise SystemExit(f"{target} exists; a released revision's database is never remade")
    database = open_database(sqlite_url(target)).database
    with database.write() as session:
        devon = resolve_area(session, "QJK")
        committee = create_committee(session, "Community Pharmacy Devon", (devon.id,))
        for code, day, title in (
            ("QJK", "2025-05-14", "ICB pharmacy commissioning group"),
            ("QHG", "2025-11-03", "Merged ICB meeting, before April 2026"),
            ("U41591", "2026-06-30", "Coast and Country PCN clinical directors"),
        ):
            view = log_engagement(
                session,
                EngagementInput(
                    committee_id=committee.id,
                    area_id=resolve_area(session, code).id,
                    occurred_on=dt.date.fromisoformat(day),
                    kind="meeting",
                    title=title,
                    summary="Kept to prove upgrades keep old records.",
                    topics=("Pharmacy First",),
                    people=("A Contact",),
                    organisations=("NHS Devon ICB",),
                    actions=(ActionInput("Circulate notes", "LPC officer"),),
                ),
            )
        delete_engagement(session, view.id, expected_version=view.version)
    database.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
