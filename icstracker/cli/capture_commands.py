"""``capture``: engagements proposed from calendar exports (.ics) and emails (.eml, .msg).

``--dry-run`` prints every proposal (logged, duplicate, personal, no area, error) and
what was not proposed (cancelled, declined, still to come). Without it, every proposal
the review would tick is logged in one transaction, after a backup: the same as
accepting the window's review without changing anything. ``--area`` names the area for
the meetings and emails nothing placed (not the personal ones). Refused files exit 2, a
missing one 3, like ``import``; capturing the same files again adds nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from icstracker.cli.output import FORMATS, write_rows
from icstracker.db.setup import open_database
from icstracker.services.capture.apply import backup_before_capture, run_capture
from icstracker.services.capture.plan import (
    CaptureOptions,
    CapturePlan,
    Proposal,
    plan_capture,
)
from icstracker.services.capture.reading import read_files
from icstracker.services.dates import parse_date

PLAN_HEADERS = ("item", "status", "date", "time", "kind", "area", "found", "title", "detail")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "capture", help="log meetings from a calendar export (.ics) or emails (.eml, .msg)"
    )
    parser.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="a .ics, .eml or .msg file"
    )
    parser.add_argument("--committee", help="committee name (needed if there are several)")
    parser.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="first day of a calendar to capture (default: a year before --to)",
    )
    parser.add_argument(
        "--to", dest="date_to", metavar="DATE", help="last day to capture (default: today)"
    )
    parser.add_argument(
        "--me",
        action="append",
        default=[],
        metavar="EMAIL",
        help="your own address: left out of the people, and meetings you declined are skipped",
    )
    parser.add_argument(
        "--area", help="the area (code or name) for meetings and emails nothing else placed"
    )
    parser.add_argument("--dry-run", action="store_true", help="show each proposal only")
    parser.add_argument("--format", choices=FORMATS, default="table", help="for --dry-run")
    parser.set_defaults(handler=run_capture_command)


def _rows(plan: CapturePlan) -> list[tuple[object, ...]]:
    return [
        (
            p.number,
            _status(p),
            p.item.day,
            f"{p.item.start:%H:%M}" if p.item.start else "all day",
            p.kind,
            p.area.area.label if p.area else "",
            p.area_note,
            p.item.title,
            _detail(p),
        )
        for p in plan.proposals
    ]


def _status(proposal: Proposal) -> str:
    return "log" if proposal.log else proposal.status


def _detail(proposal: Proposal) -> str:
    people = ", ".join(p.shown() for p in proposal.people)
    parts = [proposal.reason] if proposal.reason else []
    if people:
        parts.append(f"people: {people}")
    if proposal.organisations:
        parts.append(f"organisations: {', '.join(proposal.organisations)}")
    return "; ".join(parts)


def _counted(plan: CapturePlan) -> str:
    counts = plan.counts
    words = [f"{len(plan.to_log)} to log"]
    words += [
        f"{counts[s]} {s}" for s in ("duplicate", "personal", "no area", "error") if counts[s]
    ]
    return ", ".join(words)


def run_capture_command(args: argparse.Namespace) -> int:
    options = CaptureOptions(
        committee=args.committee,
        start=parse_date(args.date_from, "from") if args.date_from else None,
        end=parse_date(args.date_to, "to") if args.date_to else None,
        me=tuple(args.me),
        default_area=args.area,
    )
    read = read_files(args.files, options)
    database = open_database(args.database).database
    try:
        if args.dry_run:
            with database.session() as session:
                plan = plan_capture(session, read, options)
        else:
            backup_before_capture(database)
            result = run_capture(database, read, options)
            plan = result.plan
    finally:
        database.dispose()
    files = ", ".join(read.files)
    period = f" ({read.start:%d/%m/%Y} to {read.end:%d/%m/%Y})" if read.start and read.end else ""
    if args.dry_run:
        write_rows(PLAN_HEADERS, _rows(plan), args.format, max_width=50)
        sys.stdout.flush()
        if plan.left_out_sentence():
            sys.stderr.write(plan.left_out_sentence() + "\n")
        sys.stderr.write(
            f"Dry run, nothing written. {files}{period} for {plan.committee}: "
            f"{len(plan.proposals)} proposed, {_counted(plan)}.\n"
        )
        return 0
    added = len(result.added_ids)
    print(
        f"Logged {added} engagement{'' if added == 1 else 's'} from {files}{period} for "
        f"{plan.committee}; {_counted(plan).partition(', ')[2] or 'nothing else'}."
    )
    if plan.left_out_sentence():
        print(plan.left_out_sentence())
    return 0
