"""``check``: is this database whole, current, and what does it hold?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from icstracker.db.database import Database
from icstracker.db.migrate import current_revision, head_revision
from icstracker.db.models import Action, Area, Committee, Engagement, Organisation, Person


@dataclass(frozen=True)
class CheckReport:
    database: str
    schema_revision: str | None
    head_revision: str
    integrity: str
    foreign_key_problems: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.schema_revision == self.head_revision
        )


def check_database(database: Database) -> CheckReport:
    with database.engine.connect() as connection:
        revision = current_revision(connection)
        if database.is_sqlite:
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            integrity = "ok" if problems == ["ok"] else "; ".join(problems[:5])
            foreign_keys = len(connection.exec_driver_sql("PRAGMA foreign_key_check").all())
        else:
            connection.execute(text("SELECT 1"))
            integrity, foreign_keys = "ok", 0  # the server enforces both itself
    counts: dict[str, int] = {}
    if revision is not None:
        with database.session() as session:
            live = Engagement.deleted_at.is_(None)
            counts = {
                "areas": session.scalar(select(func.count()).select_from(Area)) or 0,
                "committees": session.scalar(select(func.count()).select_from(Committee)) or 0,
                "engagements": session.scalar(select(func.count()).where(live)) or 0,
                "deleted engagements": session.scalar(
                    select(func.count()).where(Engagement.deleted_at.is_not(None))
                )
                or 0,
                "actions": session.scalar(select(func.count()).select_from(Action)) or 0,
                "organisations": session.scalar(select(func.count()).select_from(Organisation))
                or 0,
                "people": session.scalar(select(func.count()).select_from(Person)) or 0,
            }
    return CheckReport(
        database=database.describe(),
        schema_revision=revision,
        head_revision=head_revision(),
        integrity=integrity,
        foreign_key_problems=foreign_keys,
        counts=counts,
    )
