"""``log add`` and ``list``: writing to and reading the engagement log."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from icstracker.cli.output import FORMATS, write_rows
from icstracker.db.setup import open_database
from icstracker.errors import ValidationError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import choose_committee, create_committee, list_committees
from icstracker.services.dates import parse_date
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import (
    SORT_KEYS,
    count_engagements,
    list_engagements,
)
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.services.periods import parse_period
from icstracker.vocabulary import ENGAGEMENT_KINDS

LIST_HEADERS = (
    "id",
    "date",
    "level",
    "footprint",
    "area_code",
    "area",
    "kind",
    "title",
    "organisations",
    "people",
    "open_actions",
    "committee",
)


def _split(values: list[str]) -> tuple[str, ...]:
    """Repeated options and ``;``-separated lists both work: --people "A; B" --people C."""
    return tuple(part.strip() for value in values for part in value.split(";") if part.strip())


def register(commands: Any) -> None:
    log = commands.add_parser("log", help="add an engagement to the log")
    log_actions = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    add = log_actions.add_parser("add", help="log one engagement")
    add.add_argument("--date", required=True, help="YYYY-MM-DD, DD/MM/YYYY, today or yesterday")
    add.add_argument("--area", required=True, help="code or name of an ICB, place or PCN")
    add.add_argument("--kind", required=True, help=", ".join(ENGAGEMENT_KINDS))
    add.add_argument("--title", required=True)
    add.add_argument("--summary", default="")
    add.add_argument("--outcome", default="")
    add.add_argument("--rating", choices=("red", "amber", "green"))
    add.add_argument("--topics", action="append", default=[], help="';'-separated")
    add.add_argument("--people", action="append", default=[], help="';'-separated")
    add.add_argument("--organisation", action="append", default=[], help="repeat or ';'-separate")
    add.add_argument("--representatives", action="append", default=[], help="';'-separated")
    add.add_argument("--action", help="a follow-up action")
    add.add_argument("--action-due", help="when the follow-up is due")
    add.add_argument("--action-owner", help="who owns the follow-up")
    add.add_argument("--committee", help="committee name (needed if there are several)")
    add.add_argument(
        "--joint-with",
        action="append",
        default=[],
        metavar="COMMITTEE",
        help="another committee that took part; repeat or ';'-separate",
    )
    add.add_argument(
        "--internal-note",
        default="",
        metavar="TEXT",
        help="a note for the committee only: never in the report for partners",
    )
    add.add_argument(
        "--not-for-partners",
        action="store_true",
        help="leave this engagement out of the report for partners altogether",
    )
    add.set_defaults(handler=run_log_add)

    listing = commands.add_parser("list", help="list engagements, filtered")
    listing.add_argument("--level", choices=("system", "place", "neighbourhood"))
    listing.add_argument("--area", help="a footprint: everything inside it is included")
    listing.add_argument("--committee")
    listing.add_argument("--quarter", "--period", dest="period", help="e.g. 2026/27-Q3, 2026-Q4")
    listing.add_argument("--from", dest="date_from", help="first date, inclusive")
    listing.add_argument("--to", dest="date_to", help="last date, inclusive")
    listing.add_argument("--kind", action="append", default=[])
    listing.add_argument("--topic", action="append", default=[])
    listing.add_argument("--text", default="", help="words in title, notes, organisations, people")
    listing.add_argument("--include-deleted", action="store_true")
    listing.add_argument("--sort", choices=SORT_KEYS, default="date")
    listing.add_argument("--ascending", action="store_true")
    listing.add_argument("--limit", type=int, help="at most this many rows")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=run_list)


def run_log_add(args: argparse.Namespace) -> int:
    database = open_database(args.database).database
    try:
        with database.write() as session:
            committee = _committee_for_logging(session, args.committee)
            occurred_on = parse_date(args.date)
            # A code can name different areas in different years (STP, then ICB); the
            # committee's own aliases (its import decisions) count as they do on import.
            area = resolve_area(session, args.area, on=occurred_on, committee_id=committee)
            actions: tuple[ActionInput, ...] = ()
            if args.action:
                due = parse_date(args.action_due, "action_due") if args.action_due else None
                actions = (ActionInput(args.action, args.action_owner, due),)
            elif args.action_due or args.action_owner:
                raise ValidationError("action", "--action-due and --action-owner need --action.")
            view = log_engagement(
                session,
                EngagementInput(
                    committee_id=committee,
                    area_id=area.id,
                    occurred_on=occurred_on,
                    kind=args.kind,
                    title=args.title,
                    summary=args.summary,
                    outcome=args.outcome,
                    rating=args.rating,
                    organisations=_split(args.organisation),
                    people=_split(args.people),
                    representatives=_split(args.representatives),
                    topics=_split(args.topics),
                    actions=actions,
                    partner_committee_ids=tuple(
                        choose_committee(session, name).id for name in _split(args.joint_with)
                    ),
                    internal_note=args.internal_note,
                    not_for_partners=args.not_for_partners,
                ),
            )
    finally:
        database.dispose()
    joint = f" · joint with {', '.join(view.partners)}" if view.partners else ""
    print(
        f"Logged engagement {view.id}: {view.occurred_on:%d/%m/%Y} · {view.area_name} "
        f"({view.level}) · {view.title}{joint}"
    )
    return 0


def _committee_for_logging(session: Session, name: str | None) -> int:
    """The committee to log for; the very first ``--committee`` names a new database's own."""
    if name and not list_committees(session):
        return create_committee(session, name).id
    return choose_committee(session, name).id


def build_filter(session: Session, args: argparse.Namespace) -> EngagementFilter:
    criteria = EngagementFilter(
        level=args.level,
        area_id=resolve_area(session, args.area).id if args.area else None,
        committee_id=choose_committee(session, args.committee).id if args.committee else None,
        kinds=tuple(args.kind),
        topics=_split(args.topic),
        text=args.text,
        include_deleted=args.include_deleted,
    )
    if args.period:
        if args.date_from or args.date_to:
            raise ValidationError("period", "Give either --quarter or --from/--to, not both.")
        criteria = criteria.for_period(parse_period(args.period))
    else:
        date_from = parse_date(args.date_from, "from") if args.date_from else None
        date_to = parse_date(args.date_to, "to") if args.date_to else None
        criteria = replace(criteria, date_from=date_from, date_to=date_to)
    return criteria


def run_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise ValidationError("limit", "--limit must be zero or more.")
    database = open_database(args.database).database
    try:
        with database.session() as session:
            criteria = build_filter(session, args)
            started = time.perf_counter()
            rows = list_engagements(
                session, criteria, sort=args.sort, descending=not args.ascending, limit=args.limit
            )
            total = count_engagements(session, criteria) if args.limit is not None else len(rows)
            elapsed_ms = (time.perf_counter() - started) * 1000
    finally:
        database.dispose()
    write_rows(
        LIST_HEADERS,
        [
            (
                r.id,
                r.occurred_on,
                r.level,
                r.footprint,
                r.area_code,
                r.area,
                r.kind,
                r.title,
                r.organisations,
                r.people,
                r.open_actions,
                r.committee,
            )
            for r in rows
        ],
        args.format,
        max_width=40,
    )
    sys.stdout.flush()
    sys.stderr.write(
        f"{len(rows):,} of {total:,} matching engagements, queried in {elapsed_ms:.0f} ms\n"
    )
    return 0
