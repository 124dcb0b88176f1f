"""Reading the files of one capture into items, within the limits of the whole capture.

Each file is read by the reader its name chooses (``files.kind_of``), whole and once;
calendars are expanded over the options' period, with one budget of occurrences for all
of them, so several large calendars cannot add up to more than one may hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from icstracker.errors import ImportFileError, OperationCancelled
from icstracker.services.capture.calendar import MAX_OCCURRENCES, read_calendar
from icstracker.services.capture.files import kind_of, read_capture_file
from icstracker.services.capture.items import CapturedItem, CaptureRead
from icstracker.services.capture.mail import mail_item, read_eml
from icstracker.services.capture.outlook_msg import read_msg
from icstracker.services.local_time import UK

if TYPE_CHECKING:
    from icstracker.services.capture.plan import Cancelled, CaptureOptions, Progress

MAX_FILES = 500


def read_files(
    paths: Sequence[Path],
    options: CaptureOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CaptureRead:
    """Every item of ``paths`` (calendars expanded over the options' period)."""
    if not paths:
        raise ImportFileError("No file was given to capture.")
    if len(paths) > MAX_FILES:
        raise ImportFileError(f"{len(paths):,} files at once; capture at most {MAX_FILES}.")
    start, end = options.period()
    now = options.moment()
    items: list[CapturedItem] = []
    left_out: dict[str, int] = {}
    budget = MAX_OCCURRENCES
    for done, path in enumerate(paths, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled("The capture was cancelled; nothing was written.")
        kind = kind_of(path)
        data = read_capture_file(path)
        if kind == "calendar":
            found, skipped = read_calendar(
                data, path.name, start, end, now, me=options.me, budget=budget, cancelled=cancelled
            )
            budget -= len(found) + sum(skipped.values())
            items.extend(found)
            for why, count in skipped.items():
                left_out[why] = left_out.get(why, 0) + count
        else:
            reader = read_msg if path.suffix.lower() == ".msg" else read_eml
            items.append(mail_item(reader(data, path.name), path.name))
        if progress is not None:
            progress(done, len(paths))
    order = ("cancelled", "declined", "not yet happened")
    return CaptureRead(
        tuple(p.name for p in paths),
        tuple(sorted(items, key=lambda i: (i.start or _midnight(i.day), i.title))),
        tuple((why, left_out[why]) for why in order if why in left_out),
        start,
        end,
    )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=UK)
