"""Writing a capture: the ticked proposals, all in one transaction, or nothing.

The plan is made again inside the write transaction from the same items and choices the
review showed, so what was shown is what is written, and an item someone logged in the
meantime is found as a duplicate instead of being logged twice. Each engagement is logged
by ``log_engagement`` (a capture is tens of items, not thousands), so it meets every rule a
typed one does; the first refusal rolls the whole capture back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from icstracker.db.backup import backup_sqlite, default_backup_path
from icstracker.db.database import Database
from icstracker.errors import OperationCancelled
from icstracker.services.capture.items import CaptureRead
from icstracker.services.capture.plan import Cancelled, CaptureOptions, CapturePlan, plan_capture
from icstracker.services.dates import uk_today
from icstracker.services.engagements import log_engagement


@dataclass(frozen=True)
class CaptureResult:
    plan: CapturePlan
    added_ids: tuple[int, ...]


def run_capture(
    database: Database,
    read: CaptureRead,
    options: CaptureOptions,
    *,
    cancelled: Cancelled | None = None,
) -> CaptureResult:
    """Logs every ticked proposal of ``read`` with ``options``; see the module docstring."""
    today = options.today or uk_today()
    with database.write() as session:
        plan = plan_capture(session, read, options, for_writing=True, cancelled=cancelled)
        added: list[int] = []
        for proposal in plan.to_log:
            if cancelled is not None and cancelled():
                raise OperationCancelled("The capture was cancelled; nothing was written.")
            assert proposal.data is not None
            added.append(log_engagement(session, proposal.data, today=today).id)
    return CaptureResult(plan, tuple(added))


def backup_before_capture(database: Database) -> Path | None:
    if database.path is None:
        return None
    return backup_sqlite(database.path, default_backup_path(database.path, "before-capture"))
