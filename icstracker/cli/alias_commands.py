"""``alias``: a committee's own names for areas, as its import decisions left them.

``import --alias`` and ``--accept-suggestions`` remember each decision; these commands list
them, add one by hand, and forget one that was wrong.
"""

from __future__ import annotations

import argparse
from typing import Any

from icstracker.cli.output import FORMATS, write_rows
from icstracker.db.setup import open_database
from icstracker.services.committee_aliases import add_alias, list_aliases, remove_alias
from icstracker.services.committees import choose_committee

HEADERS = ("text", "area_code", "area", "created")


def register(commands: Any) -> None:
    alias = commands.add_parser("alias", help="a committee's own names for areas (from imports)")
    actions = alias.add_subparsers(dest="alias_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the committee's aliases")
    listing.add_argument("--committee", help="committee name (needed if there are several)")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=run_alias_list)
    add = actions.add_parser("add", help="read TEXT as the area CODE in this committee's imports")
    add.add_argument("text", metavar="TEXT")
    add.add_argument("area", metavar="CODE", help="the area's code (or exact name)")
    add.add_argument("--committee", help="committee name (needed if there are several)")
    add.set_defaults(handler=run_alias_add)
    remove = actions.add_parser("remove", help="forget the committee's alias for TEXT")
    remove.add_argument("text", metavar="TEXT")
    remove.add_argument("--committee", help="committee name (needed if there are several)")
    remove.set_defaults(handler=run_alias_remove)


def run_alias_list(args: argparse.Namespace) -> int:
    database = open_database(args.database).database
    try:
        with database.session() as session:
            committee = choose_committee(session, args.committee)
            aliases = list_aliases(session, committee.id)
    finally:
        database.dispose()
    rows = [(a.text, a.area_code, a.area_label, a.created_at.date()) for a in aliases]
    write_rows(HEADERS, rows, args.format)
    return 0


def run_alias_add(args: argparse.Namespace) -> int:
    database = open_database(args.database).database
    try:
        with database.write() as session:
            committee = choose_committee(session, args.committee)
            alias = add_alias(session, committee.id, args.text, args.area)
    finally:
        database.dispose()
    print(f"'{alias.text}' now means {alias.area_label} for {committee.name}.")
    return 0


def run_alias_remove(args: argparse.Namespace) -> int:
    database = open_database(args.database).database
    try:
        with database.write() as session:
            committee = choose_committee(session, args.committee)
            alias = remove_alias(session, committee.id, args.text)
    finally:
        database.dispose()
    print(f"Forgot '{alias.text}' (it meant {alias.area_label}) for {committee.name}.")
    return 0
