"""``reference``: load the next reorganisation from NHS England's or ONS's own files.

``reference update FILE…`` compares each file with the footprints and applies the
difference (``--dry-run`` only prints it); ``reference status`` says how new they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from icstracker.db.setup import open_database
from icstracker.services.footprints_age import GP_MAPPING_PAGE, footprints_age
from icstracker.services.reference_update import EPCN_PAGE, ONS_PORTAL, update_reference
from icstracker.services.reference_update_text import describe_outcome


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def register(commands: Any) -> None:
    reference = commands.add_parser(
        "reference", help="update the footprints from NHS England's and ONS's files"
    )
    actions = reference.add_subparsers(dest="reference_command", metavar="ACTION", required=True)
    update = actions.add_parser(
        "update",
        help="apply official files (new and merged ICBs, PCNs, moves)",
        description="Apply NHS England's GP practice mapping (gp-reg-pat-prac-map.csv, "
        f"from {GP_MAPPING_PAGE}), the ODS ePCN workbook (ePCN.xlsx, from {EPCN_PAGE}) or an "
        f"ONS lookup of sub-ICB locations or councils to ICBs (from {ONS_PORTAL}).",
    )
    update.add_argument("files", nargs="+", type=Path, metavar="FILE")
    update.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    update.add_argument(
        "--effective",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day the changes took effect (default: the file's own date)",
    )
    update.add_argument(
        "--verbose", action="store_true", help="list every area that moves, not just counts"
    )
    update.set_defaults(handler=run_update)
    status = actions.add_parser("status", help="how new the footprints are")
    status.set_defaults(handler=run_status)


def run_update(args: argparse.Namespace) -> int:
    database = open_database(args.database).database
    try:
        result = update_reference(
            database, args.files, effective=args.effective, dry_run=args.dry_run
        )
    finally:
        database.dispose()
    for outcome in result.files:
        for line in describe_outcome(outcome, verbose=args.verbose):
            print(line)
    sys.stdout.flush()
    if result.dry_run:
        sys.stderr.write("Dry run: nothing was changed.\n")
    elif result.backup is not None:
        sys.stderr.write(f"Backup taken before the update: {result.backup}\n")
    return 0


def run_status(args: argparse.Namespace) -> int:
    database = open_database(args.database).database
    try:
        with database.session() as session:
            age = footprints_age(session)
    finally:
        database.dispose()
    print(age.message)
    return 0
