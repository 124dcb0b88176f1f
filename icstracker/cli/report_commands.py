"""``export``: the quarterly workbook, from the command line.

The filters are read exactly as ``list`` reads them (``log_commands.build_filter``), so
``icstracker list`` and ``icstracker export`` with the same options cover the same
engagements.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from icstracker.cli import needs_qt
from icstracker.cli.log_commands import build_filter
from icstracker.cli.qt_parts import QtParts
from icstracker.db.setup import open_database
from icstracker.errors import ValidationError
from icstracker.reports.workbook import write_report
from icstracker.services.committees import choose_committee
from icstracker.services.dates import parse_date
from icstracker.services.footprint_history import FootprintView
from icstracker.services.periods import Period, date_range, parse_period
from icstracker.services.report_data import Audience, ReportRequest, resolve_scope, summarise
from icstracker.services.report_filenames import report_name_for


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="write the quarterly Excel report")
    export.add_argument(
        "--quarter",
        "--period",
        dest="period",
        help="e.g. 2026/27-Q3 (NHS quarter), 2026-Q4 (calendar quarter) or 2026/27",
    )
    export.add_argument(
        "--from", dest="date_from", metavar="DATE", help="first date, inclusive (with --to)"
    )
    export.add_argument(
        "--to", dest="date_to", metavar="DATE", help="last date, inclusive (with --from)"
    )
    export.add_argument(
        "--committee", metavar="NAME", help="committee name (needed if there are several)"
    )
    export.add_argument("--level", choices=("system", "place", "neighbourhood"))
    export.add_argument("--area", metavar="CODE", help="a footprint: only what lies inside it")
    export.add_argument("--kind", action="append", default=[])
    export.add_argument("--topic", action="append", default=[], help="repeat or ';'-separate")
    export.add_argument(
        "--text", default="", metavar="WORDS", help="words in title, notes, organisations, people"
    )
    export.add_argument(
        "--out",
        metavar="FILE.xlsx",
        help="where to write (default: 'ICS engagement <period> [- <filters>] - <committee>.xlsx' "
        "in the current folder; a folder gets that name inside it)",
    )
    export.add_argument(
        "--for",
        dest="audience",
        choices=[a.value for a in Audience],
        default=Audience.COMMITTEE.value,
        help="partners: a report to send to the ICS as it is, without the committee's "
        "ratings, representatives, follow-ups and internal notes; committee (default): "
        "everything",
    )
    export.add_argument(
        "--footprints",
        choices=[v.value for v in FootprintView],
        default=FootprintView.NOW.value,
        help="now (default): count each engagement under today's ICB; then: under the ICB "
        "or STP of its date (a 2024/25 report by the 42 ICBs of that year)",
    )
    export.add_argument(
        "--pdf",
        action="store_true",
        help="write the Summary's tables and charts as a 2-4 page PDF (for a board paper or "
        "an email) instead of the workbook; the same numbers, and --for applies",
    )
    export.set_defaults(handler=run_export, include_deleted=False)


def report_period(args: argparse.Namespace) -> Period:
    """The period named by ``--quarter`` or by ``--from`` and ``--to`` together."""
    if args.period:
        if args.date_from or args.date_to:
            raise ValidationError("period", "Give either --quarter or --from/--to, not both.")
        return parse_period(args.period)
    if args.date_from and args.date_to:
        return date_range(parse_date(args.date_from, "from"), parse_date(args.date_to, "to"))
    if args.date_from or args.date_to:
        raise ValidationError("period", "Give both --from and --to, or --quarter instead.")
    raise ValidationError(
        "period", "Say which period to report: --quarter 2026/27-Q3, or --from and --to."
    )


def destination(out: str | None, name: str) -> Path:
    """``--out`` as given, or ``name`` (the window's default name) in it or here."""
    if not out:
        return Path.cwd() / name
    path = Path(out).expanduser()
    return path / name if path.is_dir() else path


def run_export(args: argparse.Namespace) -> int:
    period = report_period(args)  # a mistyped quarter fails before the database is opened
    audience = Audience(args.audience)
    qt = needs_qt(args) if args.pdf else None  # so does a PDF with no Qt to draw it
    database = open_database(args.database).database
    try:
        with database.session() as session:
            committee = choose_committee(session, args.committee)
            criteria = build_filter(session, args)
            request = ReportRequest(
                committee.id,
                period,
                criteria,
                audience=audience,
                footprints=FootprintView(args.footprints),
            )
            name = report_name_for(session, period, committee.name, criteria)
            path = destination(args.out, name)
            if args.pdf:
                assert qt is not None
                return _export_pdf(session, request, path, qt)
            result = write_report(session, request, path)
    finally:
        database.dispose()
    plural = "" if result.engagements == 1 else "s"
    print(
        f"Wrote {result.engagements:,} engagement{plural} ({period.label}, {committee.name}, "
        f"{audience.label.lower()}) to {result.path.resolve()}"
    )
    return 0


def _export_pdf(session: Session, request: ReportRequest, path: Path, qt: QtParts) -> int:
    """The PDF summary, drawn by the window's Qt parts (imported only now, so every other
    command starts without Qt)."""
    scope = resolve_scope(session, request)
    summary = summarise(session, scope)
    if path.suffix.lower() == ".xlsx":
        path = path.with_suffix("")
    result = qt.write_pdf(scope, summary, path)
    plural = "" if result.engagements == 1 else "s"
    print(
        f"Wrote a {result.pages}-page summary of {result.engagements:,} engagement{plural} "
        f"({request.period.label}, {scope.committee}, {scope.audience.label.lower()}) "
        f"to {result.path.resolve()}"
    )
    return 0
