"""``areas``: the footprints the database knows, with their history."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from icstracker.cli.output import FORMATS, write_rows
from icstracker.db.setup import open_database
from icstracker.services.areas import list_areas

# The CSV columns are a contract (scripts read them); other formats may show more.
CSV_HEADERS = ("code", "name", "level", "parent_code", "valid_from", "valid_to")
FULL_HEADERS = (*CSV_HEADERS, "kind", "ons_code", "successor_codes", "inside_then")


def register(commands: Any) -> None:
    areas = commands.add_parser("areas", help="list footprints (ICBs, places, PCNs…)")
    areas.add_argument("--level", choices=("system", "place", "neighbourhood"))
    areas.add_argument(
        "--within",
        metavar="CODE",
        help="only areas inside this footprint: today, and (with their dates, in the "
        "inside_then column) those that were inside it once",
    )
    areas.add_argument(
        "--kind",
        choices=("region", "stp", "icb", "sub_icb", "local_authority", "district", "pcn"),
    )
    areas.add_argument("--current", action="store_true", help="only areas that exist today")
    areas.add_argument("--format", choices=FORMATS, default="table")
    areas.set_defaults(handler=run_areas)


def run_areas(args: argparse.Namespace) -> int:
    database = open_database(args.database).database
    try:
        with database.session() as session:
            areas = list_areas(
                session,
                level=args.level,
                within=args.within,
                kind=args.kind,
                current_on=dt.date.today() if args.current else None,
                then=True,
            )
    finally:
        database.dispose()
    headers = CSV_HEADERS if args.format == "csv" else FULL_HEADERS
    rows = [
        (
            a.code,
            a.name,
            a.level or "",
            a.parent_code,
            a.valid_from,
            a.valid_to,
            a.kind,
            a.ons_code,
            a.successor_codes,
            a.inside_then,
        )[: len(headers)]
        for a in areas
    ]
    write_rows(headers, rows, args.format)
    return 0
